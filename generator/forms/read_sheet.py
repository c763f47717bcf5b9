"""Responses exported as a spreadsheet (XLSX, or CSV), one response per row.

The first row holds the column headings. Each field of a response (``Consultation.fields()``)
is read from the column the consultation's ``columns`` mapping names for it, or else from the
column headed by the field's own name (``respondent``, ``q1.position``, ``q2.better``);
headings compare without regard to case or spacing. A column the mapping names must be there;
so must the respondent's name, category and position, wherever they come from. Every value is
located by row and column (``responses.xlsx:7:3``) for the problems found in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from generator.errors import Location, Problem
from generator.forms.raw import RawResponse, Reading
from generator.model import Consultation, QuestionKind, ResponseSource

__all__ = ["MAX_ROWS", "read_sheet"]

#: The most rows read from one spreadsheet.
MAX_ROWS = 10_000
#: The most a workbook may hold, uncompressed.
_MAX_UNPACKED = 64 * 1024 * 1024

Row = Sequence[Any]


class _Unreadable(Exception):
    """The file is not a spreadsheet this reader can open."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(i.file_size for i in package.infolist()) > _MAX_UNPACKED:
                raise _Unreadable(f"it unpacks to more than {_MAX_UNPACKED // 2**20} MB")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _Unreadable:
        raise
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise _Unreadable(str(error) or type(error).__name__) from error
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    except Exception as error:  # a malformed sheet fails only as its rows are read
        raise _Unreadable(str(error) or type(error).__name__) from error
    finally:
        book.close()


def _csv_rows(data: bytes) -> Iterator[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unreadable(f"not UTF-8 text ({error.reason}); save it as CSV UTF-8") from error
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as error:
        raise _Unreadable(str(error)) from error


def _key(heading: str) -> str:
    return " ".join(heading.split()).casefold()


def _columns(
    consultation: Consultation, headings: Row, display: str, problems: list[Problem]
) -> dict[str, int]:
    """The column (from 0) of each field found in ``headings``."""
    index: dict[str, int] = {}
    for n, heading in enumerate(headings):
        index.setdefault(_key(_cell(heading)), n)
    needed = {"respondent", "category"}
    position = consultation.question(QuestionKind.POSITION)
    if position is not None:
        needed.add(f"q{position.id}.position")
    found: dict[str, int] = {}
    for name in consultation.fields():
        heading = consultation.columns.get(name, name)
        if _key(heading) in index:
            found[name] = index[_key(heading)]
        elif name in consultation.columns or name in needed:
            given = (
                "the consultation's columns map it to"
                if name in consultation.columns
                else ("it is read from")
            )
            problems.append(
                Problem(
                    Location(display, 1),
                    name,
                    f"no column headed {heading!r} ({given} that heading)",
                )
            )
    return found


def read_sheet(
    display: str,
    data: bytes,
    consultation: Consultation,
    source: Callable[[int], ResponseSource],
    *,
    csv_text: bool,
) -> Reading:
    """The responses in the spreadsheet ``data`` (a file shown as ``display``; CSV when
    ``csv_text``, else XLSX); ``source(row)`` records where each came from."""
    reading = Reading()
    rows = _csv_rows(data) if csv_text else _xlsx_rows(data)
    try:
        headings = next(rows, None)
        if headings is None:
            reading.problems.append(Problem(Location(display), "", "the spreadsheet is empty"))
            return reading
        columns = _columns(consultation, headings, display, reading.problems)
        if reading.problems:
            return reading
        for number, row in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                reading.problems.append(
                    Problem(Location(display, number), "", f"more than {MAX_ROWS:,} rows")
                )
                break
            cells = [_cell(v) for v in row]
            if not any(c.strip() for c in cells):
                continue
            raw = RawResponse(Location(display, number), source(number))
            for name, column in columns.items():
                raw.values[name] = cells[column] if column < len(cells) else ""
                raw.cells[name] = Location(display, number, column + 1)
            reading.responses.append(raw)
    except _Unreadable as error:
        kind = "CSV file" if csv_text else "Excel workbook (.xlsx)"
        reading.problems.append(Problem(Location(display), "", f"not a readable {kind}: {error}"))
    return reading
