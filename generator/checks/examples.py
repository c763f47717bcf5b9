"""Executable examples: wherever the text states a rule, run it against the rules module.

Three kinds of example are collected, each located at the line that states it:

* the rows of the decision tables in ``content/<ID>/examples.yaml`` (the loader's marks give
  each row's line);
* the rows of a Markdown pipe table that follows the marker comment
  ``<!-- secmod:examples on=YYYY-MM-DD -->``, in hand-written pages under ``content/`` and in
  generated Markdown such as the SCF guidance (rendered in memory, located in
  ``build/<ID>/<file>`` where ``secmod build`` writes it);
* fenced ``pycon`` blocks in the same Markdown, run as doctests with the rules module importable.

A marked table has a ``User`` (or ``Role``) column: Supplier Party or Other User; optional
``Domestic`` and ``Non-Domestic`` columns (a blank or a dash means none); an optional
``Rules read on`` (or ``On``, ``Date``) column, ISO or "1 March 2019", else the marker's ``on``;
and ``Year 1`` ... ``Year N`` columns naming the assessment (Full, Verification, Self-Assessment,
Unspecified; a blank cell states nothing). Other columns are for readers and are ignored.

The rules are those of SEC Section G8.46 to G8.47 as ``generator.rules`` implements them.
"""

from __future__ import annotations

import datetime as dt
import doctest
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import (
    ContentError,
    Location,
    Problem,
    RuleError,
    SecmodError,
    display_path,
)
from generator.load import Content
from generator.model import Modification
from generator.rules import Assessment, Portfolio, Role, Schedule, schedule
from generator.source import field_text, read_source_bytes

if TYPE_CHECKING:
    from markdown_it.token import Token

    from generator.documents.base import Output

__all__ = [
    "GENERATED_FOLDER",
    "MARKER",
    "Examples",
    "ExecutableExample",
    "PyconBlock",
    "collect_examples",
    "content_examples",
    "generated_examples",
    "markdown_examples",
    "page_examples",
    "page_files",
    "parse_assessment",
    "run_examples",
]

#: Where generated Markdown is said to live (``secmod build``'s default output folder).
GENERATED_FOLDER = "build"

#: The comment that marks the next table as examples: ``<!-- secmod:examples on=2019-03-01 -->``.
MARKER = re.compile(r"<!--\s*secmod:examples\b(?P<attrs>.*?)-->", re.DOTALL)
_ATTR = re.compile(r"(?P<key>[a-z_]+)=(?P<value>\S+)")
_YEAR_COLUMN = re.compile(r"^year (\d+)$")
_MARKUP = re.compile(r"[*_`]")
_COUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
#: What an empty count cell may hold: nothing, a hyphen, an en or em dash, "n/a".
_NONE = {"", "-", "\u2013", "\u2014", "n/a"}

_ROLES = {
    "supplier party": Role.SUPPLIER,
    "supplier": Role.SUPPLIER,
    "other user": Role.OTHER,
    "other": Role.OTHER,
}


def parse_assessment(text: str) -> Assessment | None:
    """An assessment from a table cell: its value, short name or label, any case; blank is None.

    Raises ``ValueError`` for anything else.
    """
    cell = _MARKUP.sub("", text).strip().casefold()
    if cell in _NONE:
        return None
    for assessment in Assessment:
        names = {assessment.value, assessment.short.casefold(), assessment.label.casefold()}
        if cell in names:
            return assessment
    if cell in {"self assessment", "user self-assessment"}:
        return Assessment.SELF
    known = ", ".join(a.short for a in Assessment)
    raise ValueError(f"{text.strip()!r} is not an assessment (one of {known})")


def _shown(assessments: Iterable[Assessment | None]) -> str:
    return ", ".join(a.short if a is not None else "\u2013" for a in assessments)


