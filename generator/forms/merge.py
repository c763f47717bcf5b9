"""Imported responses merged into ``responses.yaml``, keeping everything the author wrote.

The file is read and written with ruamel.yaml's round trip, so its comments, key order, quoting
and block styles stay as they were. A response is matched by respondent (in any case) and
consultation. The import owns what the form collects: the respondent's organisation, contact,
category and confidentiality, the position, the objectives, the answers and where they were
read from; a value that has not changed is left untouched, so importing the same forms twice
leaves the file byte for byte as it was. Everything else in a record, the author's
``comments``, ``discussed``, ``discussion`` and ``secas_response`` above all, is never changed.
A new respondent is appended, with its reasons on the position question as its ``comments``
until the author summarises them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from generator.errors import BuildError, Location, Problem
from generator.forms.answers import Imported

__all__ = ["OWNED", "Merged", "merge_responses", "plain"]

#: The keys of a response that an import writes (every other key is the author's).
OWNED = (
    "organisation",
    "contact",
    "category",
    "confidential",
    "position",
    "objectives",
    "objectives_against",
    "answers",
    "source",
)
#: Where a new record's keys go, in order.
_ORDER = ("respondent", *OWNED[:4], "consultation", *OWNED[4:7], "comments", *OWNED[7:])
_HEADER = "yaml-language-server: $schema=../schema/responses.schema.json"
_NO_REASONS = "No reasons given."
#: Where long text is folded (the rest of the file keeps lines under 100 characters).
_WIDTH = 84


@dataclass(frozen=True, slots=True)
class Merged:
    """The new text of ``responses.yaml`` and what changed."""

    text: str
    added: int
    updated: int
    unchanged: int


def _yaml() -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
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
    """``text`` as a folded block, each line folded at a space before :data:`_WIDTH`."""
    folded = FoldedScalarString(text)
    positions: list[int] = []
    start = 0
    for line in text.split("\n"):
        column = 0
        for word in line.split(" "):
            if column and column + 1 + len(word) > _WIDTH:
                positions.append(start - 1)  # the space before the word
                column = len(word)
            else:
                column += len(word) + (1 if column else 0)
            start += len(word) + 1
    folded.fold_pos = positions
    return folded


def _styled(value: Any) -> Any:
    """``value`` as it is written: long or multi-line text as a folded block, objective
    letters as a flow list, answers and sources as block mappings."""
    if isinstance(value, str):
        return _folded(value) if "\n" in value or len(value) > _WIDTH else value
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v) for v in value)
        if all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((k, _styled(v)) for k, v in value.items())
    return value


def _empty(value: Any) -> bool:
    return value is None or value is False or value == []


def _update(record: CommentedMap, imported: dict[str, Any]) -> bool:
    """Set the owned keys of ``record`` from ``imported``; whether anything changed."""
    changed = False
    for key in OWNED:
        value = imported.get(key)
        if _empty(value):
            if key in record:
                del record[key]
                changed = True
        elif key not in record or plain(record[key]) != value:
            if key in record or key in ("answers", "source"):
                record[key] = _styled(value)
            else:
                before = [k for k in _ORDER[: _ORDER.index(key)] if k in record]
                at = list(record).index(before[-1]) + 1 if before else len(record)
                record.insert(at, key, _styled(value))
            changed = True
    return changed


def _new(imported: Imported, consultation: str) -> CommentedMap:
    values = {**imported.record, "consultation": consultation}
    values["comments"] = imported.reasons or _NO_REASONS
    record = CommentedMap()
    for key in _ORDER:
        if not _empty(values.get(key)):
            record[key] = _styled(values[key])
    return record


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


def merge_responses(
    text: str | None, imported: Sequence[Imported], consultation: str, default: str | None
) -> Merged:
    """``text`` (the current ``responses.yaml``, None when there is none) with ``imported``
    merged in as responses to the consultation keyed ``consultation``; a record naming no
    consultation answered ``default`` (the paper's)."""
    yaml = _yaml()
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
    if plain(yaml.load(out.getvalue())) != plain(data):  # what is written must read back
        raise BuildError(
            [Problem(Location("responses.yaml"), "", "the merged file does not read back")]
        )
    return Merged(out.getvalue(), added, updated, len(imported) - added - updated)
