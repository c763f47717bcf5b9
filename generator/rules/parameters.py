"""The Code's numbers as dated data.

Each parameter is a series of values keyed by the date from which each is in force, with the
provision that sets it. Rules read a parameter *on* a date; nothing else in secmod types these
numbers. Changing a value here changes every document, example and check that states it.

Clause numbers other than G8.47 follow the illustrative legal text of SECMP0059
(``content/SECMP0059/legal-text.yaml``); the seed paper names only Section G8.47.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.errors import RuleError
from generator.rules.assessment_types import Assessment

__all__ = [
    "BEGINNING",
    "COMBINED_THRESHOLD",
    "DOMESTIC_THRESHOLD",
    "NON_DOMESTIC_THRESHOLD",
    "NON_DOMESTIC_WEIGHT",
    "OBJECTION_PERIOD_WORKING_DAYS",
    "OTHER_USER_CYCLE",
    "PARAMETERS",
    "SECMP0059_IN_FORCE",
    "SUPPLIER_CYCLE",
    "Parameter",
]

T = TypeVar("T")

#: The earliest date a parameter can be read on: "since the Code first said so".
BEGINNING = dt.date(2013, 9, 23)

#: The date from which the rules introduced by SECMP0059 apply (the February 2019 SEC Release).
SECMP0059_IN_FORCE = dt.date(2019, 2, 28)


@dataclass(frozen=True, slots=True)
class Parameter(Generic[T]):
    """A value of the Code that can change over time.

    ``values`` pairs each effective date with the value in force from that date on, ascending.
    """

    name: str
    description: str
    reference: str
    values: tuple[tuple[dt.date, T], ...]
    note: str = ""

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


FULL, VERIFICATION, SELF = Assessment.FULL, Assessment.VERIFICATION, Assessment.SELF

NON_DOMESTIC_THRESHOLD: Parameter[int] = Parameter(
    name="non_domestic_threshold",
    description=(
        "Non-Domestic Premises above which a Supplier Party has a Full User Security "
        "Assessment every year"
    ),
    reference="SEC Section G8.46A(a), inserted by SECMP0059",
    values=((SECMP0059_IN_FORCE, 50_000),),
)

COMBINED_THRESHOLD: Parameter[int] = Parameter(
    name="combined_threshold",
    description=(
        "Weighted sum of Domestic and Non-Domestic Premises above which a Supplier Party has a "
        "Full User Security Assessment every year"
    ),
    reference="SEC Section G8.46A(b), inserted by SECMP0059",
    values=((SECMP0059_IN_FORCE, 250_000),),
)

NON_DOMESTIC_WEIGHT: Parameter[int] = Parameter(
    name="non_domestic_weight",
    description="How many Domestic Premises one Non-Domestic Premises counts for in the sum",
    reference="SEC Section G8.46A(b), inserted by SECMP0059",
    values=((SECMP0059_IN_FORCE, 5),),
    note=(
        "The seed paper states the two thresholds and that an equation combines them, not the "
        "equation itself. A weight of combined_threshold / non_domestic_threshold "
        "(250,000 / 50,000 = 5) makes them agree: a portfolio of Non-Domestic Premises alone "
        "crosses the combined threshold exactly when it crosses the Non-Domestic one."
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
)

SUPPLIER_CYCLE: Parameter[tuple[Assessment, ...]] = Parameter(
    name="supplier_cycle",
    description=(
        "The repeating cycle of a Supplier Party under the thresholds: the assessment of "
        "years 1, 2 and 3, then again from year 4"
    ),
    reference="SEC Section G8.46",
    values=((BEGINNING, (FULL, VERIFICATION, SELF)),),
)

OTHER_USER_CYCLE: Parameter[tuple[Assessment, ...]] = Parameter(
    name="other_user_cycle",
    description="The repeating cycle of an Other User: years 1, 2 and 3, then again from year 4",
    reference="SEC Section G8.47",
    values=(
        (BEGINNING, (FULL, SELF, SELF)),
        (SECMP0059_IN_FORCE, (FULL, VERIFICATION, SELF)),
    ),
)

OBJECTION_PERIOD_WORKING_DAYS: Parameter[int] = Parameter(
    name="objection_period_working_days",
    description=(
        "Working Days after a Change Board decision on a Self-Governance Modification within "
        "which a Party may refer it to the Panel"
    ),
    reference="SEC Section D8 (Self-Governance objection period)",
    values=((BEGINNING, 10),),
)

#: Every parameter by name, for templates, the site's calculator and the prose lint.
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