@dataclass(frozen=True)
class ExecutableExample:
    """One example: a portfolio, the date the rules are read on, and the expected schedule.

    ``expect[k]`` is the assessment of year k + 1; None states nothing about that year.
    ``origin`` is the content row a generated row was rendered from, when there is one.
    """

    location: Location
    field: str
    portfolio: Portfolio
    on: dt.date
    expect: tuple[Assessment | None, ...]
    path: Path | None = None
    origin: Location | None = None

    @property
    def id(self) -> str:
        """``file:line``, the example's name in test reports."""
        return f"{self.location.file}:{self.location.line}"

    def describe(self) -> str:
        """The inputs in words."""
        who = self.portfolio.role.label
        if self.portfolio.role is Role.OTHER and not (
            self.portfolio.domestic or self.portfolio.non_domestic
        ):
            what = who
        else:
            what = (
                f"{who} with {self.portfolio.domestic:,} Domestic and "
                f"{self.portfolio.non_domestic:,} Non-Domestic Premises"
            )
        return f"{what}, rules read on {self.on.isoformat()}"

    def evaluate(self) -> Schedule:
        """What the rules give for this example's portfolio and date."""
        return schedule(self.portfolio, self.on, len(self.expect))

    def run(self) -> Problem | None:
        """None when the rules agree with every stated year; else a located problem."""
        try:
            result = self.evaluate()
        except RuleError as exc:
            return Problem(self.location, self.field, f"{self.describe()}: {exc}")
        wrong = [
            (year, want, got)
            for year, (want, got) in enumerate(
                zip(self.expect, result.assessments, strict=True), start=1
            )
            if want is not None and want is not got
        ]
        if not wrong:
            return None
        years = "; ".join(f"year {y}: expected {w.short}, got {g.short}" for y, w, g in wrong)
        origin = f" (rendered from {self.origin})" if self.origin else ""
        return Problem(
            self.location,
            self.field,
            f"{self.describe()} ({result.rules}): expected {_shown(self.expect)}; "
            f"the rules give {_shown(result.assessments)} ({years}). {result.reason}{origin}",
        )


class _Collector(doctest.DocTestRunner):
    """A doctest runner that records located problems instead of printing."""

    def __init__(self, block: PyconBlock) -> None:
        super().__init__(optionflags=doctest.ELLIPSIS, verbose=False)
        self.block = block
        self.problems: list[Problem] = []

    def _at(self, example: doctest.Example) -> Location:
        return Location(self.block.location.file, self.block.first_line + example.lineno, 1)

    def report_failure(
        self, out: Any, test: doctest.DocTest, example: doctest.Example, got: str
    ) -> None:
        self.problems.append(
            Problem(
                self._at(example),
                "pycon",
                f">>> {example.source.strip()}: expected {example.want.strip()!r}, "
                f"got {got.strip()!r}",
            )
        )

    def report_unexpected_exception(
        self, out: Any, test: doctest.DocTest, example: doctest.Example, exc_info: Any
    ) -> None:
        kind, value = exc_info[0], exc_info[1]
        self.problems.append(
            Problem(
                self._at(example),
                "pycon",
                f">>> {example.source.strip()}: raised {kind.__name__}: {value}",
            )
        )


@dataclass(frozen=True)
class PyconBlock:
    """A fenced ``pycon`` block; ``first_line`` is the file line of its first line of code."""

    location: Location
    source: str
    first_line: int
    path: Path | None = None

    @property
    def id(self) -> str:
        """``file:line`` of the fence."""
        return f"{self.location.file}:{self.location.line}"

    def run(self) -> list[Problem]:
        """Run the block as a doctest in a fresh namespace; one problem per failing prompt."""
        try:
            test = doctest.DocTestParser().get_doctest(
                self.source, {"__name__": "__pycon__"}, self.id, self.location.file, 0
            )
        except ValueError as exc:
            return [Problem(self.location, "pycon", f"cannot read the block: {exc}")]
        if not test.examples:
            return [Problem(self.location, "pycon", "block has no >>> prompt")]
        runner = _Collector(self)
        runner.run(test, out=lambda _text: None, clear_globs=True)
        return runner.problems


