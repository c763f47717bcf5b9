"""Annex A, the legal text: the clauses a modification changes, as a redline and clean.

Built only for a modification with ``legal-text.yaml``, and only once the legal text agrees with
the rules (``generator.checks.legal_text``): a disagreement raises ``ContentError`` before
anything renders, so ``secmod build`` writes nothing. The outputs are

* ``<ID>-annex-a-legal-text.docx`` (key ``legal-text-docx``): the changes as real Word tracked
  changes, so Accept All gives the Code as modified and Reject All the Code as it reads today;
* ``<ID>-annex-a-legal-text-clean.docx`` (key ``legal-text-clean-docx``): the clauses with the
  changes applied;
* ``<ID>-legal-text.md`` (key ``legal-text``): the site's page, redline then clean version.

All three come from ``templates/legal-text.md.j2``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from generator.checks.legal_text import LEGAL_FILE, clause_text, modification_legal_problems
from generator.documents.base import BuildInput, Output
from generator.errors import ContentError, Location, display_path
from generator.model import Clause, LegalTextFile
from generator.render.docx import DocumentProperties, markdown_to_docx
from generator.render.redline import Kind, Segment, diff, escape, to_markdown
from generator.render.templating import render_prose, render_template

__all__ = [
    "TEMPLATE",
    "ClauseView",
    "build_legal",
    "clause_label",
    "clause_views",
    "legal_markdown",
]

TEMPLATE = "legal-text.md.j2"

_SUB_PARAGRAPH = re.compile(r"^(?P<parent>.+?)(?P<label>\([a-z0-9]+\))$")


@dataclass(frozen=True, slots=True)
class ClauseView:
    """One clause as the template shows it (every text already escaped Markdown)."""

    id: str
    label: str
    kind: str
    heading: str | None
    heading_redline: str | None
    redline: str
    clean: str | None
    segments: tuple[Segment, ...]


def clause_label(clause: str, defined: set[str]) -> str:
    """How a clause is numbered on the page: "G8.46", or "(a)" under its defined parent."""
    match = _SUB_PARAGRAPH.match(clause)
    if match and match.group("parent") in defined:
        return match.group("label")
    return clause


def _numbered(label: str, text: str | None) -> str:
    body = clause_text(text)
    return f"{label} {body}" if body else ""


def _view(clause: Clause, label: str) -> ClauseView:
    if clause.unchanged is not None:
        text = _numbered(label, clause.unchanged)
        return ClauseView(
            id=clause.clause,
            label=label,
            kind="unchanged",
            heading=escape(clause.heading) if clause.heading else None,
            heading_redline=escape(clause.heading) if clause.heading else None,
            redline=f"{escape(text)} *(unchanged)*",
            clean=escape(text),
            segments=(Segment(Kind.EQUAL, text),),
        )
    before = _numbered(label, clause.before)
    after = _numbered(label, clause.after)
    segments = tuple(diff(before, after))
    kind = "inserted" if clause.before is None else "deleted" if clause.after is None else "changed"
    heading = escape(clause.heading) if clause.heading else None
    heading_redline = heading
    if heading and kind != "changed":
        heading_redline = to_markdown(
            [Segment(Kind.INSERT if kind == "inserted" else Kind.DELETE, clause.heading or "")]
        )
    return ClauseView(
        id=clause.clause,
        label=label,
        kind=kind,
        heading=heading,
        heading_redline=heading_redline,
        redline=to_markdown(segments),
        clean=escape(after) if after else None,
        segments=segments,
    )


def clause_views(legal: LegalTextFile) -> list[ClauseView]:
    """Every clause of ``legal`` with its redline and clean text, in the file's order."""
    defined = {c.clause for c in legal.clauses}
    return [_view(c, clause_label(c.clause, defined)) for c in legal.clauses]


def _context(given: BuildInput, legal: LegalTextFile) -> dict[str, Any]:
    def location() -> Location:
        return given.content.locate(given.mod.id, LEGAL_FILE, ("note",))

    note = render_prose(legal.note, given.context, location, "note").strip() if legal.note else ""
    return {
        **given.context,
        "legal": {
            "section": legal.section,
            "section_title": legal.section_title,
            "note": note,
            "clauses": clause_views(legal),
        },
    }


def legal_markdown(
    given: BuildInput,
    *,
    show_redline: bool = True,
    show_clean: bool = True,
    context: dict[str, Any] | None = None,
) -> str:
    """The legal text as Markdown: the redline, the clean version, or both (the site's page).

    ``context`` is the legal context of ``given`` when the caller has already computed it.
    """
    legal = given.mod.legal_text
    if legal is None:
        raise ValueError(f"{given.mod.id} has no {LEGAL_FILE}")
    shown = {
        **(context or _context(given, legal)),
        "show_redline": show_redline,
        "show_clean": show_clean,
    }
    return render_template(TEMPLATE, shown, given.templates)


def build_legal(given: BuildInput) -> list[Output]:
    """Annex A of ``given.mod`` (nothing when it has no legal text); see the module docstring."""
    legal = given.mod.legal_text
    if legal is None:
        return []
    problems = modification_legal_problems(given.content, given.mod)
    if problems:
        raise ContentError(problems)
    data = given.mod.modification
    title = f"{data.id} Annex A: Legal Text"
    created = dt.datetime.combine(data.paper.date, dt.time(), tzinfo=dt.UTC)
    source = display_path(given.templates / TEMPLATE)

    def docx(markdown: str, heading: str) -> bytes | None:
        if not given.word:
            return None
        properties = DocumentProperties(
            title=heading,
            subject=data.title,
            author=data.paper.author,
            keywords=(data.id, "Legal Text", "Smart Energy Code", f"Section {legal.section}"),
            created=min(created, given.timestamp),
            modified=given.timestamp,
            footer_label=f"{data.id} Annex A",
            revision_author=data.paper.team,
            revision_date=given.timestamp,
        )
        return markdown_to_docx(markdown, properties, source=source, reference=given.reference)

    context = _context(given, legal)  # the word diff of every clause, computed once
    page = legal_markdown(given, context=context)
    tracked = legal_markdown(given, show_clean=False, context=context)
    clean = legal_markdown(given, show_redline=False, context=context)
    clean_title = f"{title} (clean version)"
    return [
        Output("legal-text", f"{data.id}-legal-text.md", page.encode("utf-8"), title, page),
        Output(
            "legal-text-docx",
            f"{data.id}-annex-a-legal-text.docx",
            docx(tracked, title),
            f"{title} (tracked changes)",
            tracked,
        ),
        Output(
            "legal-text-clean-docx",
            f"{data.id}-annex-a-legal-text-clean.docx",
            docx(clean, clean_title),
            clean_title,
            clean,
        ),
    ]
