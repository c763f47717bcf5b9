"""A modification's timeline: steps done, next and planned on the build's date, drawn in SVG."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.lifecycle import LifecycleStep
from generator.site.timeline import Timeline, build_date

STEPS = [
    LifecycleStep("raised", "Raised", dt.date(2018, 8, 31)),
    LifecycleStep("paper", "Change Board paper", dt.date(2019, 1, 16)),
    LifecycleStep(
        "objection-period", "Objection period", dt.date(2019, 1, 16), dt.date(2019, 1, 30)
    ),
    LifecycleStep(
        "implementation", "Implementation", dt.date(2019, 2, 28), None, "if the decision stands"
    ),
]


def test_steps_are_done_next_or_planned_on_the_build_date() -> None:
    timeline = Timeline(list(reversed(STEPS)), dt.date(2019, 1, 20))
    assert [r["label"] for r in timeline.rows()] == [s.label for s in STEPS]
    assert [r["status"] for r in timeline.rows()] == ["done", "done", "next", "planned"]
    assert timeline.rows()[2]["when"] == "16 January 2019 to 30 January 2019"
    assert timeline.rows()[3]["when"] == "28 February 2019 (expected if the decision stands)"
    assert timeline.summary() == {
        "stage": "Change Board paper",
        "next": "Objection period, 16 January 2019 to 30 January 2019",
    }
    later = Timeline(STEPS, dt.date(2020, 1, 1))
    assert {r["status"] for r in later.rows()} == {"done"}
    assert later.rows()[3]["when"] == "28 February 2019"  # no longer an estimate
    assert later.summary() == {"stage": "Implementation", "next": "–"}


def test_the_picture_tells_past_from_future_without_colour() -> None:
    svg = Timeline(STEPS, dt.date(2019, 1, 20)).svg()
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg and "<script" not in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts[0::2] == [
        "Raised (done)",
        "Change Board paper (done)",
        "Objection period (next)",
        "Implementation (planned)",
    ]
    assert texts[-1] == "28 February 2019 (expected)"
    lines = re.findall(r"<line [^>]*/>", svg)
    assert ["stroke-dasharray" in line for line in lines] == [False, False, True]
    circles = re.findall(r'<circle [^>]*fill="([^"]+)"', svg)
    assert circles == ["currentColor", "currentColor", "none", "none"]


def test_labels_are_escaped() -> None:
    hostile = LifecycleStep("x", "<script>alert(1)</script> & co", dt.date(2019, 1, 1))
    svg = Timeline([hostile], dt.date(2018, 1, 1)).svg()
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg


def test_the_build_date_is_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1548633600")  # 28 January 2019
    assert build_date() == dt.date(2019, 1, 28)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert build_date() == dt.date.today()