@dataclass
class Examples:
    """What was collected: example rows, pycon blocks, and problems found while collecting."""

    rows: list[ExecutableExample] = field(default_factory=list)
    blocks: list[PyconBlock] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: Examples) -> None:
        """Add ``other``'s rows, blocks and problems."""
        self.rows.extend(other.rows)
        self.blocks.extend(other.blocks)
        self.problems.extend(other.problems)

    def __len__(self) -> int:
        return len(self.rows) + len(self.blocks)


def content_examples(
    content: Content, mod: Modification, *, located: bool = True
) -> list[ExecutableExample]:
    """The rows of ``mod``'s decision tables, each located at the line that writes it (unless
    ``located`` is false: then at the file, which spares reading the file again for lines)."""
    source = content.source(mod.id, "examples.yaml")
    rows: list[ExecutableExample] = []
    for i, table in enumerate(mod.examples):
        for j, row in enumerate(table.rows):
            path = ("examples", i, "rows", j)
            if not located:
                where = content.folder(mod.id) / "examples.yaml"
                location = Location(source.display if source else display_path(where))
            elif source:
                location = source.locate(path)
            else:
                location = content.locate(mod.id, "examples.yaml", path)
            rows.append(
                ExecutableExample(
                    location,
                    field_text(path),
                    Portfolio(row.role, row.domestic, row.non_domestic),
                    row.on or table.on,
                    tuple(row.expect),
                    source.path if source else None,
                )
            )
    return rows


def _key(row: ExecutableExample) -> tuple[object, ...]:
    return (row.portfolio, row.on, row.expect)


def _columns(header: Sequence[str]) -> tuple[dict[str, int], dict[int, int], str | None]:
    """Column indexes by meaning, year columns by year; an error message when malformed."""
    named: dict[str, int] = {}
    years: dict[int, int] = {}
    for index, raw in enumerate(header):
        name = " ".join(_MARKUP.sub("", raw).casefold().split())
        if name in ("user", "role"):
            named["role"] = index
        elif name in ("domestic", "domestic premises"):
            named["domestic"] = index
        elif name in ("non-domestic", "non-domestic premises"):
            named["non_domestic"] = index
        elif name in ("rules read on", "read on", "on", "date"):
            named["on"] = index
        elif match := _YEAR_COLUMN.match(name):
            years[int(match.group(1))] = index
    if "role" not in named:
        return named, years, "an examples table needs a User column"
    if not years:
        return named, years, "an examples table needs Year 1, Year 2, ... columns"
    if sorted(years) != list(range(1, len(years) + 1)):
        return named, years, "the Year columns must run Year 1, Year 2, ... without gaps"
    return named, years, None


def _count(text: str) -> int:
    cell = _MARKUP.sub("", text).strip()
    if cell.casefold() in _NONE:
        return 0
    if not _COUNT.match(cell):
        raise ValueError(f"{text.strip()!r} is not a number of premises")
    return int(cell.replace(",", ""))


def _date(text: str) -> dt.date | None:
    cell = _MARKUP.sub("", text).strip()
    if cell.casefold() in _NONE:
        return None
    for fmt in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(cell, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text.strip()!r} is not a date (2019-03-01 or 1 March 2019)")


def _table_rows(
    tokens: list[Any], start: int
) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """The header cells, the body rows (0-based line, cells) and the index after the table."""
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    in_head = False
    index = start
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == "table_close":
            break
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            current = []
            if not in_head:
                rows.append(((token.map or [0])[0], current))
        elif token.type == "inline" and current is not None:
            if in_head:
                header.append(token.content)
            else:
                current.append(token.content)
    return header, rows, index


