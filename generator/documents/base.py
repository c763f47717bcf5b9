"""What a document builder receives and returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load import Content
from generator.model import Modification

__all__ = ["BuildInput", "Output", "Planned"]


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


@dataclass(frozen=True)
class Planned:
    """An output a builder will make, known from the model before anything is rendered.

    Each builder module has a ``plan_<name>(mod)`` beside its ``build_<name>(given)``, which
    makes its outputs from the plan, so the two cannot name different files.
    """

    key: str
    filename: str
    title: str
    has_markdown: bool

    def output(self, data: bytes | Callable[[], bytes], markdown: str | None) -> Output:
        """The output this plan promised."""
        assert (markdown is not None) == self.has_markdown, self.key
        return Output(self.key, self.filename, data, self.title, markdown)
