"""A modification's lifecycle as a picture: inline SVG made at build time, no script.

The steps are the template context's ``lifecycle`` (:func:`generator.lifecycle.lifecycle`:
raised, consultations, paper, Change Board, decision, objection period, implementation). Each is
done, next or planned relative to the build's date (``SOURCE_DATE_EPOCH`` when set, else today),
and the picture tells them apart without colour (filled or hollow markers, solid or dashed line,
the words themselves), so it reads in print and at phone width. Screen readers skip it
(``aria-hidden``): the page states the same steps in a table.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from typing import Any

from generator.lifecycle import LifecycleStep
from generator.render.templating import long_date

__all__ = ["Timeline", "build_date", "timeline"]

_ROW = 44  # the height of a step in the picture


def build_date() -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    try:
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=dt.UTC).date()
    except (KeyError, ValueError, OverflowError, OSError):
        return dt.date.today()


class Timeline:
    """The steps of one modification read on the build's date, as a picture and as rows."""

    def __init__(self, steps: list[LifecycleStep], today: dt.date) -> None:
        self.steps = sorted(steps, key=lambda s: (s.start, s.end or s.start))
        upcoming = [id(s) for s in self.steps if not s.done(today)]
        self.status = {id(s): "done" for s in self.steps}
        self.status.update({i: "next" if i == upcoming[0] else "planned" for i in upcoming})

    def when(self, step: LifecycleStep, why: bool = True) -> str:
        """The step's date or dates in words; a date to come that is worked out from another is
        "expected" (``why``: and why)."""
        text = long_date(step.start)
        if step.end and step.end != step.start:
            text = f"{text} to {long_date(step.end)}"
        if not step.estimate or self.status[id(step)] == "done":
            return text
        return f"{text} (expected {step.estimate})" if why else f"{text} (expected)"

    def rows(self) -> list[dict[str, str]]:
        """Each step as a row of the page's table: label, when, status."""
        return [
            {"label": s.label, "when": self.when(s), "status": self.status[id(s)]}
            for s in self.steps
        ]

    def summary(self) -> dict[str, str]:
        """The stage reached (the last step done) and the next step with its date."""
        done = [s for s in self.steps if self.status[id(s)] == "done"]
        after = [s for s in self.steps if self.status[id(s)] == "next"]
        return {
            "stage": done[-1].label if done else "Not yet raised",
            "next": f"{after[0].label}, {self.when(after[0])}" if after else "–",
        }

    def svg(self) -> str:
        """The steps as an inline SVG picture (trusted markup: every text is escaped)."""
        height = _ROW * len(self.steps) + 8
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 {height}" '
            'class="secmod-timeline" aria-hidden="true" focusable="false">'
        ]
        for i, step in enumerate(self.steps):
            status, y = self.status[id(step)], _ROW * i + 20
            if i + 1 < len(self.steps):
                dash = "" if status == "done" else ' stroke-dasharray="4 4"'
                parts.append(f'<line x1="14" y1="{y}" x2="14" y2="{y + _ROW}"{dash}/>')
            fill = "currentColor" if status == "done" else "none"
            bold = ' font-weight="bold"' if status == "next" else ""
            parts.append(
                f'<circle cx="14" cy="{y}" r="{9 if status == "next" else 7}" fill="{fill}"/>'
                f'<text x="32" y="{y - 3}" font-size="14"{bold}>'
                f"{escape(step.label)} ({status})</text>"
                f'<text x="32" y="{y + 14}" font-size="12">{escape(self.when(step, False))}</text>'
            )
        return "".join(parts) + "</svg>"


def timeline(context: dict[str, Any], today: dt.date) -> Timeline:
    """The lifecycle of the modification whose template context is ``context``, on ``today``."""
    return Timeline(context["lifecycle"], today)
