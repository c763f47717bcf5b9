"""A modification's lifecycle as a picture: inline SVG made at build time, no script.

The steps come from the template context: its ``lifecycle`` entry when the model provides one,
else the dates the modification states. Each step is done, next or planned relative to the
build's date (``SOURCE_DATE_EPOCH`` when set, else today), and the picture tells them apart
without colour (filled or hollow markers, solid or dashed line, the words themselves), so it
reads in print and at phone width. Screen readers skip it (``aria-hidden``): the page states
the same steps in a table.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from html import escape
from typing import Any

from generator.render.templating import long_date
from generator.rules.calendar import objection_period_end

__all__ = ["LifecycleStep", "Timeline", "build_date", "timeline"]

_ROW = 44  # the height of a step in the picture


@dataclass(frozen=True, slots=True)
class LifecycleStep:
    """A step of a modification's lifecycle: what, from when (to when), and whether the date is
    assumed (computed from another date rather than stated)."""

    label: str
    start: dt.date
    end: dt.date | None = None
    assumed: bool = False


def build_date() -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    try:
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=dt.UTC).date()
    except (KeyError, ValueError, OverflowError, OSError):
        return dt.date.today()


def _stated_steps(context: dict[str, Any]) -> list[LifecycleStep]:
    """The steps the modification's own dates give (when the context has no lifecycle)."""
    data = context["mod"]
    steps = [LifecycleStep("Raised", data.raised)] if data.raised else []
    if data.consultation.closed:
        steps.append(LifecycleStep(f"{data.consultation.name} closed", data.consultation.closed))
    steps.append(LifecycleStep(f"{context['determination']['decided_by']} vote", data.paper.date))
    if data.governance.value != "Authority Determination":
        days = context["determination"]["objection_working_days"]
        end = objection_period_end(data.paper.date, days)
        steps.append(LifecycleStep("Objection period", data.paper.date, end, assumed=True))
    when = context["implementation"]["if_approved_now"]
    return [*steps, LifecycleStep("Implementation", when, assumed=True)]


class Timeline:
    """The steps of one modification read on the build's date, as a picture and as rows."""

    def __init__(self, steps: list[LifecycleStep], today: dt.date) -> None:
        self.steps = sorted(steps, key=lambda s: s.start)
        upcoming = [s for s in self.steps if (s.end or s.start) >= today]
        self.status = {
            id(s): "next"
            if upcoming and s is upcoming[0]
            else "planned"
            if s in upcoming
            else "done"
            for s in self.steps
        }

    def when(self, step: LifecycleStep) -> str:
        """The step's date or dates in words ("(expected)" for an assumed date to come)."""
        text = long_date(step.start)
        if step.end and step.end != step.start:
            text = f"{text} to {long_date(step.end)}"
        return f"{text} (expected)" if step.assumed and self.status[id(step)] != "done" else text

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
            "next": f"{after[0].label}, {self.when(after[0])}" if after else "None",
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
                f'<text x="32" y="{y + 14}" font-size="12">{escape(self.when(step))}</text>'
            )
        return "".join(parts) + "</svg>"


def timeline(context: dict[str, Any], today: dt.date) -> Timeline:
    """The lifecycle of the modification whose template context is ``context``, on ``today``."""
    return Timeline(context.get("lifecycle") or _stated_steps(context), today)
