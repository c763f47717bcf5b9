"""Everything a template may say about a modification, computed before any template runs.

The context evaluates the rules module (schedules, thresholds, Working-Day dates), counts the
consultation responses and renders the content's prose fields, whose ``{{ ... }}`` expressions see
the same parameters. Templates receive plain values and only format them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.errors import Location
from generator.load import Content
from generator.model import Attachment, Modification
from generator.render.templating import render_prose
from generator.rules import Portfolio, Role, parameters, schedule
from generator.rules.assessment_types import Assessment
from generator.rules.calendar import implementation_date
from generator.rules.consultation import Category, Position, Response, tally
from generator.rules.wording import count_noun, join_words, number_word
from generator.source import FieldPath, field_text

__all__ = [
    "ScheduleYear",
    "modification_context",
    "parameters_on",
    "rules_dates",
    "schedule_phrase_for",
    "schedule_years",
]


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


def rules_dates(mod: Modification) -> tuple[dt.date, dt.date]:
    """The dates on which to read the rules before and after ``mod`` takes effect."""
    after = mod.modification.implementation.release_date
    return after - dt.timedelta(days=1), after


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


def _attachment_index(items: list[dict[str, Any]], into: dict[str, dict[str, Any]]) -> None:
    for a in items:
        if a["key"]:
            into[a["key"]] = a
        _attachment_index(a["attachments"], into)


def modification_context(content: Content, mod: Modification) -> dict[str, Any]:
    """The template context of ``mod``: facts, derived numbers and rendered prose."""
    data = mod.modification
    before, after = rules_dates(mod)
    impl = data.implementation
    responses = tally(
        Response(r.respondent, r.category, r.position, tuple(r.objectives)) for r in mod.responses
    )
    objection_days = (
        data.determination.objection_period_working_days
        or parameters.OBJECTION_PERIOD_WORKING_DAYS.at(data.paper.date)
    )

    def phrase(role: str, before: bool = False, from_year: int = 1) -> str:
        return schedule_phrase_for(role, rules_dates(mod)[0 if before else 1], from_year)

    base: dict[str, Any] = {
        "mod": data,
        "params": parameters_on(after),
        "params_before": parameters_on(before),
        "schedule_phrase": phrase,
    }

    def prose(text: str, path: FieldPath, file: str = "modification.yaml") -> str:
        def location() -> Location:
            return content.locate(mod.id, file, path)

        return render_prose(text, base, location, field_text(path)).strip()

    def prose_or_none(text: str | None, path: FieldPath) -> str | None:
        return None if text is None else prose(text, path)

    def response_prose(text: str | None, path: FieldPath) -> str | None:
        return None if text is None else prose(text, path, "responses.yaml")

    attachments = _attachments(data.attachments)
    by_key: dict[str, dict[str, Any]] = {}
    _attachment_index(attachments, by_key)
    extra_objectives = [
        letter for letter in responses.objectives if letter not in data.proposer_objectives
    ]
    cited = [*data.proposer_objectives, *extra_objectives]
    consultation = data.consultation
    return {
        **base,
        "id": data.id,
        "title": data.title,
        "objectives": content.objectives,
        "cited_objectives": cited,
        "extra_objectives": extra_objectives,
        "objective_reasons": {
            letter: prose(text, ("consultation", "objective_reasons", letter))
            for letter, text in consultation.objective_reasons.items()
        },
        "issue": [
            {"audience": a.audience, "text": prose(a.text, ("issue", i, "text"))}
            for i, a in enumerate(data.issue)
        ],
        "solution": [
            {
                "audience": a.audience,
                "text": prose(a.text, ("solution", i, "text")),
                "schedule": schedule_years(a.schedule, after) if a.schedule else [],
                "role": a.schedule,
            }
            for i, a in enumerate(data.solution)
        ],
        "consultation": {
            "name": consultation.name,
            "supporters_said": prose_or_none(
                consultation.supporters_said, ("consultation", "supporters_said")
            ),
        },
        "tally": responses,
        "tally_rows": [
            {
                "category": category.value,
                **{
                    pos.value: responses.by_category.get(pos, {}).get(category, 0)
                    for pos in Position
                },
            }
            for category in Category
            if any(r.category is category for r in responses.responses)
        ],
        "responses": mod.responses,
        "discussed": [
            {
                "respondent": r.respondent,
                "category": r.category,
                "position": r.position.value,
                "comments": response_prose(r.comments, ("responses", i, "comments")),
                "secas_response": response_prose(
                    r.secas_response, ("responses", i, "secas_response")
                ),
            }
            for i, r in enumerate(mod.responses)
            if r.discussed
        ],
        "determination": {
            "decided_by": data.determination.decided_by,
            "objection_working_days": objection_days,
        },
        "implementation": {
            "release": impl.release,
            "release_date": impl.release_date,
            "cutoff": impl.cutoff,
            "fallback_working_days": impl.fallback_working_days,
            # Approved on the paper's date and unchallenged through the objection period:
            "if_approved_now": implementation_date(
                data.paper.date, impl.release_date, impl.cutoff, impl.fallback_working_days
            ),
        },
        "recommendations": [
            prose(text, ("paper", "recommendations", i))
            for i, text in enumerate(data.paper.recommendations)
        ],
        "paper": data.paper,
        "attachments": attachments,
        "attachment": by_key,
        "cycle_supplier": schedule_years(Role.SUPPLIER, after),
        "cycle_other": schedule_years(Role.OTHER, after),
        "words": number_word,
        "count": count_noun,
    }
