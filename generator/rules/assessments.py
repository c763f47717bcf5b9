"""Which User Security Assessment a User schedules in each year (SEC Section G8).

Two rule sets apply, chosen by the date on which the rules are read:

* ``SEC-G8-2018`` (before 28 February 2019): a Supplier Party with more than 250,000 Domestic
  Premises has a Full assessment every year (G8.46); one with Domestic Premises only has Full,
  Verification, Self-Assessment; for a Supplier Party with Non-Domestic Premises and no more than
  250,000 Domestic Premises the Code is silent after year 1. Other Users: Full, Self, Self (G8.47).
* ``SECMP0059`` (from 28 February 2019): a Supplier Party has a Full assessment every year when its
  Non-Domestic Premises exceed the Non-Domestic threshold (G8.46A(a)) or when Domestic +
  weight x Non-Domestic exceeds the combined threshold (G8.46A(b)); otherwise Full, Verification,
  Self-Assessment. Other Users: Full, Verification, Self-Assessment (G8.47 as modified).

Reading of the cycle: it repeats every three years, so year 4 is Full again, year 5 as year 2, and
so on (a User's assessments run in three-year cycles, each opened by a Full assessment). Where
the Code is silent (the gap above), it is silent for every year after the first, year 4 included:
nothing in it restarts a cycle it never set. "Exceeds" is strict: a count equal to a threshold
does not trigger annual Full assessments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from generator.errors import RuleError
from generator.rules import parameters as p
from generator.rules.assessment_types import Assessment, Role

__all__ = [
    "RULE_SETS",
    "Branch",
    "Classification",
    "Portfolio",
    "RuleSet",
    "Schedule",
    "assessment_in_year",
    "classify",
    "rule_set_on",
    "schedule",
]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A version of the G8 assessment rules and the date from which it applies."""

    id: str
    title: str
    effective_from: dt.date


BASELINE = RuleSet("SEC-G8-2018", "SEC Section G8 before SECMP0059", p.BEGINNING)
SECMP0059 = RuleSet("SECMP0059", "SEC Section G8 as modified by SECMP0059", p.SECMP0059_IN_FORCE)

#: Every rule set, oldest first.
RULE_SETS: tuple[RuleSet, ...] = (BASELINE, SECMP0059)


