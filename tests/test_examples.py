"""Executable examples: collected with their file:line, run against the rules, failures located."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from generator.checks.examples import (
    collect_examples,
    content_examples,
    markdown_examples,
    page_examples,
    parse_assessment,
    run_examples,
)
from generator.load import Content, load_content
from generator.render.markdown import parse, parse_blocks
from generator.rules import Assessment, Role

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "content"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURES)


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_every_documented_example_agrees_with_the_rules(content: Content) -> None:
    found = collect_examples(content)
    assert found.problems == []
    files = {row.location.file for row in found.rows}
    assert any(f.endswith("content/SECMP0059/examples.yaml") for f in files)
    assert "build/SECMP0059/SECMP0059-scf-guidance.md" in files
    assert any(b.location.file == "build/SECMP0059/SECMP0059-scf-guidance.md" for b in found.blocks)
    assert run_examples(found) == []


def test_content_rows_are_located_at_the_line_that_writes_them(content: Content) -> None:
    mod = content.modifications["SECMP0059"]
    rows = content_examples(content, mod)
    assert len(rows) == sum(len(t.rows) for t in mod.examples)
    text = (FIXTURES / "SECMP0059" / "examples.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for row in rows:
        assert re.match(r"\s*- (\{)?role: ", lines[row.location.line - 1]), row.id
    first = rows[0]
    assert first.field == "examples[0].rows[0]"
    assert first.id.endswith(f"content/SECMP0059/examples.yaml:{first.location.line}")
    # a row without its own date is read on its table's date; a row's own date wins
    dates = {(r.portfolio.role, r.on) for r in rows}
    assert (Role.OTHER, dt.date(2019, 2, 28)) in dates


def test_generated_rows_name_the_content_row_they_were_rendered_from(content: Content) -> None:
    found = collect_examples(content, pages=False)
    generated = [r for r in found.rows if r.location.file.startswith("build/")]
    origins = [r.origin for r in generated if r.origin is not None]
    content_lines = {
        r.location for r in content_examples(content, content.modifications["SECMP0059"])
    }
    assert origins and set(origins) <= content_lines


def test_a_wrong_expectation_fails_at_its_file_and_line(content_copy: Path) -> None:
    path = content_copy / "SECMP0059" / "examples.yaml"
    text = path.read_text(encoding="utf-8")
    right = "non_domestic: 49999, expect: [full, verification, self]}"
    wrong = "non_domestic: 49999, expect: [full, full, self]}"
    assert text.count(right) == 1
    path.write_text(text.replace(right, wrong), encoding="utf-8")
    line = _line_of(path, wrong)
    content = load_content(content_copy)
    problems = run_examples(collect_examples(content))
    located = [p for p in problems if p.location.file.endswith("SECMP0059/examples.yaml")]
    assert len(located) == 1
    (problem,) = located
    assert problem.location.line == line
    assert problem.field == "examples[0].rows[0]"
    message = str(problem)
    assert re.match(
        r".*content/SECMP0059/examples\.yaml:\d+:\d+: examples\[0\]\.rows\[0\]: ", message
    )
    assert "Supplier Party with 0 Domestic and 49,999 Non-Domestic Premises" in message
    assert "rules read on 2019-03-01 (SECMP0059)" in message
    assert "expected Full, Full, Self-Assessment" in message
    assert "the rules give Full, Verification, Self-Assessment" in message
    assert "year 2: expected Full, got Verification" in message
    # the guidance renders the same row, and says where it came from
    generated = [p for p in problems if p.location.file.startswith("build/SECMP0059/")]
    assert len(generated) == 1
    assert f"rendered from {problem.location}" in generated[0].message


GOOD_TABLE = """\
# A page

<!-- secmod:examples on=2019-03-01 -->

