"""A consultation's documents: its response form and its responses appendix.

* ``<ID>-<consultation>-response-form.docx`` (key ``response-form-<consultation>``), for each
  consultation that lists questions: the Word form respondents fill in
  (:mod:`generator.forms.form_docx`);
* ``<ID>-<consultation>-responses.docx`` (key ``responses-<consultation>``), for each
  consultation with responses: every response that is not confidential, question by question,
  with its respondent and category, in the paper's styles, from
  ``templates/consultation-responses.md.j2``. It is the file the paper's attachment keyed
  ``consultation-responses`` refers to (for the paper's consultation; ``<key>-responses`` for
  another). Confidential responses are counted in the paper and in the appendix's opening
  sentence, and never shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.documents.base import BuildInput, Output
from generator.errors import Location, display_path
from generator.forms.form_docx import consultation_properties, form_filename, response_form
from generator.model import Consultation, Question, QuestionKind, ResponseRecord
from generator.render.docx import markdown_to_docx
from generator.render.literal import literal_line, literal_markdown
from generator.render.templating import long_date, render_prose, render_template
from generator.rules.wording import count_noun, join_words
from generator.source import FieldPath, field_text

__all__ = [
    "TEMPLATE",
    "appendix_attachment",
    "appendix_title",
    "build_forms",
    "build_responses",
    "responses_filename",
    "responses_markdown",
]

TEMPLATE = "consultation-responses.md.j2"


def responses_filename(mod_id: str, consultation: Consultation) -> str:
    """``<ID>-<consultation key>-responses.docx``."""
    return f"{mod_id}-{consultation.id}-responses.docx"


def build_forms(given: BuildInput) -> list[Output]:
    """The response form of each consultation that lists questions."""
    data = given.mod.modification
    outputs = []
    for consultation in data.consultations:
        if not consultation.questions:
            continue

        form = (
            response_form(
                given.mod, consultation, given.content.objectives, given.timestamp, given.reference
            )
            if given.word
            else None
        )
        title = f"{data.id} {consultation.name} response form"
        filename = form_filename(data.id, consultation)
        outputs.append(Output(f"response-form-{consultation.id}", filename, form, title))
    return outputs


def appendix_attachment(given: BuildInput, consultation: Consultation) -> dict[str, Any] | None:
    """The paper's attachment that is this consultation's responses appendix, if listed."""
    by_key: dict[str, dict[str, Any]] = given.context["attachment"]
    paper = given.mod.modification.consultation()
    if paper is not None and paper.id == consultation.id and "consultation-responses" in by_key:
        return by_key["consultation-responses"]
    return by_key.get(f"{consultation.id}-responses")


def appendix_title(given: BuildInput, consultation: Consultation) -> str:
    """The appendix's title: its attachment's ("Appendix B: ..."), or one of its own."""
    attachment = appendix_attachment(given, consultation)
    if attachment is not None:
        return str(attachment["text"])
    return f"{given.mod.id} {consultation.name} responses"


def _objectives(letters: list[str]) -> str:
    return join_words([f"({x})" for x in letters]) if letters else "none"


def _who(record: ResponseRecord) -> str:
    named = record.respondent
    if record.organisation and record.organisation.casefold() != named.casefold():
        named = f"{named}, {record.organisation}"
    return literal_line(f"{named} ({record.category.value})")


def _answer_paragraphs(question: Question, record: ResponseRecord) -> list[str]:
    """What ``record`` answered to ``question``, or nothing when it did not answer."""
    answer = next((a for a in record.answers if a.question == question.id), None)
    reasons = [literal_markdown(answer.text)] if answer and answer.text else []
    if question.kind is QuestionKind.POSITION:
        return [f"**Position:** {record.position.value.capitalize()}", *reasons]
    if question.kind is QuestionKind.OBJECTIVES:
        if not (record.objectives or record.objectives_against or reasons):
            return []
        return [
            f"**Better facilitates:** {_objectives(record.objectives)}",
            f"**Does not better facilitate:** {_objectives(record.objectives_against)}",
            *reasons,
        ]
    if question.kind is QuestionKind.YES_NO and answer and answer.choice:
        return [f"**Answer:** {answer.choice.capitalize()}", *reasons]
    return reasons


def _question_sections(
    consultation: Consultation, shown: list[ResponseRecord]
) -> Iterator[dict[str, Any]]:
    for question in consultation.questions:
        answers = [
            {"who": _who(r), "paragraphs": paragraphs}
            for r in shown
            if (paragraphs := _answer_paragraphs(question, r))
        ]
        yield {
            "heading": f"Question {question.id}",
            "text": f"*{literal_line(question.text)}*",
            "answers": answers,
            "none": "No published response answered this question.",
        }


def _record_sections(
    given: BuildInput, shown: list[tuple[int, ResponseRecord]]
) -> Iterator[dict[str, Any]]:
    """For a consultation without questions: each response's position, objectives and the
    comments recorded for it (the author's Markdown)."""

    def comments(i: int, text: str) -> str:
        return _prose(given, "responses.yaml", ("responses", i, "comments"), text) or ""

    answers = [
        {
            "who": _who(r),
            "paragraphs": [
                f"**Position:** {r.position.value.capitalize()}",
                f"**Better facilitates:** {_objectives(r.objectives)}",
                f"**Does not better facilitate:** {_objectives(r.objectives_against)}",
                comments(i, r.comments),
            ],
        }
        for i, r in shown
    ]
    yield {"heading": "Responses", "text": "", "answers": answers, "none": ""}


def _prose(given: BuildInput, file: str, path: FieldPath, text: str | None) -> str | None:
    """The author's Markdown ``text`` (at ``path`` in ``file``) rendered, or None."""
    if text is None:
        return None

    def location() -> Location:
        return given.content.locate(given.mod.id, file, path)

    return render_prose(text, given.context, location, field_text(path)).strip()


def _received(given: BuildInput, consultation: Consultation, total: int, hidden: int) -> str:
    data = given.mod.modification
    window = (
        f", which ran from {long_date(consultation.opens)} to {long_date(consultation.closes)}"
        if consultation.opens and consultation.closes
        else ""
    )
    text = (
        f"We received {count_noun(total, 'response', 'responses')} to the {consultation.name} "
        f"on {data.id}{window}."
    )
    if hidden:
        were = "was" if hidden == 1 else "were"
        they = "it is" if hidden == 1 else "they are"
        text += (
            f" {count_noun(hidden, 'of them', 'of them', capital=True)} {were} confidential: "
            f"{they} counted in the Change Board paper but not published here."
        )
    if consultation.questions and total > hidden:
        text += " The responses published are set out question by question."
    return text


def _context(given: BuildInput, consultation: Consultation) -> dict[str, Any]:
    data = given.mod.modification
    chosen = {id(r) for r in given.mod.responses_to(consultation)}
    mine = [(i, r) for i, r in enumerate(given.mod.responses) if id(r) in chosen]
    shown = [(i, r) for i, r in mine if not r.confidential]
    sections = (
        _question_sections(consultation, [r for _, r in shown])
        if consultation.questions
        else _record_sections(given, shown)
    )
    illustrative = _prose(given, "modification.yaml", ("illustrative",), data.illustrative)
    return {
        "title": literal_line(appendix_title(given, consultation)),
        "subtitle": literal_line(data.title),
        "received": _received(given, consultation, len(mine), len(mine) - len(shown)),
        "illustrative": f"Note: {illustrative}" if illustrative else None,
        "rows": [
            {
                "respondent": literal_line(r.respondent),
                "category": r.category.value,
                "position": r.position.value.capitalize(),
                "better": _objectives(r.objectives),
                "against": _objectives(r.objectives_against),
            }
            for _, r in shown
        ],
        "sections": list(sections) if shown else [],
    }


def responses_markdown(given: BuildInput, consultation: Consultation) -> str:
    """The responses appendix of ``consultation`` as Markdown (the site's page too)."""
    context = {**given.context, "responses": _context(given, consultation)}
    return render_template(TEMPLATE, context, given.templates)


def build_responses(given: BuildInput) -> list[Output]:
    """The responses appendix of each consultation that has responses."""
    data = given.mod.modification
    source = display_path(given.templates / TEMPLATE)
    outputs = []
    for consultation in data.consultations:
        if not given.mod.responses_to(consultation):
            continue
        markdown = responses_markdown(given, consultation)
        title = appendix_title(given, consultation)
        properties = consultation_properties(given.mod, consultation, "responses", given.timestamp)

        docx = (
            markdown_to_docx(markdown, properties, source=source, reference=given.reference)
            if given.word
            else None
        )
        key, filename = f"responses-{consultation.id}", responses_filename(data.id, consultation)
        outputs.append(Output(key, filename, docx, title, markdown))
    return outputs
