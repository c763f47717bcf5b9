"""Each rule is declared once: a threshold added to a rule set reaches every reader of the rules.

The test adds a threshold to the SECMP0059 rule set (a parameter and a branch, nothing else) and
finds it in the calculator's data, the coverage cases, the guidance's table and bullets, the rules
page's sentences and the reasons the Python schedule gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from generator.build import render_modification
from generator.checks.coverage import targets
from generator.load import load_content
from generator.rules import Portfolio, Role, parameters, schedule
from generator.rules.declaration import FULL_EVERY_YEAR, Branch, Condition
from generator.rules.described import declaration, rules_reference
from tests.conftest import CONTENT

AFTER = dt.date(2019, 3, 1)


@pytest.fixture
def extended(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SECMP0059 rule set with one more threshold: more than 200,000 Domestic Premises."""
    cap = parameters.Parameter(
        "domestic_cap",
        "Domestic Premises above which a Supplier Party has a Full assessment every year",
        "SEC Section G8.46A(c) (a test fixture)",
        ((parameters.SECMP0059_IN_FORCE, 200_000),),
        label="Domestic cap",
        source="this test",
    )
    branch = Branch(
        Role.SUPPLIER,
        "domestic-above-cap",
        (Condition("domestic", "domestic_cap"),),
        FULL_EVERY_YEAR,
        "G8.46A(c)",
        "Domestic Premises ({domestic}) exceed {domestic_cap}: "
        "a Full User Security Assessment every year (G8.46A(c)).",
    )
    rule_set = parameters.SECMP0059
    grown = dataclasses.replace(rule_set, branches=(branch, *rule_set.branches))
    monkeypatch.setitem(parameters.PARAMETERS, "domestic_cap", cap)
    monkeypatch.setattr(parameters, "RULE_SETS", (parameters.BASELINE, grown))


@pytest.mark.usefixtures("extended")
def test_a_new_threshold_reaches_the_schedule_and_its_reason() -> None:
    result = schedule(Portfolio(Role.SUPPLIER, 200_001, 0), AFTER)
    assert result.classification.branch.value == "SECMP0059.supplier.domestic-above-cap"
    assert result.reason.startswith("Domestic Premises (200,001) exceed 200,000:")
    under = schedule(Portfolio(Role.SUPPLIER, 200_000, 0), AFTER)
    assert under.classification.branch.value == "SECMP0059.supplier.cycle"


@pytest.mark.usefixtures("extended")
def test_a_new_threshold_reaches_the_calculator() -> None:
    data = declaration()
    assert data["parameters"]["domestic_cap"]["values"][0]["value"] == 200_000
    (secmp0059,) = [r for r in data["rule_sets"] if r["id"] == "SECMP0059"]
    first = secmp0059["branches"][0]
    assert first["id"] == "SECMP0059.supplier.domestic-above-cap"
    assert first["when"] == [["domestic", "domestic_cap"]]
    assert "{domestic_cap}" in first["reason"]


@pytest.mark.usefixtures("extended")
def test_a_new_threshold_reaches_the_coverage_cases() -> None:
    ids = {t.id for t in targets(["SECMP0059"])}
    for relation in ("just below", "at", "just above"):
        assert f"SECMP0059 domestic cap {relation}" in ids
    assert "SECMP0059.supplier.domestic-above-cap year 4+" in ids


@pytest.mark.usefixtures("extended")
def test_a_new_threshold_reaches_the_guidance_and_the_rules_page() -> None:
    content = load_content(CONTENT, ["SECMP0059"])
    rendered = render_modification(content, content.modifications["SECMP0059"], word=False)
    (guidance,) = [o.markdown for o in rendered.outputs if o.key == "scf-guidance"]
    assert guidance is not None
    assert re.search(r"\| Domestic cap +\| +200,000 \| SEC Section G8.46A\(c\)", guidance)
    assert "every year when one of these holds:" in guidance
    assert "- its Domestic Premises exceed 200,000 (SEC Section G8.46A(c) (a test fixture))" in (
        guidance
    )
    assert "`D > 200,000`" in guidance
    sentences = [r["sentence"] for s in rules_reference()["rule_sets"] for r in s["rules"]]
    assert (
        "A Supplier Party whose Domestic Premises exceed 200,000 has a Full User Security "
        "Assessment every year (G8.46A(c))." in sentences
    )
