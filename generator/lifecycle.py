"""A modification's timetable: when it was raised, consulted on, decided and implemented.

From the model's dates, the governance path (:mod:`generator.rules.governance`) and the Working
Day calendar (:mod:`generator.rules.calendar`), this module works out what the content does not
state: when a decision becomes final (after its objection period, if the path has one) and when
the modification is implemented under the approach the Panel agreed. A date worked out from
another that is only expected (the decision, before it is made) is marked as such, so no page
states an estimate as a fact.

:func:`lifecycle` lists the steps in order, for the paper, the site's timeline and the
modifications index; :func:`implementation_on` gives the date the rules change, when it is known,
and :func:`rules_dates` the dates on which the documents and the checks read the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.model import (
    FixedDateImplementation,
    Modification,
    ModificationFile,
    NextReleaseImplementation,
    Release,
    ReleaseImplementation,
    WorkingDaysImplementation,
)
from generator.rules import parameters
from generator.rules.calendar import add_working_days, implementation_date, objection_period_end

if TYPE_CHECKING:
    from generator.load import Content

__all__ = [
    "LifecycleStep",
    "decision_day",
    "final_day",
    "implementation_on",
    "lifecycle",
    "next_release",
    "rules_dates",
]


@dataclass(frozen=True, slots=True)
class LifecycleStep:
    """One step of a modification's lifecycle: a day, or a window from ``start`` to ``end``.

    ``estimate`` says why the date is worked out rather than known ("" when the content
    states it).
    """

    key: str
    label: str
    start: dt.date
    end: dt.date | None = None
    estimate: str = ""

    def done(self, today: dt.date) -> bool:
        """Whether the step is over on ``today``."""
        return (self.end or self.start) < today


def decision_day(mod: ModificationFile) -> dt.date | None:
    """The day of the decision: the one the timetable gives, else the Change Board's meeting
    when the Change Board decides (None when neither is known)."""
    timetable = mod.timetable
    if timetable.decision is not None:
        return timetable.decision
    return timetable.change_board if mod.path.board_decides else None


def final_day(mod: ModificationFile, decision: dt.date) -> dt.date:
    """The day a decision made on ``decision`` becomes final: once its objection period (if the
    path has one) has ended."""
    days = mod.path.objection_days(decision)
    return decision if days is None else objection_period_end(decision, days)


def next_release(releases: Sequence[Release], after: dt.date) -> Release | None:
    """The first scheduled release whose cutoff (default: its date) is on or after ``after``."""
    candidates = [r for r in releases if (r.cutoff or r.date) >= after]
    return min(candidates, key=lambda r: r.date, default=None)


def implementation_on(
    mod: ModificationFile, releases: Sequence[Release] = (), decision: dt.date | None = None
) -> dt.date | None:
    """The day ``mod`` is implemented if approved on ``decision`` (default: the known decision
    day); None when that cannot be known yet."""
    impl = mod.implementation
    if isinstance(impl, FixedDateImplementation):
        return impl.date
    when = decision or decision_day(mod)
    if isinstance(impl, ReleaseImplementation):
        if when is None:
            return impl.release_date
        return implementation_date(when, impl.release_date, impl.cutoff, impl.fallback_working_days)
    if when is None:
        return None
    final = final_day(mod, when)
    if isinstance(impl, WorkingDaysImplementation):
        return add_working_days(final, impl.working_days)
    assert isinstance(impl, NextReleaseImplementation)
    release = next_release(releases, final)
    return release.date if release else None


def _decision_steps(mod: ModificationFile, releases: Sequence[Release]) -> list[LifecycleStep]:
    timetable = mod.timetable
    path = mod.path
    steps: list[LifecycleStep] = []
    if timetable.change_board is not None:
        steps.append(LifecycleStep("change-board", "Change Board", timetable.change_board))
    decision = decision_day(mod)
    if decision is not None and not (path.board_decides and timetable.decision is None):
        steps.append(LifecycleStep("decision", f"{path.decider.value} decision", decision))
    if decision is not None:
        final = final_day(mod, decision)
        if final != decision:
            steps.append(LifecycleStep("objection-period", "Objection period", decision, final))
    when = implementation_on(mod, releases)
    if when is not None:
        estimate = ""
        if decision is None and not isinstance(mod.implementation, FixedDateImplementation):
            estimate = "if the decision is made by the release's cutoff"
        steps.append(LifecycleStep("implementation", "Implementation", when, None, estimate))
    return steps


def lifecycle(mod: ModificationFile, releases: Sequence[Release] = ()) -> list[LifecycleStep]:
    """Every step of ``mod``'s lifecycle whose date is known or follows from known dates, in
    order."""
    steps: list[LifecycleStep] = []
    if mod.raised is not None:
        steps.append(LifecycleStep("raised", "Raised", mod.raised))
    for consultation in mod.consultations:
        start = consultation.opens or consultation.closes
        if start is not None:
            end = consultation.closes if consultation.opens else None
            steps.append(
                LifecycleStep(f"consultation:{consultation.id}", consultation.name, start, end)
            )
    steps.append(LifecycleStep("paper", "Change Board paper", mod.paper.date))
    steps += _decision_steps(mod, releases)
    return sorted(steps, key=lambda s: s.start)


def rules_dates(mod: Modification, content: Content | None = None) -> tuple[dt.date, dt.date]:
    """The dates on which to read the rules before and after ``mod`` takes effect.

    After: the implementation date when it is known (the release, the fixed date, or the date
    that follows from the decision day); otherwise the day the rule sets the modification
    declares take effect, or the paper's date (``secmod check --assumptions`` says so).
    """
    releases = content.releases if content is not None else ()
    after = implementation_on(mod.modification, releases) or _declared_from(mod)
    return after - dt.timedelta(days=1), after


def _declared_from(mod: Modification) -> dt.date:
    """When the implementation date is not known yet: the day the rule sets the modification
    declares take effect (as the rules module dates them), else the paper's date."""
    declared = {r.id: r.effective_from for r in parameters.RULE_SETS}
    dates = [declared[i] for i in mod.modification.rule_sets if i in declared]
    return max(dates, default=mod.modification.paper.date)
