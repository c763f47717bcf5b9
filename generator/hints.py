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

__all__ = ["Message", "messages"]

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


def _model_at(model: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model whose fields are at ``path`` inside ``model`` (None if it cannot be told)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int) or part not in current.model_fields:
            continue  # an item of a list or a key of a dict: same model as the container's
        found = list(_models(current.model_fields[part].annotation))
        current = found[0] if found else None
    return current


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
        owner = _model_at(model, path[:-1])
        near = _closest(str(path[-1]), owner.model_fields) if owner else None
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


def _path(error: ErrorDetails) -> tuple[str | int, ...]:
    """The field path of an error (a dict key's own error is located at the key)."""
    return tuple(p for p in error["loc"] if isinstance(p, str | int) and p != "[key]")


def _suggested(error: ErrorDetails, model: type[BaseModel]) -> tuple[str | int, ...] | None:
    """The field a misspelt key most likely meant, as a path."""
    path = _path(error)
    if error["type"] != "extra_forbidden" or not path:
        return None
    owner = _model_at(model, path[:-1])
    near = _closest(str(path[-1]), owner.model_fields) if owner else None
    return (*path[:-1], near) if near else None


def messages(errors: list[ErrorDetails], model: type[BaseModel]) -> list[Message]:
    """Each validation error of ``model`` as a field path and a message in the author's words."""
    meant = {p for e in errors if (p := _suggested(e, model)) is not None}
    found: list[Message] = []
    for error in errors:
        path = _path(error)
        if error["type"] == "missing" and path in meant:
            continue  # said once, as "unknown key; did you mean ...?"
        found.append((path, _message(error, model, path)))
    return found
