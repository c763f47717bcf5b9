"""Raw answers validated into response records, every problem located.

A reader (:mod:`generator.forms.read_docx`, :mod:`generator.forms.read_sheet`) gives the text
of each field; this module checks each against the consultation (the Party category from the
Code's list, a position, objective letters the Code has, yes or no, every required question
answered, text a Word document can hold) and, when all is well, makes the record that goes into
``responses.yaml``. Problems name the field in the author's terms, e.g.
``form.docx: question 3: position: must be one of approve, reject, neutral``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problem
from generator.forms.raw import RawResponse
from generator.model import Consultation, Objective, Question, QuestionKind
from generator.rules.consultation import Category, Position
from generator.source import invalid_xml_char

__all__ = ["MAX_TEXT", "Imported", "validate_response"]

#: The longest answer accepted, in characters (a few pages of text).
MAX_TEXT = 50_000

_PART_NAMES = {
    "position": "position",
    "better": "objectives better facilitated",
    "against": "objectives not better facilitated",
    "choice": "answer",
}
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false", ""}
_LETTER = re.compile(r"^\(?([A-Za-z])\)?$")


@dataclass(slots=True)
class Imported:
    """A validated response: its record for ``responses.yaml`` (keys in the file's order)."""

    respondent: str
    record: dict[str, Any]
    origin: str
    #: The reasons given for the position (the ``comments`` of a new record).
    reasons: str | None = None


@dataclass(slots=True)
class _Check:
    """One response being validated: its raw values and the problems found so far."""

    raw: RawResponse
    problems: list[Problem] = field(default_factory=list)

    def fail(self, name: str, label: str, message: str) -> None:
        self.problems.append(Problem(self.raw.where(name), label, message))

    def text(self, name: str, label: str, *, line: bool = False) -> str | None:
        """The text of field ``name`` (None when empty), tidied; one line when ``line``."""
        value = self.raw.values.get(name, "")
        bad = invalid_xml_char(value)
        if bad:
            self.fail(name, label, f"character U+{ord(bad.group()):04X} cannot be published")
            return None
        if len(value) > MAX_TEXT:
            self.fail(name, label, f"is longer than {MAX_TEXT:,} characters")
            return None
        if line:
            return " ".join(value.split()) or None
        lines = [" ".join(part.split()) for part in value.splitlines()]
        tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return tidy or None

    def choice(
        self, name: str, label: str, allowed: Iterable[str], *, required: bool
    ) -> str | None:
        """The entry of ``allowed`` field ``name`` names (in any case), or None."""
        options = list(allowed)
        given = self.text(name, label, line=True)
        if given is None:
            if required:
                self.fail(name, label, f"must be one of {', '.join(options)} (no answer given)")
            return None
        found = next((o for o in options if o.casefold() == given.casefold()), None)
        if found is None:
            self.fail(name, label, f"must be one of {', '.join(options)}, not {given!r}")
        return found


def _letters(check: _Check, name: str, label: str, known: Mapping[str, Objective]) -> list[str]:
    given = check.text(name, label, line=True) or ""
    letters: list[str] = []
    for item in re.split(r"[\s,;/]+", given):
        if not item:
            continue
        match = _LETTER.match(item)
        letter = match.group(1).lower() if match else item
        if letter not in known:
            check.fail(
                name,
                label,
                f"unknown SEC Objective {item!r}; give letters {', '.join(known)} (e.g. a, f)",
            )
        elif letter not in letters:
            letters.append(letter)
    return letters


def _question(
    check: _Check, question: Question, known: Mapping[str, Objective], record: dict[str, Any]
) -> dict[str, Any] | None:
    """Validate one question's parts into ``record``; the answer to keep, if any."""
    q = f"q{question.id}"
    where = f"question {question.id}"
    kind = question.kind
    text_label = f"{where}: {'answer' if kind is QuestionKind.FREE_TEXT else 'reasons'}"
    text = check.text(f"{q}.text", text_label)
    answer: dict[str, Any] = {"question": question.id}
    if kind is QuestionKind.POSITION:
        position = check.choice(
            f"{q}.position", f"{where}: position", [p.value for p in Position], required=True
        )
        record["position"] = position
    elif kind is QuestionKind.OBJECTIVES:
        better = _letters(check, f"{q}.better", f"{where}: {_PART_NAMES['better']}", known)
        against = _letters(check, f"{q}.against", f"{where}: {_PART_NAMES['against']}", known)
        for letter in set(better) & set(against):
            check.fail(
                f"{q}.against",
                where,
                f"SEC Objective ({letter}) is given as both better and not better facilitated",
            )
        record["objectives"], record["objectives_against"] = better, against
    elif kind is QuestionKind.YES_NO:
        choice = check.choice(f"{q}.choice", f"{where}: answer", ["yes", "no"], required=False)
        if choice is not None:
            answer["choice"] = choice
    # a part given but wrong is reported where it is wrong; the position has its own message
    answered = any(check.raw.values.get(f"{q}.{part}", "").strip() for part in kind.parts)
    if question.required and not (answered or kind is QuestionKind.POSITION):
        check.fail(f"{q}.text", where, "is required and has no answer")
    if text is not None:
        answer["text"] = text
    return answer if len(answer) > 1 else None


def _respondent(check: _Check) -> dict[str, Any]:
    name = check.text("respondent", "respondent", line=True)
    if name is None and not check.raw.values.get("respondent", "").strip():
        check.fail("respondent", "respondent", "missing: give the respondent's name")
    category = check.choice("category", "category", [c.value for c in Category], required=True)
    confidential = (check.text("confidential", "confidential", line=True) or "").casefold()
    if confidential not in _YES | _NO:
        check.fail("confidential", "confidential", f"must be yes or no, not {confidential!r}")
    return {
        "respondent": name,
        "organisation": check.text("organisation", "organisation", line=True),
        "contact": check.text("contact", "contact", line=True),
        "category": category,
        "confidential": confidential in _YES,
    }


def validate_response(
    raw: RawResponse,
    consultation: Consultation,
    objectives: Mapping[str, Objective],
    on_problem: Callable[[Problem], None],
) -> Imported | None:
    """The record of ``raw``, or None after passing every problem to ``on_problem``."""
    check = _Check(raw)
    record = _respondent(check)
    answers = [
        answer
        for question in consultation.questions
        if (answer := _question(check, question, objectives, record)) is not None
    ]
    for problem in check.problems:
        on_problem(problem)
    if check.problems:
        return None
    record["answers"] = answers
    record["source"] = raw.source.model_dump(exclude_none=True)
    position = consultation.question(QuestionKind.POSITION)
    reasons = next(
        (a.get("text") for a in answers if position is not None and a["question"] == position.id),
        None,
    )
    return Imported(str(record["respondent"]), record, str(raw.origin), reasons)
