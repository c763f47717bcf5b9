"""Everything a template may say about a modification, computed before any template runs.

The context evaluates the rules module (schedules, thresholds, Working-Day dates), counts the
consultation responses, words the sentences that follow from the governance path and renders the
content's prose fields, whose ``{{ ... }}`` expressions see the same parameters. Templates
receive plain values and only format them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from generator.errors import Location, RuleError
from generator.lifecycle import lifecycle, rules_dates
from generator.load import Content
from generator.model import Attachment, AudienceText, Consultation, ExampleTable, Modification
from generator.render.consultation_text import Discussed, consultation_paragraphs
from generator.render.paper_text import decision_text
from generator.render.templating import long_date, render_prose
from generator.rules import Portfolio, Role, classify, parameters, schedule
from generator.rules.assessment_types import Assessment
from generator.rules.consultation import Category, Position, Response, Tally, tally
from generator.rules.wording import count_noun, join_words, number_word
from generator.source import FieldPath, field_text

__all__ = [
    "ScheduleYear",
    "consultation_tally",
    "modification_context",
    "parameters_on",
    "schedule_phrase_for",
    "schedule_years",
]

_FOOTNOTE = re.compile(r"\[\^([a-z])\]")


@dataclass(frozen=True, slots=True)
class ScheduleYear:
    """One year of a cycle: its number and the assessment scheduled."""

    year: int
    assessment: Assessment

    @property
    def label(self) -> str:
        """E.g. "Full User Security Assessment"."""
        return self.assessment.label


def parameters_on(on: dt.date) -> dict[str, Any]:
    """Every rule parameter in force on ``on``, by name (absent if none in force yet)."""
    return {name: p.at(on) for name, p in parameters.PARAMETERS.items() if p.in_force(on)}


def schedule_years(role: Role | str, on: dt.date, years: int = 3) -> list[ScheduleYear]:
    """The cycle of a User of ``role`` with no premises, read on ``on``."""
    result = schedule(Portfolio(Role(role)), on, years)
    return [ScheduleYear(i, a) for i, a in enumerate(result.assessments, start=1)]


def schedule_phrase_for(role: Role | str, on: dt.date, from_year: int = 1) -> str:
    """The cycle in words: "a Full User Security Assessment in year one, a Verification ... in
    year two and a User Security Self-Assessment in year three"."""
    parts = [
        f"a {y.label} in year {number_word(y.year)}"
        for y in schedule_years(role, on)
        if y.year >= from_year
    ]
    return join_words(parts)


def consultation_tally(mod: Modification, consultation: Consultation | None) -> Tally:
    """The counts of the responses to ``consultation``."""
    return tally(
        Response(
            r.respondent,
            r.category,
            r.position,
            tuple(r.objectives),
            tuple(r.objectives_against),
        )
        for r in mod.responses_to(consultation)
    )


def _attachments(items: list[Attachment]) -> list[dict[str, Any]]:
    return [
        {
            "label": a.label,
            "title": a.title,
            "key": a.key,
            "text": f"{a.label}: {a.title}" if a.label else a.title,
            "attachments": _attachments(a.attachments),
        }
        for a in items
    ]


def _attachment_lines(items: list[dict[str, Any]], depth: int = 0) -> list[dict[str, str]]:
    """The attachments as the lines of a nested list: indent and text."""
    lines: list[dict[str, str]] = []
    for a in items:
        lines.append({"indent": "    " * depth, "text": a["text"]})
        lines += _attachment_lines(a["attachments"], depth + 1)
    return lines


def _attachment_index(items: list[dict[str, Any]], into: dict[str, dict[str, Any]]) -> None:
    for a in items:
        if a["key"]:
            into[a["key"]] = a
        _attachment_index(a["attachments"], into)


class _Prose:
    """Renders the modification's prose fields, each error located in its file."""

    def __init__(self, content: Content, mod: Modification, base: dict[str, Any]) -> None:
        self.content, self.mod, self.base = content, mod, base

    def __call__(self, text: str, path: FieldPath, file: str = "modification.yaml") -> str:
        def location() -> Location:
            return self.content.locate(self.mod.id, file, path)

        return render_prose(text, self.base, location, field_text(path)).strip()

    def optional(
        self, text: str | None, path: FieldPath, file: str = "modification.yaml"
    ) -> str | None:
        """``text`` rendered, or None."""
        return None if text is None else self(text, path, file)


