"""Tables: a pipe table becomes a Word table in the reference's table style.

The header rows repeat on every page; a cell keeps its column's alignment (left is the style's
default, so only centre and right are written); column widths follow the longest cell text of
each column, every column getting at least a quarter of an equal share of the text width.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

__all__ = ["Cell", "CellWriter", "cell_alignment", "convert_table", "table_xml"]

CellWriter = Callable[[Token, Token, bool], str]
"""Writes one cell's paragraph from its ``th_open``/``td_open`` token, its inline token and
whether it is a header cell."""

_TEXT_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_MIN_WEIGHT = 3
_MAX_WEIGHT = 40


@dataclass(frozen=True, slots=True)
class Cell:
    """One converted cell: its paragraph, and the length of its text (for the widths)."""

    paragraph: str
    length: int


def cell_alignment(token: Token) -> str:
    """The ``w:jc`` of a ``th_open``/``td_open`` token's alignment ("" for left or none)."""
    match = _TEXT_ALIGN.search(str(token.attrs.get("style", "")))
    if match is None or match.group(1) == "left":
        return ""
    return f'<w:jc w:val="{match.group(1)}"/>'


def _widths(rows: list[list[Cell]], columns: int, width: int) -> list[int]:
    weights = [_MIN_WEIGHT] * columns
    for row in rows:
        for c, cell in enumerate(row):
            weights[c] = max(weights[c], min(cell.length, _MAX_WEIGHT))
    total = sum(weights)
    floor = width // (columns * 4)  # every column gets at least a quarter of its share
    spare = width - floor * columns
    widths = [floor + spare * w // total for w in weights]
    widths[-1] += width - sum(widths)
    return widths


def table_xml(
    rows: list[list[Cell]], header_rows: int, styles: Mapping[str, str], text_width: int
) -> str:
    """The table of ``rows``, the first ``header_rows`` of them repeated on every page."""
    columns = max((len(row) for row in rows), default=1)
    widths = _widths(rows, columns, text_width)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    empty = f'<w:p><w:pPr><w:pStyle w:val="{styles["table_text"]}"/></w:pPr></w:p>'
    parts = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{styles["table"]}"/>'
        '<w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    for r, row in enumerate(rows):
        parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if r < header_rows else "<w:tr>")
        for c in range(columns):
            paragraph = row[c].paragraph if c < len(row) else empty
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr>{paragraph}</w:tc>'
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def convert_table(
    tokens: Sequence[Token],
    start: int,
    cell: CellWriter,
    styles: Mapping[str, str],
    text_width: int,
) -> tuple[str, int]:
    """The table opened by ``tokens[start]``, and the index after its ``table_close``."""
    rows: list[list[Cell]] = []
    header_rows = 0
    in_head = False
    j = start + 1
    while tokens[j].type != "table_close":
        token = tokens[j]
        if token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
        elif token.type == "tr_open":
            rows.append([])
            if in_head:
                header_rows += 1
        elif token.type in ("th_open", "td_open"):
            inline = tokens[j + 1]
            rows[-1].append(Cell(cell(token, inline, in_head), len(inline.content)))
            j += 2
        j += 1
    return table_xml(rows, header_rows, styles, text_width), j + 1
