"""The sandbox content prose is rendered in: Jinja's ``SandboxedEnvironment``, bounded.

Prose may print facts and parameters (``{{ params.non_domestic_threshold | number }}``), choose
between words (``{% if %}``) and go through a list (``{% for %}``). It may not define or import
anything (macros, ``{% set %}``, includes), so nothing recurses and nothing accumulates, and what
it computes is bounded:

* integers up to ``MAX_NUMBER_BITS`` bits, and exponents up to ``MAX_EXPONENT``;
* strings and lists up to ``MAX_OUTPUT`` characters or ``MAX_ITEMS`` items, whether made by an
  operator (``*``, ``+``), a filter or a method; ``range`` up to ``MAX_ITEMS`` numbers; no
  width of more than five digits in a format;
* each field's output up to ``MAX_OUTPUT`` characters, rendered within ``TIME_BUDGET`` seconds.

Each refusal is a :class:`ProseRefused`, which the caller locates in the content.
"""

from __future__ import annotations

import math
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from functools import wraps
from types import FrameType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "MAX_EXPONENT",
    "MAX_ITEMS",
    "MAX_NUMBER_BITS",
    "MAX_OUTPUT",
    "TIME_BUDGET",
    "BoundedEnvironment",
    "ProseRefused",
    "render_bounded",
]

#: The most characters one prose field (and any string made on the way) may have.
MAX_OUTPUT = 100_000
#: The most items a list made in prose (or a ``range``) may have.
MAX_ITEMS = 1_000
#: The largest integer prose may compute, in bits.
MAX_NUMBER_BITS = 64
#: The largest exponent of ``**``.
MAX_EXPONENT = 64
#: Seconds one prose field may take to render.
TIME_BUDGET = 2.0

#: Statements prose may not use: they define, import or accumulate.
_REFUSED: dict[type[nodes.Node], str] = {
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.Assign: "set",
    nodes.AssignBlock: "set",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Include: "include",
    nodes.Extends: "extends",
    nodes.Block: "block",
    nodes.FilterBlock: "filter",
    nodes.With: "with",
}
_ALLOWED = "prose may use {{ expressions }}, {% if %} and {% for %}"
#: A ``%`` format whose width or precision is read from the arguments or has six digits or more.
_WIDE_FORMAT = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|[0-9]{6,}|[0-9]*\.(\*|[0-9]{6,}))")
#: Filters whose output can be far larger than their input, left out of prose.
_FILTERS_LEFT_OUT = {"indent", "center", "wordwrap", "pprint", "urlize", "xmlattr"}
#: Methods of ``str`` prose may not use: formats whose width can come from the arguments.
_STRING_FORMATS = {"format", "format_map"}


class ProseRefused(Exception):
    """Prose asked for more than the sandbox allows; ``lineno`` is its line in the prose, when
    known before rendering (0 otherwise: the traceback tells)."""

    def __init__(self, message: str, lineno: int = 0, statement: str = "") -> None:
        super().__init__(message)
        self.lineno = lineno
        #: The refused statement (``macro``), when a statement was refused.
        self.statement = statement


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | dict | set | frozenset) else 0


def _check_result(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_OUTPUT:
        raise ProseRefused(f"makes a text of {len(value):,} characters; at most {MAX_OUTPUT:,}")
    if isinstance(value, list | tuple | dict | set | frozenset) and len(value) > MAX_OUTPUT:
        raise ProseRefused(f"makes {len(value):,} items; at most {MAX_OUTPUT:,}")
    if isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
        raise ProseRefused(f"makes a number of more than {MAX_NUMBER_BITS} bits")
    return value


def _check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT:
            raise ProseRefused(f"passes {value:,} where at most {MAX_OUTPUT:,} is allowed")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise ProseRefused("uses a format whose width is not a number under 100,000")


def _refuse_format(*args: Any, **kwargs: Any) -> str:
    raise ProseRefused("str.format is not allowed: use the filters (number, long_date, ...)")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str):
        count = text.count(old) if old else len(text) + 1
        if count * _size(new) + len(text) > MAX_OUTPUT:
            raise ProseRefused(f"makes a text of more than {MAX_OUTPUT:,} characters")


