"""The project's Markdown, reshaped for MkDocs (Python-Markdown).

Documents are written in one dialect (:mod:`generator.render.markdown`: CommonMark, pipe tables,
footnotes); the site renders them with Python-Markdown, so :func:`site_markdown` rewrites them:
nested lists are re-indented to four spaces a level, a list or table that interrupts a paragraph
gets a blank line before it, and backslash hard breaks become two trailing spaces. Code blocks
are left as written; raw HTML is left to :mod:`generator.site.safe_markdown`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is imported only for text that needs the rewrite
    from markdown_it.token import Token

__all__ = ["markdown_literal", "reshape", "site_markdown", "table_cell"]

_CODE_BLOCKS = frozenset({"fence", "code_block"})
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def markdown_literal(text: str) -> str:
    """Plain text (a name, a title) as Markdown that shows exactly that text on one line."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)


def table_cell(markdown: str) -> str:
    """Markdown prose as the content of one pipe-table cell: on one line, pipes escaped."""
    return re.sub(r"(?<!\\)\|", r"\\|", " ".join(markdown.split()))


@dataclass(slots=True)
class _Item:
    """A list item: its lines, nesting depth and where its marker and content start."""

    start: int
    end: int
    depth: int
    marker_indent: int
    content_column: int


def _item(token: Token, lines: list[str], depth: int) -> _Item:
    assert token.map is not None
    start, end = token.map
    line = lines[start]
    indent = len(line) - len(line.lstrip(" "))
    marker = len(token.markup) + (len(token.info) if token.info else 0)
    after = line[indent + marker :]
    spaces = len(after) - len(after.lstrip(" "))
    if not after.strip() or spaces > 4:
        spaces = 1
    return _Item(start, end, depth, indent, indent + marker + spaces)


def _structure(tokens: list[Token], lines: list[str]) -> tuple[set[int], list[_Item], set[int]]:
    """Lines of code blocks, list items, and the lines that need a blank line before them.

    Python-Markdown needs a blank line before a list or table that follows a paragraph, and
    between the items of a loose list (one whose items hold paragraphs).
    """
    code: set[int] = set()
    items: list[_Item] = []
    blank_before: set[int] = set()
    lists: list[tuple[list[int], list[bool]]] = []  # per open list: item starts, loose flag
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if not lists and token.map:
                blank_before.add(token.map[0])
            lists.append(([], [False]))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            starts, loose = lists.pop()
            if loose[0]:
                blank_before.update(starts[1:])
        elif token.type == "list_item_open" and token.map:
            items.append(_item(token, lines, len(lists)))
            lists[-1][0].append(token.map[0])
        elif token.type == "paragraph_open" and lists and not token.hidden:
            lists[-1][1][0] = True
        elif token.type == "table_open" and token.map:
            blank_before.add(token.map[0])
        elif token.map and token.type in _CODE_BLOCKS:
            code.update(range(*token.map))
    return code, items, blank_before


def _reindent(line: str, number: int, containing: list[_Item]) -> str:
    """``line`` indented as Python-Markdown expects inside the list items ``containing``."""
    if not containing or not line.strip():
        return line
    inner = containing[-1]
    if number == inner.start:
        return " " * (4 * (inner.depth - 1)) + line[inner.marker_indent :]
    indent = len(line) - len(line.lstrip(" "))
    rest = line[inner.content_column :] if indent >= inner.content_column else line.lstrip(" ")
    return " " * (4 * inner.depth) + rest


def _hard_break(line: str) -> str:
    stripped = line.rstrip("\\")
    if (len(line) - len(stripped)) % 2 == 1:
        return line[:-1] + "  "
    return line


def _blocks(text: str) -> list[Token]:
    """The block tokens of ``text`` in the shared dialect (inline parsing is not needed here)."""
    from generator.render.markdown import parser

    md = parser()
    tokens: list[Token] = []
    md.block.parse(text, md, {}, tokens)
    return tokens


_ITEM = r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)"
_HARD_BREAK = re.compile(r"\\$", re.M)
_LIST_ITEM = re.compile(_ITEM)
_NESTED_ITEM = re.compile(rf"(?: {{4}})+{_ITEM}")
#: What may start a block (so a line starting so is not simply more of a paragraph).
_BLOCK_LIKE = re.compile(rf"{_ITEM}|[|#>]|```|~~~")


def _fits_already(text: str) -> bool:
    """Whether Python-Markdown reads ``text`` as it reads the rewrite, decided without parsing.

    Conservative: true only when no line ends in a backslash, every list or table starts after
    a blank line (or continues one), a nested item sits four spaces a level right under an item,
    and every other indented line continues the paragraph of a list item (the line before it is
    the item's, and it does not look like the start of a block). Anything else takes the parser.
    """
    if _HARD_BREAK.search(text):
        return False
    previous = "blank"
    for line in text.split("\n"):
        if not line.strip():
            kind = "blank"
        elif _NESTED_ITEM.match(line):
            if previous != "item":
                return False
            kind = "item"
        elif line[0] in " \t":
            if previous not in ("item", "continued") or _BLOCK_LIKE.match(line.lstrip()):
                return False
            kind = "continued"
        elif _LIST_ITEM.match(line):
            if previous not in ("blank", "item", "continued"):
                return False
            kind = "item"
        elif line.startswith("|"):
            if previous not in ("blank", "table"):
                return False
            kind = "table"
        else:
            kind = "text"
        previous = kind
    return True


def site_markdown(text: str) -> str:
    """``text`` in the project's dialect, rewritten for Python-Markdown (see above)."""
    if _fits_already(text):  # most generated pages: no parse needed
        return text
    return reshape(text)


def reshape(text: str) -> str:
    """The rewrite of :func:`site_markdown`, always from the parsed structure."""
    lines = text.split("\n")
    code, items, blank_before = _structure(_blocks(text), lines)
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in blank_before and number > 0 and lines[number - 1].strip():
            out.append("")
        shaped = _reindent(line, number, [i for i in items if i.start <= number < i.end])
        next_line = lines[number + 1] if number + 1 < len(lines) else ""
        if number not in code and shaped.endswith("\\") and next_line.strip():
            shaped = _hard_break(shaped)
        out.append(shaped)
    return "\n".join(out)