def markdown_examples(
    text: str,
    file: str,
    *,
    path: Path | None = None,
    origins: dict[tuple[object, ...], Location] | None = None,
) -> Examples:
    """The marked example tables and the pycon blocks of Markdown ``text``, located in ``file``."""
    found = Examples()
    if "secmod:examples" not in text and "pycon" not in text:
        return found  # neither a marker nor a pycon fence can be in it
    tokens = _blocks(text)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == "fence" and token.info.strip().split(" ")[:1] == ["pycon"]:
            line = (token.map or [0])[0] + 1
            found.blocks.append(PyconBlock(Location(file, line, 1), token.content, line + 1, path))
            continue
        if token.type != "html_block" or not (marker := MARKER.search(token.content)):
            continue
        line = (token.map or [0])[0] + 1
        where = Location(file, line, 1)
        on: dt.date | None = None
        attrs = marker.group("attrs").strip()
        for attr in _ATTR.finditer(attrs):
            if attr.group("key") != "on":
                found.problems.append(
                    Problem(where, "examples", f"unknown marker option {attr.group('key')!r}")
                )
                continue
            try:
                on = _date(attr.group("value"))
            except ValueError as exc:
                found.problems.append(Problem(where, "examples", f"on: {exc}"))
        if _ATTR.sub("", attrs).strip():
            found.problems.append(
                Problem(where, "examples", f"cannot read the marker options {attrs!r}")
            )
        if index >= len(tokens) or tokens[index].type != "table_open":
            found.problems.append(
                Problem(where, "examples", "the marker must be followed by a table")
            )
            continue
        table_line = (tokens[index].map or [0])[0] + 1
        header, rows, index = _table_rows(tokens, index + 1)
        found.extend(_rows_of(header, rows, Location(file, table_line, 1), path, on, origins or {}))
    return found


_EXAMPLE_BLOCKS = frozenset({"fence", "html_block", "table_open"})


def _blocks(text: str) -> list[Token]:
    """The tokens :func:`markdown_examples` reads, as :func:`generator.render.markdown.parse`
    gives them, without its inline pass where that changes nothing the examples read.

    The inline pass decides only which footnote definitions are cited, and those are moved to
    the end of the stream with their blocks. When no definition holds a block an example can
    be in (a fence, an HTML block, a table), dropping every definition leaves the same fences,
    HTML blocks and tables in the same order; otherwise the text is parsed in full.
    """
    from generator.render.markdown import parse, parse_blocks

    tokens = parse_blocks(text)
    kept: list[Token] = []
    inside = False
    for token in tokens:
        if token.type == "footnote_reference_open":
            inside = True
        elif token.type == "footnote_reference_close":
            inside = False
        elif not inside:
            kept.append(token)
        elif token.type in _EXAMPLE_BLOCKS:
            return parse(text)
    return kept


def _rows_of(
    header: list[str],
    rows: list[tuple[int, list[str]]],
    table: Location,
    path: Path | None,
    on: dt.date | None,
    origins: dict[tuple[object, ...], Location],
) -> Examples:
    found = Examples()
    named, years, error = _columns(header)
    if error:
        found.problems.append(Problem(table, "examples", error))
        return found
    for line0, cells in rows:
        where = Location(table.file, line0 + 1, 1)
        try:
            role_text = " ".join(_MARKUP.sub("", cells[named["role"]]).casefold().split())
            if role_text not in _ROLES:
                raise ValueError(
                    f"{cells[named['role']].strip()!r} is not a User (Supplier Party, Other User)"
                )
            domestic = _count(cells[named["domestic"]]) if "domestic" in named else 0
            non_domestic = _count(cells[named["non_domestic"]]) if "non_domestic" in named else 0
            read_on = _date(cells[named["on"]]) if "on" in named else None
            expect = tuple(parse_assessment(cells[years[y]]) for y in sorted(years))
        except (ValueError, IndexError) as exc:
            found.problems.append(Problem(where, "examples", str(exc)))
            continue
        read_on = read_on or on
        if read_on is None:
            found.problems.append(
                Problem(where, "examples", "no date: add on=YYYY-MM-DD to the marker")
            )
            continue
        while expect and expect[-1] is None:
            expect = expect[:-1]
        if not expect:
            found.problems.append(Problem(where, "examples", "the row states no assessment"))
            continue
        row = ExecutableExample(
            where,
            "examples table",
            Portfolio(_ROLES[role_text], domestic, non_domestic),
            read_on,
            expect,
            path,
        )
        found.rows.append(replace(row, origin=origins.get(_key(row))))
    return found