| Case | User | Domestic | Non-Domestic | Year 1 | Year 2 | Year 3 | Year 4 |
| --- | --- | ---: | ---: | --- | --- | --- | --- |
| small | Supplier Party | 100 | 1,000 | Full | Verification | Self-Assessment | Full |
| big | Supplier | 0 | 50,001 | full | **Full** | _Full_ |  |
| other | Other User | \u2013 | \u2013 | Full | Verification | Self-Assessment |  |
"""


def test_a_marked_table_is_read_back_row_by_row() -> None:
    found = markdown_examples(GOOD_TABLE, "page.md")
    assert found.problems == []
    assert [r.location.line for r in found.rows] == [7, 8, 9]
    small, big, other = found.rows
    assert (small.portfolio.domestic, small.portfolio.non_domestic) == (100, 1000)
    assert len(small.expect) == 4
    assert big.expect == (Assessment.FULL,) * 3  # blank trailing cells state nothing
    assert other.portfolio.role is Role.OTHER
    assert all(r.on == dt.date(2019, 3, 1) for r in found.rows)
    assert run_examples(found) == []


def test_a_wrong_cell_in_a_marked_table_is_located() -> None:
    text = GOOD_TABLE.replace(
        "| big | Supplier | 0 | 50,001 | full |", "| big | Supplier | 0 | 50,000 | full |"
    )
    (problem,) = run_examples(markdown_examples(text, "pages/x.md"))
    assert str(problem).startswith("pages/x.md:8:1: examples table: Supplier Party with 0 Domestic")
    assert "expected Full, Full, Full" in problem.message


def test_a_date_column_overrides_the_marker() -> None:
    text = """\
<!-- secmod:examples -->

| User | Rules read on | Year 1 | Year 2 |
| --- | --- | --- | --- |
| Other User | 27 February 2019 | Full | Self-Assessment |
| Other User | 2019-02-28 | Full | Verification |
"""
    found = markdown_examples(text, "x.md")
    assert [r.on for r in found.rows] == [dt.date(2019, 2, 27), dt.date(2019, 2, 28)]
    assert run_examples(found) == []


def _marked(marker: str, header: str, row: str) -> str:
    """A marker, then a one-row table whose header and row are ``|``-separated cells."""
    cells = header.count("|") - 1
    return f"<!-- secmod:examples {marker}-->\n\n{header}\n|{' - |' * cells}\n{row}\n"


ON = "on=2019-03-01 "


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (f"<!-- secmod:examples {ON}-->\n\nNo table here.\n", 1, "followed by a table"),
        (_marked("when=2019 ", "| User | Year 1 |", "| Other | Full |"), 1, "option 'when'"),
        (_marked("on=soon ", "| User | Year 1 |", "| Other | Full |"), 1, "'soon' is not a date"),
        (_marked(ON, "| Who | Year 1 |", "| Other | Full |"), 3, "needs a User column"),
        (_marked(ON, "| User | Year 2 |", "| Other | Full |"), 3, "Year 1, Year 2"),
        (_marked(ON, "| User | Year 1 |", "| Other | Fine |"), 5, "'Fine' is not an assessment"),
        (_marked(ON, "| User | Year 1 |", "| Party | Full |"), 5, "'Party' is not a User"),
        (
            _marked(ON, "| User | Domestic | Year 1 |", "| Supplier | lots | Full |"),
            5,
            "'lots' is not a number",
        ),
        (_marked("", "| User | Year 1 |", "| Other | Full |"), 5, "no date"),
        (_marked(ON, "| User | Year 1 |", "| Other |  |"), 5, "states no assessment"),
    ],
)
def test_malformed_tables_are_located_problems(text: str, line: int, message: str) -> None:
    found = markdown_examples(text, "m.md")
    assert found.problems, text
    assert found.problems[0].location.line == line
    assert message in found.problems[0].message


def test_pycon_blocks_run_and_failures_name_the_prompt_line() -> None:
    text = """\
Intro.

```pycon
>>> import datetime as dt
>>> from generator.rules import Portfolio, Role, schedule
>>> [a.short for a in schedule(Portfolio(Role.OTHER), dt.date(2019, 3, 1)).assessments]
['Full', 'Self-Assessment', 'Self-Assessment']
>>> 1 / 0
1
```

