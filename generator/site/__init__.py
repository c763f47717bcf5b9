"""The published website: the MkDocs plugin's pages (:mod:`generator.mkdocs_plugin`).

:mod:`~generator.site.pages` makes each modification's pages, the calculator's data and the
site's own pages from the one build pipeline; :mod:`~generator.site.cache` keeps them between
builds; :mod:`~generator.site.timeline` draws a lifecycle; :mod:`~generator.site.dialect`,
:mod:`~generator.site.safe_markdown` and :mod:`~generator.site.sanitize` make the Markdown safe
to publish. Scripts and styles are in ``assets/``.
"""

__all__: list[str] = []
