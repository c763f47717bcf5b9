"""The sandbox content prose runs in: what prose may do, and every bound it may not pass.

Prose prints facts and parameters, chooses words with ``{% if %}`` and goes through lists
with ``{% for %}``; it may not define or import anything, and what it computes is bounded in
size and time. Every refusal is a ``ContentError`` located in the field.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from generator.errors import ContentError, Location
from generator.render import templating
from generator.render.templating import render_prose

CONTEXT: dict[str, Any] = {
    "params": {"non_domestic_threshold": 50_000},
    "names": ["a", "b", "c"],
    "text": "x" * 50_000,
}
WHERE = Location("content/X/modification.yaml", 10, 3)


def render(text: str) -> str:
    return render_prose(text, CONTEXT, WHERE, "issue[0].text")


def refusal(text: str) -> str:
    with pytest.raises(ContentError) as caught:
        render(text)
    (problem,) = caught.value.problems
    assert problem.field == "issue[0].text"
    assert problem.location.file == WHERE.file
    return problem.message


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("{{ params.non_domestic_threshold | number }} premises", "50,000 premises"),
        ("{% if params.non_domestic_threshold > 1 %}more{% else %}less{% endif %}", "more"),
        ("{% for n in names %}{{ n | upper }}{% endfor %}", "ABC"),
        ("{{ names | join(', ') }}", "a, b, c"),
        ("{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ 7 % 3 }}", "1024 ababab 1"),
        ("{{ range(3) | list }}", "[0, 1, 2]"),
        ("{{ '%05d' % 42 }}", "00042"),
        ("{{ 'a-b'.replace('-', ' ') }}", "a b"),
        ("Plain prose with a [link](https://example.org).", None),
    ],
)
def test_what_prose_may_do(prose: str, expected: str | None) -> None:
    assert render(prose) == (prose if expected is None else expected)


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "{% macro %} is not allowed"),
        ("{% set x = 1 %}{{ x }}", "{% set %} is not allowed"),
        ("{% include 'x' %}", "{% include %} is not allowed"),
        ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "recursive {% for %}"),
        ("{{ 10 ** 100000000 }}", "exponents up to 64"),
        ("{{ 2 ** 64 * '' }}", "more than 64 bits"),
        ("{{ 'x' * 10 ** 10 }}", "beyond 100,000 characters"),
        ("{{ [1] * 1001 }}", "beyond 1,000"),
        ("{{ text + text + text }}", "beyond 100,000"),
        ("{{ range(10 ** 9) }}", "at most 100,000"),
        ("{{ range(1001) }}", "a range of 1,001 numbers"),
        ("{{ lipsum(10 ** 7) }}", "at most 100,000"),
        ("{{ 'a'.ljust(10 ** 9) }}", "at most 100,000"),
        ("{{ '%999999999d' % 1 }}", "format"),
        ("{{ '%*d' % (10 ** 5, 1) }}", "format"),
        ("{{ '{:>999999999}'.format(1) }}", "str.format is not allowed"),
        ("{{ 'x{}'.format_map({}) }}", "str.format is not allowed"),
        ("{{ text | replace('', 'yy') }}", "more than 100,000"),
        ("{{ text.replace('x', 'yyy') }}", "more than 100,000"),
        ("{{ 'a\tb'.expandtabs(99999) * 1 }}{{ ('\t' * 99).expandtabs(9999) }}", "100,000"),
        ("{{ 'x' | indent(5) }}", "No filter named 'indent'"),
        ("{% for i in range(1000) %}{{ text }}{% endfor %}", "more than 100,000 characters"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{{ none() }}", "expression error"),
        ("{{ params.nope }}", "has no attribute 'nope'"),
        ("{{ params.__class__.__mro__ }}", "expression error"),
        ("{{ 1 + }}", "expression error"),
        ("See [the rules](../rules/index.md).", "links in prose must be web addresses"),
        ("{{ '[x](y.md)' }}", "links in prose must be web addresses"),
        ("![chart](https://example.org/c.png)", "images are not allowed"),
    ],
)
def test_every_bound_is_a_located_refusal(prose: str, expected: str) -> None:
    assert expected in refusal(prose)


def test_loops_that_print_nothing_stop_at_the_time_budget() -> None:
    from generator.render.sandbox import TIME_BUDGET

    started = time.monotonic()
    message = refusal(
        "{% for a in range(999) %}{% for b in range(999) %}{% for c in range(999) %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    assert f"takes more than {TIME_BUDGET:g} seconds" in message
    assert time.monotonic() - started < TIME_BUDGET + 5


def test_the_output_of_a_field_is_bounded() -> None:
    from generator.render.sandbox import MAX_OUTPUT

    assert len(render("{{ text }}{{ text }}")) == 2 * 50_000 <= MAX_OUTPUT
    assert "renders more than" in refusal("{{ text }}{{ text }}{{ text }}")


def test_collected_problems_are_raised_together_at_the_end() -> None:
    with pytest.raises(ContentError) as caught, templating.collected_problems():
        assert render("A {{ 1/0 }}") == "A {{ 1/0 }}"  # its own text meanwhile
        assert render("B {{ nope }}") == "B {{ nope }}"
        with templating.collected_problems():  # nested: adds to the outer one
            render("C {{ 1/0 }}")
        render("A {{ 1/0 }}")  # the same problem again: reported once
    assert [p.message.split(":")[0] for p in caught.value.problems] == ["expression error"] * 2
    assert len(caught.value.problems) == 2


def test_a_trace_function_in_use_is_restored() -> None:
    import sys

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return None

    sys.settrace(tracer)
    try:
        render("{% for n in names %}{{ n }}{% endfor %}")
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)
