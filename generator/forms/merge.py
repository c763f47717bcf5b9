"""Imported responses merged into ``responses.yaml``, keeping everything the author wrote.

The file is read and written with ruamel.yaml's round trip, so its comments, key order, quoting
and block styles stay as they were. A response is matched by respondent (in any case) and
consultation. The import owns what the form collects: the respondent's organisation, contact,
category and confidentiality, the position, the objectives, the answers and where they were
read from; a value that has not changed is left untouched, so importing the same forms twice
leaves the file byte for byte as it was. Everything else in a record, the author's
``comments``, ``discussed``, ``discussion`` and ``secas_response`` above all, is never changed.
A new respondent is appended, with its reasons on the position question as its ``comments``
(as literal text: they are the author's Markdown from then on) until the author summarises
them.
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

from generator.forms.answers import Imported
from generator.forms.emit import emit_records, folded_lines
from generator.model import ResponseRecord
from generator.render.literal import literal_markdown

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
    """``text`` as a folded block, folded where :func:`~generator.forms.emit.folded_lines`
    folds it."""
    folded = FoldedScalarString(text)
    positions: list[int] = []
    at = 0
    for n, segment in enumerate(text.split("\n")):
        at += 1 if n else 0
        lines = folded_lines(segment, _WIDTH) if segment else []
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


def _new_values(imported: Imported, consultation: str) -> dict[str, Any]:
    """A new record's keys and values, in the file's order."""
    values = {**imported.record, "consultation": consultation}
    # comments are the author's Markdown: the respondent's words go in as literal text
    values["comments"] = literal_markdown(imported.reasons) if imported.reasons else _NO_REASONS
    return {key: values[key] for key in _ORDER if not _empty(values.get(key))}


def _new(imported: Imported, consultation: str) -> CommentedMap:
    return CommentedMap((k, _styled(v)) for k, v in _new_values(imported, consultation).items())


def _owned(record: ResponseRecord) -> dict[str, Any]:
    """The keys an import owns of a loaded record, as an import writes them."""
    data = record.model_dump(mode="json", exclude_none=True)
    return {k: data[k] for k in OWNED if not _empty(data.get(k))}


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


def _append(text: str, new: list[dict[str, Any]]) -> str | None:
    """``text`` with ``new`` records written after its last record, or None when the file's
    layout is not the one :mod:`generator.forms.emit` writes, or the result would not read
    back as the old records followed by the new."""
    import yaml

    lines = text.splitlines(keepends=True)
    heads = [i for i, line in enumerate(lines) if line.rstrip() == "responses:"]
    if len(heads) != 1:
        return None
    after = [line for line in lines[heads[0] + 1 :] if line.strip() and line[0] != "#"]
    if not after or not after[0].startswith("  - ") or any(line[0] != " " for line in after):
        return None  # no record yet, another layout, or a key after the list
    snippet = emit_records(new, _WIDTH)
    if snippet is None:
        return None
    last = max(i for i, line in enumerate(lines) if line.strip() and line[0] != "#")
    head = "".join(lines[: last + 1])
    result = (head if head.endswith("\n") else head + "\n") + snippet + "".join(lines[last + 1 :])
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        before, merged = yaml.load(text, Loader=loader), yaml.load(result, Loader=loader)
    except yaml.YAMLError:
        return None
    expected = {**before, "responses": [*before["responses"], *new]}
    return result if merged == expected else None


def _round_trip(
    text: str | None, imported: Sequence[Imported], consultation: str, default: str | None
) -> tuple[str, int, int]:
    """The merge by ruamel.yaml's round trip: the new text, records added and updated."""
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
    return out.getvalue(), added, updated


def merge_responses(
    text: str | None,
    imported: Sequence[Imported],
    consultation: str,
    default: str | None,
    existing: Sequence[ResponseRecord] = (),
) -> Merged:
    """``text`` (the current ``responses.yaml``, None when there is none; ``existing`` its
    records as loaded) with ``imported`` merged in as responses to the consultation keyed
    ``consultation``; a record naming no consultation answered ``default`` (the paper's).

    Nothing to change leaves ``text`` as it is; only new respondents are appended as text
    (:func:`_append`); anything else is a round trip of the whole file."""
    mine = {
        r.respondent.strip().casefold(): r
        for r in existing
        if (r.consultation or default) == consultation
    }
    new, changed = [], 0
    for item in imported:
        record = mine.get(item.respondent.casefold())
        if record is None:
            new.append(_new_values(item, consultation))
        elif _owned(record) != {k: v for k in OWNED if not _empty(v := item.record.get(k))}:
            changed += 1
    total = len(imported)
    if text is not None and not new and not changed:
        return Merged(text, 0, 0, total)
    appended = _append(text, new) if text is not None and not changed else None
    if appended is not None:
        return Merged(appended, len(new), 0, total - len(new))
    merged, added, updated = _round_trip(text, imported, consultation, default)
    return Merged(merged, added, updated, total - added - updated)
