"""A cache of each modification's site pages, so that a rebuild renders only what changed.

``mkdocs serve`` rebuilds the whole site when any file changes; with hundreds of modifications
most of them are unchanged. An entry is keyed by a digest of everything its pages are made from:
the modification's folder, ``objectives.yaml``, the templates folder, the source of the
``generator`` package (code and assets) and ``SOURCE_DATE_EPOCH``. A failed render is never
cached, so an entry only ever replays a successful run of the pipeline on the same bytes.

Entries are JSON files (downloads in base64) written atomically; entries not used by the latest
build are removed after it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from generator.load import Content
from generator.model import Modification
from generator.site.pages import SiteFile, SitePage, modification_pages

__all__ = ["RenderCache", "digest_files"]

#: Bump when the entry format changes.
FORMAT = "1"
_PACKAGE = Path(__file__).resolve().parents[1]


def digest_files(paths: Iterable[Path], root: Path) -> str:
    """A digest of the names (relative to ``root``) and bytes of ``paths``."""
    h = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode())
            h.update(b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def _tree(folder: Path) -> str:
    return digest_files(folder.rglob("*"), folder) if folder.is_dir() else ""


class RenderCache:
    """Renders a modification's pages through :func:`modification_pages`, or replays them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._code = _tree(_PACKAGE)
        self._templates: dict[Path, str] = {}
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def new_build(self) -> None:
        """Forget the templates' digest (they may have changed) and the entries used."""
        self._templates.clear()
        self._used.clear()
        self.hits = self.misses = 0

    def _key(self, content: Content, mod: Modification, templates: Path) -> str:
        if templates not in self._templates:
            self._templates[templates] = _tree(templates)
        h = hashlib.sha256()
        for part in (
            FORMAT,
            self._code,
            self._templates[templates],
            digest_files([content.root / "objectives.yaml"], content.root),
            _tree(content.folder(mod.id)),
            os.environ.get("SOURCE_DATE_EPOCH", ""),
        ):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()

    def render(
        self, content: Content, mod: Modification, templates: Path
    ) -> tuple[list[SitePage], list[SiteFile]]:
        """The pages and downloads of ``mod``, from the cache when its inputs are unchanged."""
        key = self._key(content, mod, templates)
        self._used.add(key)
        entry = self.folder / f"{key}.json"
        if entry.is_file():
            try:
                loaded = _decode(entry.read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError, TypeError):
                loaded = None
            if loaded is not None:
                self.hits += 1
                return loaded
        self.misses += 1
        pages, files = modification_pages(content, mod, templates)
        self._write(entry, _encode(pages, files))
        return pages, files

    def _write(self, entry: Path, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, entry)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    def prune(self) -> int:
        """Remove the entries the latest build did not use; return how many."""
        removed = 0
        if not self.folder.is_dir():
            return removed
        for entry in self.folder.glob("*.json"):
            if entry.stem not in self._used:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed


def _encode(pages: list[SitePage], files: list[SiteFile]) -> str:
    return json.dumps(
        {
            "pages": [
                {"uri": p.uri, "markdown": p.markdown, "in_nav": p.in_nav, "widgets": p.widgets}
                for p in pages
            ],
            "files": [
                {"uri": f.uri, "data": base64.b64encode(f.data).decode("ascii")} for f in files
            ],
        },
        ensure_ascii=False,
    )


def _decode(text: str) -> tuple[list[SitePage], list[SiteFile]]:
    data = json.loads(text)
    pages = [
        SitePage(p["uri"], p["markdown"], bool(p["in_nav"]), dict(p["widgets"]))
        for p in data["pages"]
    ]
    files = [SiteFile(f["uri"], base64.b64decode(f["data"])) for f in data["files"]]
    return pages, files
