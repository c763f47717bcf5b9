"""The content model as JSON Schema (for editors) and as a reference page (for authors).

Both are generated from the pydantic models and their field descriptions
(:mod:`generator.model`), so they cannot disagree with what ``secmod check`` accepts:

* ``secmod schema --out content/schema`` writes one JSON Schema per content file; each file
  ``secmod new`` scaffolds names its schema (``# yaml-language-server: $schema=...``), so an
  editor with the YAML language server completes and checks the fields as they are typed;
* ``secmod schema --reference`` prints the Content reference: every field of every file, with
  its type, whether it is required, its default, its allowed values and what it means. The
  site's "Content reference" page and the README's section are this text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.load import FILE_MODELS
from generator.model import ObjectivesFile, ReleasesFile

__all__ = ["CONTENT_FILES", "ReferenceRow", "reference_markdown", "reference_rows", "schema_files"]

#: Every content file and its model: the files of a modification folder, then the shared ones.
CONTENT_FILES: dict[str, type[BaseModel]] = {
    **FILE_MODELS,
    "objectives.yaml": ObjectivesFile,
    "releases.yaml": ReleasesFile,
}

_WHERE = {
    "objectives.yaml": "content/objectives.yaml",
    "releases.yaml": "content/releases.yaml",
}


def schema_name(file: str) -> str:
    """The schema file of content file ``file``: ``modification.yaml`` ->
    ``modification.schema.json``."""
    return file.removesuffix(".yaml") + ".schema.json"


def schema_files() -> dict[str, str]:
    """Each content file's JSON Schema (draft 2020-12), by schema file name, as text."""
    found = {}
    for file, model in CONTENT_FILES.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(),
        }
        found[schema_name(file)] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return found


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """One field of the content reference."""

    path: str
    kind: str
    required: bool
    default: str
    description: str
    #: A value as an author would write it ("" for a field that holds other fields).
    example: str = ""


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = {
            **defs[schema["$ref"].rsplit("/", 1)[1]],
            **{k: v for k, v in schema.items() if k != "$ref"},
        }
    return schema


def _kind(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A field's type in words: "date (YYYY-MM-DD)", "one of: approve, reject, neutral"."""
    schema = _resolve(schema, defs)
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    if options:
        return " or ".join(_kind(o, defs) for o in options)
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return str(schema["const"])
    kind = schema.get("type")
    if kind == "array":
        return "list of " + _kind(schema.get("items", {}), defs)
    if kind == "object":
        patterns = schema.get("patternProperties", {})
        if patterns:
            pattern, values = next(iter(patterns.items()))
            key = "objective letter" if pattern == "^[a-z]$" else "field name"
            return f"mapping of {key} to " + _kind(values, defs)
        return "mapping"
    if "oneOf" in schema:
        return "mapping, by approach"
    return {
        "string": "date (YYYY-MM-DD)" if schema.get("format") == "date" else "text",
        "integer": "whole number",
        "boolean": "true or false",
    }.get(str(kind), str(kind))


def _example(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A value of the field as written in YAML: the model's example, else the first allowed
    value, a date, or true; "" for a field that holds other fields."""
    for where in (schema, _resolve(schema, defs)):
        if where.get("examples"):
            return _yaml_value(where["examples"][0])
    resolved = _resolve(schema, defs)
    options = [o for o in resolved.get("anyOf", []) if o.get("type") != "null"]
    if options:
        return _example(options[0], defs)
    if "enum" in resolved:
        return _yaml_value(resolved["enum"][0])
    if resolved.get("format") == "date":
        return "2019-12-20"
    if resolved.get("type") == "boolean":
        return "true"
    if resolved.get("type") == "array" and _object(resolved, defs) is None:
        inner = _example(resolved.get("items", {}), defs)
        return f"[{inner}]" if inner else ""
    return ""


def _yaml_value(value: Any) -> str:
    """``value`` as a YAML flow value on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _object(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The object schema a field holds, directly or as the items of a list."""
    schema = _resolve(schema, defs)
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return _object(option, defs)
    if schema.get("type") == "array":
        return _object(schema.get("items", {}), defs)
    return schema if "properties" in schema else None


def _rows(
    schema: dict[str, Any], defs: dict[str, Any], prefix: str, seen: tuple[str, ...]
) -> Iterator[ReferenceRow]:
    required = set(schema.get("required", []))
    for name, field in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        default = field.get("default")
        shown = "" if default is None or default == [] or default == {} else json.dumps(default)
        description = field.get("description") or _resolve(field, defs).get("description", "")
        yield ReferenceRow(
            path,
            _kind(field, defs),
            name in required,
            shown,
            description,
            _example(field, defs),
        )
        resolved = _resolve(field, defs)
        for member in resolved.get("oneOf", []):
            target = _resolve(member, defs)
            tag = target["properties"]["approach"]["const"]
            about = " ".join(target.get("description", "").split())
            yield ReferenceRow(f"{path}.approach", tag, True, "", about, tag)
            rest = {
                **target,
                "properties": {k: v for k, v in target["properties"].items() if k != "approach"},
            }
            yield from _rows(rest, defs, f"{path} (approach: {tag}).", seen)
        inner = _object(field, defs)
        ref = json.dumps(inner, sort_keys=True) if inner else ""
        if inner is not None and seen.count(ref) < 1:
            items = (
                "[]"
                if _resolve(field, defs).get("type") == "array"
                or any(o.get("type") == "array" for o in _resolve(field, defs).get("anyOf", []))
                else ""
            )
            yield from _rows(inner, defs, f"{path}{items}.", (*seen, ref))


def reference_rows(file: str) -> list[ReferenceRow]:
    """Every field of content file ``file``, in the model's order."""
    schema = CONTENT_FILES[file].model_json_schema()
    return list(_rows(schema, schema.get("$defs", {}), "", ()))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference_markdown(heading: str = "##") -> str:
    """The Content reference as Markdown: a table of fields per content file."""
    parts = [
        "Every field of every content file, generated from the content model "
        "(`secmod schema --reference`). Fields marked required must be given; the others may "
        "be left out. Prose fields are Markdown and may use `{{ ... }}` expressions.\n"
    ]
    for file in CONTENT_FILES:
        model = CONTENT_FILES[file]
        where = _WHERE.get(file, f"content/<ID>/{file}")
        summary = " ".join((model.__doc__ or "").split("\n\n")[0].split())
        summary = summary.split(": ", 1)[-1] if summary.startswith("``") else summary
        summary = summary[:1].upper() + summary[1:]
        parts.append(f"{heading} `{where}`\n\n{_cell(summary)}\n")
        parts.append(
            "| Field | Type | Required | Default | Meaning | Example |\n"
            "| --- | --- | --- | --- | --- | --- |"
        )
        for row in reference_rows(file):
            example = f"`{_cell(row.example)}`" if row.example else ""
            parts.append(
                f"| `{row.path}` | {_cell(row.kind)} | {'yes' if row.required else ''} | "
                f"{_cell(row.default)} | {_cell(row.description)} | {example} |"
            )
        parts.append("")
    return "\n".join(parts)
