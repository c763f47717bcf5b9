"""The published site in a real browser: headless Debian Chromium driven by Playwright.

The calculator must give the Python rules' answer (assessments, rule, reason) for hundreds of
random portfolios and at every threshold of both rule sets; search must work; no page may log a
console error; the DOCX download must open; and hostile content must be shown, never run.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from pathlib import Path
from typing import Any

import docx
import pytest

pytest.register_assert_rewrite("tests.site_fixtures")

from generator.errors import RuleError  # noqa: E402
from generator.rules import RULE_SETS, Portfolio, Role, schedule  # noqa: E402
from generator.rules.parameters import BEGINNING, PARAMETERS  # noqa: E402
from generator.site.calculator import YEARS  # noqa: E402
from tests.site_fixtures import (  # noqa: E402
    ARTIFACTS,
    IMG_COMMENT,
    SCRIPT_COMMENT,
    BuiltSite,
    Watched,
)

pytest_plugins = ["tests.site_fixtures"]

Case = tuple[str, int, int, str]

#: Fills the form for each case and reads what the calculator shows, through the DOM only.
_DRIVE = """
(cases) => {
  const form = document.getElementById("secmod-calculator");
  const result = document.getElementById("secmod-calculator-result");
  const shown = [];
  for (const [role, domestic, nonDomestic, on] of cases) {
    form.elements.role.value = role;
    form.elements.domestic.value = domestic;
    form.elements.non_domestic.value = nonDomestic;
    form.elements.on.value = on;
    form.elements.on.dispatchEvent(new Event("input", { bubbles: true }));
    const cells = [...document.querySelectorAll("#secmod-calculator-years td[data-assessment]")];
    shown.push({
      error: result.getAttribute("data-error"),
      branch: result.getAttribute("data-branch"),
      rules: result.getAttribute("data-rule-set"),
      assessments: result.getAttribute("data-assessments"),
      cells: cells.map((c) => c.getAttribute("data-assessment")).join(","),
      reason: document.getElementById("secmod-calculator-reason").textContent,
      visibleError: document.getElementById("secmod-calculator-problem").textContent,
    });
  }
  return shown;
}
"""


def _expected(case: Case) -> dict[str, Any]:
    role, domestic, non_domestic, on = case
    try:
        result = schedule(
            Portfolio(Role(role), domestic, non_domestic), dt.date.fromisoformat(on), YEARS
        )
    except RuleError as exc:
        return {"error": str(exc)}
    assessments = ",".join(a.value for a in result.assessments)
    return {
        "error": None,
        "branch": result.classification.branch.value,
        "rules": result.rules,
        "assessments": assessments,
        "cells": assessments,
        "reason": result.reason,
    }


def _open_calculator(page: Watched, url: str) -> Any:
    page.page.goto(url + "calculator/")
    page.page.wait_for_selector("#secmod-calculator-result:not([hidden])")
    return page.page


def _check(page: Any, cases: list[Case]) -> None:
    shown = page.evaluate(_DRIVE, [list(c) for c in cases])
    mismatches = []
    for case, got in zip(cases, shown, strict=True):
        want = _expected(case)
        if want["error"] is not None:
            if got["error"] != want["error"] or got["visibleError"] != want["error"]:
                mismatches.append((case, want, got))
            continue
        if {k: got[k] for k in want} != want:
            mismatches.append((case, want, got))
    assert mismatches == []


def _random_cases(rng: random.Random, count: int) -> list[Case]:
    first = RULE_SETS[0].effective_from
    span = (dt.date(2030, 12, 31) - first).days
    cases: list[Case] = []
    for _ in range(count):
        scale = rng.choice([10, 1_000, 100_000, 1_000_000, 10_000_000])
        role = rng.choice(["supplier", "supplier", "supplier", "other"])
        domestic = rng.randrange(scale) if rng.random() < 0.8 else 0
        non_domestic = rng.randrange(scale) if rng.random() < 0.7 else 0
        on = first + dt.timedelta(days=rng.randrange(span))
        cases.append((role, domestic, non_domestic, on.isoformat()))
    return cases


def _edge_dates() -> list[dt.date]:
    """The first day of every rule set and the last day of every rule set but the latest."""
    dates = {r.effective_from for r in RULE_SETS}
    dates |= {r.effective_from - dt.timedelta(days=1) for r in RULE_SETS[1:]}
    return sorted(dates)


def _edge_cases() -> list[Case]:
    """Every threshold of every rule set, one below, at and one above, on every edge date."""

    def values(name: str) -> set[int]:
        return {v for _, v in PARAMETERS[name].values}  # type: ignore[misc]

    weights = values("non_domestic_weight")
    portfolios: set[tuple[int, int]] = set()
    for threshold in values("non_domestic_threshold"):
        for n in (threshold - 1, threshold, threshold + 1):
            portfolios |= {(0, n), (1, n), (threshold, n)}
    for combined in values("combined_threshold"):
        for weight in weights:
            for non_domestic in (0, 1, 1_000, combined // weight // 2, combined // weight):
                base = combined - weight * non_domestic
                portfolios |= {(base + d, non_domestic) for d in (-1, 0, 1) if base + d >= 0}
    for threshold in values("domestic_threshold"):
        for d in (threshold - 1, threshold, threshold + 1):
            portfolios |= {(d, 0), (d, 1)}
    cases: list[Case] = []
    for on in _edge_dates():
        cases += [("supplier", d, n, on.isoformat()) for d, n in sorted(portfolios)]
        cases.append(("other", 0, 0, on.isoformat()))
    return cases


def test_the_calculator_agrees_with_the_rules_on_random_portfolios(
    page: Watched, site_server: str
) -> None:
    calculator = _open_calculator(page, site_server)
    _check(calculator, _random_cases(random.Random(20190228), 300))
    assert page.errors == []


def test_the_calculator_agrees_with_the_rules_at_every_threshold(
    page: Watched, site_server: str
) -> None:
    cases = _edge_cases()
    assert len({c[3] for c in cases}) >= len(RULE_SETS)
    calculator = _open_calculator(page, site_server)
    _check(calculator, cases)
    assert page.errors == []


def test_the_calculator_reports_a_date_before_any_rule(page: Watched, site_server: str) -> None:
    before = (BEGINNING - dt.timedelta(days=1)).isoformat()
    calculator = _open_calculator(page, site_server)
    _check(calculator, [("supplier", 10, 10, before), ("other", 0, 0, before)])
    assert calculator.locator("#secmod-calculator-problem").is_visible()


def test_the_calculator_reads_what_a_person_types(page: Watched, site_server: str) -> None:
    calculator = _open_calculator(page, site_server)
    calculator.select_option("#secmod-calculator-role", "supplier")
    calculator.fill("#secmod-calculator-domestic", "100,000")
    calculator.fill("#secmod-calculator-non-domestic", "30001")
    calculator.fill("#secmod-calculator-on", "2019-03-01")
    want = schedule(Portfolio(Role.SUPPLIER, 100_000, 30_001), dt.date(2019, 3, 1), YEARS)
    rows = calculator.locator("#secmod-calculator-years tr").all_inner_texts()
    assert rows == [f"Year {i}\t{a.label}" for i, a in enumerate(want.assessments, start=1)]
    assert calculator.inner_text("#secmod-calculator-reason") == want.reason
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "calculator.png"
    calculator.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    calculator.fill("#secmod-calculator-domestic", "lots")
    assert calculator.locator("#secmod-calculator-problem").is_visible()
    assert "whole number" in calculator.inner_text("#secmod-calculator-problem")
    assert page.errors == []


def test_search_finds_non_domestic(page: Watched, site_server: str) -> None:
    tab = page.page
    tab.goto(site_server)
    tab.click("input.md-search__input")
    tab.keyboard.type("Non-Domestic")
    tab.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert tab.locator(".md-search-result__item").count() >= 1
    titles = " ".join(tab.locator(".md-search-result__item").all_inner_texts())
    assert re.search("Non-Domestic", titles, re.I)
    assert page.errors == []


def _pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
        if p.name != "404.html"
    )


def test_every_page_loads_without_a_console_error(
    page: Watched, site_server: str, built_site: BuiltSite
) -> None:
    paths = _pages(built_site.site)
    assert len(paths) >= 10
    for path in paths:
        response = page.page.goto(site_server + path)
        assert response is not None and response.ok, path
        page.page.wait_for_load_state("networkidle")
    assert page.errors == []


def test_the_docx_download_opens(page: Watched, site_server: str, tmp_path: Path) -> None:
    tab = page.page
    tab.goto(site_server + "modifications/SECMP0059/")
    with tab.expect_download() as info:
        tab.click("a[href='SECMP0059-change-board-paper.docx']")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    document = docx.Document(io.BytesIO(saved.read_bytes()))
    assert document.paragraphs[0].text == "SECMP0059 Change Board vote"


@pytest.mark.parametrize(
    "path", ["modifications/SECMP0059/responses/", "modifications/SECMP0059/change-board-paper/"]
)
def test_hostile_content_is_shown_and_never_runs(
    page: Watched, hostile_server: str, path: str
) -> None:
    tab = page.page
    tab.goto(hostile_server + path)
    tab.wait_for_load_state("networkidle")
    ran = tab.evaluate("() => [window.__pwned, window.__pwned2, window.__pwned3]")
    assert ran == [None, None, None]
    text = tab.inner_text("article")
    assert SCRIPT_COMMENT in text
    assert IMG_COMMENT in text
    assert tab.locator("article script, article img[onerror], article [onclick]").count() == 0
    assert tab.locator("article a[href^='javascript']").count() == 0
    assert "click me" in text
    assert tab.locator("article a", has_text="click me").count() == 0
    assert page.errors == []


def test_the_modifications_filter_narrows_the_table(page: Watched, hostile_server: str) -> None:
    tab = page.page
    tab.goto(hostile_server + "modifications/")
    rows = tab.locator("article table tbody tr")
    assert rows.count() == 2
    tab.fill("#secmod-filter-input", "shared resources")
    visible = [r for r in rows.all() if r.is_visible()]
    assert [r.inner_text().split("\t")[0] for r in visible] == ["SECMP1001"]
    assert tab.inner_text("#secmod-filter-status") == "1 of 2 shown"
    tab.fill("#secmod-filter-input", "")
    assert len([r for r in rows.all() if r.is_visible()]) == 2
    assert page.errors == []
