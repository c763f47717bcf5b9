"""The one exception hierarchy of secmod.

Every error a user can cause carries where it happened, so the command line can print one line
per problem in the form ``file:line:col: field.path: what is wrong`` and exit with status 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BuildError",
    "ContentError",
    "Location",
    "OutputError",
    "Problem",
    "RuleError",
    "SecmodError",
    "TemplateError",
    "UsageError",
    "display_path",
    "one_line",
]

#: Characters a message never prints raw: control characters (C0, DEL, C1), line and paragraph
#: separators, and the bidirectional controls that can reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def one_line(text: str) -> str:
    """``text`` with every control character shown escaped (``\\n``, ``\\x07``), so that a
    message is one line on the terminal whatever the content holds."""
    return _UNPRINTABLE.sub(_escaped, text)


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file; ``line`` and ``column`` count from 1 (0 means unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: where, which field, and what is wrong."""

    location: Location
    field: str
    message: str

    def __post_init__(self) -> None:
        # A problem keeps where it is, not what was used to find it (a FieldLocation holds the
        # parsed file): problems stay small, and equal when they say the same thing.
        if type(self.location) is not Location:
            where = self.location
            object.__setattr__(self, "location", Location(where.file, where.line, where.column))

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return one_line(f"{self.location}:{field} {self.message}")


def display_path(path: Path | str) -> str:
    """A path as users typed it: relative to the working directory when it lies beneath it.

    Symbolic links are not followed: a link is shown where it is, not where it points.
    """
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except (ValueError, OSError):  # elsewhere, or the working directory is gone
        return str(path)


class SecmodError(Exception):
    """Root of every error secmod raises on purpose. ``problems`` lists what is wrong."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: Sequence[Problem] = ()
            text = problems
        else:
            self.problems = tuple(problems)
            text = "\n".join(str(p) for p in self.problems)
        super().__init__(text)

    def lines(self) -> list[str]:
        """One line per problem, as the command line prints them."""
        if self.problems:
            return [str(p) for p in self.problems]
        return [one_line(str(self))]


class ContentError(SecmodError):
    """The content under ``content/`` is malformed or inconsistent."""


class TemplateError(SecmodError):
    """A Jinja template failed to parse or render (names the template file and line)."""


class BuildError(SecmodError):
    """An output could not be produced (the previous output is left intact)."""


class OutputError(SecmodError):
    """An output could not be written (a read-only folder, a full disk, a file where a folder
    should be): one line naming the path and the cause, exit status 1, previous outputs intact."""

    exit_code = 1

    @classmethod
    def from_os_error(cls, exc: OSError, path: Path | str | None = None) -> OutputError:
        """The error of ``exc``, at the path it names (or ``path``)."""
        named = isinstance(exc.filename, str | bytes | os.PathLike)
        where = exc.filename if named else path
        cause = exc.strerror or str(exc)
        shown = display_path(os.fsdecode(where)) if where is not None else "output"
        return cls([Problem(Location(shown), "", f"cannot write: {cause}")])


class UsageError(SecmodError):
    """A command-line argument is invalid."""


class RuleError(SecmodError, ValueError):
    """A rule was asked something it cannot answer (negative premises, year 0, no rule in force)."""
