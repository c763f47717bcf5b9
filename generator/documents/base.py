"""What a document builder receives and returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.folders import ModificationFolder
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

    @property
    def reference(self) -> Path | None:
        """The Word styles: ``reference.docx`` of the templates folder when it has one (so
        ``--templates DIR`` takes ``DIR/reference.docx``), else None (the project's)."""
        candidate = self.templates / "reference.docx"
        return candidate if candidate.is_file() else None

    @property
    def folder(self) -> ModificationFolder:
        """The modification's folder and the content files loaded from it (what the plans read)."""
        return self.content.files(self.mod.id)


@dataclass(frozen=True)
class Output:
    """A built file of a modification, and the Markdown it was made from (for the site).

    ``data`` is the file's bytes, or a function that makes them: a Word file is made only when
    someone asks for it (``content()``), so the site can show a document's Markdown first and
    leave its download to another process.
    """

    key: str
    filename: str
    data: bytes | Callable[[], bytes]
    title: str
    markdown: str | None = None

    def content(self) -> bytes:
        """The file's bytes (made now when the builder deferred them)."""
        return self.data if isinstance(self.data, bytes) else self.data()

    @property
    def has_markdown(self) -> bool:
        """Whether the output was made from Markdown (which the site can show)."""
        return self.markdown is not None
