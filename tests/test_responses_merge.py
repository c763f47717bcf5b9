"""Merging imported responses into responses.yaml: appended as text or by a round trip, the
result is the same file, reads back as what was imported, and keeps the author's layout."""

from __future__ import annotations

import pytest
import yaml

from generator.errors import Location, Problem
from generator.forms.answers import Imported, validate_response
from generator.forms.emit import emit_records
from generator.forms.merge import WIDTH, merge_responses, new_values
from generator.forms.raw import RawResponse
from generator.forms.round_trip import round_trip
from generator.load import load_content
from generator.model import ResponseSource
from tests.conftest import CONTENT

EXISTING = """\
# yaml-language-server: $schema=../schema/responses.schema.json
responses:
  - respondent: Large Supplier 1
    category: Large Supplier
    position: approve
    comments: |
      Supports it.
      # not a comment: text of a block
  - respondent: Other SEC Party 1  # the author's note
    category: Other SEC Party
    position: neutral
    comments: Neutral.

# Closing comments of the file stay at its end.
"""

AWKWARD = [
    "yes",
    "No",
    "2019-01-16",
    "12345",
    "- a dash first",
    "key: value",
    "hash # inside",
    '"quoted" and \\backslash',
    "ends with colon:",
    "tab\there",
    "line\u2028separator",
    "Ünïcödé — dashes ‘quotes’",
    "@at first",
    "x" * 200,
    "First paragraph of a long answer that goes on and on past the width of a line. " * 3
    + "\n\nSecond paragraph.\nWith a line break.",
]


def imported(name: str, text: str) -> Imported:
    """A response to the fixture SECMP0059's questions, validated as an import validates it."""
    raw = RawResponse(
        Location("form.docx"),
        ResponseSource(file="form.docx", sha256="0" * 63 + "1"),
        {
            "respondent": name,
            "organisation": text if len(text) < 60 else "",
            "category": "Small Supplier",
            "q1.position": "reject",
            "q1.text": text,
            "q2.better": "a, f",
            "q3.choice": "yes",
        },
    )
    problems: list[Problem] = []
    item = validate_response(raw, CONSULTATION, OBJECTIVES, problems.append)
    assert item is not None, problems
    return item


_CONTENT = load_content(CONTENT, ["SECMP0059"])
OBJECTIVES = _CONTENT.objectives
CONSULTATION = _CONTENT.modifications["SECMP0059"].modification.consultation()


@pytest.mark.parametrize("text", AWKWARD, ids=range(len(AWKWARD)))
def test_appending_as_text_writes_what_the_round_trip_writes(text: str) -> None:
    items = [imported("Respondent A", text)]
    appended = merge_responses(EXISTING, items, "modification-report", "modification-report")
    tripped, added, updated = round_trip(
        EXISTING, items, "modification-report", "modification-report"
    )
    assert (added, updated) == (1, 0)
    assert appended.text == tripped
    data = yaml.safe_load(appended.text)
    assert data["responses"][-1]["answers"][0]["text"] == items[0].record["answers"][0]["text"]
    assert data["responses"][-1]["respondent"] == "Respondent A"
    assert appended.text.startswith(EXISTING.split("\n# Closing")[0])
    assert appended.text.endswith("\n\n# Closing comments of the file stay at its end.\n")


def test_the_emitter_refuses_a_shape_it_does_not_know() -> None:
    assert emit_records([{"respondent": "A", "odd": 1.5}], WIDTH) is None
    assert emit_records([{"Bad Key": "A"}], WIDTH) is None


def test_another_layout_is_merged_by_the_round_trip() -> None:
    indentless = (
        "responses:\n- respondent: A\n  category: DCC\n  position: approve\n  comments: x\n"
    )
    merged = merge_responses(indentless, [imported("B", "Reasons.")], "c", "c")
    assert "\n- respondent: B\n" in merged.text  # the file's own layout
    assert merged.added == 1
    data = yaml.safe_load(merged.text)
    assert [r["respondent"] for r in data["responses"]] == ["A", "B"]


def test_an_empty_file_gets_the_schema_line_and_the_records() -> None:
    merged = merge_responses(None, [imported("B", "Reasons.")], "c", "c")
    assert merged.text.startswith("# yaml-language-server: $schema=../schema/responses.schema.json")
    assert yaml.safe_load(merged.text)["responses"][0]["consultation"] == "c"


def test_a_new_records_keys_follow_the_files_order() -> None:
    values = new_values(imported("B", "Reasons."), "c")
    assert list(values) == [
        "respondent",
        "organisation",
        "category",
        "consultation",
        "position",
        "objectives",
        "comments",
        "answers",
        "source",
    ]
