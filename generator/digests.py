"""Digests of what outputs are made from, for the caches that skip unchanged work.

The site's render cache (:mod:`generator.site.cache`) and the check's cache of clean
modifications (:mod:`generator.checks.check_cache`) key their entries by these digests: the bytes
of a modification's folder, of the shared content files, of the templates, and secmod's version
and source (the rules included), so an entry can only be found again by the same inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

__all__ = ["code_digest", "digest_files", "tree_digest"]

_PACKAGE = Path(__file__).resolve().parent


def digest_files(paths: Iterable[Path], root: Path) -> str:
    """A digest of the names (relative to ``root``) and bytes of ``paths``."""
    h = hashlib.sha256()
    for path in sorted(p for p in paths if p.is_file() and "__pycache__" not in p.parts):
        h.update(b"%s\0%s\0" % (path.relative_to(root).as_posix().encode(), path.read_bytes()))
    return h.hexdigest()


def tree_digest(folder: Path) -> str:
    """A digest of every file under ``folder``."""
    return digest_files(folder.rglob("*"), folder)


@cache
def code_digest() -> str:
    """secmod's version and the digest of its source (which a running process never reloads)."""
    try:
        release = version("secmod")
    except PackageNotFoundError:
        release = "unknown"
    return f"{release}:{tree_digest(_PACKAGE)}"
