"""What a document builder receives and returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load import Content
from generator.model import Modification

__all__ = ["BuildInput", "Output"]


@dataclass(frozen=True)
class BuildInput:
    """One modification, its template context and the build's timestamp."""

    content: Content
    mod: Modification
    context: dict[str, Any]
    #: The documents' modification time: SOURCE_DATE_EPOCH when set, else the paper's date.
    timestamp: dt.datetime
    #: The folder of the Jinja templates (``templates/`` unless the caller chose another).
    templates: Path
    #: Make the Word files; False when only the Markdown is wanted (``secmod check``).
    word: bool = True

    @property
    def reference(self) -> Path | None:
        """The Word styles: ``reference.docx`` of the templates folder when it has one (so
        ``--templates DIR`` takes ``DIR/reference.docx``), else None (the project's)."""
        candidate = self.templates / "reference.docx"
        return candidate if candidate.is_file() else None


@dataclass(frozen=True)
class Output:
    """A built file of a modification, and the Markdown it was made from (for the site).

    ``data`` is the file's bytes; None for a Word file when the builder was asked for the
    Markdown only (``BuildInput.word`` false).
    """

    key: str
    filename: str
    data: bytes | None
    title: str
    markdown: str | None = None

    def content(self) -> bytes:
        """The file's bytes (a Word file must have been made)."""
        if self.data is None:
            raise ValueError(f"{self.filename} was not made: the build asked for Markdown only")
        return self.data
