"""The layout of ``content/``: which folders are modifications and which files each may hold.

A modification's documents follow from the files in its folder: every modification has a
Change Board paper (from ``modification.yaml``); ``guidance.yaml`` adds a guidance update,
``legal-text.yaml`` an Annex A, ``responses.yaml`` a page of consultation responses (and, with
the consultations ``modification.yaml`` lists, their response forms and appendices).

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
    "is_present",
    "modification_folders",
    "read_folder",
]

#: A modification id names output files, so it is validated: SECMP0059, MP123, MP123A.
#: ASCII digits only: ``\d`` takes any Unicode digit, so a look-alike of SECMP0059 written in
#: mathematical bold digits would pass and name a second SECMP0059.
ID_PATTERN = re.compile(r"^(SECMP[0-9]{4}|MP[0-9]{3}[A-Z]?)$", re.ASCII)
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
    present = frozenset(name for name in MODIFICATION_FILES if is_present(path / name))
    return ModificationFolder(path, present)


def is_present(path: Path) -> bool:
    """Whether ``path`` is there at all: a dangling or looping link is there (and an error)."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True  # there, but unreadable: the loader says why


def modification_folders(root: Path) -> list[Path]:
    """The modification folders under ``root``: entries whose names look like ids.

    A folder holding a ``modification.yaml`` counts too, so that a misnamed folder is
    reported (by the loader) rather than silently skipped. Hidden entries (``.name``) are
    skipped: they are version control, editors' files, or a ``secmod new`` that was stopped
    before it finished. Raises ``OSError`` when ``root`` cannot be listed.
    """
    return sorted(
        p
        for p in root.iterdir()
        if not p.name.startswith(".")
        and (ID_PATTERN.fullmatch(p.name) or is_present(p / "modification.yaml"))
        and (_is_folder(p) or p.is_symlink())
    )


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return True  # there, but unreadable: the loader says why
