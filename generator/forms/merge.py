"""Imported responses merged into ``responses.yaml``, keeping everything the author wrote.

A response is matched by respondent (in any case) and consultation. The import owns what the
form collects: the respondent's organisation, contact, category and confidentiality, the
position, the objectives, the answers and where they were read from. Everything else in a
record, the author's ``comments``, ``discussed``, ``discussion`` and ``secas_response`` above
all, is never changed. A new respondent gets its reasons on the position question as its
``comments`` (as literal text: they are the author's Markdown from then on) until the author
summarises them.

Nothing changed leaves the file byte for byte as it was (importing the same forms twice);
new respondents alone are appended as text (:mod:`generator.forms.emit`), read back and
compared before use; any other change goes through ruamel.yaml's round trip
(:mod:`generator.forms.round_trip`), which keeps the file's comments, key order, quoting and
block styles, and leaves an unchanged value as it was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.forms.answers import Imported
from generator.forms.emit import emit_records
from generator.model import ResponseRecord
from generator.render.literal import literal_markdown

__all__ = ["ORDER", "OWNED", "WIDTH", "Merged", "empty", "merge_responses", "new_values"]

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
ORDER = ("respondent", *OWNED[:4], "consultation", *OWNED[4:7], "comments", *OWNED[7:])
_NO_REASONS = "No reasons given."
#: Where long text is folded (the rest of the file keeps lines under 100 characters).
WIDTH = 84


@dataclass(frozen=True, slots=True)
class Merged:
    """The new text of ``responses.yaml`` and what changed."""

    text: str
    added: int
    updated: int
    unchanged: int


def empty(value: Any) -> bool:
    return value is None or value is False or value == []


def new_values(imported: Imported, consultation: str) -> dict[str, Any]:
    """A new record's keys and values, in the file's order."""
    values = {**imported.record, "consultation": consultation}
    # comments are the author's Markdown: the respondent's words go in as literal text
    values["comments"] = literal_markdown(imported.reasons) if imported.reasons else _NO_REASONS
    return {key: values[key] for key in ORDER if not empty(values.get(key))}


def _owned(record: ResponseRecord) -> dict[str, Any]:
    """The keys an import owns of a loaded record, as an import writes them."""
    data = record.model_dump(mode="json", exclude_none=True)
    return {k: data[k] for k in OWNED if not empty(data.get(k))}


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
    snippet = emit_records(new, WIDTH)
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
            new.append(new_values(item, consultation))
        elif _owned(record) != {k: v for k in OWNED if not empty(v := item.record.get(k))}:
            changed += 1
    total = len(imported)
    if text is not None and not new and not changed:
        return Merged(text, 0, 0, total)
    appended = _append(text, new) if text is not None and not changed else None
    if appended is not None:
        return Merged(appended, len(new), 0, total - len(new))
    from generator.forms.round_trip import round_trip  # ruamel.yaml, only when needed

    merged, added, updated = round_trip(text, imported, consultation, default)
    return Merged(merged, added, updated, total - added - updated)
