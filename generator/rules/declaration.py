"""How a rule set of SEC Section G8 is declared: conditions, branches and what each decides.

A rule set (:class:`RuleSet`) lists, for each User role, its branches in the order the Code
reads them; the first branch whose conditions all hold decides the User's cycle, and the last
branch of a role has no condition (it is the "otherwise"). A condition (:class:`Condition`) says
that a quantity of the portfolio exceeds a threshold: a count of premises, or a weighted sum of
counts declared by the rule set (:class:`Quantity`), compared with a threshold parameter, or
with zero ("has any").
A branch cites its clause and gives a reason sentence whose ``{placeholders}`` name a count, a
quantity or a parameter.

Everything else reads these declarations: the evaluator (:mod:`generator.rules.assessments`),
the calculator (which receives them as JSON), the coverage cases, the guidance tables and the
rules page. The declarations themselves are data, in ``declarations.toml``; thresholds and
weights are parameters, by name, whose dated values are declared there too.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field, replace

from generator.rules.assessment_types import Assessment, Role

__all__ = [
    "COUNTS",
    "FULL_EVERY_YEAR",
    "MAX_PREMISES",
    "SILENT",
    "Branch",
    "Condition",
    "Count",
    "Quantity",
    "RuleSet",
    "Term",
    "placeholders",
]


@dataclass(frozen=True, slots=True)
class Count:
    """A count of premises a portfolio states: its label in prose and its symbol in formulas."""

    label: str
    symbol: str


#: The counts a portfolio states, by the name the rules use.
COUNTS: dict[str, Count] = {
    "domestic": Count("Domestic Premises", "D"),
    "non_domestic": Count("Non-Domestic Premises", "N"),
}

#: The most premises a portfolio may count: more than Great Britain has (about 30 million homes
#: and business premises), so a larger count is a typing mistake, not a User.
MAX_PREMISES = 40_000_000

#: The outcome of a branch that schedules a Full User Security Assessment every year.
FULL_EVERY_YEAR = Assessment.FULL.value
#: The outcome of a branch on which the Code is silent after year 1.
SILENT = Assessment.UNSPECIFIED.value


@dataclass(frozen=True, slots=True)
class Term:
    """A count in a sum, times a weight parameter (None: counted once)."""

    count: str
    weight: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A named sum of weighted counts that a rule compares with a threshold (G8.46A(b))."""

    name: str
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Condition:
    """``quantity`` (a count or a quantity of the rule set) exceeds the parameter ``threshold``,
    or is above zero when ``threshold`` is None. "Exceeds" is strict: equal is not above."""

    quantity: str
    threshold: str | None = None


@dataclass(frozen=True, slots=True)
class Branch:
    """A rule that can decide a User's cycle.

    ``outcome`` is :data:`FULL_EVERY_YEAR`, :data:`SILENT` or the name of a cycle parameter.
    ``value`` (``<rule set>.<role>.<name>``) identifies it everywhere: in examples, coverage
    and the calculator.
    """

    role: Role
    name: str
    when: tuple[Condition, ...]
    outcome: str
    clause: str
    reason: str
    rule_set: str = ""

    @property
    def value(self) -> str:
        """The branch's id, e.g. ``SECMP0059.supplier.cycle``."""
        return f"{self.rule_set}.{self.role.value}.{self.name}"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A version of the G8 assessment rules and the date from which it applies."""

    id: str
    title: str
    effective_from: dt.date
    branches: tuple[Branch, ...] = ()
    quantities: tuple[Quantity, ...] = field(default=())

    def __post_init__(self) -> None:
        own = tuple(replace(b, rule_set=self.id) for b in self.branches)
        object.__setattr__(self, "branches", own)

    def branches_for(self, role: Role) -> tuple[Branch, ...]:
        """The branches of ``role``, in the order they are read."""
        return tuple(b for b in self.branches if b.role is role)

    def quantity(self, name: str) -> Quantity:
        """The quantity ``name``: a declared sum, or a count on its own."""
        for q in self.quantities:
            if q.name == name:
                return q
        if name not in COUNTS:
            raise KeyError(f"{self.id}: no count or quantity {name!r}")
        return Quantity(name, (Term(name),))

    @property
    def thresholds(self) -> tuple[str, ...]:
        """The threshold parameters its tests compare with, in the order first read."""
        names = [t.threshold for b in self.branches for t in b.when if t.threshold]
        return tuple(dict.fromkeys(names))

    @property
    def weights(self) -> tuple[str, ...]:
        """The weight parameters of its quantities, in the order declared."""
        return tuple(dict.fromkeys(t.weight for q in self.quantities for t in q.terms if t.weight))


def placeholders(template: str) -> list[str]:
    """The names of the ``{placeholders}`` of a reason sentence."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]