def _check_string_method(method: Any, args: tuple[Any, ...]) -> None:
    """Methods of ``str`` whose result can be far larger than their inputs."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(owner, str):
        return
    if name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    tabs = args[0] if name == "expandtabs" and args and isinstance(args[0], int) else 0
    if tabs and owner.count("\t") * tabs + len(owner) > MAX_OUTPUT:
        raise ProseRefused(f"makes a text of more than {MAX_OUTPUT:,} characters")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    pass_arg = getattr(function, "jinja_pass_arg", None)
    value_at = 0 if pass_arg is None else 1  # after the environment or context, if passed

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[value_at + 1 :], kwargs)
        if name == "format" and len(args) > value_at:
            _check_format(args[value_at])
        if name == "replace" and len(args) > value_at + 2:
            _check_replace(str(args[value_at]), args[value_at + 1], args[value_at + 2])
        return _check_result(function(*args, **kwargs))

    if pass_arg is not None:
        bounded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return bounded


def _range(*args: int) -> range:
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:
        count = sys.maxsize
    if count > MAX_ITEMS:
        raise ProseRefused(f"asks for a range of {count:,} numbers; at most {MAX_ITEMS:,}")
    return numbers


def _repeat_size(left: Any, right: Any) -> int:
    """The size ``left * right`` would have when one side is a sequence."""
    for sequence, times in ((left, right), (right, left)):
        if _size(sequence) and isinstance(times, int) and not isinstance(sequence, dict):
            return _size(sequence) * max(times, 0)
    return 0


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox with the bounds of this module (see its docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__(
            undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
        )
        every = {**self.filters, **filters}
        self.filters = {
            name: _bounded_filter(name, f)
            for name, f in every.items()
            if name not in _FILTERS_LEFT_OUT
        }
        self.globals = {"range": _range, "dict": dict}

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and _too_big_power(left, right):
            raise ProseRefused(
                f"computes {left!r} ** {right!r}; exponents up to {MAX_EXPONENT} "
                f"and results up to {MAX_NUMBER_BITS} bits"
            )
        limit = MAX_OUTPUT if isinstance(left, str) or isinstance(right, str) else MAX_ITEMS
        if operator == "*" and _repeat_size(left, right) > limit:
            raise ProseRefused(f"repeats a text or list beyond {limit:,} characters or items")
        if operator == "+" and _size(left) + _size(right) > limit:
            raise ProseRefused(f"joins texts or lists beyond {limit:,} characters or items")
        if operator == "%":
            _check_format(left)
        return _check_result(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` refused: their width can come from an argument."""
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in _STRING_FORMATS:
            return _refuse_format
        return super().wrap_str_format(value)

    def call(
        __self,  # the sandbox's own signature: callers pass the object positionally
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        _check_arguments(args, kwargs)
        _check_string_method(__obj, args)
        return _check_result(super().call(__context, __obj, *args, **kwargs))


def _too_big_power(base: Any, exponent: Any) -> bool:
    if not all(isinstance(v, int | float) for v in (base, exponent)):
        return False
    if abs(exponent) > MAX_EXPONENT:
        return bool(abs(base) > 1)
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        return exponent * math.log2(abs(base)) > MAX_NUMBER_BITS
    return False


def check_statements(template: nodes.Template) -> None:
    """Refuse the statements prose may not use (see ``_REFUSED``)."""
    for node in template.find_all(tuple(_REFUSED)):
        name = _REFUSED[type(node)]
        raise ProseRefused(f"{{% {name} %}} is not allowed: {_ALLOWED}", node.lineno, name)
    for loop in template.find_all(nodes.For):
        if loop.recursive:
            message = f"a recursive {{% for %}} is not allowed: {_ALLOWED}"
            raise ProseRefused(message, loop.lineno, "for")


def _has_loop(template: nodes.Template) -> bool:
    return next(template.find_all(nodes.For), None) is not None


class _Deadline:
    """Raises ``ProseRefused`` inside the template's own code once the budget is spent.

    Used only for prose with a loop: straight-line prose is bounded by the checks above.
    """

    def __init__(self, budget: float) -> None:
        self.at = time.monotonic() + budget

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise ProseRefused(f"takes more than {TIME_BUDGET:g} seconds to render")

    def _line(self, frame: FrameType, event: str, arg: Any) -> Any:
        self.check()
        return self._line

    def tracer(self, frame: FrameType, event: str, arg: Any) -> Any:
        return self._line if frame.f_code.co_filename == "<template>" else None


def render_bounded(template: jinja2.Template, context: Mapping[str, Any], loops: bool) -> str:
    """Render ``template`` within the output and time limits; ``loops``: whether it has one."""
    deadline = _Deadline(TIME_BUDGET)
    previous = sys.gettrace()
    if loops:
        sys.settrace(deadline.tracer)
    try:
        return _joined(template.generate(context), deadline)
    finally:
        if loops:
            sys.settrace(previous)


def _joined(chunks: Iterator[str], deadline: _Deadline) -> str:
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise ProseRefused(f"renders more than {MAX_OUTPUT:,} characters")
        deadline.check()
        out.append(chunk)
    return "".join(out)


def compile_prose(environment: BoundedEnvironment, text: str) -> tuple[jinja2.Template, bool]:
    """``text`` compiled, after refusing what prose may not use; and whether it has a loop."""
    parsed = environment.parse(text)
    check_statements(parsed)
    return environment.from_string(parsed), _has_loop(parsed)
