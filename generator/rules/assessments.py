"""Which User Security Assessment a User schedules in each year (SEC Section G8).

The rule sets (:data:`generator.rules.parameters.RULE_SETS`) are declared as data; this module
reads them. The rule set in force on a date is the latest whose effective date is not after it:

* ``SEC-G8-2018`` (before 28 February 2019): a Supplier Party with more than 250,000 Domestic
  Premises has a Full assessment every year (G8.46); one with Domestic Premises only has Full,
  Verification, Self-Assessment; for a Supplier Party with Non-Domestic Premises and no more than
  250,000 Domestic Premises the Code is silent after year 1. Other Users: Full, Self, Self (G8.47).
* ``SECMP0059`` (from 28 February 2019): a Supplier Party has a Full assessment every year when its
  Non-Domestic Premises exceed the Non-Domestic threshold (G8.46A(a)) or when Domestic +
  weight x Non-Domestic exceeds the combined threshold (G8.46A(b)); otherwise Full, Verification,
  Self-Assessment. Other Users: Full, Verification, Self-Assessment (G8.47 as modified).

Within a rule set, the first branch of the User's role whose tests all hold decides (the tests
are read in order, and a test not reached is not read). Reading of the cycle: it repeats every
three years, so year 4 is Full again, year 5 as year 2, and so on (a User's assessments run in
three-year cycles, each opened by a Full assessment). Where the Code is silent (the gap above),
it is silent for every year after the first, year 4 included: nothing in it restarts a cycle it
never set. "Exceeds" is strict: a count equal to a threshold does not trigger annual Full
assessments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.errors import RuleError
from generator.rules import parameters
from generator.rules.assessment_types import Assessment, Role
from generator.rules.declaration import (
    COUNTS,
    FULL_EVERY_YEAR,
    MAX_PREMISES,
    SILENT,
    Branch,
    Condition,
    RuleSet,
    placeholders,
)

__all__ = [
    "Classification",
    "Comparison",
    "Portfolio",
    "Schedule",
    "assessment_in_year",
    "branch_named",
    "classify",
    "rule_set_on",
    "schedule",
]


@dataclass(frozen=True, slots=True)
class Portfolio:
    """What the rules look at: the User's role and the premises it supplies."""

    role: Role
    domestic: int = 0
    non_domestic: int = 0

    def __post_init__(self) -> None:
        for name in COUNTS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RuleError(f"{name}: must be a whole number of premises, 0 or more")
            if value > MAX_PREMISES:
                raise RuleError(
                    f"{name}: at most {MAX_PREMISES:,} premises (more than Great Britain has)"
                )

    def count(self, name: str) -> int:
        """The count ``name`` (``domestic`` or ``non_domestic``)."""
        return int(getattr(self, name))


@dataclass(frozen=True, slots=True)
class Comparison:
    """A test that was read: a quantity of the portfolio against a threshold parameter."""

    threshold: str
    quantity: int
    value: int


@dataclass(frozen=True, slots=True)
class Classification:
    """The rule that governs a portfolio on a date, with the cycle it yields.

    ``cycle`` lists the assessments of consecutive years from year 1, repeating; year 1 is
    Full whatever it says: annual Full is ``(full,)``, the silent branch ``(unspecified,)``.
    ``compared`` lists the threshold tests read, ``read`` every parameter read, in order.
    """

    rule_set: RuleSet
    branch: Branch
    reason: str
    cycle: tuple[Assessment, ...]
    compared: tuple[Comparison, ...] = ()
    read: tuple[str, ...] = ()

    @property
    def assumed(self) -> list[str]:
        """The parameters read whose values are assumed (no source states them)."""
        return [name for name in self.read if parameters.PARAMETERS[name].assumed]


@dataclass(frozen=True, slots=True)
class Schedule:
    """A portfolio's assessments for years 1..K under the rules read on a date."""

    portfolio: Portfolio
    on: dt.date
    classification: Classification
    assessments: tuple[Assessment, ...]

    @property
    def rules(self) -> str:
        """The id of the rule set applied."""
        return self.classification.rule_set.id

    @property
    def reason(self) -> str:
        """Which rule decided, in a sentence."""
        return self.classification.reason


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def rule_set_on(on: dt.date) -> RuleSet:
    """The rule set in force on ``on`` (the latest whose effective date is not after it).

    A date before the earliest rule set is a ``RuleError`` that says which dates are covered.
    """
    rule_sets = parameters.RULE_SETS
    current = rule_sets[0]
    if on < current.effective_from:
        first = _long(current.effective_from)
        raise RuleError(
            f"The rules cover dates from {first} onwards: choose {first} or a later date."
        )
    for rule_set in rule_sets:
        if rule_set.effective_from <= on:
            current = rule_set
    return current


