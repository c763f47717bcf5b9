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

The main process (MkDocs') only lists the files, from the site's plan
(:mod:`generator.site.plan`); a worker process started when the plugin's options are loaded
renders everything while MkDocs works (:mod:`generator.site.renders`). On a single core,
the site is generated here, in ``on_files``. This module imports nothing of the pipeline, so
MkDocs does not wait for it to load.

A ``ContentError`` or ``TemplateError`` stops the build with MkDocs' error message, one located
line per problem (``file:line:col: field.path: what is wrong``), and no traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.errors import SecmodError
from generator.site.plan import SitePlan, site_plan
from generator.site.renders import Renders, has_spare_core
from generator.site.sanitize import escaped_title, sanitize_html

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

    from generator.site.cache import RenderCache

__all__ = ["ASSETS", "SecmodConfig", "SecmodPlugin"]

log = get_plugin_logger(__name__)

#: Where the plugin's stylesheet and scripts are published in the site.
ASSETS = "assets/secmod"
_STYLESHEETS = ("secmod.css",)
_SCRIPTS = ("calculator.js", "filter.js")
_EXTENSION = "generator.site.safe_markdown"


def _plugin_error(exc: SecmodError) -> PluginError:
    lines = "\n".join(exc.lines())
    return PluginError(f"secmod: the site cannot be built:\n{lines}")


class _DeferredFile(File):
    """A generated download whose bytes a worker process is still making.

    MkDocs copies the static files before it builds the pages' HTML; a download is written
    later, after every page is built (:meth:`SecmodPlugin.on_post_build`), so that the worker
    has that long to make it, and MkDocs does not wait for it meanwhile. Links to it are
    checked all the same: MkDocs validates links against the files collection, not the disk.
    """

    supply: Callable[[], bytes]

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing yet: :meth:`write` is called after the pages are built."""

    def write(self) -> None:
        """Fetch the bytes from the worker (waiting if needs be) and write them to the site."""
        try:
            self.content_bytes = self.supply()
        except SecmodError as exc:
            raise _plugin_error(exc) from None
        super().copy_file()


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
        self._renders: Renders | None = None
        self._lazy: set[str] = set()
        self._deferred: list[_DeferredFile] = []

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

    @property
    def cache_dir(self) -> Path | None:
        """The render cache's folder, resolved against ``mkdocs.yml`` (None: no cache)."""
        return self._path(self.config.cache_dir) if self.config.cache_dir else None

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        """Validate the options and, when they are sound, start the worker at once.

        MkDocs loads plugins' options while it reads ``mkdocs.yml``, before it loads the theme
        and the other plugins; the worker (see :mod:`generator.site.renders`) gets that much of
        a head start on rendering the first page MkDocs will ask for.
        """
        errors, warnings = super().load_config(options, config_file_path)
        if not errors and config_file_path:
            self._root = Path(config_file_path).resolve().parent
            self._start()
        return errors, warnings

    def _start(self) -> None:
        """Start the worker, unless it runs already, cannot run here, or has nothing to do."""
        startable = self._renders is None and self.config.enabled and has_spare_core()
        if startable and self.content_dir.is_dir() and self.templates_dir.is_dir():
            plan = site_plan(self.content_dir)
            self._renders = Renders(self.content_dir, self.templates_dir, self.cache_dir, plan)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the folders; add the stylesheet, scripts and the safe Markdown extension.

        The worker that renders the site while MkDocs goes on started when the options were
        loaded; if it did not (options given without a ``mkdocs.yml``), it starts now.
        """
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        if root != self._root:  # the worker, if any, was started for other folders
            self._close()
            self._root = root
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
        self._start()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages, downloads and assets (in memory, never in the source tree)."""
        if not self.config.enabled:
            return files
        self._widgets = {}
        self._lazy = set()
        self._deferred = []
        if self._renders is not None:
            self._add_planned(files, config, self._renders)
        else:
            self._add_generated(files, config)
        for name in (*_STYLESHEETS, *_SCRIPTS):
            self._add(files, File.generated(config, f"{ASSETS}/{name}", content=_asset(name)))
        return files

    def _add_planned(self, files: Files, config: MkDocsConfig, renders: Renders) -> None:
        """The worker's pages and downloads, as the plan names them; read as MkDocs asks."""
        plan: SitePlan = renders.plan
        for planned in plan.modifications.values():
            for uri in planned.pages:
                self._add_lazy(files, config, uri, InclusionLevel.NOT_IN_NAV)
            for uri in planned.files:
                deferred = _DeferredFile.generated(config, uri, content=b"")
                assert isinstance(deferred, _DeferredFile)
                deferred.supply = partial(renders.file, uri)
                self._add(files, deferred)
                self._deferred.append(deferred)
        for page in plan.sections:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add_lazy(files, config, page.uri, inclusion)

    def _add_lazy(
        self, files: Files, config: MkDocsConfig, uri: str, inclusion: InclusionLevel
    ) -> None:
        self._lazy.add(uri)
        self._add(files, File.generated(config, uri, content="", inclusion=inclusion))

    def _add_generated(self, files: Files, config: MkDocsConfig) -> None:
        """The whole site generated in this process (on a single core, where a worker would only
        take turns with MkDocs)."""
        from generator.site.cache import RenderCache
        from generator.site.pages import generate_site

        try:
            if self.cache_dir is None:
                site = generate_site(self.content_dir, self.templates_dir)
            else:
                if self._cache is None:
                    self._cache = RenderCache(self.cache_dir)
                self._cache.new_build()
                site = generate_site(self.content_dir, self.templates_dir, cache=self._cache)
                self._cache.prune()
        except SecmodError as exc:
            raise _plugin_error(exc) from None
        for page in site.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(
                files, File.generated(config, page.uri, content=page.markdown, inclusion=inclusion)
            )
            if page.widgets:
                self._widgets[page.uri] = page.widgets
        for download in site.files:
            assert download.data is not None
            self._add(files, File.generated(config, download.uri, content=download.data))

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
        """The Markdown of a page the worker rendered (waiting for it if needs be)."""
        uri = page.file.src_uri
        if self._renders is None or uri not in self._lazy:
            return None
        try:
            made = self._renders.page(uri)
        except SecmodError as exc:
            raise _plugin_error(exc) from None
        if made.widgets:
            self._widgets[uri] = made.widgets
        return made.markdown

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Escape the page's front-matter title; reshape hand-written pages (CommonMark shapes)
        for Python-Markdown.

        The theme prints a front-matter title as it is, so it becomes escaped markup here
        (:func:`generator.site.sanitize.escaped_title`). Generated pages were reshaped when they
        were made (and cached so).
        """
        if "title" in page.meta:
            page.meta["title"] = escaped_title(page.meta["title"])
        if not self.config.enabled or page.file.generated_by is not None:
            return markdown
        from generator.site.dialect import site_markdown

        return site_markdown(markdown)

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Sanitize the page's HTML (:mod:`generator.site.sanitize`), then put the trusted
        widgets (the calculator's form, a filter box) in place of their markers."""
        html = sanitize_html(html)
        for marker, widget in self._widgets.get(page.file.src_uri, {}).items():
            paragraph = f"<p>{marker}</p>"
            if paragraph not in html:
                raise PluginError(
                    f"secmod: {page.file.src_uri}: the widget marker {marker} is missing"
                )
            html = html.replace(paragraph, widget)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the downloads the worker made, wait for it to finish the cache, stop it."""
        if self._renders is not None:
            renders, self._renders = self._renders, None
            deferred, self._deferred = self._deferred, []
            try:
                for download in deferred:
                    download.write()
                hits, misses = renders.finish()
            except SecmodError as exc:
                raise _plugin_error(exc) from None
            finally:
                renders.close()
            log.debug("rendered %d modification(s), %d from the cache", hits + misses, hits)

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the worker, if any."""
        self._close()

    def _close(self) -> None:
        if self._renders is not None:
            self._renders.close()
            self._renders = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when anything under the content or templates folder changes."""
        if self.config.enabled:
            server.watch(str(self.content_dir))
            server.watch(str(self.templates_dir))
        return server
