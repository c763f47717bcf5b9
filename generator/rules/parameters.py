"""The Code's numbers as dated data, and the rule sets of SEC Section G8 that read them.

Each parameter is a series of values keyed by the date from which each is in force, with where
its value comes from: the Code's clause (``reference``), the document that states it
(``source``), or, when no source states it, ``assumed`` with the reason. Rules read a parameter
*on* a date; nothing else in secmod types these numbers. Changing a value here changes every
document, example, check, calculator and page that states it.

Each rule set (:data:`RULE_SETS`) is declared once, below the parameters, in the terms of
:mod:`generator.rules.declaration`: the thresholds and weights it compares, its branches, the
clause each cites and the reason it gives. A new threshold is a parameter and a test here, plus
the examples that exercise it.

Clause numbers other than G8.47 follow the illustrative legal text of SECMP0059
(``content/SECMP0059/legal-text.yaml``); the seed paper names only Section G8.47.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.errors import RuleError
from generator.rules.assessment_types import Assessment, Role
from generator.rules.declaration import (
    FULL_EVERY_YEAR,
    SILENT,
    Branch,
    Condition,
    Quantity,
    RuleSet,
    Term,
)

__all__ = [
    "BEGINNING",
    "COMBINED_THRESHOLD",
    "DOMESTIC_THRESHOLD",
    "NON_DOMESTIC_THRESHOLD",
    "NON_DOMESTIC_WEIGHT",
    "OBJECTION_PERIOD_WORKING_DAYS",
    "OTHER_USER_CYCLE",
    "PARAMETERS",
    "RULE_SETS",
    "SECMP0059_IN_FORCE",
    "SUPPLIER_CYCLE",
    "Parameter",
    "assumptions",
]

T = TypeVar("T")

#: The earliest date a parameter can be read on: "since the Code first said so".
BEGINNING = dt.date(2013, 9, 23)

#: The date from which the rules introduced by SECMP0059 apply (the February 2019 SEC Release).
SECMP0059_IN_FORCE = dt.date(2019, 2, 28)

#: The document that states most of these values.
SEED_PAPER = "SECMP0059 Change Board paper, 16 January 2019"


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


FULL, VERIFICATION, SELF = Assessment.FULL, Assessment.VERIFICATION, Assessment.SELF

NON_DOMESTIC_THRESHOLD: Parameter[int] = Parameter(
    name="non_domestic_threshold",
    description=(
        "Non-Domestic Premises above which a Supplier Party has a Full User Security "
        "Assessment every year"
    ),
    reference="SEC Section G8.46A(a), inserted by SECMP0059",
    values=((SECMP0059_IN_FORCE, 50_000),),
    label="Non-Domestic threshold",
    source=SEED_PAPER,
)

COMBINED_THRESHOLD: Parameter[int] = Parameter(
    name="combined_threshold",
    description=(
        "Weighted sum of Domestic and Non-Domestic Premises above which a Supplier Party has a "
        "Full User Security Assessment every year"
    ),
    reference="SEC Section G8.46A(b), inserted by SECMP0059",
    values=((SECMP0059_IN_FORCE, 250_000),),
    label="Combined threshold",
    source=SEED_PAPER,
)

NON_DOMESTIC_WEIGHT: Parameter[int] = Parameter(
    name="non_domestic_weight",
    description="How many Domestic Premises one Non-Domestic Premises counts for in the sum",
    reference="SEC Section G8.46A(b), inserted by SECMP0059",
    values=((SECMP0059_IN_FORCE, 5),),
    label="Weight of a Non-Domestic Premises",
    assumed=(
        "The seed paper gives the two thresholds and says that an equation combines them, but "
        "not the weight. The combined threshold divided by the Non-Domestic one makes a "
        "portfolio of Non-Domestic Premises alone cross the combined threshold exactly when it "
        "crosses the Non-Domestic one."
    ),
)

DOMESTIC_THRESHOLD: Parameter[int] = Parameter(
    name="domestic_threshold",
    description=(
        "Domestic Premises above which a Supplier Party has a Full User Security Assessment "
        "every year (the rule before SECMP0059)"
    ),
    reference="SEC Section G8.46",
    values=((BEGINNING, 250_000),),
    label="Domestic threshold",
    source=SEED_PAPER,
)

SUPPLIER_CYCLE: Parameter[tuple[Assessment, ...]] = Parameter(
    name="supplier_cycle",
    description=(
        "The repeating cycle of a Supplier Party under the thresholds: the assessment of "
        "years 1, 2 and 3, then again from year 4"
    ),
    reference="SEC Section G8.46",
    values=((BEGINNING, (FULL, VERIFICATION, SELF)),),
    label="Cycle of a Supplier Party",
    source=SEED_PAPER,
)

OTHER_USER_CYCLE: Parameter[tuple[Assessment, ...]] = Parameter(
    name="other_user_cycle",
    description="The repeating cycle of an Other User: years 1, 2 and 3, then again from year 4",
    reference="SEC Section G8.47",
    values=(
        (BEGINNING, (FULL, SELF, SELF)),
        (SECMP0059_IN_FORCE, (FULL, VERIFICATION, SELF)),
    ),
    label="Cycle of an Other User",
    source=SEED_PAPER,
)

OBJECTION_PERIOD_WORKING_DAYS: Parameter[int] = Parameter(
    name="objection_period_working_days",
    description=(
        "Working Days after a Change Board decision on a Self-Governance Modification within "
        "which a Party may refer it to the Panel"
    ),
    reference="SEC Section D8 (Self-Governance objection period)",
    values=((BEGINNING, 10),),
    label="Objection period",
    source=SEED_PAPER,
)

#: Every parameter by name, for the rules, templates, the calculator and the checks.
PARAMETERS: dict[str, Parameter[int] | Parameter[tuple[Assessment, ...]]] = {
    p.name: p
    for p in (
        NON_DOMESTIC_THRESHOLD,
        COMBINED_THRESHOLD,
        NON_DOMESTIC_WEIGHT,
        DOMESTIC_THRESHOLD,
        SUPPLIER_CYCLE,
        OTHER_USER_CYCLE,
        OBJECTION_PERIOD_WORKING_DAYS,
    )
}


def assumptions() -> list[Parameter[int] | Parameter[tuple[Assessment, ...]]]:
    """Every parameter whose value no source states, each with the reason for the value."""
    return [p for p in PARAMETERS.values() if p.assumed]


_OTHER_CYCLE = Branch(
    Role.OTHER,
    "cycle",
    (),
    "other_user_cycle",
    "G8.47",
    "Other Users follow the cycle {other_user_cycle} (G8.47).",
)

BASELINE = RuleSet(
    "SEC-G8-2018",
    "SEC Section G8 before SECMP0059",
    BEGINNING,
    branches=(
        Branch(
            Role.SUPPLIER,
            "domestic-above-threshold",
            (Condition("domestic", "domestic_threshold"),),
            FULL_EVERY_YEAR,
            "G8.46",
            "Domestic Premises ({domestic}) exceed {domestic_threshold}: "
            "a Full User Security Assessment every year (G8.46).",
        ),
        Branch(
            Role.SUPPLIER,
            "non-domestic-silent",
            (Condition("non_domestic"),),
            SILENT,
            "G8.46",
            "Non-Domestic Premises ({non_domestic}) with no more than {domestic_threshold} "
            "Domestic Premises: the Code is silent after year 1 (the gap SECMP0059 closes).",
        ),
        Branch(
            Role.SUPPLIER,
            "domestic-only-cycle",
            (),
            "supplier_cycle",
            "G8.46",
            "Domestic Premises only ({domestic}, not above {domestic_threshold}): "
            "the cycle {supplier_cycle} (G8.46).",
        ),
        _OTHER_CYCLE,
    ),
)

SECMP0059 = RuleSet(
    "SECMP0059",
    "SEC Section G8 as modified by SECMP0059",
    SECMP0059_IN_FORCE,
    quantities=(
        Quantity("combined", (Term("domestic"), Term("non_domestic", "non_domestic_weight"))),
    ),
    branches=(
        Branch(
            Role.SUPPLIER,
            "non-domestic-above-threshold",
            (Condition("non_domestic", "non_domestic_threshold"),),
            FULL_EVERY_YEAR,
            "G8.46A(a)",
            "Non-Domestic Premises ({non_domestic}) exceed {non_domestic_threshold}: "
            "a Full User Security Assessment every year (G8.46A(a)).",
        ),
        Branch(
            Role.SUPPLIER,
            "combined-above-threshold",
            (Condition("combined", "combined_threshold"),),
            FULL_EVERY_YEAR,
            "G8.46A(b)",
            "Domestic + {non_domestic_weight} x Non-Domestic Premises ({combined}) exceeds "
            "{combined_threshold}: a Full User Security Assessment every year (G8.46A(b)).",
        ),
        Branch(
            Role.SUPPLIER,
            "cycle",
            (),
            "supplier_cycle",
            "G8.46",
            "Neither Non-Domestic Premises ({non_domestic}) exceed {non_domestic_threshold} nor "
            "Domestic + {non_domestic_weight} x Non-Domestic ({combined}) exceeds "
            "{combined_threshold}: the cycle {supplier_cycle} (G8.46).",
        ),
        _OTHER_CYCLE,
    ),
)

#: Every rule set, oldest first.
RULE_SETS: tuple[RuleSet, ...] = (BASELINE, SECMP0059)
