"""The declared rules for readers: sentences, formulas and JSON-ready data.

Everything here is derived from the declarations (``declarations.toml``, loaded by
:mod:`generator.rules.parameters`) at call time, so a threshold added there appears in the
calculator's data (:func:`declaration`), the rules page (:func:`rules_reference`) and the
guidance (:func:`thresholds_on`) with no other edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.rules import declaration as declared
from generator.rules import parameters
from generator.rules.assessment_types import Assessment, Role
from generator.rules.declaration import Branch, Condition, RuleSet

__all__ = [
    "assumed_note",
    "condition_phrase",
    "declaration",
    "formula",
    "rule_sentence",
    "rules_reference",
    "shown_value",
    "thresholds_on",
]


def shown_value(value: object) -> str:
    """A parameter's value as a reader sees it: 50,000, or "Full, Verification, ..."."""
    if isinstance(value, tuple):
        return ", ".join(a.short if isinstance(a, Assessment) else str(a) for a in value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def assumed_note(name: str, on: dt.date | None = None) -> str:
    """The visible note of an assumed parameter ("" when a source states its value)."""
    p = parameters.PARAMETERS[name]
    if not p.assumed:
        return ""
    value = f" ({shown_value(p.at(on))})" if on is not None and p.in_force(on) else ""
    title = p.title[:1].lower() + p.title[1:]
    return f"The {title}{value} is assumed: no source states it. {p.assumed}"


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _value(name: str, on: dt.date) -> str:
    return shown_value(parameters.PARAMETERS[name].at(on))


def _quantity_phrase(rule_set: RuleSet, name: str, on: dt.date) -> str:
    parts = []
    for term in rule_set.quantity(name).terms:
        label = f"its {declared.COUNTS[term.count].label}"
        parts.append(f"{_value(term.weight, on)} times {label}" if term.weight else label)
    return " plus ".join(parts)


def condition_phrase(rule_set: RuleSet, test: Condition, on: dt.date) -> str:
    """A test in words: "its Non-Domestic Premises exceed 50,000" ("its Non-Domestic
    Premises are more than none" for a test against zero)."""
    limit = _value(test.threshold, on) if test.threshold else "none"
    verb = "exceed" if test.threshold else "are more than"
    return f"{_quantity_phrase(rule_set, test.quantity, on)} {verb} {limit}"


def _condition(rule_set: RuleSet, test: Condition, on: dt.date) -> str:
    if test.threshold is None:
        return f"with {_quantity_phrase(rule_set, test.quantity, on).removeprefix('its ')}"
    return f"whose {condition_phrase(rule_set, test, on).removeprefix('its ')}"


def formula(rule_set: RuleSet, test: Condition, on: dt.date) -> str:
    """A test as a formula: ``D + 5 × N > 250,000``."""
    terms = [
        f"{_value(t.weight, on)} \u00d7 {declared.COUNTS[t.count].symbol}"
        if t.weight
        else declared.COUNTS[t.count].symbol
        for t in rule_set.quantity(test.quantity).terms
    ]
    limit = _value(test.threshold, on) if test.threshold else "0"
    return f"{' + '.join(terms)} > {limit}"


def _outcome_phrase(branch: Branch, on: dt.date) -> str:
    if branch.outcome == declared.FULL_EVERY_YEAR:
        return "has a Full User Security Assessment every year"
    if branch.outcome == declared.SILENT:
        return "has a Full User Security Assessment in year 1; the Code is silent on later years"
    return f"follows the cycle {_value(branch.outcome, on)}"


def rule_sentence(rule_set: RuleSet, branch: Branch, on: dt.date) -> str:
    """A branch in a sentence, with the values in force on ``on``: "Otherwise, a Supplier Party
    whose Non-Domestic Premises exceed 50,000 has a Full User Security Assessment every year
    (G8.46A(a))." The first branch of a role has no "Otherwise"."""
    who = "a Supplier Party" if branch.role is Role.SUPPLIER else "an Other User"
    subject = " and ".join([who, *(_condition(rule_set, t, on) for t in branch.when)])
    subject = subject.replace(" and ", " ", 1)
    first = rule_set.branches_for(branch.role)[0] is branch
    sentence = f"{subject} {_outcome_phrase(branch, on)} ({branch.clause})."
    return sentence[:1].upper() + sentence[1:] if first else f"Otherwise, {sentence}"


def thresholds_on(rule_set: RuleSet, on: dt.date) -> list[dict[str, str]]:
    """The rule set's thresholds and weights as table rows: label, value, clause, note."""
    rows = []
    for name in (*rule_set.thresholds, *rule_set.weights):
        p = parameters.PARAMETERS[name]
        rows.append(
            {
                "name": name,
                "label": p.title,
                "value": _value(name, on),
                "reference": p.reference,
                "note": assumed_note(name, on),
            }
        )
    return rows


def _parameter(name: str) -> dict[str, Any]:
    p = parameters.PARAMETERS[name]
    return {
        "label": p.title,
        "description": p.description,
        "reference": p.reference,
        "source": p.source,
        "assumed": assumed_note(name),
        "values": [
            {
                "from": when.isoformat(),
                "from_label": _long(when),
                "value": [str(a) for a in v] if isinstance(v, tuple) else v,
                "shown": shown_value(v),
            }
            for when, v in p.values
        ],
    }


def declaration() -> dict[str, Any]:
    """Every rule set, the parameters they read and the names of roles and assessments, as
    JSON-ready data (what the site's calculator evaluates)."""
    rule_sets = parameters.RULE_SETS
    used: dict[str, None] = {}
    for r in rule_sets:
        for b in r.branches:
            used.update(dict.fromkeys(t.threshold for t in b.when if t.threshold))
            if b.outcome not in (declared.FULL_EVERY_YEAR, declared.SILENT):
                used[b.outcome] = None
        used.update(dict.fromkeys(r.weights))
    return {
        "assessments": {a.value: {"label": a.label, "short": a.short} for a in Assessment},
        "full": Assessment.FULL.value,
        "roles": [{"id": r.value, "label": r.label} for r in Role],
        "counts": {name: {"label": c.label} for name, c in declared.COUNTS.items()},
        "max_premises": declared.MAX_PREMISES,
        "rule_sets": [
            {
                "id": r.id,
                "title": r.title,
                "effective_from": r.effective_from.isoformat(),
                "effective_label": _long(r.effective_from),
                "quantities": {
                    q.name: [[t.count, t.weight] for t in q.terms] for q in r.quantities
                },
                "branches": [
                    {
                        "id": b.value,
                        "role": b.role.value,
                        "when": [[t.quantity, t.threshold] for t in b.when],
                        "outcome": b.outcome,
                        "clause": b.clause,
                        "reason": b.reason,
                    }
                    for b in r.branches
                ],
            }
            for r in rule_sets
        ],
        "parameters": {name: _parameter(name) for name in used},
    }


def rules_reference() -> dict[str, Any]:
    """The rules page's data: each rule set's rules in sentences (with the values in force when
    it took effect) and every parameter with its history and where its values come from."""
    return {
        "rule_sets": [
            {
                "id": r.id,
                "title": r.title,
                "effective_from": r.effective_from,
                "rules": [
                    {"id": b.value, "sentence": rule_sentence(r, b, r.effective_from)}
                    for role in Role
                    for b in r.branches_for(role)
                ],
                "notes": [
                    note
                    for n in r.thresholds + r.weights
                    if (note := assumed_note(n, r.effective_from))
                ],
            }
            for r in parameters.RULE_SETS
        ],
        "parameters": [{"name": n, **_parameter(n)} for n in parameters.PARAMETERS],
    }
