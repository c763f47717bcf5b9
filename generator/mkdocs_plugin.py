"""The MkDocs plugin ``secmod``: the site's pages generated from content/ at build time.

Registered as the ``mkdocs.plugins`` entry point ``secmod``; its options in ``mkdocs.yml`` are
``content`` and ``templates`` (folders, relative to ``mkdocs.yml``) and ``cache_dir`` (where
rendered modifications are kept between builds; "" keeps them in memory only).

In ``on_files``, in MkDocs' own process, the plugin calls the one build pipeline
(:func:`generator.build.render_modification`) for each modification whose inputs changed and
adds its pages and downloads as in-memory files; nothing is written to the source tree.
Unchanged modifications come from a content-addressed cache (:mod:`generator.site.cache`).
Every page's HTML is sanitized (:mod:`generator.site.sanitize`) before the trusted widgets go
in. ``mkdocs serve`` rebuilds when ``content`` or ``templates`` change; under ``mkdocs serve
--dirty`` a generated file is rebuilt only when its bytes changed. A ``SecmodError`` stops the
build with one located line per problem, and no traceback.
"""

from __future__ import annotations

import hashlib
import os
import re
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
from mkdocs.utils import get_relative_url

from generator.errors import SecmodError
from generator.site.sanitize import escaped_title, sanitize_html

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

__all__ = ["ASSETS", "SCRIPTS", "STYLESHEETS", "SecmodConfig", "SecmodPlugin"]

log = get_plugin_logger(__name__)

#: Where the plugin's stylesheet and scripts are published in the site.
ASSETS = "assets/secmod"
STYLESHEETS = ("secmod.css",)
SCRIPTS = ("calculator.js", "filter.js")
_EXTENSION = "generator.site.safe_markdown"
#: A link in a widget to a page of the site, by its source path: ``href="secmod:rules/index.md"``.
_PAGE_LINK = re.compile(r'href="secmod:([^"]+)"')
#: The digest of each generated file this process last wrote, by destination: what a dirty
#: build (``mkdocs serve --dirty``) compares with to skip unchanged files.
_WRITTEN: dict[str, str] = {}


class _Generated(File):
    """A generated file that knows whether it changed since this process last wrote it."""

    digest = ""

    def is_modified(self) -> bool:
        path = self.abs_dest_path
        return _WRITTEN.get(path) != self.digest or not os.path.isfile(path)


class SecmodConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    content = c.Type(str, default="content")
    templates = c.Type(str, default="templates")
    cache_dir = c.Type(str, default=".cache/secmod")


class SecmodPlugin(BasePlugin[SecmodConfig]):  # type: ignore[no-untyped-call]
    """Adds the generated pages of every modification, the calculator and the rules reference."""

    def __init__(self) -> None:
        self._root = Path.cwd()
        self._widgets: dict[str, dict[str, str]] = {}
        self._generated: list[_Generated] = []

    def _path(self, option: str) -> Path:
        return self._root / option  # an absolute option stays absolute

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        """Validate the options; folders are relative to ``mkdocs.yml``."""
        if config_file_path:
            self._root = Path(config_file_path).resolve().parent
        return super().load_config(options, config_file_path)

    @property
    def content_dir(self) -> Path:
        """The content folder."""
        return self._path(self.config.content)

    @property
    def templates_dir(self) -> Path:
        """The templates folder."""
        return self._path(self.config.templates)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve the folders; add the stylesheet, scripts and the safe Markdown extension."""
        if not self.config.enabled:
            return config
        self._root = Path(config.config_file_path or ".").resolve().parent
        for name in ("content", "templates"):
            if not (folder := self._path(getattr(self.config, name))).is_dir():
                raise PluginError(f"secmod: {name} folder not found: {folder}")
        if _EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(_EXTENSION)
        config.extra_css.extend(f"{ASSETS}/{n}" for n in STYLESHEETS)
        config.extra_javascript.extend(f"{ASSETS}/{n}" for n in SCRIPTS)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages, downloads and assets (in memory, never in the source tree)."""
        if not self.config.enabled:
            return files
        from generator.site.cache import RenderCache
        from generator.site.pages import generate_site
        from generator.site.timeline import build_date

        templates = self.templates_dir
        folder = self._path(self.config.cache_dir) if self.config.cache_dir else None
        cache = RenderCache(folder, self.content_dir, templates, build_date())
        try:
            pages, downloads = generate_site(cache.content_dir, templates, cache)
        except SecmodError as exc:
            lines = "\n".join(exc.lines())
            raise PluginError(f"secmod: the site cannot be built:\n{lines}") from None
        cache.prune()
        log.debug("%d modification(s) rendered, %d from the cache", cache.misses, cache.hits)
        self._widgets = {p.uri: p.widgets for p in pages if p.widgets}
        self._generated = []
        for page in pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, config, page.uri, page.markdown.encode("utf-8"), inclusion)
        for download in downloads:
            self._add(files, config, download.uri, download.data)
        for name in (*STYLESHEETS, *SCRIPTS):
            asset = resources.files("generator.site").joinpath("assets", name).read_bytes()
            self._add(files, config, f"{ASSETS}/{name}", asset)
        return files

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        uri: str,
        data: bytes,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> None:
        if existing := files.get_file_from_path(uri):
            raise PluginError(
                f"secmod: generated page {uri} clashes with "
                f"{existing.abs_src_path or existing.src_uri} in the docs folder"
            )
        file = _Generated.generated(config, uri, content=data, inclusion=inclusion)
        assert isinstance(file, _Generated)
        file.digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        files.append(file)
        self._generated.append(file)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Escape the page's front-matter title (the theme prints it as it is: see
        :func:`generator.site.sanitize.escaped_title`); reshape hand-written pages (CommonMark
        shapes) for Python-Markdown (generated pages were reshaped when they were made)."""
        if "title" in page.meta:
            page.meta["title"] = escaped_title(page.meta["title"])
        if not self.config.enabled or page.file.generated_by is not None:
            return markdown
        from generator.site.dialect import site_markdown

        return site_markdown(markdown)

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Sanitize the page's HTML, then put the trusted widgets (the calculator's form, a
        filter box, a timeline) in place of their markers, their links made relative."""

        def link(match: re.Match[str]) -> str:
            target = files.get_file_from_path(match.group(1))
            return f'href="{get_relative_url(target.url, page.url) if target else ""}"'

        html = sanitize_html(html)
        for marker, widget in self._widgets.get(page.file.src_uri, {}).items():
            if f"<p>{marker}</p>" not in html:
                raise PluginError(f"secmod: {page.file.src_uri}: the widget {marker} is missing")
            html = html.replace(f"<p>{marker}</p>", _PAGE_LINK.sub(link, widget))
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Remember what was written, for the next dirty build."""
        _WRITTEN.update({f.abs_dest_path: f.digest for f in self._generated})

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when anything under the content or templates folder changes."""
        if self.config.enabled:
            server.watch(str(self.content_dir))
            server.watch(str(self.templates_dir))
        return server
