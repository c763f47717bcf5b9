"""The published website: pages generated from content/ for the MkDocs plugin.

* :mod:`generator.site.pages`: every generated page and download, from the one build pipeline;
* :mod:`generator.site.calculator`: the calculator's data, read from the rules module;
* :mod:`generator.site.dialect`: the documents' Markdown reshaped for Python-Markdown;
* :mod:`generator.site.safe_markdown`: the Markdown extension that shows raw HTML as text;
* :mod:`generator.site.cache`: rendered modifications kept between builds.

The plugin itself is :mod:`generator.mkdocs_plugin`; scripts and styles are in ``assets/``.
"""

__all__: list[str] = []