def _passages(
    items: list[AudienceText], name: str, prose: _Prose, after: dt.date
) -> dict[str, Any]:
    """Issue or solution passages; sub-headings only when there is more than one audience."""
    return {
        "headed": len(items) > 1,
        "parts": [
            {
                "audience": a.audience,
                "text": prose(a.text, (name, i, "text")),
                "schedule": [
                    {"year": y.year, "label": y.label, "role": a.schedule.label}
                    for y in schedule_years(a.schedule, after)
                ]
                if a.schedule
                else [],
            }
            for i, a in enumerate(items)
        ],
    }


def _tally_rows(counted: Tally) -> list[dict[str, Any]]:
    rows = [
        {
            "category": category.value,
            **{pos.value: counted.by_category.get(pos, {}).get(category, 0) for pos in Position},
            "total": False,
        }
        for category in Category
        if any(r.category is category for r in counted.responses)
    ]
    totals = {pos.value: counted.count(pos) for pos in Position}
    return [*rows, {"category": "Total", **totals, "total": True}]


def _consultation(
    mod: Modification, prose: _Prose, responses_doc: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The consultation section: what was received, the table and the paragraphs."""
    data = mod.modification
    consultation = data.consultation()
    if consultation is None:
        return None
    index = data.consultations.index(consultation)
    here: FieldPath = ("consultations", index)
    counted = consultation_tally(mod, consultation)
    responses = mod.responses_to(consultation)
    chosen = {id(r) for r in responses}
    discussed = [
        Discussed(
            r.category,
            r.position,
            prose.optional(r.discussion, ("responses", i, "discussion"), "responses.yaml"),
            prose(r.comments, ("responses", i, "comments"), "responses.yaml"),
            prose.optional(r.secas_response, ("responses", i, "secas_response"), "responses.yaml"),
        )
        for i, r in enumerate(mod.responses)
        if id(r) in chosen and r.discussed
    ]
    summaries = {
        pos: prose.optional(getattr(consultation.summary, pos.value), (*here, "summary", pos.value))
        for pos in Position
    }
    reasons = {
        letter: prose(text, (*here, "objective_reasons", letter))
        for letter, text in consultation.objective_reasons.items()
    }
    groups = consultation_paragraphs(
        data.id,
        counted,
        discussed,
        proposer_objectives=data.proposer_objectives,
        summaries=summaries,
        objective_reasons=reasons,
    )
    total = counted.total
    received = (
        f"We received {count_noun(total, 'response', 'responses') if total else 'no responses'} "
        f"to the {consultation.name}"
    )
    if responses_doc and total:
        received += f", and the full responses received can be found in {responses_doc['label']}"
    return {
        "name": consultation.name,
        "received": received + ".",
        "rows": _tally_rows(counted) if total else [],
        "paragraphs": [text for group in groups for text in group.paragraphs],
        "tally": counted,
    }


def _purpose(mod: Modification, consultation: dict[str, Any] | None) -> str:
    data = mod.modification
    by = f" by {data.proposer}" if data.proposer else ""
    raised = f", raised{by} on {long_date(data.raised)}," if data.raised else ""
    undergone = f" has undergone {consultation['name']} and" if consultation else ""
    return (
        f"{data.id} ‘{data.title}’{raised}{undergone} is now being presented to the Change Board "
        "for vote."
    )


def _details(mod: Modification, consultation: dict[str, Any] | None, by_key: dict[str, Any]) -> str:
    """Where the full details are: the Modification Report and the responses appendix."""
    report, responses = by_key.get("modification-report"), by_key.get("consultation-responses")
    parts = []
    if report and report.get("label"):
        title = report["title"].removeprefix(f"{mod.id} ")
        parts.append(f"the {title} in {report['label']}")
    if responses and responses.get("label") and consultation:
        parts.append(
            f"the responses received to the {consultation['name']} in {responses['label']}"
        )
    return f" Full details are in {join_words(parts)}." if parts else ""


def _example_rows(table: ExampleTable) -> list[dict[str, Any]]:
    """The rows of a decision table, each with the branch of the rules that decides it."""
    rows = []
    for row in table.rows:
        on = row.on or table.on
        try:
            portfolio = Portfolio(row.role, row.domestic, row.non_domestic)
            branch: str | None = classify(portfolio, on).branch.value
        except RuleError:
            branch = None  # the examples check reports it
        rows.append({"row": row, "on": on, "branch": branch})
    return rows


def _site_rows(mod: Modification, prose: _Prose) -> dict[str, Any]:
    """What the site shows beside the paper: every response but the confidential ones (counted,
    never shown) with its prose rendered, and the decision tables of examples.yaml, each row
    with the branch that decides it."""
    # The responses to the consultation the paper reports (each other consultation has its
    # own responses appendix), located by their place in responses.yaml.
    answered = {id(r) for r in mod.responses_to(mod.modification.consultation())}
    shown = [(i, r) for i, r in enumerate(mod.responses) if id(r) in answered]
    hidden = sum(r.confidential for _, r in shown)
    return {
        "responses": [r for _, r in shown],
        "response_rows": [
            {
                "response": r,
                # "(a), (f); not (d)": the objectives cited for and against
                "objectives": "; ".join(
                    prefix + ", ".join(f"({letter})" for letter in letters)
                    for prefix, letters in (("", r.objectives), ("not ", r.objectives_against))
                    if letters
                ),
                "comments": prose(r.comments, ("responses", i, "comments"), "responses.yaml"),
                "secas_response": prose.optional(
                    r.secas_response, ("responses", i, "secas_response"), "responses.yaml"
                ),
            }
            for i, r in shown
            if not r.confidential
        ],
        "confidential": (
            f"{count_noun(hidden, 'response was', 'responses were', capital=True)} confidential: "
            f"{'it is' if hidden == 1 else 'they are'} counted and not shown."
            if hidden
            else ""
        ),
        "examples": [
            {
                "table": t,
                "description": prose.optional(
                    t.description, ("examples", i, "description"), "examples.yaml"
                ),
                "rows": _example_rows(t),
            }
            for i, t in enumerate(mod.examples)
        ],
    }


def _footnotes(
    content: Content, mod: Modification, consultation: dict[str, Any] | None
) -> list[str]:
    """The SEC Objectives the paper cites, in the order it first cites them: only the
    consultation's paragraphs cite objectives (the Proposer's among them, where supporters
    agreed with it), so a paper with no consultation, or whose respondents cited none, has no
    objective footnote left without a reference."""
    cited: list[str] = []
    for text in consultation["paragraphs"] if consultation else []:
        cited += [x for x in _FOOTNOTE.findall(text) if x not in cited]
    return [letter for letter in cited if letter in content.objectives]


def _base(content: Content, mod: Modification) -> dict[str, Any]:
    """What content prose may refer to: the modification and the rules before and after it."""
    before, after = rules_dates(mod, content)

    def phrase(role: str, before: bool = False, from_year: int = 1) -> str:
        return schedule_phrase_for(role, rules_dates(mod, content)[0 if before else 1], from_year)

    return {
        "mod": mod.modification,
        "params": parameters_on(after),
        "params_before": parameters_on(before),
        "schedule_phrase": phrase,
    }


def modification_context(content: Content, mod: Modification) -> dict[str, Any]:
    """The template context of ``mod``: facts, derived numbers and rendered prose."""
    data = mod.modification
    after = rules_dates(mod, content)[1]
    base = _base(content, mod)
    prose = _Prose(content, mod, base)
    attachments = _attachments(data.attachments)
    by_key: dict[str, dict[str, Any]] = {}
    _attachment_index(attachments, by_key)
    consultation = _consultation(mod, prose, by_key.get("consultation-responses"))
    decision = decision_text(data, content.releases)
    recommendations = [
        prose(text, ("paper", "recommendations", i))
        for i, text in enumerate(data.paper.recommendations or ())
    ] or list(decision.recommendations)
    cited = _footnotes(content, mod, consultation)
    invited = decision.invited + ("[^path]" if decision.assumed else "")
    return {
        **base,
        **_site_rows(mod, prose),
        "id": data.id,
        "title": data.title,
        "purpose": f"{_purpose(mod, consultation)} {invited}",
        "details": _details(mod, consultation, by_key).strip(),
        "issue": _passages(data.issue, "issue", prose, after),
        "solution": _passages(data.solution, "solution", prose, after),
        "consultation": consultation,
        "decision": decision,
        "recommendations": recommendations,
        "lifecycle": lifecycle(data, content.releases),
        "footnotes": [{"label": x, "text": content.objectives[x].text} for x in cited],
        "objectives": content.objectives,
        "cited_objectives": cited,
        "paper": data.paper,
        "paper_date": long_date(data.paper.date),
        "attachments": attachments,
        "attachment_lines": _attachment_lines(attachments),
        "attachment": by_key,
        "numbers": {
            "consultation": 3,
            "next": 4 if consultation else 3,
            "recommendations": 5 if consultation else 4,
        },
        "cycle_supplier": schedule_years(Role.SUPPLIER, after),
        "cycle_other": schedule_years(Role.OTHER, after),
        "words": number_word,
        "count": count_noun,
    }
