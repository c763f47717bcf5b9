"""The timetable of a modification holds together: each date comes after those it depends on.

Checked for every modification when the content is loaded, each problem located at the date
that cannot stand:

* the modification is raised, consulted on and written up before the Change Board meets, and
  the Change Board meets before the decision;
* a consultation opens before it closes, and closes before the paper that reports it;
* a release's cutoff is not after the release, and a decision made on the cutoff is final (its
  objection period, if the governance path has one, is over: SEC Section D9) by the release;
* an implementation date follows the day the decision becomes final;
* an approach that takes the next scheduled release has a release to take.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from generator.errors import Problem
from generator.lifecycle import decision_day, final_day, implementation_on, next_release
from generator.model import (
    FixedDateImplementation,
    ModificationFile,
    NextReleaseImplementation,
    Release,
    ReleaseImplementation,
)
from generator.source import FieldPath, SourceFile

__all__ = ["timetable_problems"]


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _order(
    src: SourceFile,
    earlier: tuple[FieldPath, str, dt.date | None],
    later: tuple[FieldPath, str, dt.date | None],
) -> Iterator[Problem]:
    (_, first_name, first), (path, name, second) = earlier, later
    if first is not None and second is not None and second < first:
        yield src.problem(
            path, f"{name} ({second.isoformat()}) is before {first_name} ({first.isoformat()})"
        )


def _lifecycle_order(mod: ModificationFile, src: SourceFile) -> Iterator[Problem]:
    raised = (("raised",), "the day it was raised", mod.raised)
    paper = (("paper", "date"), "the paper's date", mod.paper.date)
    board = (
        ("timetable", "change_board"),
        "the Change Board's meeting",
        mod.timetable.change_board,
    )
    decision = (("timetable", "decision"), "the decision", mod.timetable.decision)
    yield from _order(src, raised, paper)
    yield from _order(src, paper, board)
    yield from _order(src, board, decision)
    yield from _order(src, raised, decision)
    for i, consultation in enumerate(mod.consultations):
        here: FieldPath = ("consultations", i)
        opens = ((*here, "opens"), f"the {consultation.name}'s opening", consultation.opens)
        closes = ((*here, "closes"), f"the {consultation.name}'s close", consultation.closes)
        yield from _order(src, raised, opens)
        yield from _order(src, opens, closes)
        if consultation.closes is not None and consultation.closes > mod.paper.date:
            yield src.problem(
                ("paper", "date"),
                f"{mod.paper.date.isoformat()} is before the {consultation.name} closes "
                f"({consultation.closes.isoformat()}); the paper reports its responses",
            )


def _implementation(
    mod: ModificationFile, src: SourceFile, releases: Sequence[Release]
) -> Iterator[Problem]:
    impl = mod.implementation
    path = mod.path
    if isinstance(impl, ReleaseImplementation):
        if impl.cutoff > impl.release_date:
            yield src.problem(
                ("implementation", "cutoff"),
                f"{impl.cutoff.isoformat()} is after the release date "
                f"{impl.release_date.isoformat()}",
            )
            return  # no date follows from an approach that cannot stand
        if path.objection_period is not None:
            final = final_day(mod, impl.cutoff)
            if final > impl.release_date:
                yield src.problem(
                    ("implementation", "release_date"),
                    f"{impl.release_date.isoformat()} is before a decision made on the cutoff "
                    f"({_long(impl.cutoff)}) is final: its objection period ends on "
                    f"{_long(final)} (move the cutoff earlier or the release later)",
                )
        if mod.paper.date > impl.release_date:
            yield src.problem(
                ("paper", "date"),
                f"{mod.paper.date.isoformat()} is after the release date "
                f"{impl.release_date.isoformat()}",
            )
    decision = decision_day(mod)
    if decision is None:
        if isinstance(impl, NextReleaseImplementation) and not next_release(
            releases, mod.paper.date
        ):
            yield src.problem(
                ("implementation", "approach"),
                "next-release: content/releases.yaml lists no release after the paper's date "
                f"({mod.paper.date.isoformat()})",
            )
        return
    final = final_day(mod, decision)
    when = implementation_on(mod, releases)
    if isinstance(impl, NextReleaseImplementation) and when is None:
        yield src.problem(
            ("implementation", "approach"),
            f"next-release: content/releases.yaml lists no release after the decision is final "
            f"({final.isoformat()})",
        )
    if isinstance(impl, FixedDateImplementation) and impl.date < final:
        yield src.problem(
            ("implementation", "date"),
            f"{impl.date.isoformat()} is before the decision is final ({final.isoformat()})",
        )


def timetable_problems(
    mod: ModificationFile, src: SourceFile, releases: Sequence[Release] = ()
) -> list[Problem]:
    """Every date of ``mod`` (in ``src``, its modification.yaml) that cannot stand."""
    return [*_lifecycle_order(mod, src), *_implementation(mod, src, releases)]
