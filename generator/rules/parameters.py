"""The Code's numbers as dated data, and the rule sets of SEC Section G8 that read them.

Both are declared once, as data, in ``declarations.toml`` beside this module (in the manner of
OpenFisca's parameters): each parameter's values by the date from which each is in force, with
where its value comes from, a clause of the Code (``reference``), a document that states it
(``source``) or, when no source does, ``assumed`` with the reason; and each rule set's branches
in the terms of :mod:`generator.rules.declaration`. Rules read a parameter *on* a date; nothing
else in secmod types these numbers, so changing a value there changes every document, example,
check, calculator and page that states it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from generator.errors import RuleError
from generator.rules.assessment_types import Assessment, Role
from generator.rules.declaration import Branch, Condition, Quantity, RuleSet, Term

__all__ = [
    "BASELINE",
    "BEGINNING",
    "COMBINED_THRESHOLD",
    "DECLARATIONS",
    "DOMESTIC_THRESHOLD",
    "NON_DOMESTIC_THRESHOLD",
    "NON_DOMESTIC_WEIGHT",
    "OBJECTION_PERIOD_WORKING_DAYS",
    "OTHER_USER_CYCLE",
    "PARAMETERS",
    "RULE_SETS",
    "SECMP0059",
    "SECMP0059_IN_FORCE",
    "SUPPLIER_CYCLE",
    "Parameter",
    "assumptions",
]

T = TypeVar("T")

#: The file that declares every parameter and rule set.
DECLARATIONS = Path(__file__).with_name("declarations.toml")


@dataclass(frozen=True, slots=True)
class Parameter(Generic[T]):
    """A value of the Code that can change over time.

    ``values`` pairs each effective date with the value in force from that date on, ascending.
    ``label`` names it in tables ("Non-Domestic threshold"). Where the value comes from:
    ``reference`` (a clause of the Code) and ``source`` (a document that states it), or
    ``assumed``: why we chose a value that no source states (sentences, shown to readers).
    """

    name: str
    description: str
    reference: str
    values: tuple[tuple[dt.date, T], ...]
    label: str = ""
    source: str = ""
    assumed: str = ""

    def at(self, on: dt.date) -> T:
        """The value in force on ``on``; a ``RuleError`` when none had come into force yet."""
        found: tuple[dt.date, T] | None = None
        for effective, value in self.values:
            if effective <= on:
                found = (effective, value)
        if found is None:
            first = self.values[0][0].isoformat() if self.values else "never"
            raise RuleError(f"{self.name}: no value in force on {on.isoformat()} (first: {first})")
        return found[1]

    def in_force(self, on: dt.date) -> bool:
        """Whether any value of this parameter is in force on ``on``."""
        return any(effective <= on for effective, _ in self.values)

    @property
    def title(self) -> str:
        """Its label, or its description when it has none."""
        return self.label or self.description


def _value(raw: Any) -> int | tuple[Assessment, ...]:
    return tuple(Assessment(a) for a in raw) if isinstance(raw, list) else int(raw)


def _parameter(name: str, raw: dict[str, Any]) -> Parameter[Any]:
    values = tuple((when, _value(value)) for when, value in raw.pop("values"))
    return Parameter(name, raw.pop("description"), raw.pop("reference"), values, **raw)


def _rule_set(raw: dict[str, Any]) -> RuleSet:
    quantities = tuple(
        Quantity(name, tuple(Term(*term) for term in terms))
        for name, terms in raw.get("quantities", {}).items()
    )
    branches = tuple(
        Branch(
            Role(b["role"]),
            b["name"],
            tuple(Condition(*condition) for condition in b.get("when", [])),
            b["outcome"],
            b["clause"],
            b["reason"],
        )
        for b in raw["branches"]
    )
    return RuleSet(raw["id"], raw["title"], raw["effective_from"], branches, quantities)


_DECLARED = tomllib.loads(DECLARATIONS.read_text(encoding="utf-8"))

#: Every parameter by name, for the rules, templates, the calculator and the checks.
PARAMETERS: dict[str, Parameter[int] | Parameter[tuple[Assessment, ...]]] = {
    name: _parameter(name, raw) for name, raw in _DECLARED["parameters"].items()
}

#: Every rule set, oldest first.
RULE_SETS: tuple[RuleSet, ...] = tuple(_rule_set(raw) for raw in _DECLARED["rule_sets"])
BASELINE, SECMP0059 = RULE_SETS

#: The earliest date a parameter can be read on: "since the Code first said so".
BEGINNING = BASELINE.effective_from
#: The date from which the rules introduced by SECMP0059 apply (the February 2019 SEC Release).
SECMP0059_IN_FORCE = SECMP0059.effective_from

NON_DOMESTIC_THRESHOLD = cast(Parameter[int], PARAMETERS["non_domestic_threshold"])
COMBINED_THRESHOLD = cast(Parameter[int], PARAMETERS["combined_threshold"])
NON_DOMESTIC_WEIGHT = cast(Parameter[int], PARAMETERS["non_domestic_weight"])
DOMESTIC_THRESHOLD = cast(Parameter[int], PARAMETERS["domestic_threshold"])
OBJECTION_PERIOD_WORKING_DAYS = cast(Parameter[int], PARAMETERS["objection_period_working_days"])
SUPPLIER_CYCLE = cast(Parameter[tuple[Assessment, ...]], PARAMETERS["supplier_cycle"])
OTHER_USER_CYCLE = cast(Parameter[tuple[Assessment, ...]], PARAMETERS["other_user_cycle"])


def assumptions() -> list[Parameter[int] | Parameter[tuple[Assessment, ...]]]:
    """Every parameter whose value no source states, each with the reason for the value."""
    return [p for p in PARAMETERS.values() if p.assumed]
