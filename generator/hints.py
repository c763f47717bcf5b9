"""Pydantic's validation errors in the author's words: what is expected, and a hint.

A misspelt key gets "did you mean `position`?" (the closest field name of the model at that
place), a value outside a list of choices gets the closest choice, a date in another format gets
"a date as YYYY-MM-DD, e.g. 2019-12-20". When a misspelt key is the likely spelling of a
required field, the "required field is missing" of that field is left out: one mistake, one line.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

__all__ = ["Message", "child", "messages"]

#: A field path and what is wrong there.
Message = tuple[tuple[str | int, ...], str]

_DATE_ERRORS = {
    "date_from_datetime_inexact",
    "date_from_datetime_parsing",
    "date_parsing",
    "date_past",
    "date_future",
    "date_type",
}
_DATE_HINT = "a date as YYYY-MM-DD, e.g. 2019-12-20"

#: Keys that have a file of their own now, and what to do with them.
_MOVED: dict[tuple[str | int, ...], str] = {
    ("guidance",): "the guidance update is described in guidance.yaml, beside this file",
}


def _models(annotation: Any) -> Iterable[type[BaseModel]]:
    """The models an annotation holds, through lists, dicts, unions and ``Annotated``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models(arg)


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> set[str]:
    """The field names at ``path`` inside ``model``: those of every model a union there may
    hold (empty if it cannot be told)."""
    current = [model]
    for part in path:
        if isinstance(part, int):
            continue  # an item of a list: same models as the list's
        owners = [m for m in current if part in m.model_fields]
        if not owners:
            continue  # a key of a dict: same models as the dict's
        current = list(_models(owners[0].model_fields[part].annotation))
    return {name for m in current for name in m.model_fields}


def _closest(word: str, choices: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _choices(error: ErrorDetails) -> str:
    ctx = error.get("ctx") or {}
    expected = str(ctx.get("expected", "")).replace("'", "")
    choices = [c.strip() for c in expected.replace(" or ", ", ").split(",") if c.strip()]
    message = f"must be one of {', '.join(choices)}"
    given = error.get("input")
    if isinstance(given, str) and (near := _closest(given, choices)):
        message += f"; did you mean `{near}`?"
    return message


def _message(error: ErrorDetails, model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        moved = _MOVED.get(path)
        if moved:
            return f"unknown key ({moved})"
        near = _closest(str(path[-1]), _fields_at(model, path[:-1]))
        return f"unknown key; did you mean `{near}`?" if near else "unknown key"
    if kind == "missing":
        return "required field is missing"
    if kind in ("enum", "literal_error"):
        return _choices(error)
    if kind in _DATE_ERRORS:
        return f"must be {_DATE_HINT} (not {_shown(error.get('input'))})"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"does not match the pattern {ctx.get('pattern')}"
    if kind in ("greater_than_equal", "greater_than") and ctx.get("ge") == 0:
        return "must be 0 or more"
    msg = str(error["msg"])
    return msg[:1].lower() + msg[1:]


def _path(error: ErrorDetails, data: Any) -> tuple[str | int, ...]:
    """An error's location as a path through the data (a dict key's own error is located at
    the key).

    Inside a discriminated union (``implementation``), pydantic puts the member's tag first
    (``implementation.release.cutoff``); the tag is the value of ``approach``, not a key.
    """
    path: list[str | int] = []
    node = data
    entered = True
    for part in error["loc"]:
        if not isinstance(part, str | int) or part == "[key]":
            continue
        if entered and isinstance(node, dict) and node.get("approach") == part:
            entered = False
            continue  # the union member's tag
        path.append(part)
        node = child(node, part)
        entered = True
    return tuple(path)


def child(node: Any, part: str | int) -> Any:
    """The value at key or index ``part`` of plain data ``node``; None where there is none."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _suggested(
    error: ErrorDetails, model: type[BaseModel], data: Any
) -> tuple[str | int, ...] | None:
    """The field a misspelt key most likely meant, as a path."""
    path = _path(error, data)
    if error["type"] != "extra_forbidden" or not path:
        return None
    near = _closest(str(path[-1]), _fields_at(model, path[:-1]))
    return (*path[:-1], near) if near else None


def messages(errors: list[ErrorDetails], model: type[BaseModel], data: Any) -> list[Message]:
    """Each validation error of ``model`` (validating ``data``) as a field path and a message
    in the author's words."""
    meant = {p for e in errors if (p := _suggested(e, model, data)) is not None}
    found: list[Message] = []
    for error in errors:
        path = _path(error, data)
        if error["type"] == "missing" and path in meant:
            continue  # said once, as "unknown key; did you mean ...?"
        found.append((path, _message(error, model, path)))
    return found
