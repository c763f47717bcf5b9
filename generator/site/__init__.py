"""The published website: pages generated from content/ for the MkDocs plugin.

* :mod:`generator.site.pages`: the pages and downloads of each modification, from the outputs
  and template context of the one build pipeline, and the site's own pages;
* :mod:`generator.site.cache`: rendered modifications kept between builds, by content digest;
* :mod:`generator.site.calculator`: the calculator's data, the rules' declaration as JSON;
* :mod:`generator.site.timeline`: a modification's lifecycle as an inline SVG picture;
* :mod:`generator.site.dialect`: the documents' Markdown reshaped for Python-Markdown;
* :mod:`generator.site.safe_markdown`: the Markdown extension that shows raw HTML as text.

The plugin itself is :mod:`generator.mkdocs_plugin`; scripts and styles are in ``assets/``.
"""

__all__: list[str] = []
