"""What a reader finds in one filled form or spreadsheet row, before it is validated."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import Location, Problem
from generator.model import ResponseSource

__all__ = ["RawResponse", "Reading"]


@dataclass(slots=True)
class RawResponse:
    """The text of each field of one response, by field name (``category``, ``q1.position``),
    with where each was read (a spreadsheet cell; a form's file) and where it came from."""

    origin: Location
    source: ResponseSource
    values: dict[str, str] = field(default_factory=dict)
    cells: dict[str, Location] = field(default_factory=dict)

    def where(self, name: str) -> Location:
        """Where field ``name`` was read (the form or row when it has no cell of its own)."""
        return self.cells.get(name, self.origin)


@dataclass(slots=True)
class Reading:
    """What reading one file gave: its responses, its problems and its warnings."""

    responses: list[RawResponse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
