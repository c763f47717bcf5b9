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

from generator.errors import RuleError
from generator.rules import RULE_SETS, Portfolio, Role, RuleSet, schedule
from generator.rules.declaration import MAX_PREMISES
from generator.rules.parameters import BEGINNING, PARAMETERS
from generator.site.pages import CALCULATOR_YEARS as YEARS
from tests.site_fixtures import (
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
      assumed: result.getAttribute("data-assumed"),
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
        "assumed": ",".join(result.classification.assumed),
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


def _values(name: str) -> set[int]:
    return {v for _, v in PARAMETERS[name].values if isinstance(v, int)}


def _edge_portfolios(rule_set: RuleSet) -> set[tuple[int, int]]:
    """(domestic, non-domestic) portfolios one below, at and one above every threshold the
    rule set declares, for every value the threshold and its weights ever take."""
    found: set[tuple[int, int]] = set()
    for branch in rule_set.branches:
        for test in branch.when:
            if test.threshold is None:
                continue
            terms = rule_set.quantity(test.quantity).terms
            weights = [_values(t.weight) if t.weight else {1} for t in terms]
            for limit in _values(test.threshold):
                for w in (min(ws) for ws in weights), (max(ws) for ws in weights):
                    found |= _solve([t.count for t in terms], list(w), limit)
    return {(d, n) for d, n in found if 0 <= d <= MAX_PREMISES and 0 <= n <= MAX_PREMISES}


def _solve(counts: list[str], weights: list[int], limit: int) -> set[tuple[int, int]]:
    """Portfolios whose weighted sum of ``counts`` is limit - 1, limit and limit + 1. For one
    count, the other count is 0, 1 or the limit; for a sum of two, the second count takes a few
    values (0, 1, half and all of the limit) and the first makes up the rest."""
    found: set[tuple[int, int]] = set()
    for delta in (-1, 0, 1):
        if len(counts) == 1:
            other = "non_domestic" if counts[0] == "domestic" else "domestic"
            portfolios = [{counts[0]: limit + delta, other: spare} for spare in (0, 1, limit)]
        else:
            seconds = (0, 1, 1_000, limit // weights[1] // 2, limit // weights[1])
            portfolios = [
                {counts[1]: n, counts[0]: (limit + delta - weights[1] * n) // weights[0]}
                for n in seconds
            ]
        found |= {(p["domestic"], p["non_domestic"]) for p in portfolios}
    return found


def _edge_cases() -> list[Case]:
    """Every threshold of every rule set, one below, at and one above, on every edge date."""
    portfolios = set().union(*(_edge_portfolios(r) for r in RULE_SETS))
    cases: list[Case] = []
    for on in _edge_dates():
        cases += [("supplier", d, n, on.isoformat()) for d, n in sorted(portfolios)]
        cases.append(("other", 0, 0, on.isoformat()))
    return cases


def test_the_calculator_agrees_with_the_rules_on_random_portfolios(
    page: Watched, site_server: str
) -> None:
    calculator = _open_calculator(page, site_server)
    _check(calculator, _random_cases(random.Random(20190228), 500))
    assert page.errors == []


def test_the_calculator_agrees_with_the_rules_at_every_threshold(
    page: Watched, site_server: str
) -> None:
    cases = _edge_cases()
    assert len({c[3] for c in cases}) >= len(RULE_SETS)
    portfolios = {(c[1], c[2]) for c in cases}
    assert {(0, 49_999), (0, 50_000), (0, 50_001), (250_001, 0)} <= portfolios
    assert {(124_999, 25_000), (125_000, 25_000), (125_001, 25_000)} <= portfolios
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


def test_the_modifications_filter_narrows_the_table(
    page: Watched, hostile_server: str, hostile_site: BuiltSite
) -> None:
    total = len([f for f in hostile_site.content.iterdir() if (f / "modification.yaml").exists()])
    tab = page.page
    tab.goto(hostile_server + "modifications/")
    rows = tab.locator("article table tbody tr")
    assert rows.count() == total >= 2
    tab.fill("#secmod-filter-input", "second modification about shared resources")
    visible = [r for r in rows.all() if r.is_visible()]
    assert [r.inner_text().split("\t")[0] for r in visible] == ["SECMP1001"]
    assert tab.inner_text("#secmod-filter-status") == f"1 of {total} shown"
    tab.fill("#secmod-filter-input", "")
    assert len([r for r in rows.all() if r.is_visible()]) == total
    assert page.errors == []


def _field_errors(tab: Any) -> dict[str, str]:
    return {
        name: tab.inner_text(f"#secmod-calculator-{name}-error")
        for name in ("domestic", "non_domestic", "on")
        if tab.locator(f"#secmod-calculator-{name}-error").is_visible()
    }


def test_every_bad_field_shows_its_own_message(page: Watched, site_server: str) -> None:
    tab = _open_calculator(page, site_server)
    tab.select_option("#secmod-calculator-role", "supplier")
    tab.fill("#secmod-calculator-domestic", "")
    tab.fill("#secmod-calculator-non-domestic", "lots")
    assert _field_errors(tab) == {
        "domestic": "Domestic Premises: enter a number of premises (0 if none).",
        "non_domestic": "Non-Domestic Premises: enter a whole number of premises, 0 or more.",
    }
    assert tab.locator("#secmod-calculator-result").is_hidden()
    assert tab.get_attribute("#secmod-calculator-domestic", "aria-invalid") == "true"
    tab.fill("#secmod-calculator-domestic", "99,999,999,999,999,999,999,999")
    assert _field_errors(tab)["domestic"] == (
        f"Domestic Premises: at most {MAX_PREMISES:,} premises (more than Great Britain has)."
    )
    tab.fill("#secmod-calculator-domestic", f"{MAX_PREMISES:,}")
    tab.fill("#secmod-calculator-non-domestic", "0")
    assert _field_errors(tab) == {}
    assert tab.locator("#secmod-calculator-result").is_visible()
    assert page.errors == []


def test_switching_role_clears_the_errors_of_fields_that_no_longer_matter(
    page: Watched, site_server: str
) -> None:
    tab = _open_calculator(page, site_server)
    tab.select_option("#secmod-calculator-role", "supplier")
    tab.fill("#secmod-calculator-domestic", "many")
    assert "domestic" in _field_errors(tab)
    tab.select_option("#secmod-calculator-role", "other")
    assert _field_errors(tab) == {}
    assert tab.locator("#secmod-calculator-result").is_visible()
    assert tab.locator("#secmod-calculator-problem").is_hidden()
    assert page.errors == []


def test_a_date_before_the_rules_says_which_dates_are_covered(
    page: Watched, site_server: str
) -> None:
    tab = _open_calculator(page, site_server)
    tab.fill("#secmod-calculator-on", (BEGINNING - dt.timedelta(days=1)).isoformat())
    first = f"{BEGINNING.day} {BEGINNING:%B %Y}"
    message = f"The rules cover dates from {first} onwards: choose {first} or a later date."
    assert _field_errors(tab) == {"on": message}
    assert tab.inner_text("#secmod-calculator-problem") == message
    assert "no value in force" not in tab.inner_text("article")
    assert page.errors == []


def test_an_assumed_value_is_noted_under_the_answer(page: Watched, site_server: str) -> None:
    tab = _open_calculator(page, site_server)
    tab.select_option("#secmod-calculator-role", "supplier")
    tab.fill("#secmod-calculator-domestic", "100,000")
    tab.fill("#secmod-calculator-non-domestic", "30,001")
    tab.fill("#secmod-calculator-on", "2019-03-01")
    note = tab.locator("#secmod-calculator-assumed")
    assert note.is_visible()
    assert "is assumed: no source states it" in note.inner_text()
    tab.fill("#secmod-calculator-non-domestic", "60,000")  # G8.46A(a) decides: no weight read
    assert note.is_hidden()


def test_without_javascript_a_note_points_to_the_rules_and_the_command(
    browser: Any, site_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_server + "calculator/")
    note = tab.locator("noscript p, .secmod-calculator-problem").first
    text = tab.inner_text("article")
    assert "This calculator needs JavaScript" in text and "secmod assess" in text
    assert note.is_visible()
    tab.click("article a:has-text('rules reference')")
    assert tab.url.endswith("/rules/")
    context.close()


#: Measures every table of the article against the content column (through the DOM only).
_TABLES = """
() => {
  const column = document.querySelector(".md-content").getBoundingClientRect();
  const within = (box) => box.left >= column.left - 1 && box.right <= column.right + 1;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const found = [];
  for (const table of document.querySelectorAll("article table")) {
    const box = table.getBoundingClientRect();
    // the table fits, or scrolls itself, or sits in a scroll container that fits the column
    let ok = within(box) && (table.scrollWidth <= table.clientWidth + 1 || scrolls(table));
    for (let el = table.parentElement; !ok && el && el.tagName !== "ARTICLE";
         el = el.parentElement) {
      ok = scrolls(el) && within(el.getBoundingClientRect()) && el.scrollWidth >= box.width - 1;
    }
    const wrap = table.closest(".md-typeset__scrollwrap") || table;
    found.push({heading: (table.querySelector("th") || table).textContent.trim(), ok: ok,
                fits: within(box) && wrap.scrollWidth <= wrap.clientWidth + 1});
  }
  return {tables: found, pageWidth: document.documentElement.scrollWidth,
          viewport: window.innerWidth};
}
"""


def _generated_pages(site: Path) -> list[str]:
    return [p for p in _pages(site) if not p.startswith("authors/")]


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_no_table_overflows_the_content_column(
    browser: Any, site_server: str, built_site: BuiltSite, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    overflowing, scrolled = [], []
    for path in _generated_pages(built_site.site):
        tab.goto(site_server + path)
        measured = tab.evaluate(_TABLES)
        assert measured["pageWidth"] <= measured["viewport"], path
        overflowing += [(path, t["heading"][:40]) for t in measured["tables"] if not t["ok"]]
        scrolled += [(path, t["heading"][:40]) for t in measured["tables"] if not t["fits"]]
    context.close()
    assert overflowing == []
    if width >= 1280:  # on a desktop every column is in view, none behind a scroll
        assert scrolled == []


def test_no_generated_page_shows_a_placeholder_or_a_parameter_name(
    page: Watched, site_server: str, built_site: BuiltSite
) -> None:
    shown = []
    for path in _generated_pages(built_site.site):
        page.page.goto(site_server + path)
        text = page.page.inner_text("article")
        shown += [(path, "{") for _ in range(1) if "{" in text]
        shown += [(path, name) for name in PARAMETERS if name in text]
    assert shown == []


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_timeline_is_a_picture_with_its_steps_in_the_page(
    browser: Any, site_server: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_server + "modifications/SECMP0059/")
    picture = tab.locator("article svg.secmod-timeline")
    assert picture.count() == 1
    assert picture.get_attribute("aria-hidden") == "true"
    box = picture.bounding_box()
    column = tab.locator("article").bounding_box()
    assert box is not None and column is not None
    assert box["width"] <= column["width"] + 1
    labels = [t for t in picture.locator("text").all_text_contents() if "(" in t]
    rows = tab.locator("article table").first.locator("tbody tr").all_inner_texts()
    assert len(labels) == len(rows) >= 3
    for label, row in zip(labels, rows, strict=True):
        assert label.split(" (")[0] == row.split("\t")[0]
    assert tab.locator("article script").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"timeline-{width}.png"), full_page=True)
    context.close()
