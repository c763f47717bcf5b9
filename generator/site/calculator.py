"""The data of the site's "which assessment do I need?" calculator, from the rules' declaration.

The calculator's script (``assets/calculator.js``) is a small generic evaluator of the declared
rule sets (:mod:`generator.rules.declaration`): it holds no number, no branch and no sentence.
Every threshold, weight, cycle, rule set, branch, clause and reason sentence it uses comes from
:func:`generator.rules.described.declaration`, read when the site is built, so a change to the
rules changes the calculator with the next build; the browser tests compare its answers with
:func:`generator.rules.schedule`.
"""

from __future__ import annotations

import json
from typing import Any

from generator.rules import Assessment, Role
from generator.rules.described import declaration

__all__ = ["YEARS", "calculator_context", "calculator_data", "script_json"]

#: How many years the calculator shows (one cycle).
YEARS = 3


def calculator_data() -> dict[str, Any]:
    """Everything the calculator's script needs, as JSON-ready data."""
    return {
        **declaration(),
        "assessments": {a.value: {"label": a.label, "short": a.short} for a in Assessment},
        "full": Assessment.FULL.value,
        "roles": [{"id": r.value, "label": r.label} for r in Role],
        "years": YEARS,
    }


def script_json(data: object) -> str:
    """``data`` as JSON safe to embed in a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def calculator_context() -> dict[str, Any]:
    """What the calculator's page and form templates show: the script's data, the rule sets and
    every parameter the calculator reads, with its history and any note on an assumed value."""
    data = calculator_data()
    return {
        "data": script_json(data),
        "rule_sets": data["rule_sets"],
        "parameters": data["parameters"].values(),
    }
