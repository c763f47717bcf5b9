"""The guidance update (e.g. the Security Controls Framework) a modification triggers.

When a modification is approved, SECAS publishes a new version of the guidance section it changes:
for SECMP0059, the SCF section on the frequency of User Security Assessments (SEC Section G8.46
to G8.47). The text is ``templates/scf-guidance.md.j2``; this module evaluates the rules module
for a set of representative portfolios, derived from the rule parameters (never typed), and
hands the template ready-made tables. The tables it marks with ``EXAMPLES_MARKER`` are read back
and checked against the rules by ``generator.checks.examples``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.documents.base import BuildInput, Output
from generator.errors import BuildError, Location, Problem, display_path
from generator.lifecycle import implementation_on
from generator.model import ExampleTable, Guidance, Modification, ReleaseImplementation
from generator.render.templating import long_date, number, render_prose, render_template
from generator.rules import (
    Assessment,
    Portfolio,
    Role,
    Schedule,
    parameters,
    rule_set_on,
    schedule,
)
from generator.rules.declaration import FULL_EVERY_YEAR
from generator.rules.described import condition_phrase, formula, thresholds_on
from generator.source import field_text

__all__ = [
    "EXAMPLES_MARKER",
    "TEMPLATE",
    "Case",
    "build_guidance",
    "guidance_context",
    "guidance_dates",
    "guidance_markdown",
    "markdown_table",
    "representative_cases",
]

TEMPLATE = "scf-guidance.md.j2"

#: The HTML comment that marks the next Markdown table as executable examples.
EXAMPLES_MARKER = "secmod:examples"

#: How many years the guidance tables show: one full cycle and the first year of the next.
YEARS_SHOWN = 4


def markdown_table(
    header: Sequence[object], rows: Sequence[Sequence[object]], align: str = ""
) -> str:
    """A pipe table laid out as mdformat lays it out, so formatting leaves it unchanged.

    ``align`` gives one letter per column, ``l``, ``r`` or ``-`` (default): left, right or none.
    Every row must have as many cells as the header.
    """
    cells = [[str(c).replace("|", "\\|") for c in header]]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"table row has {len(row)} cells, the header {len(header)}")
        cells.append([str(c).replace("|", "\\|") for c in row])
    kinds = (align.replace(" ", "") or "-" * len(header)).ljust(len(header), "-")
    widths = [max(3, *(len(r[i]) for r in cells)) for i in range(len(header))]

    def pad(text: str, i: int) -> str:
        return text.rjust(widths[i]) if kinds[i] == "r" else text.ljust(widths[i])

    def line(items: Sequence[str]) -> str:
        return "| " + " | ".join(items) + " |"

    def delimiter(i: int) -> str:
        body = "-" * (widths[i] - 1)
        return {"l": ":" + body, "r": body + ":"}.get(kinds[i], "-" + body)

    out = [line([pad(c, i) for i, c in enumerate(cells[0])])]
    out.append(line([delimiter(i) for i in range(len(header))]))
    out.extend(line([pad(c, i) for i, c in enumerate(r)]) for r in cells[1:])
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Case:
    """A representative User, and what it schedules before and after the modification."""

    key: str
    portfolio: Portfolio
    before: Schedule
    after: Schedule

    @property
    def role(self) -> Role:
        """The User's role."""
        return self.portfolio.role

    @property
    def changes(self) -> list[tuple[int, Assessment, Assessment]]:
        """(year, before, after) for every year whose assessment changes."""
        return [
            (year, b, a)
            for year, (b, a) in enumerate(
                zip(self.before.assessments, self.after.assessments, strict=True), start=1
            )
            if a is not b
        ]

    @property
    def shorts(self) -> list[str]:
        """The short names of the assessments after the modification, year by year."""
        return [a.short for a in self.after.assessments]


#: key -> the branch the portfolio must fall under once the modification applies (None: any).
_INTENDED: dict[str, str | None] = {
    "supplier-under-both": "SECMP0059.supplier.cycle",
    "supplier-non-domestic-above": "SECMP0059.supplier.non-domestic-above-threshold",
    "supplier-combined-above": "SECMP0059.supplier.combined-above-threshold",
    "supplier-domestic-above": None,
    "supplier-domestic-only": "SECMP0059.supplier.cycle",
    "other": "SECMP0059.other.cycle",
}


