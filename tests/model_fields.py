"""The fields of the content model, read from its JSON Schema, for tests that must cover them all.

A field is named by its path through the data, with ``[]`` for "every item of a list" and ``{}``
for "every value of a mapping": ``issue[].text``, ``consultation.objective_reasons.{}``. Because
the paths come from the model, a field added to the model is covered by these tests without
editing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from generator.load import FILE_MODELS
from generator.model import ObjectivesFile

__all__ = ["FieldPath", "content_models", "free_text_fields", "planted"]

FieldPath = tuple[str, ...]


def content_models() -> dict[str, type[BaseModel]]:
    """Every content file's model by file name (``objectives.yaml`` included)."""
    return {**FILE_MODELS, "objectives.yaml": ObjectivesFile}


#: How deep a model that holds itself (an attachment's attachments) is followed.
NESTING = 2


def _free_text(
    schema: dict[str, Any], defs: dict[str, Any], path: FieldPath, seen: tuple[str, ...] = ()
) -> Iterator[FieldPath]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if seen.count(name) >= NESTING:
            return
        yield from _free_text(defs[name], defs, path, (*seen, name))
        return
    for option in schema.get("anyOf", []):
        yield from _free_text(option, defs, path, seen)
    kind = schema.get("type")
    if kind == "string" and not {"pattern", "format", "enum", "const"} & schema.keys():
        yield path
    elif kind == "array":
        yield from _free_text(schema.get("items", {}), defs, (*path, "[]"), seen)
    elif kind == "object":
        for name, sub in schema.get("properties", {}).items():
            yield from _free_text(sub, defs, (*path, name), seen)
        values = [*schema.get("patternProperties", {}).values()]
        if isinstance(schema.get("additionalProperties"), dict):
            values.append(schema["additionalProperties"])
        for sub in values:
            yield from _free_text(sub, defs, (*path, "{}"), seen)


def free_text_fields(model: type[BaseModel]) -> list[FieldPath]:
    """The paths of every string field of ``model`` that takes free text (no pattern, no
    format such as a date, not a choice from a list)."""
    schema = model.model_json_schema()
    return sorted(set(_free_text(schema, schema.get("$defs", {}), ())))


def planted(data: Any, path: FieldPath, change: Callable[[str], str]) -> int:
    """Set every value at ``path`` in ``data`` to ``change(old)``; returns how many were set.

    Only values the data holds are changed (a field the data leaves out is not added, since
    some optional fields exclude others), so a count of 0 means the data has no example of
    that field.
    """
    if not path:
        raise ValueError("empty path")
    head, rest = path[0], path[1:]
    if head == "[]":
        items = list(enumerate(data)) if isinstance(data, list) else []
    elif head == "{}":
        items = list(data.items()) if isinstance(data, dict) else []
    else:
        items = (
            [(head, data[head])] if isinstance(data, dict) and data.get(head) is not None else []
        )
    if not rest:
        for key, value in items:
            data[key] = change(value)
        return len(items)
    return sum(planted(value, rest, change) for _, value in items)
