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
from ruamel.yaml.scalarstring import LiteralScalarString

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


def _styled(value: Any) -> Any:
    """``value`` as it is written: long or multi-line text as a literal block, objective
    letters as a flow list, answers and sources as block mappings."""
    if isinstance(value, str):
        return LiteralScalarString(value) if "\n" in value or len(value) > 80 else value
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
            if key in record:
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

    index = {str(r.get("respondent", "")).strip().casefold(): r for r in records if answers(r)}
    added = updated = 0
    for item in imported:
        record = index.get(item.respondent.casefold())
        if record is None:
            records.append(_new(item, consultation))
            added += 1
        elif _update(record, item.record):
            updated += 1
    out = io.StringIO()
    yaml.dump(data, out)
    return Merged(out.getvalue(), added, updated, len(imported) - added - updated)
