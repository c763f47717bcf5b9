"""The data of the site's "which assessment do I need?" calculator, taken from the rules module.

The calculator's script (``assets/calculator.js``) holds the branch logic of SEC Section G8.46
to G8.47 and no number: every threshold, weight, cycle, rule set, effective date, branch id and
label it uses comes from :func:`calculator_data`, which reads ``generator.rules`` when the site is
built. A change to a parameter therefore changes the calculator with the next build, and the
browser test compares the script's answers with :func:`generator.rules.schedule`.

``reasons`` are the sentences of :mod:`generator.rules.assessments` with their numbers as
``{placeholders}``, filled in by the script; the browser test checks that the filled sentence is
the one the Python rules give.
"""

from __future__ import annotations

import json
from typing import Any

from generator.render.templating import long_date
from generator.rules import RULE_SETS, Assessment, Branch, Role
from generator.rules.parameters import PARAMETERS

__all__ = ["REASONS", "USED", "YEARS", "calculator_data", "calculator_json"]

#: How many years the calculator shows (one cycle).
YEARS = 3

#: Which parameters the calculator reads.
USED = (
    "non_domestic_threshold",
    "combined_threshold",
    "non_domestic_weight",
    "domestic_threshold",
    "supplier_cycle",
    "other_user_cycle",
)

#: The reason each branch gives, as in generator.rules.assessments, with placeholders:
#: {domestic} {non_domestic} {combined} {threshold} {combined_threshold} {weight} {cycle}.
#: Counts are shown with thousands separators; {weight} is shown as is.
REASONS: dict[Branch, str] = {
    Branch.BASELINE_SUPPLIER_DOMESTIC_ABOVE: (
        "Domestic Premises ({domestic}) exceed {threshold}: "
        "a Full User Security Assessment every year (G8.46)."
    ),
    Branch.BASELINE_SUPPLIER_DOMESTIC_ONLY: (
        "Domestic Premises only ({domestic}, not above {threshold}): the cycle {cycle} (G8.46)."
    ),
    Branch.BASELINE_SUPPLIER_NON_DOMESTIC_SILENT: (
        "Non-Domestic Premises ({non_domestic}) with no more than {threshold} Domestic Premises: "
        "the Code is silent after year 1 (the gap SECMP0059 closes)."
    ),
    Branch.BASELINE_OTHER_CYCLE: "Other Users follow the cycle {cycle} (G8.47).",
    Branch.SUPPLIER_NON_DOMESTIC_ABOVE: (
        "Non-Domestic Premises ({non_domestic}) exceed {threshold}: "
        "a Full User Security Assessment every year (G8.46A(a))."
    ),
    Branch.SUPPLIER_COMBINED_ABOVE: (
        "Domestic + {weight} x Non-Domestic Premises ({combined}) exceeds {combined_threshold}: "
        "a Full User Security Assessment every year (G8.46A(b))."
    ),
    Branch.SUPPLIER_CYCLE: (
        "Neither Non-Domestic Premises ({non_domestic}) exceed {threshold} nor Domestic + "
        "{weight} x Non-Domestic ({combined}) exceeds {combined_threshold}: the cycle {cycle} "
        "(G8.46)."
    ),
    Branch.OTHER_CYCLE: "Other Users follow the cycle {cycle} (G8.47).",
}


def _value(value: object) -> object:
    if isinstance(value, tuple):
        return [str(a) for a in value]
    return value


def _rule_of(branch: Branch) -> str:
    """``SECMP0059.supplier.cycle`` -> ``supplier.cycle``: the rule, whatever the rule set."""
    return branch.value.split(".", 1)[1]


def calculator_data() -> dict[str, Any]:
    """Everything the calculator's script needs, as JSON-ready data."""
    return {
        "rule_sets": [
            {
                "id": rule_set.id,
                "title": rule_set.title,
                "effective_from": rule_set.effective_from.isoformat(),
                "effective_label": long_date(rule_set.effective_from),
                "rules": {_rule_of(b): b.value for b in Branch if b.rule_set == rule_set.id},
            }
            for rule_set in RULE_SETS
        ],
        "parameters": {
            name: {
                "description": PARAMETERS[name].description,
                "reference": PARAMETERS[name].reference,
                "values": [
                    {"from": effective.isoformat(), "value": _value(value)}
                    for effective, value in PARAMETERS[name].values
                ],
            }
            for name in USED
        },
        "assessments": {a.value: {"label": a.label, "short": a.short} for a in Assessment},
        "full": Assessment.FULL.value,
        "unspecified": Assessment.UNSPECIFIED.value,
        "roles": [{"id": r.value, "label": r.label} for r in Role],
        "reasons": {b.value: REASONS[b] for b in Branch},
        "years": YEARS,
    }


def calculator_json() -> str:
    """:func:`calculator_data` as JSON safe to embed in a ``<script>`` element."""
    text = json.dumps(calculator_data(), ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