```python
>>> this is not run
```
"""
    found = markdown_examples(text, "doc.md")
    (block,) = found.blocks
    assert block.id == "doc.md:3"
    wrong, raised = block.run()
    assert wrong.location.line == 6
    assert "expected \"['Full', 'Self-Assessment', 'Self-Assessment']\"" in wrong.message
    assert "got \"['Full', 'Verification', 'Self-Assessment']\"" in wrong.message
    assert raised.location.line == 8
    assert "raised ZeroDivisionError" in raised.message


def test_a_passing_pycon_block_has_no_problem() -> None:
    text = (
        "```pycon\n>>> from generator.rules import Role\n>>> Role.OTHER.label\n'Other User'\n```\n"
    )
    (block,) = markdown_examples(text, "ok.md").blocks
    assert block.run() == []


def test_pages_under_content_are_collected(content_copy: Path) -> None:
    page = content_copy / "pages" / "extra.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(GOOD_TABLE.replace("| Full |\n| big", "| Verification |\n| big"), "utf-8")
    found = page_examples(content_copy)
    problems = [p for p in run_examples(found) if p.location.file.endswith("extra.md")]
    assert [p.location.line for p in problems] == [7]
    assert "year 4: expected Verification, got Full" in problems[0].message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Full", Assessment.FULL),
        ("**Verification**", Assessment.VERIFICATION),
        ("self", Assessment.SELF),
        ("User Security Self-Assessment", Assessment.SELF),
        ("Unspecified", Assessment.UNSPECIFIED),
        ("", None),
        ("\u2013", None),
    ],
)
def test_assessment_cells(cell: str, expected: Assessment | None) -> None:
    assert parse_assessment(cell) is expected


def test_an_unknown_assessment_cell_is_refused() -> None:
    with pytest.raises(ValueError, match="not an assessment"):
        parse_assessment("Partial")


# -- footnotes: examples are found where the reader sees them ------------------------------

_ROW = "| Other User | Full |"
_TABLE = f"| User | Year 1 |\n| --- | --- |\n{_ROW}\n"


def test_a_marked_table_after_a_footnote_definition_is_found_at_its_line() -> None:
    text = f"Text.[^n]\n\n[^n]: A note.\n\n<!-- secmod:examples {ON}-->\n{_TABLE}"
    found = markdown_examples(text, "f.md")
    assert found.problems == []
    assert [r.location.line for r in found.rows] == [8]


def test_a_marker_before_a_footnote_definition_sees_the_block_after_it() -> None:
    # markdown-it moves the definition to the end, so the marker is followed by the table
    text = f"Text.[^n]\n\n<!-- secmod:examples {ON}-->\n\n[^n]: A note.\n\n{_TABLE}"
    found = markdown_examples(text, "f.md")
    assert found.problems == []
    assert [r.location.line for r in found.rows] == [9]


def test_a_marked_table_inside_a_cited_footnote_is_found() -> None:
    marked = f"<!-- secmod:examples {ON}-->\n{_TABLE}"
    note = "".join(f"    {line}\n" for line in marked.splitlines())
    text = f"Text.[^n]\n\nAfter.\n\n[^n]: A note.\n\n{note}"
    found = markdown_examples(text, "f.md")
    assert found.problems == []
    assert [r.location.line for r in found.rows] == [10]
    assert markdown_examples(text.replace("Text.[^n]", "Text."), "f.md").rows == []


def test_text_without_a_marker_or_a_pycon_fence_has_no_examples() -> None:
    assert len(markdown_examples(f"# Title\n\n{_TABLE}\n```python\n>>> 1\n```\n", "f.md")) == 0


_PIECES = [
    "# Heading\n",
    "Para with *em*, `code` and <ins>html</ins>.\n",
    "- item\n  - nested\n",
    "1. one\n2. two\n",
    "> quoted\n> - in a list\n",
    "```pycon\n>>> 1\n1\n```\n",
    "    indented code\n",
    "<!-- secmod:examples on=2019-03-01 -->\n",
    "<div>\nblock html\n</div>\n",
    _TABLE,
    "---\n",
    "[link]: https://example.org\n",
    "\n",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_reading_blocks_alone_gives_the_blocks_of_a_full_parse(pieces: list[str]) -> None:
    text = "".join(pieces)

    def blocks(tokens: list[Token]) -> list[tuple[object, ...]]:
        return [(t.type, t.map, t.info, t.content if t.block else "") for t in tokens]

    assert blocks(parse_blocks(text)) == blocks(parse(text))
