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


@dataclass(frozen=True)
class Output:
    """A built file of a modification, and the Markdown it was made from (for the site)."""

    key: str
    filename: str
    data: bytes
    title: str
    markdown: str | None = None
