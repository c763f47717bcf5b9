"""The merge by ruamel.yaml's round trip: any change but an append (see
:mod:`generator.forms.merge`).

The file is loaded as ruamel's commented data, each owned key of a matched record is set only
where its value changed (so an unchanged value keeps its style), new records are appended in
the file's order of keys, and the comment lines that close the file stay at its end however
its last value changed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from generator.forms.answers import Imported
from generator.forms.emit import RESERVED, folded_lines
from generator.forms.merge import ORDER, OWNED, WIDTH, empty, new_values

__all__ = ["plain", "round_trip"]

_HEADER = "yaml-language-server: $schema=../schema/responses.schema.json"


def _yaml(text: str | None = None) -> YAML:
    """A round-trip YAML that writes sequences as ``text`` does (its first ``- ``): ruamel
    keeps comments and styles but applies one indentation to the whole file."""
    offset = 2
    for line in (text or "").split("responses:", 1)[-1].splitlines():
        if line.lstrip(" ").startswith("- "):
            offset = len(line) - len(line.lstrip(" "))
            break
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    yaml.width = 100
    return yaml


def plain(value: Any) -> Any:
    """``value`` as plain Python data (round-trip maps, lists and strings unwrapped)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _folded(text: str) -> Any:
    """``text`` as a folded block, folded where :func:`~generator.forms.emit.folded_lines`
    folds it."""
    folded = FoldedScalarString(text)
    positions: list[int] = []
    at = 0
    for n, segment in enumerate(text.split("\n")):
        at += 1 if n else 0
        lines = folded_lines(segment, WIDTH) if segment else []
        for line in lines[:-1]:
            at += len(line)
            positions.append(at)  # the space after this line
            at += 1
        at += len(lines[-1]) if lines else 0
    folded.fold_pos = positions
    return folded


def _styled(value: Any) -> Any:
    """``value`` as it is written: long or multi-line text as a folded block, objective
    letters as a flow list, answers and sources as block mappings."""
    if isinstance(value, str):
        if value.casefold() in RESERVED:  # text to every YAML reader, 1.1 ones included
            return SingleQuotedScalarString(value)
        return _folded(value) if "\n" in value or len(value) > WIDTH else value
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v) for v in value)
        if all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((k, _styled(v)) for k, v in value.items())
    return value


def _update(record: CommentedMap, imported: dict[str, Any]) -> bool:
    """Set the owned keys of ``record`` from ``imported``; whether anything changed."""
    changed = False
    for key in OWNED:
        value = imported.get(key)
        if empty(value):
            if key in record:
                del record[key]
                changed = True
        elif key not in record or plain(record[key]) != value:
            if key in record or key in ("answers", "source"):
                record[key] = _styled(value)
            else:
                before = [k for k in ORDER[: ORDER.index(key)] if k in record]
                at = list(record).index(before[-1]) + 1 if before else len(record)
                record.insert(at, key, _styled(value))
            changed = True
    return changed


def _new(imported: Imported, consultation: str) -> CommentedMap:
    return CommentedMap((k, _styled(v)) for k, v in new_values(imported, consultation).items())


def _tail(node: Any) -> tuple[Any, Any, int] | None:
    """The container, key and comment slot of the last value in the document."""
    while True:
        if isinstance(node, CommentedMap) and node:
            key: Any = list(node)[-1]
            slot = 2
        elif isinstance(node, CommentedSeq) and node:
            key, slot = len(node) - 1, 0
        else:
            return None
        if isinstance(node[key], CommentedMap | CommentedSeq) and node[key]:
            node = node[key]
            continue
        return node, key, slot


def _detach_end(data: Any) -> tuple[str, int] | None:
    """Remove the comment lines that end the file (attached to its last value) and return
    them with the number of blank lines before them."""
    found = _tail(data)
    if found is None:
        return None
    container, key, slot = found
    entry = container.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or not token.value.startswith("\n"):
        return None  # none, or a comment on the last line itself: it stays there
    entry[slot] = None
    blanks = len(token.value) - len(token.value.lstrip("\n"))
    block = isinstance(container[key], LiteralScalarString | FoldedScalarString)
    return token.value.lstrip("\n"), blanks if block else blanks - 1


def _attach_end(data: Any, end: tuple[str, int] | None) -> None:
    """Put the comment lines ``end`` back at the end of the file (the last value may have
    changed); the last value an import writes is a plain scalar (a hash)."""
    found = _tail(data)
    if end is None or found is None:
        return
    container, key, slot = found
    text, blanks = end
    token = CommentToken("\n" * (blanks + 1) + text, CommentMark(0), None)
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[slot] = token


def round_trip(
    text: str | None, imported: Sequence[Imported], consultation: str, default: str | None
) -> tuple[str, int, int]:
    """The merge by ruamel.yaml's round trip: the new text, records added and updated."""
    yaml = _yaml(text)
    data = yaml.load(text) if text and text.strip() else None
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
        data.yaml_set_start_comment(_HEADER)
    if not isinstance(data.get("responses"), list):
        data["responses"] = CommentedSeq()
    records: CommentedSeq = data["responses"]

    def answers(record: Any) -> bool:
        return isinstance(record, dict) and (record.get("consultation") or default) == consultation

    end = _detach_end(data)
    index = {str(r.get("respondent", "")).strip().casefold(): r for r in records if answers(r)}
    added = updated = 0
    for item in imported:
        record = index.get(item.respondent.casefold())
        if record is None:
            records.append(_new(item, consultation))
            added += 1
        elif _update(record, item.record):
            updated += 1
    _attach_end(data, end)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), added, updated
