"""A content-addressed cache of each modification's pages, so a rebuild renders only what changed.

An entry's key is a digest of everything its pages are made from: the modification's folder,
``objectives.yaml``, the templates, secmod's version and source (the rules included) and the
build's date (for the timeline). Only successful renders are cached, and a modification found
in the cache is not even loaded. Entries live in memory for the life of the process (``mkdocs
serve`` rebuilds in it) and in a folder as JSON files written atomically (for the next ``mkdocs
build``); entries the latest build did not use are removed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from pathlib import Path

from generator.atomic import write_file
from generator.digests import code_digest, digest_files, tree_digest
from generator.site.pages import ModificationSite, SiteFile, SitePage

__all__ = ["RenderCache"]

#: Bump when the entry format changes.
FORMAT = "3"
#: Entries of this process, by key, shared by every build it runs (``mkdocs serve``).
_MEMORY: dict[str, ModificationSite] = {}


class RenderCache:
    """Rendered modifications kept between builds, in memory and (unless ``folder`` is None)
    on disk. ``hits`` and ``misses`` count the lookups of the current build."""

    def __init__(self, folder: Path | None, content_dir: Path, templates: Path, today: dt.date):
        self.folder = folder
        self.content_dir = content_dir
        self.today = today
        objectives = digest_files([content_dir / "objectives.yaml"], content_dir)
        self._common = f"{FORMAT}\0{code_digest()}\0{tree_digest(templates)}\0{objectives}\0{today}"
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, mod_id: str) -> str:
        """A digest of everything the site of ``mod_id`` is made from."""
        own = tree_digest(self.content_dir / mod_id)
        return hashlib.sha256(f"{self._common}\0{mod_id}\0{own}".encode()).hexdigest()

    def get(self, key: str) -> ModificationSite | None:
        """The entry ``key``; None (a miss) when it is absent or unreadable."""
        self._used.add(key)
        entry = self.folder / f"{key}.json" if self.folder else None
        found = _MEMORY.get(key)
        if found is not None and entry is not None and not entry.is_file():
            self._write(key, found)  # kept in memory, not yet in this folder
        elif found is None and entry is not None and entry.is_file():
            try:
                found = _decode(entry.read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError, TypeError):
                found = None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            _MEMORY[key] = found
        return found

    def put(self, key: str, site: ModificationSite) -> None:
        """Keep ``site`` under ``key`` (a failure to write only loses the disk copy)."""
        self._used.add(key)
        _MEMORY[key] = site
        self._write(key, site)

    def _write(self, key: str, site: ModificationSite) -> None:
        if self.folder is None:
            return
        try:  # atomically: a reader never sees half an entry
            self.folder.mkdir(parents=True, exist_ok=True)
            write_file(self.folder / f"{key}.json", _encode(site).encode("utf-8"))
        except OSError:
            pass  # the disk copy is lost, nothing else

    def prune(self) -> int:
        """Forget the entries the latest build did not use; return how many files went."""
        for key in set(_MEMORY) - self._used:
            del _MEMORY[key]
        removed = 0
        if self.folder is not None and self.folder.is_dir():
            for entry in self.folder.glob("*.json"):
                if entry.stem not in self._used:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed


def _encode(site: ModificationSite) -> str:
    pages = [[p.uri, p.markdown, p.in_nav, p.widgets] for p in site.pages]
    files = [[f.uri, base64.b64encode(f.data).decode("ascii")] for f in site.files]
    return json.dumps([pages, files, site.summary, site.examples], ensure_ascii=False)


def _decode(text: str) -> ModificationSite:
    pages, files, summary, examples = json.loads(text)
    return ModificationSite(
        [SitePage(uri, md, bool(nav), dict(widgets)) for uri, md, nav, widgets in pages],
        [SiteFile(uri, base64.b64decode(data)) for uri, data in files],
        dict(summary),
        examples,
    )
