"""The published website: pages generated from content/ for the MkDocs plugin.

* :mod:`generator.site.plan`: every page and download, known from the folder listing alone;
* :mod:`generator.site.renders`: the worker process that renders them while MkDocs builds;
* :mod:`generator.site.pages`: the pages and downloads themselves, from the one build pipeline;
* :mod:`generator.site.published`: a generated page and a generated download;
* :mod:`generator.site.calculator`: the calculator's data, read from the rules module;
* :mod:`generator.site.dialect`: the documents' Markdown reshaped for Python-Markdown;
* :mod:`generator.site.safe_markdown`: the Markdown extension that shows raw HTML as text;
* :mod:`generator.site.cache`: rendered modifications kept between builds.

The plugin itself is :mod:`generator.mkdocs_plugin`; scripts and styles are in ``assets/``.
"""

__all__: list[str] = []
