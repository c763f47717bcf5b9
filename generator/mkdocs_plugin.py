"""The MkDocs plugin ``secmod``: the site's pages generated from content/ at build time.

Registered as the ``mkdocs.plugins`` entry point ``secmod``. In ``mkdocs.yml``::

    plugins:
      - search
      - secmod:
          content: content        # the modifications (default: content)
          templates: templates    # document templates, site templates under site/ (default)

The plugin calls the one build pipeline (:func:`generator.build.render_modification`) for each
modification and adds its pages and downloads as in-memory files (``File.generated``); nothing is
written to the source tree. It also adds its stylesheet and scripts, and the Markdown extension
that shows raw HTML as text (:mod:`generator.site.safe_markdown`). ``mkdocs serve`` rebuilds when
a file under ``content`` or ``templates`` changes; unchanged modifications come from a cache.

A ``ContentError`` or ``TemplateError`` stops the build with MkDocs' error message, one located
line per problem (``file:line:col: field.path: what is wrong``), and no traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.errors import SecmodError
from generator.site.cache import RenderCache
from generator.site.dialect import site_markdown
from generator.site.pages import GeneratedSite, generate_site

__all__ = ["ASSETS", "SecmodConfig", "SecmodPlugin"]

log = get_plugin_logger(__name__)

#: Where the plugin's stylesheet and scripts are published in the site.
ASSETS = "assets/secmod"
_STYLESHEETS = ("secmod.css",)
_SCRIPTS = ("calculator.js", "filter.js")
_EXTENSION = "generator.site.safe_markdown"


class _DeferredFile(File):
    """A generated download whose bytes a worker process is still making.

    MkDocs copies other files only after it has read every page, so by then the worker has
    usually finished; ``copy_file`` waits for it otherwise.
    """

    supply: Callable[[], bytes]

    def copy_file(self, dirty: bool = False) -> None:
        """Fetch the bytes from the worker, then copy as any generated file."""
        self.content_bytes = self.supply()
        super().copy_file(dirty)


class SecmodConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    #: The content folder, relative to ``mkdocs.yml``.
    content = c.Type(str, default="content")
    #: The templates folder, relative to ``mkdocs.yml``; the site's own templates are in site/.
    templates = c.Type(str, default="templates")
    #: Keep rendered modifications between builds (``mkdocs serve``) in this folder; "" is off.
    cache_dir = c.Type(str, default=".cache/secmod")


def _asset(name: str) -> bytes:
    return resources.files("generator.site").joinpath("assets", name).read_bytes()


class SecmodPlugin(BasePlugin[SecmodConfig]):  # type: ignore[no-untyped-call]
    """Adds the generated pages of every modification, the calculator and the rules reference."""

    def __init__(self) -> None:
        self._root = Path.cwd()
        self._widgets: dict[str, dict[str, str]] = {}
        self._cache: RenderCache | None = None
        self._site: GeneratedSite | None = None
        self._lazy: set[str] = set()

    def _path(self, option: str) -> Path:
        path = Path(option)
        return path if path.is_absolute() else self._root / path

    @property
    def content_dir(self) -> Path:
        """The content folder, resolved against ``mkdocs.yml``."""
        return self._path(self.config.content)

    @property
    def templates_dir(self) -> Path:
        """The templates folder, resolved against ``mkdocs.yml``."""
        return self._path(self.config.templates)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the folders; add the stylesheet, scripts and the safe Markdown extension."""
        if not self.config.enabled:
            return config
        self._root = Path(config.config_file_path or ".").resolve().parent
        for name in ("content", "templates"):
            if not self._path(getattr(self.config, name)).is_dir():
                raise PluginError(
                    f"secmod: {name} folder not found: {self._path(getattr(self.config, name))}"
                )
        if _EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(_EXTENSION)
        for name in _STYLESHEETS:
            if f"{ASSETS}/{name}" not in config.extra_css:
                config.extra_css.append(f"{ASSETS}/{name}")
        for name in _SCRIPTS:
            if f"{ASSETS}/{name}" not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(f"{ASSETS}/{name}")
        if self.config.cache_dir and self._cache is None:
            self._cache = RenderCache(self._path(self.config.cache_dir))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages, downloads and assets (in memory, never in the source tree)."""
        if not self.config.enabled:
            return files
        site = self._generate()
        self._widgets = {}
        self._site = site
        self._lazy = set()
        for page in site.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if page.markdown is None:  # a worker is rendering it: read in on_page_read_source
                self._lazy.add(page.uri)
            self._add(
                files,
                File.generated(config, page.uri, content=page.markdown or "", inclusion=inclusion),
            )
            if page.widgets:
                self._widgets[page.uri] = page.widgets
        for download in site.files:
            if download.data is None:  # a worker is making it: copied once it is ready
                deferred = _DeferredFile.generated(config, download.uri, content=b"")
                assert isinstance(deferred, _DeferredFile)
                deferred.supply = partial(site.download, download.uri)
                self._add(files, deferred)
            else:
                self._add(files, File.generated(config, download.uri, content=download.data))
        for name in (*_STYLESHEETS, *_SCRIPTS):
            self._add(files, File.generated(config, f"{ASSETS}/{name}", content=_asset(name)))
        return files

    def _generate(self) -> GeneratedSite:
        cache = self._cache
        try:
            if cache is None:
                return generate_site(self.content_dir, self.templates_dir, lazy=True)
            cache.new_build()
            site = generate_site(self.content_dir, self.templates_dir, cache=cache, lazy=True)
            cache.prune()
            log.debug(
                "rendered %d modification(s), %d from the cache",
                cache.misses + cache.hits,
                cache.hits,
            )
            return site
        except SecmodError as exc:
            lines = "\n".join(exc.lines())
            raise PluginError(f"secmod: the site cannot be built:\n{lines}") from None

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            raise PluginError(
                f"secmod: generated page {file.src_uri} clashes with "
                f"{existing.abs_src_path or existing.src_uri} in the docs folder"
            )
        files.append(file)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """The Markdown of a page a worker rendered (waiting for it if needs be)."""
        if self._site is None or page.file.src_uri not in self._lazy:
            return None
        try:
            return self._site.page_markdown(page.file.src_uri)
        except SecmodError as exc:
            lines = "\n".join(exc.lines())
            raise PluginError(f"secmod: the site cannot be built:\n{lines}") from None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Reshape hand-written pages (CommonMark shapes) for Python-Markdown.

        Generated pages were reshaped when they were made (and cached so).
        """
        if not self.config.enabled or page.file.generated_by is not None:
            return markdown
        return site_markdown(markdown)

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put the trusted widgets (the calculator's form, a filter box) in place of markers."""
        for marker, widget in self._widgets.get(page.file.src_uri, {}).items():
            paragraph = f"<p>{marker}</p>"
            if paragraph not in html:
                raise PluginError(
                    f"secmod: {page.file.src_uri}: the widget marker {marker} is missing"
                )
            html = html.replace(paragraph, widget)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Store the cache entries that waited for their downloads; stop the worker."""
        if self._site is not None:
            self._site.finish()
            self._site = None

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the worker that makes downloads, if any."""
        if self._site is not None and self._site.renders is not None:
            self._site.renders.close()
        self._site = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when anything under the content or templates folder changes."""
        if self.config.enabled:
            server.watch(str(self.content_dir))
            server.watch(str(self.templates_dir))
        return server
