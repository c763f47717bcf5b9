"""Governance paths: who decides a modification, what the Change Board's vote is, and whether an
objection period follows (SEC Section D).

Each path the Code knows is one entry of :data:`PATHS`. Everything the Change Board paper says
about the decision (the Purpose sentence, the Determination approach, what starts the
implementation clock, the default recommendations) follows from the entry, so an author names
the path and never types who decides.

Provenance. The Self-Governance entry follows the SECMP0059 Change Board paper (16 January 2019):
the Change Board's vote is the decision, subject to a 10 Working Day objection period in which
Parties may refer it to the Panel. The Authority Determination entry follows the Code's
structure (Section D9: the Change Board's vote is a recommendation and the Authority decides; no
objection period). Where the Code's detail for a path is not known to us, the entry says so in
``assumed``: the path is still usable, and ``secmod check --assumptions`` lists the assumption.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from generator.rules import parameters as p

__all__ = ["PATHS", "Decider", "GovernancePath", "PathRules", "path_rules"]


class GovernancePath(StrEnum):
    """How a modification is decided (SEC Section D2)."""

    SELF_GOVERNANCE = "Self-Governance"
    FAST_TRACK = "Fast-Track Self-Governance"
    AUTHORITY_DETERMINATION = "Authority Determination"
    AUTHORITY_LED = "Authority-led"
    URGENT = "Urgent"


class Decider(StrEnum):
    """Who makes the decision on a modification."""

    CHANGE_BOARD = "Change Board"
    AUTHORITY = "Authority"

    @property
    def the(self) -> str:
        """With its article, as a paper names it: "the Change Board", "the Authority"."""
        return f"the {self.value}"


@dataclass(frozen=True, slots=True)
class PathRules:
    """What a governance path means for the decision and its timetable.

    ``objection_period`` is the parameter giving the length of the objection period that follows
    the decision (None: no objection period). The implementation clock starts when the
    decision is final: for a path with an objection period, once it has ended unchallenged.
    """

    path: GovernancePath
    decider: Decider
    reference: str
    objection_period: p.Parameter[int] | None = None
    #: Why an entry is our reading rather than the Code's words ("" when a source states it).
    assumed: str = ""
    #: How a sentence names the procedure after "under" ("" when the path's name reads so:
    #: "under Self-Governance"; "under the Urgent procedure", not "under Urgent").
    procedure: str = ""

    @property
    def under(self) -> str:
        """The procedure as a paper names it after "under"."""
        return self.procedure or self.path.value

    @property
    def board_decides(self) -> bool:
        """Whether the Change Board's vote is the decision (else a recommendation)."""
        return self.decider is Decider.CHANGE_BOARD

    @property
    def vote(self) -> str:
        """What the Change Board's vote forms: "a decision" or "a recommendation to the
        Authority"."""
        return "a decision" if self.board_decides else "a recommendation to the Authority"

    def objection_days(self, on: dt.date) -> int | None:
        """The objection period in Working Days for a decision made on ``on`` (None: none)."""
        return None if self.objection_period is None else self.objection_period.at(on)


_SELF_GOVERNANCE = PathRules(
    GovernancePath.SELF_GOVERNANCE,
    Decider.CHANGE_BOARD,
    "SEC Section D9 (Self-Governance Modifications); as set out in the SECMP0059 Change Board "
    "paper of 16 January 2019",
    p.OBJECTION_PERIOD_WORKING_DAYS,
)

#: Every governance path, by its name.
PATHS: dict[GovernancePath, PathRules] = {
    GovernancePath.SELF_GOVERNANCE: _SELF_GOVERNANCE,
    GovernancePath.FAST_TRACK: PathRules(
        GovernancePath.FAST_TRACK,
        Decider.CHANGE_BOARD,
        "SEC Section D2 (Fast-Track Modifications)",
        p.OBJECTION_PERIOD_WORKING_DAYS,
        assumed=(
            "decided as a Self-Governance Modification (the Change Board's vote is the decision, "
            "followed by the same objection period); no source we hold states the Fast-Track "
            "procedure in detail"
        ),
    ),
    GovernancePath.AUTHORITY_DETERMINATION: PathRules(
        GovernancePath.AUTHORITY_DETERMINATION,
        Decider.AUTHORITY,
        "SEC Section D9 (Authority Determination Modifications)",
    ),
    GovernancePath.AUTHORITY_LED: PathRules(
        GovernancePath.AUTHORITY_LED,
        Decider.AUTHORITY,
        "SEC Section D2 (Authority-led Modifications)",
        assumed=(
            "decided by the Authority on the Change Board's recommendation, with no objection "
            "period, as for Authority Determination; no source we hold states the procedure"
        ),
        procedure="the Authority-led procedure",
    ),
    GovernancePath.URGENT: PathRules(
        GovernancePath.URGENT,
        Decider.AUTHORITY,
        "SEC Section D4 (Urgent Proposals)",
        assumed=(
            "decided by the Authority on the Change Board's recommendation on a shortened "
            "timetable, with no objection period; no source we hold states the procedure"
        ),
        procedure="the Urgent procedure",
    ),
}


def path_rules(path: GovernancePath | str) -> PathRules:
    """The rules of governance path ``path``."""
    return PATHS[GovernancePath(path)]
