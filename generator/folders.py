"""The layout of ``content/``: which folders are modifications and which files each may hold.

A modification's documents follow from the files in its folder: every modification has a
Change Board paper (from ``modification.yaml``); ``guidance.yaml`` adds a guidance update,
``legal-text.yaml`` an Annex A, ``responses.yaml`` a page of consultation responses. So what a
modification publishes is known from a directory listing, before any file is parsed: the site
plugin lists every page to MkDocs while a worker process is still reading the content.

This module reads no file and imports nothing heavy (no YAML, no pydantic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ID_PATTERN",
    "ID_RULE",
    "MODIFICATION_FILES",
    "ModificationFolder",
    "modification_folders",
    "read_folder",
]

#: A modification id names output files, so it is validated: SECMP0059, MP123, MP123A.
ID_PATTERN = re.compile(r"^(SECMP\d{4}|MP\d{3}[A-Z]?)$")
ID_RULE = "must be SECMP followed by 4 digits, or MP followed by 3 digits and an optional letter"

#: The files a modification folder may hold, and whether each is required.
MODIFICATION_FILES: dict[str, bool] = {
    "modification.yaml": True,
    "responses.yaml": False,
    "examples.yaml": False,
    "guidance.yaml": False,
    "legal-text.yaml": False,
}


@dataclass(frozen=True)
class ModificationFolder:
    """A modification's folder: its id (the folder's name) and which content files it holds."""

    path: Path
    files: frozenset[str]

    @property
    def id(self) -> str:
        """The modification's id, which is its folder's name."""
        return self.path.name

    def has(self, name: str) -> bool:
        """Whether the folder holds the content file ``name`` (e.g. ``"legal-text.yaml"``)."""
        return name in self.files


def read_folder(path: Path) -> ModificationFolder:
    """The content files present in the modification folder ``path``."""
    present = frozenset(name for name in MODIFICATION_FILES if (path / name).is_file())
    return ModificationFolder(path, present)


def modification_folders(root: Path) -> list[Path]:
    """The modification folders under ``root``: directories whose names look like ids.

    A directory holding a ``modification.yaml`` counts too, so that a misnamed folder is
    reported (by the loader) rather than silently skipped.
    """
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and (ID_PATTERN.fullmatch(p.name) or (p / "modification.yaml").exists())
    )
