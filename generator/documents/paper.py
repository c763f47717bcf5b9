"""The Change Board paper: Markdown from ``templates/change-board-paper.md.j2``, then Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.documents.base import BuildInput, Output
from generator.errors import display_path
from generator.render.docx import DocumentProperties, markdown_to_docx
from generator.render.templating import TEMPLATES, render_template

__all__ = ["TEMPLATE", "build_paper", "paper_markdown"]

TEMPLATE = "change-board-paper.md.j2"


def paper_markdown(context: dict[str, object], templates: Path = TEMPLATES) -> str:
    """The paper as Markdown (the same text the site shows)."""
    return render_template(TEMPLATE, context, templates)


def build_paper(given: BuildInput) -> list[Output]:
    """``<ID>-change-board-paper.docx``, with its Markdown kept for the site."""
    data = given.mod.modification
    markdown = paper_markdown(given.context, given.templates)
    created = dt.datetime.combine(data.paper.date, dt.time(), tzinfo=dt.UTC)
    properties = DocumentProperties(
        title=f"{data.id} Change Board vote",
        subject=data.title,
        author=data.paper.author,
        keywords=(
            data.id,
            "Change Board",
            "Smart Energy Code",
            *(f"Section {s}" for s in data.sections),
        ),
        created=min(created, given.timestamp),
        modified=given.timestamp,
        footer_label=data.id,
        revision_author=data.paper.team,
    )
    source = display_path(given.templates / TEMPLATE)
    docx = (
        markdown_to_docx(markdown, properties, source=source, reference=given.reference)
        if given.word
        else None
    )
    filename = f"{data.id}-change-board-paper.docx"
    return [Output("change-board-paper", filename, docx, f"{data.id} Change Board paper", markdown)]