class Branch(StrEnum):
    """Which rule decides a portfolio's cycle; the value is ``<rule set>.<role>.<rule>``."""

    BASELINE_SUPPLIER_DOMESTIC_ABOVE = "SEC-G8-2018.supplier.domestic-above-threshold"
    BASELINE_SUPPLIER_DOMESTIC_ONLY = "SEC-G8-2018.supplier.domestic-only-cycle"
    BASELINE_SUPPLIER_NON_DOMESTIC_SILENT = "SEC-G8-2018.supplier.non-domestic-silent"
    BASELINE_OTHER_CYCLE = "SEC-G8-2018.other.cycle"
    SUPPLIER_NON_DOMESTIC_ABOVE = "SECMP0059.supplier.non-domestic-above-threshold"
    SUPPLIER_COMBINED_ABOVE = "SECMP0059.supplier.combined-above-threshold"
    SUPPLIER_CYCLE = "SECMP0059.supplier.cycle"
    OTHER_CYCLE = "SECMP0059.other.cycle"

    @property
    def rule_set(self) -> str:
        """The id of the rule set the branch belongs to."""
        return self.value.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Portfolio:
    """What the rules look at: the User's role and the premises it supplies."""

    role: Role
    domestic: int = 0
    non_domestic: int = 0

    def __post_init__(self) -> None:
        for name in ("domestic", "non_domestic"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RuleError(f"{name}: must be a whole number of premises, 0 or more")


@dataclass(frozen=True, slots=True)
class Classification:
    """The rule that governs a portfolio on a date, with the cycle it yields.

    ``cycle`` lists the assessments of consecutive years from year 1, repeating; year 1 is
    Full whatever it says. Annual Full is ``(full,)`` three times; the silent branch is
    ``(unspecified,)``: every year after the first is unspecified, year 4 included.
    """

    rule_set: RuleSet
    branch: Branch
    reason: str
    cycle: tuple[Assessment, ...]


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


def rule_set_on(on: dt.date) -> RuleSet:
    """The rule set in force on ``on`` (the latest whose effective date is not after it)."""
    current = RULE_SETS[0]
    for rule_set in RULE_SETS:
        if rule_set.effective_from <= on:
            current = rule_set
    return current


def _n(value: int) -> str:
    return f"{value:,}"


def classify(portfolio: Portfolio, on: dt.date) -> Classification:
    """The rule of SEC Section G8.46 to G8.47 that decides ``portfolio``'s cycle on ``on``."""
    rule_set = rule_set_on(on)
    annual = (Assessment.FULL,) * 3
    if portfolio.role is Role.OTHER:
        cycle = p.OTHER_USER_CYCLE.at(on)
        branch = Branch.OTHER_CYCLE if rule_set is SECMP0059 else Branch.BASELINE_OTHER_CYCLE
        shown = ", ".join(a.short for a in cycle)
        return Classification(
            rule_set, branch, f"Other Users follow the cycle {shown} (G8.47).", cycle
        )
    if rule_set is SECMP0059:
        return _classify_supplier(portfolio, on, rule_set, annual)
    return _classify_supplier_baseline(portfolio, on, rule_set, annual)


def _classify_supplier(
    portfolio: Portfolio, on: dt.date, rule_set: RuleSet, annual: tuple[Assessment, ...]
) -> Classification:
    """SEC G8.46A as inserted by SECMP0059: the Non-Domestic and the combined thresholds."""
    threshold = p.NON_DOMESTIC_THRESHOLD.at(on)
    combined_threshold = p.COMBINED_THRESHOLD.at(on)
    weight = p.NON_DOMESTIC_WEIGHT.at(on)
    if portfolio.non_domestic > threshold:
        return Classification(
            rule_set,
            Branch.SUPPLIER_NON_DOMESTIC_ABOVE,
            f"Non-Domestic Premises ({_n(portfolio.non_domestic)}) exceed {_n(threshold)}: "
            "a Full User Security Assessment every year (G8.46A(a)).",
            annual,
        )
    combined = portfolio.domestic + weight * portfolio.non_domestic
    if combined > combined_threshold:
        return Classification(
            rule_set,
            Branch.SUPPLIER_COMBINED_ABOVE,
            f"Domestic + {weight} x Non-Domestic Premises ({_n(combined)}) exceeds "
            f"{_n(combined_threshold)}: a Full User Security Assessment every year (G8.46A(b)).",
            annual,
        )
    cycle = p.SUPPLIER_CYCLE.at(on)
    return Classification(
        rule_set,
        Branch.SUPPLIER_CYCLE,
        f"Neither Non-Domestic Premises ({_n(portfolio.non_domestic)}) exceed {_n(threshold)} "
        f"nor Domestic + {weight} x Non-Domestic ({_n(combined)}) exceeds "
        f"{_n(combined_threshold)}: the cycle {', '.join(a.short for a in cycle)} (G8.46).",
        cycle,
    )


def _classify_supplier_baseline(
    portfolio: Portfolio, on: dt.date, rule_set: RuleSet, annual: tuple[Assessment, ...]
) -> Classification:
    """SEC G8.46 before SECMP0059: only the Domestic threshold; silent on Non-Domestic."""
    threshold = p.DOMESTIC_THRESHOLD.at(on)
    if portfolio.domestic > threshold:
        return Classification(
            rule_set,
            Branch.BASELINE_SUPPLIER_DOMESTIC_ABOVE,
            f"Domestic Premises ({_n(portfolio.domestic)}) exceed {_n(threshold)}: "
            "a Full User Security Assessment every year (G8.46).",
            annual,
        )
    if portfolio.non_domestic == 0:
        cycle = p.SUPPLIER_CYCLE.at(on)
        return Classification(
            rule_set,
            Branch.BASELINE_SUPPLIER_DOMESTIC_ONLY,
            f"Domestic Premises only ({_n(portfolio.domestic)}, not above {_n(threshold)}): "
            f"the cycle {', '.join(a.short for a in cycle)} (G8.46).",
            cycle,
        )
    return Classification(
        rule_set,
        Branch.BASELINE_SUPPLIER_NON_DOMESTIC_SILENT,
        f"Non-Domestic Premises ({_n(portfolio.non_domestic)}) with no more than "
        f"{_n(threshold)} Domestic Premises: the Code is silent after year 1 "
        "(the gap SECMP0059 closes).",
        # Year 1 is Full (as for every User); the Code says nothing of any later year.
        (Assessment.UNSPECIFIED,),
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
