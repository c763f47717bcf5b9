"""What the Change Board paper says about the decision: sentences that follow from the governance
path (:mod:`generator.rules.governance`) and the implementation approach.

The Purpose, the Determination approach, the Implementation approach with its "This means that
..." sentence and the default recommendations are worded here, once, for every path: under
Self-Governance the Change Board's vote is the decision and an objection period follows; under
Authority Determination (and the other paths the Authority decides) the vote is a
recommendation, the Authority decides and no objection period follows. Templates print these
sentences; they never test the path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.lifecycle import decision_day, implementation_on
from generator.model import (
    FixedDateImplementation,
    ModificationFile,
    NextReleaseImplementation,
    Release,
    ReleaseImplementation,
    WorkingDaysImplementation,
)
from generator.render.templating import long_date
from generator.rules.wording import number_word

__all__ = ["DecisionText", "decision_text"]


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


@dataclass(frozen=True, slots=True)
class DecisionText:
    """The paper's sentences about the decision and the implementation (Markdown)."""

    invited: str
    determination: tuple[str, ...]
    implementation_intro: str
    implementation_options: tuple[str, ...]
    #: What the approach means for the known decision day ("" when no day is known).
    means: str
    recommendations: tuple[str, ...]
    #: Why a statement about the path is our reading, not a source's ("" when none is).
    assumed: str


def _determination(mod: ModificationFile) -> tuple[str, ...]:
    path = mod.path
    kind = f"{_article(path.path.value)} {path.path.value} Modification"
    opening = f"The Panel has determined that {mod.id} is {kind}."
    if not path.board_decides:
        return (
            f"{opening} The Change Board’s vote will form a recommendation to the Authority, "
            "which will make the decision on the modification. No objection period follows "
            "the Authority’s decision.",
        )
    first = f"{opening} The Change Board’s vote will therefore form a decision on the modification."
    days = path.objection_days(mod.paper.date)
    if days is None:
        return (first,)
    return (
        first,
        f"This decision will be subject to a {days} Working Day objection period in which "
        "Parties can refer the decision to the Panel. If no objection is received, the Change "
        "Board’s decision will be final.",
    )


def _approval(mod: ModificationFile) -> str:
    """ "the Change Board approves X and no objections are raised within 10 Working Days" or
    "the Authority approves X"."""
    path = mod.path
    days = path.objection_days(mod.paper.date)
    clause = f"{path.decider.the} approves {mod.id}"
    if days is not None:
        clause += f" and no objections are raised within {days} Working Days"
    return clause


def _decided(mod: ModificationFile) -> str:
    """ "the decision" or "the Authority’s decision"."""
    return "the decision" if mod.path.board_decides else "the Authority’s decision"


def _release(mod: ModificationFile, impl: ReleaseImplementation) -> tuple[tuple[str, ...], str]:
    options = (
        f"{long_date(impl.release_date)} ({impl.release}) if a decision to approve is received "
        f"by {long_date(impl.cutoff)}; or",
        f"{impl.fallback_working_days} Working Days following approval if a decision to approve "
        f"is made after {long_date(impl.cutoff)}.",
    )
    when = implementation_on(mod, decision=decision_day(mod) or mod.paper.date)
    assert when is not None
    if mod.path.board_decides:
        means = (
            f"This means that if {_approval(mod)}, {mod.id} would be implemented on "
            f"{long_date(when)}."
        )
    else:
        means = (
            f"This means that if the Authority approves {mod.id} by {long_date(impl.cutoff)}, "
            f"{mod.id} would be implemented on {long_date(impl.release_date)}."
        )
    return options, means


def _later(mod: ModificationFile, releases: Sequence[Release], what: str) -> tuple[str, str]:
    """An approach whose date follows the decision (some Working Days, or the next release):
    how the Panel's approach reads, and what it means for the known decision day."""
    decision = decision_day(mod)
    when = implementation_on(mod, releases) if decision is not None else None
    final = " becomes final" if mod.path.objection_days(mod.paper.date) is not None else ""
    phrase = f"{what} after {_decided(mod)}{final}"
    if when is None or decision is None:
        return phrase, ""  # nothing to add until the decision's day is known
    objections = " and no objections are raised" if final else ""
    return phrase, (
        f"This means that if {mod.path.decider.the} approves {mod.id} on {long_date(decision)}"
        f"{objections}, {mod.id} would be implemented on {long_date(when)}."
    )


def _implementation(
    mod: ModificationFile, releases: Sequence[Release]
) -> tuple[str, tuple[str, ...], str]:
    impl = mod.implementation
    if isinstance(impl, ReleaseImplementation):
        options, means = _release(mod, impl)
        return "The Panel has agreed the following implementation approach:", options, means
    if isinstance(impl, FixedDateImplementation):
        day = long_date(impl.date)
        return (
            f"The Panel has agreed that {mod.id} will be implemented on {day}.",
            (),
            f"This means that if {_approval(mod)}, {mod.id} would be implemented on {day}.",
        )
    if isinstance(impl, WorkingDaysImplementation):
        what = f"{number_word(impl.working_days)} Working Day" + (
            "s" if impl.working_days != 1 else ""
        )
    else:
        assert isinstance(impl, NextReleaseImplementation)
        what = "in the first scheduled SEC Release"
    phrase, means = _later(mod, releases, what)
    return f"The Panel has agreed that {mod.id} will be implemented {phrase}.", (), means


def _recommendations(mod: ModificationFile) -> tuple[str, ...]:
    if mod.path.board_decides:
        return (
            f"**AGREE** that {mod.id} should proceed to vote;",
            f"**DETERMINE** whether {mod.id} should be **APPROVED** or **REJECTED** under "
            f"{mod.path.under}; and",
            "**PROVIDE** rationale for this decision against the General SEC Objectives.",
        )
    return (
        f"**AGREE** that {mod.id} should proceed to vote;",
        f"**RECOMMEND** to the Authority whether {mod.id} should be **APPROVED** or "
        "**REJECTED**; and",
        "**PROVIDE** rationale for this recommendation against the General SEC Objectives.",
    )


def decision_text(mod: ModificationFile, releases: Sequence[Release] = ()) -> DecisionText:
    """The paper's sentences about the decision on ``mod`` and its implementation."""
    path = mod.path
    if path.board_decides:
        invited = (
            f"The Change Board is invited to determine whether {mod.id} should be approved or "
            f"rejected under {path.under}."
        )
    else:
        invited = (
            f"The Change Board is invited to recommend to the Authority whether {mod.id} "
            f"should be approved or rejected under {path.under}."
        )
    intro, options, means = _implementation(mod, releases)
    return DecisionText(
        invited=invited,
        determination=_determination(mod),
        implementation_intro=intro,
        implementation_options=options,
        means=means,
        recommendations=_recommendations(mod),
        assumed=path.assumed,
    )
