"""The fields of a consultation's response form, from its questions.

The form (:mod:`generator.forms.form_docx`) and every reader (:mod:`generator.forms.read_docx`,
:mod:`generator.forms.read_sheet`) take the fields from here, so a form and its reader cannot
disagree. A field is named as in ``Consultation.fields()`` (``category``, ``q1.position``,
``q2.text``), and the form tags its content control ``secmod:<name>``; the objectives question
has one drop-down per SEC Objective on the form (``q2.a``, ``q2.b``, ...), which the reader
gathers into the lists ``q2.better`` and ``q2.against``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Consultation, Objective, Question, QuestionKind
from generator.rules.consultation import Category, Position

__all__ = [
    "CONFIDENTIAL",
    "OBJECTIVE_VIEWS",
    "TAG_PREFIX",
    "Choice",
    "FormField",
    "FormSection",
    "form_sections",
]

#: The prefix of every content-control tag the form writes.
TAG_PREFIX = "secmod:"


@dataclass(frozen=True, slots=True)
class Choice:
    """An entry of a drop-down list: the value recorded and the text shown."""

    value: str
    display: str


@dataclass(frozen=True, slots=True)
class FormField:
    """One answer area of the form: a drop-down list when it has choices, else text."""

    name: str
    label: str
    placeholder: str
    choices: tuple[Choice, ...] = ()
    #: Whether the area takes paragraphs (reasons, free text) rather than one line.
    multiline: bool = False

    @property
    def tag(self) -> str:
        """The tag of the field's content control, e.g. ``secmod:q1.position``."""
        return f"{TAG_PREFIX}{self.name}"

    def value_of(self, text: str) -> str | None:
        """The choice ``text`` names (by its value or its display text, in any case), or None
        when it names none; text fields return ``text`` itself."""
        if not self.choices:
            return text
        wanted = " ".join(text.split()).casefold()
        return next(
            (c.value for c in self.choices if wanted in (c.value.casefold(), c.display.casefold())),
            None,
        )


@dataclass(frozen=True, slots=True)
class FormSection:
    """A heading of the form and the table of fields under it."""

    heading: str
    question: Question | None
    fields: tuple[FormField, ...]


_YES_NO = (Choice("yes", "Yes"), Choice("no", "No"))
#: The confidentiality drop-down: not confidential first (the default).
CONFIDENTIAL = (Choice("no", "No"), Choice("yes", "Yes"))
#: What a respondent may say of each SEC Objective.
OBJECTIVE_VIEWS = (
    Choice("better", "Better facilitates"),
    Choice("against", "Does not better facilitate"),
    Choice("none", "No view"),
)
_POSITIONS = tuple(Choice(p.value, p.value.capitalize()) for p in Position)
_CATEGORIES = tuple(Choice(c.value, c.value) for c in Category)


def _respondent() -> FormSection:
    return FormSection(
        "Respondent details",
        None,
        (
            FormField("respondent", "Name", "Your name"),
            FormField("organisation", "Organisation", "Your organisation"),
            FormField("category", "Party category", "Choose a Party category", _CATEGORIES),
            FormField("contact", "Contact (email or telephone)", "How we can reach you"),
            FormField("confidential", "Confidential response?", "Choose yes or no", CONFIDENTIAL),
        ),
    )


def _question_fields(
    question: Question, objectives: Mapping[str, Objective]
) -> tuple[FormField, ...]:
    n = question.id
    reasons = FormField(f"q{n}.text", "Reasons", "Your reasons", multiline=True)
    if question.kind is QuestionKind.POSITION:
        position = FormField(f"q{n}.position", "Position", "Choose a position", _POSITIONS)
        return (position, reasons)
    if question.kind is QuestionKind.OBJECTIVES:
        views = tuple(
            FormField(
                f"q{n}.{letter}",
                f"SEC Objective ({letter}): {objective.text}",
                "Choose a view",
                OBJECTIVE_VIEWS,
            )
            for letter, objective in objectives.items()
        )
        return (*views, reasons)
    if question.kind is QuestionKind.YES_NO:
        return (FormField(f"q{n}.choice", "Answer", "Choose yes or no", _YES_NO), reasons)
    return (FormField(f"q{n}.text", "Answer", "Your answer", multiline=True),)


def form_sections(
    consultation: Consultation, objectives: Mapping[str, Objective]
) -> list[FormSection]:
    """The sections of the response form of ``consultation``: the respondent's details, then
    one per question in the order listed. ``objectives`` are the SEC General Objectives, by
    letter."""
    sections = [_respondent()]
    for question in consultation.questions:
        fields = _question_fields(question, objectives)
        sections.append(FormSection(f"Question {question.id}", question, fields))
    return sections