def page_files(content_root: Path) -> list[Path]:
    """The hand-written Markdown pages under ``content_root``, sorted."""
    return sorted(p for p in content_root.rglob("*.md") if p.is_file())


def page_examples(content_root: Path) -> Examples:
    """The marked tables and pycon blocks of the Markdown pages under ``content_root``."""
    found = Examples()
    for page in page_files(content_root):
        display = display_path(page)
        try:
            text = read_source_bytes(page, display, content_root).decode("utf-8")
        except ContentError as exc:
            found.problems.extend(exc.problems)
            continue
        except UnicodeDecodeError as exc:
            message = f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8"
            found.problems.append(Problem(Location(display), "", message))
            continue
        found.extend(markdown_examples(text, display, path=page.resolve()))
    return found


def generated_examples(
    content: Content,
    mod: Modification,
    templates: Path | None = None,
    outputs: Sequence[Output] | None = None,
) -> Examples:
    """The examples in ``mod``'s generated Markdown (rendered in memory, not read from build/);
    ``outputs`` are the pipeline's outputs when the caller has rendered them already."""
    from generator.build import render_modification
    from generator.render.templating import TEMPLATES

    found = Examples()
    origins = {_key(row): row.location for row in content_examples(content, mod)}
    try:
        if outputs is None:
            outputs = render_modification(content, mod, templates or TEMPLATES).outputs
    except SecmodError as exc:
        found.problems.extend(
            exc.problems or [Problem(Location(display_path(content.folder(mod.id))), "", str(exc))]
        )
        # One document failing must not hide the examples of the others: render them one by one.
        outputs = _outputs_one_by_one(content, mod, templates or TEMPLATES)
    for output in outputs:
        if output.markdown is None:
            continue
        file = f"{GENERATED_FOLDER}/{mod.id}/{output.filename}"
        found.extend(markdown_examples(output.markdown, file, origins=origins))
    return found


def _outputs_one_by_one(content: Content, mod: Modification, templates: Path) -> list[Output]:
    """The Markdown outputs of every builder that succeeds on its own (no Word file is made)."""
    from generator.build import DOCUMENTS, build_timestamp
    from generator.documents.base import BuildInput
    from generator.render.context import modification_context

    try:
        context = modification_context(content, mod)
        given = BuildInput(content, mod, context, build_timestamp(mod), templates, word=False)
    except SecmodError:
        return []
    outputs: list[Output] = []
    for builder in DOCUMENTS.values():
        try:
            outputs.extend(builder(given))
        except SecmodError:
            continue
    return outputs


def collect_examples(
    content: Content,
    *,
    generated: bool = True,
    pages: bool = True,
    templates: Path | None = None,
) -> Examples:
    """Every example of ``content``: decision tables, pages, and generated Markdown."""
    found = Examples()
    for mod in content.modifications.values():
        found.rows.extend(content_examples(content, mod))
    if pages:
        found.extend(page_examples(content.root))
    if generated:
        for mod in content.modifications.values():
            found.extend(generated_examples(content, mod, templates))
    return found


def _run(found: Examples) -> Iterator[Problem]:
    yield from found.problems
    for row in found.rows:
        if (problem := row.run()) is not None:
            yield problem
    for block in found.blocks:
        yield from block.run()


def run_examples(found: Examples) -> list[Problem]:
    """Every problem: those found while collecting, failing rows, failing pycon prompts."""
    return list(_run(found))
