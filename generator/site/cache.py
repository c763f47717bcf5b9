"""A cache of each modification's site pages, so that a rebuild renders only what changed.

``mkdocs serve`` rebuilds the whole site when any file changes; with hundreds of modifications
most of them are unchanged. An entry is keyed by a digest of everything its pages are made from:
the modification's folder, ``objectives.yaml``, the templates folder, the source of the
``generator`` package (code and assets) and ``SOURCE_DATE_EPOCH``. A failed render is never
cached, so an entry only ever replays a successful run of the pipeline on the same bytes, and a
modification found in the cache is not even loaded.

Entries are JSON files (downloads in base64) written atomically; entries not used by the latest
build are removed after it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from generator.atomic import write_file
from generator.site.pages import ModificationSite, SiteFile, SitePage

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
    """Rendered modifications kept between builds (implements ``generator.site.pages.SiteCache``).

    ``hits`` and ``misses`` count the lookups of the current build (see :meth:`new_build`).
    """

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

    def key(self, content_dir: Path, mod_id: str, templates: Path) -> str:
        """A digest of everything the site of ``mod_id`` is made from."""
        if templates not in self._templates:
            self._templates[templates] = _tree(templates)
        h = hashlib.sha256()
        for part in (
            FORMAT,
            self._code,
            self._templates[templates],
            digest_files([content_dir / "objectives.yaml"], content_dir),
            _tree(content_dir / mod_id),
            os.environ.get("SOURCE_DATE_EPOCH", ""),
        ):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()

    def get(self, key: str) -> ModificationSite | None:
        """The entry ``key``; None (a miss) when it is absent or unreadable."""
        self._used.add(key)
        entry = self.folder / f"{key}.json"
        try:
            found = _decode(entry.read_text(encoding="utf-8")) if entry.is_file() else None
        except (OSError, ValueError, KeyError, TypeError):
            found = None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, site: ModificationSite) -> None:
        """Write the entry ``key`` atomically (a failure to write only loses the cache)."""
        self._used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_file(self.folder / f"{key}.json", _encode(site).encode("utf-8"))
        except OSError:
            return

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


T = TypeVar("T")


def _made(data: T | None) -> T:
    if data is None:
        raise ValueError("a page or download still being rendered cannot be cached")
    return data


def _encode(site: ModificationSite) -> str:
    return json.dumps(
        {
            "pages": [
                {
                    "uri": p.uri,
                    "markdown": _made(p.markdown),
                    "in_nav": p.in_nav,
                    "widgets": p.widgets,
                }
                for p in site.pages
            ],
            "files": [
                {"uri": f.uri, "data": base64.b64encode(_made(f.data)).decode("ascii")}
                for f in site.files
            ],
            "summary": site.summary,
            "examples": site.examples,
        },
        ensure_ascii=False,
    )


def _decode(text: str) -> ModificationSite:
    data = json.loads(text)
    pages = [
        SitePage(p["uri"], p["markdown"], bool(p["in_nav"]), dict(p["widgets"]))
        for p in data["pages"]
    ]
    files = [SiteFile(f["uri"], base64.b64decode(f["data"])) for f in data["files"]]
    return ModificationSite(pages, files, dict(data["summary"]), data["examples"])
