"""New response records as YAML text, in the layout of ``responses.yaml``, fast.

Appending responses to ``responses.yaml`` needs no round trip of the file: the new records are
written as text after its last record, in the layout ruamel.yaml gives the file (records at
column 2, ``answers`` items two columns under their key, long text as folded blocks at the
width :mod:`generator.forms.merge` folds), so a later round trip leaves them byte for byte as
they are. Only the shapes an import writes are handled (text, true/false, whole numbers, lists
of objective letters, lists of mappings, mappings); every scalar that could be read as anything
but its text is double-quoted. :func:`emit_records` returns None for a value it cannot write,
and the caller reads the text back and compares before using it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["RESERVED", "emit_records", "folded_lines"]

#: Characters a plain scalar may not start with (YAML indicators) or hold (controls, breaks).
_INDICATOR = set("-?:,[]{}#&*!|>'\"%@` ")
_UNPLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
#: Words YAML 1.1 reads as true or false: written quoted, so any reader sees text.
RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false"})
#: Characters a block scalar may not hold (or that YAML 1.1 readers take for line breaks).
_UNSAFE_IN_BLOCK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\x85": "\\N"}


def _quoted(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or 0x7F <= code <= 0x9F or ch in "\u2028\u2029\ufeff":
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _inline(text: str) -> str:
    """``text`` plain where YAML reads it back as that text, else double-quoted."""
    import yaml

    plain = (
        bool(text)
        and text[0] not in _INDICATOR
        and text == text.strip()
        and not _UNPLAIN.search(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.casefold() not in RESERVED
        and yaml.resolver.Resolver().resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, text, (True, False)
        )
        == "tag:yaml.org,2002:str"
    )
    if plain:
        return text
    if text and not _UNPLAIN.search(text) and text == text.strip():
        return "'" + text.replace("'", "''") + "'"  # as ruamel.yaml quotes what it can
    return _quoted(text)


def folded_lines(text: str, width: int) -> list[str]:
    """The lines of ``text`` as a folded block scalar: each line folded at single spaces
    before ``width``, a line break kept as an empty line."""
    lines: list[str] = []
    for n, segment in enumerate(text.split("\n")):
        if n:
            lines.append("")
        line = ""
        for word in segment.split(" ") if segment else []:
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
    return lines


def _foldable(text: str) -> bool:
    segments = text.split("\n")
    return (
        not _UNSAFE_IN_BLOCK.search(text.replace("\n", ""))
        and all(s == " ".join(s.split()) for s in segments)
        and bool(segments[0])
        and bool(segments[-1])
    )


def _entry(head: str, value: Any, column: int, width: int, out: list[str]) -> bool:
    if isinstance(value, bool):
        out.append(f"{head} {'true' if value else 'false'}")
    elif isinstance(value, int):
        out.append(f"{head} {value}")
    elif isinstance(value, str):
        if ("\n" in value or len(value) > width) and _foldable(value):
            out.append(f"{head} >-")
            pad = " " * (column + 2)
            out += [f"{pad}{line}" if line else "" for line in folded_lines(value, width)]
        else:
            out.append(f"{head} {_inline(value)}")
    elif isinstance(value, Mapping):
        out.append(head)
        return _mapping(value, column + 2, width, out, item=False)
    elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        out.append(f"{head} [{', '.join(_inline(v) for v in value)}]")
    elif isinstance(value, Sequence) and all(isinstance(v, Mapping) for v in value):
        out.append(head)
        return all(_mapping(v, column + 4, width, out, item=True) for v in value)
    else:
        return False
    return True


def _mapping(
    data: Mapping[str, Any], column: int, width: int, out: list[str], *, item: bool
) -> bool:
    for n, (key, value) in enumerate(data.items()):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", key):
            return False
        lead = " " * (column - 2) + "- " if item and n == 0 else " " * column
        if not _entry(f"{lead}{key}:", value, column, width, out):
            return False
    return True


def emit_records(records: Sequence[Mapping[str, Any]], width: int) -> str | None:
    """``records`` as the items of the ``responses:`` list (each line ending in a newline), or
    None when a value has a shape this writer does not handle."""
    out: list[str] = []
    for record in records:
        if not _mapping(record, 4, width, out, item=True):
            return None
    return "".join(f"{line}\n" for line in out)