def representative_cases(before: dt.date, after: dt.date, years: int = YEARS_SHOWN) -> list[Case]:
    """One portfolio of each kind the guidance describes, computed from the parameters.

    Non-Domestic threshold N, weight w, combined threshold C and Domestic threshold D:

    * under both thresholds: N/10 Non-Domestic and (C - w*N/10)/2 Domestic Premises;
    * above the Non-Domestic threshold: N + 1 Non-Domestic Premises;
    * above the combined threshold only: N/2 Non-Domestic and C - w*N/2 + 1 Domestic Premises;
    * above the Domestic threshold: D + 1 Domestic Premises; Domestic only: D/2;
    * an Other User.
    """
    non_domestic = parameters.NON_DOMESTIC_THRESHOLD.at(after)
    weight = parameters.NON_DOMESTIC_WEIGHT.at(after)
    combined = parameters.COMBINED_THRESHOLD.at(after)
    domestic = parameters.DOMESTIC_THRESHOLD.at(before)
    small = non_domestic // 10
    half = non_domestic // 2
    portfolios = {
        "supplier-under-both": Portfolio(
            Role.SUPPLIER, max(0, (combined - weight * small) // 2), small
        ),
        "supplier-non-domestic-above": Portfolio(Role.SUPPLIER, 0, non_domestic + 1),
        "supplier-combined-above": Portfolio(
            Role.SUPPLIER, max(0, combined - weight * half + 1), half
        ),
        "supplier-domestic-above": Portfolio(Role.SUPPLIER, domestic + 1, 0),
        "supplier-domestic-only": Portfolio(Role.SUPPLIER, domestic // 2, 0),
        "other": Portfolio(Role.OTHER),
    }
    cases = []
    for key, portfolio in portfolios.items():
        case = Case(
            key, portfolio, schedule(portfolio, before, years), schedule(portfolio, after, years)
        )
        intended = _INTENDED[key]
        if intended is not None and case.after.classification.branch.value != intended:
            raise BuildError(
                [
                    Problem(
                        Location(display_path(parameters.__file__)),
                        "",
                        f"the representative portfolio {key!r} ({portfolio.domestic:,} Domestic, "
                        f"{portfolio.non_domestic:,} Non-Domestic Premises) falls under "
                        f"{case.after.classification.branch.value}, not {intended}: "
                        "the parameters no longer fit the guidance's cases",
                    )
                ]
            )
        cases.append(case)
    return cases


def guidance_dates(mod: Modification) -> tuple[dt.date, dt.date]:
    """The dates on which to read the rules before and after the guidance takes effect."""
    guidance = mod.guidance
    effective = (
        guidance.effective
        if guidance and guidance.effective
        else implementation_on(mod.modification) or mod.modification.paper.date
    )
    return effective - dt.timedelta(days=1), effective


def _takes_effect(mod: Modification) -> str:
    """When the modification takes effect, in words: "in the February 2019 SEC Release"."""
    impl = mod.modification.implementation
    if isinstance(impl, ReleaseImplementation):
        return f"when {mod.id} takes effect ({impl.release})"
    return f"when {mod.id} takes effect"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _role_cell(role: Role) -> str:
    return role.label


def _count_cell(role: Role, value: int) -> str:
    return "\u2013" if role is Role.OTHER else number(value)  # an en dash: not applicable


def _year_header(years: int) -> list[str]:
    return [f"Year {y}" for y in range(1, years + 1)]


def _declared(before: dt.date, after: dt.date, mod_id: str) -> dict[str, Any]:
    """What the guidance says of the rules, read from their declaration: the tests that give a
    Supplier Party a Full assessment every year (in words and as formulas) and the thresholds
    and weights of the rules before and after, with a note on each assumed value."""
    now, then = rule_set_on(after), rule_set_on(before)
    annual = [b for b in now.branches_for(Role.SUPPLIER) if b.outcome == FULL_EVERY_YEAR and b.when]
    rows = thresholds_on(now, after)
    if then is not now:
        rows += [
            {**row, "label": f"{row['label']} (before {mod_id})"}
            for row in thresholds_on(then, before)
            if row["name"] not in now.thresholds + now.weights
        ]
    return {
        "full_every_year": [
            {
                "phrase": " and ".join(condition_phrase(now, t, after) for t in b.when),
                "formula": " and ".join(f"`{formula(now, t, after)}`" for t in b.when),
                "reference": "; ".join(
                    parameters.PARAMETERS[t.threshold].reference for t in b.when if t.threshold
                ),
            }
            for b in annual
        ],
        "rule_parameters": markdown_table(
            ["Rule parameter", "Value", "Set by"],
            [
                [r["label"], f"{r['value']} (assumed)" if r["note"] else r["value"], r["reference"]]
                for r in rows
            ],
            "lrl",
        ),
        "assumed_notes": [r["note"] for r in rows if r["note"]],
    }


def _cases_table(cases: Sequence[Case], labels: Mapping[str, str]) -> str:
    """The schedule of each representative case under the new rules."""
    header = ["Case", "User", "Domestic", "Non-Domestic", *_year_header(YEARS_SHOWN)]
    rows = [
        [
            _capital(labels[c.key]),
            _role_cell(c.role),
            _count_cell(c.role, c.portfolio.domestic),
            _count_cell(c.role, c.portfolio.non_domestic),
            *(a.short for a in c.after.assessments),
        ]
        for c in cases
    ]
    return markdown_table(header, rows, "llrr")


def _changes_table(
    cases: Sequence[Case], labels: Mapping[str, str], versions: Sequence[str]
) -> str:
    """Each case before and after, the changed years in bold."""
    years = 3
    header = [
        "Case",
        "User",
        "Domestic",
        "Non-Domestic",
        "Version",
        "Rules read on",
        *_year_header(years),
    ]
    rows: list[list[str]] = []
    for c in cases:
        for version, sched, other in (
            (versions[0], c.before, c.after),
            (versions[1], c.after, c.before),
        ):
            shown = [
                f"**{a.short}**" if a is not o and sched is c.after else a.short
                for a, o in zip(sched.assessments[:years], other.assessments[:years], strict=True)
            ]
            rows.append(
                [
                    _capital(labels[c.key]),
                    _role_cell(c.role),
                    _count_cell(c.role, c.portfolio.domestic),
                    _count_cell(c.role, c.portfolio.non_domestic),
                    version,
                    long_date(sched.on),
                    *shown,
                ]
            )
    return markdown_table(header, rows, "llrrll")


def _example_table(table: ExampleTable) -> str:
    """A worked-example table as the guidance prints it."""
    years = max(len(r.expect) for r in table.rows)
    notes = any(r.note for r in table.rows)
    header = ["User", "Domestic", "Non-Domestic", "Rules read on", *_year_header(years)]
    if notes:
        header.append("Note")
    rows = []
    for r in table.rows:
        expect = [a.short for a in r.expect] + [""] * (years - len(r.expect))
        row = [
            _role_cell(r.role),
            _count_cell(r.role, r.domestic),
            _count_cell(r.role, r.non_domestic),
            long_date(r.on or table.on),
            *expect,
        ]
        if notes:
            row.append(r.note or "")
        rows.append(row)
    return markdown_table(header, rows, "lrrl")


def guidance_context(given: BuildInput, guidance: Guidance) -> dict[str, Any]:
    """What ``scf-guidance.md.j2`` needs beyond the modification's context: the update's facts
    and prose, and, when the modification changes a rule set, what the rules give."""
    mod = given.mod
    before, after = guidance_dates(mod)
    base = given.context

    def prose(text: str | None, *path: str | int) -> str | None:
        if text is None:
            return None
        location = given.content.locate(mod.id, "guidance.yaml", path)
        return render_prose(text, base, location, field_text(path)).strip()

    return {
        "guidance": guidance,
        "guidance_title": (
            f"{guidance.document} ({guidance.abbreviation})"
            if guidance.abbreviation
            else guidance.document
        ),
        "short_name": guidance.abbreviation or guidance.document,
        "version_before": f"v{guidance.version_before}",
        "version_after": f"v{guidance.version_after}",
        "before": before,
        "effective": after,
        "takes_effect": _takes_effect(mod),
        "summary": prose(guidance.summary, "summary"),
        "sections": [
            {"heading": x.heading, "text": prose(x.text, "sections", i, "text")}
            for i, x in enumerate(guidance.sections)
        ],
        "example_tables": [
            {
                "title": t.title,
                "description": base["examples"][i]["description"],
                "on": t.on,
                "table": _example_table(t),
            }
            for i, t in enumerate(mod.examples)
        ],
        "marker": EXAMPLES_MARKER,
        # The rules' part (thresholds, cycles, what changed) belongs to an update of a
        # modification that changes a rule set; another update is its summary and sections.
        "rules_changed": bool(mod.modification.rule_sets),
        **(_rules_part(before, after, mod.id) if mod.modification.rule_sets else {}),
    }


def _rules_part(before: dt.date, after: dt.date, mod_id: str) -> dict[str, Any]:
    """What the rules give, read the day before and the day the update takes effect."""
    cases = representative_cases(before, after)
    weight = parameters.NON_DOMESTIC_WEIGHT.at(after)
    combined = parameters.COMBINED_THRESHOLD.at(after)
    cycle = parameters.SUPPLIER_CYCLE.at(after)
    return {
        "refs": {name: p.reference for name, p in parameters.PARAMETERS.items()},
        "cases": {c.key: c for c in cases},
        "changed_cases": [c for c in cases if c.changes],
        # Where the Code said nothing before (a year "unspecified"), the update says so.
        "gap_before": any(was.value == "unspecified" for c in cases for _, was, _ in c.changes),
        "cases_table": partial(_cases_table, cases),
        "changes_table": partial(_changes_table, cases),
        "table": markdown_table,
        "years_shown": YEARS_SHOWN,
        "repeat_year": len(cycle) + 1,
        "combined_alone": combined // weight,
        **_declared(before, after, mod_id),
    }


def guidance_markdown(given: BuildInput) -> str | None:
    """The guidance update as Markdown, or None when the modification has no guidance."""
    guidance = given.mod.guidance
    if guidance is None:
        return None
    context = {**given.context, **guidance_context(given, guidance)}
    return render_template(TEMPLATE, context, given.templates)


def build_guidance(given: BuildInput) -> list[Output]:
    """``<ID>-<document>-guidance.md`` (``SECMP0059-scf-guidance.md``): the guidance update,
    when the content describes one, named by the document's abbreviation or name."""
    guidance = given.mod.guidance
    markdown = guidance_markdown(given)
    if guidance is None or markdown is None:
        return []
    name = guidance.abbreviation or guidance.document
    mod_id = given.mod.id
    title = f"{mod_id} {name} guidance update (v{guidance.version_after})"
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "guidance"
    filename = f"{mod_id}-{slug}-guidance.md"
    return [Output("scf-guidance", filename, markdown.encode("utf-8"), title, markdown)]