def branch_named(value: str) -> Branch:
    """The branch whose id is ``value`` (e.g. ``SECMP0059.supplier.cycle``)."""
    for rule_set in parameters.RULE_SETS:
        for branch in rule_set.branches:
            if branch.value == value:
                return branch
    raise KeyError(value)


class _Reading:
    """One reading of a rule set for a portfolio: the parameters read and the tests compared."""

    def __init__(self, portfolio: Portfolio, on: dt.date, rule_set: RuleSet) -> None:
        self.portfolio = portfolio
        self.on = on
        self.rule_set = rule_set
        self.read: dict[str, None] = {}
        self.compared: list[Comparison] = []

    def param(self, name: str) -> int | tuple[Assessment, ...]:
        self.read[name] = None
        return parameters.PARAMETERS[name].at(self.on)

    def number(self, name: str) -> int:
        value = self.param(name)
        if not isinstance(value, int):
            raise RuleError(f"{name}: a threshold or weight must be a number")
        return value

    def quantity(self, name: str) -> int:
        terms = self.rule_set.quantity(name).terms
        return sum(
            self.portfolio.count(t.count) * (self.number(t.weight) if t.weight else 1)
            for t in terms
        )

    def holds(self, test: Condition) -> bool:
        value = self.quantity(test.quantity)
        if test.threshold is None:
            return value > 0
        limit = self.number(test.threshold)
        self.compared.append(Comparison(test.threshold, value, limit))
        return value > limit

    def cycle(self, outcome: str) -> tuple[Assessment, ...]:
        if outcome in (FULL_EVERY_YEAR, SILENT):
            return (Assessment(outcome),)
        value = self.param(outcome)
        if not isinstance(value, tuple):
            raise RuleError(f"{outcome}: a cycle must list assessments")
        return value

    def shown(self, name: str) -> str:
        if name in COUNTS or any(q.name == name for q in self.rule_set.quantities):
            return f"{self.quantity(name):,}"
        value = self.param(name)
        if isinstance(value, tuple):
            return ", ".join(a.short for a in value)
        return f"{value:,}"


def classify(portfolio: Portfolio, on: dt.date) -> Classification:
    """The rule of SEC Section G8.46 to G8.47 that decides ``portfolio``'s cycle on ``on``."""
    rule_set = rule_set_on(on)
    reading = _Reading(portfolio, on, rule_set)
    branches = rule_set.branches_for(portfolio.role)
    decided = next(b for b in branches if all(reading.holds(t) for t in b.when))
    cycle = reading.cycle(decided.outcome)
    reason = decided.reason.format(**{n: reading.shown(n) for n in placeholders(decided.reason)})
    return Classification(
        rule_set, decided, reason, cycle, tuple(reading.compared), tuple(reading.read)
    )


def assessment_in_year(classification: Classification, year: int) -> Assessment:
    """The assessment of ``year`` (1, 2, 3, ...): year 1 is always Full; the cycle repeats."""
    if isinstance(year, bool) or not isinstance(year, int) or year < 1:
        raise RuleError("year: must be a whole number, 1 or more")
    if year == 1:
        return Assessment.FULL
    return classification.cycle[(year - 1) % len(classification.cycle)]


def schedule(portfolio: Portfolio, on: dt.date, years: int = 3) -> Schedule:
    """The assessments of years 1..``years`` of ``portfolio``, under the rules in force on ``on``.

    SEC Section G8.46 to G8.47 (see the module docstring for the reading of the cycle).
    """
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise RuleError("years: must be a whole number, 1 or more")
    classification = classify(portfolio, on)
    return Schedule(
        portfolio,
        on,
        classification,
        tuple(assessment_in_year(classification, y) for y in range(1, years + 1)),
    )
