"""The legal text agrees with the rules: ``legal_problems(content)`` lists where it does not.

A modification's ``legal-text.yaml`` gives each clause of the Code it changes as it reads before
and after. The Code writes its numbers in words followed by figures ("fifty thousand (50,000)"),
and each phrase of a clause that states a rule is tied to the rule parameter it states
(``generator.rules.parameters``). This module checks, and reports located problems
(``file:line:col: field.path: message``, naming the clause and the parameter) when:

* a tie names no known parameter, or one not in force when the text applies (the after-text is
  read on the implementation date, the before-text the day before), or one whose ``reference``
  cites another clause;
* a tied phrase is not in the clause, or states another value than the parameter: words and
  figures must both equal it, spelt the way ``spelt_number`` writes it; a cycle year must name
  that year and the assessment the cycle schedules in it (SEC Section G8.46 and G8.47);
* any number in a clause (figures, number words, ordinals such as "second") is not covered by a
  tie, so an untied number cannot slip into the Code;
* a clause is listed twice, lies outside the file's section, or does not change;
* a clause reference in the modification's content ("SEC Section G8.47", "G8.46A(a)") names a
  clause of a section the legal text covers but that the legal text does not define.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.checks.parameter_mentions import Mention, stated_parameters
from generator.errors import Location, Problem
from generator.folders import ID_PATTERN
from generator.lifecycle import rules_dates
from generator.load import Content
from generator.model import Clause, LegalTextFile, Modification, Tie
from generator.rules import parameters
from generator.rules.assessment_types import Assessment
from generator.rules.wording import CARDINALS, ORDINALS, SCALES, parse_spelt_number, spelt_number
from generator.source import FieldPath, SourceFile, field_text

__all__ = [
    "CLAUSE_REFERENCE",
    "LEGAL_FILE",
    "NumberPhrase",
    "clause_text",
    "find_numbers",
    "legal_problems",
    "legal_references",
    "modification_legal_problems",
    "reference_status",
]

LEGAL_FILE = "legal-text.yaml"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_CARD = _alternatives([*CARDINALS, "hundred", *SCALES])
_BIG = _alternatives(["hundred", *SCALES])
# Words join into one number only around a scale ("two hundred and fifty thousand") or by a
# hyphen ("twenty-five"): "between five and ten years" holds two numbers.
_JOIN = rf"(?:(?<=hundred)|(?<=thousand)|(?<=million))(?:\s+and\s+|\s+)|\s+(?=(?:{_BIG})\b)|-"
_NUMBER = re.compile(
    rf"(?P<words>\b(?:{_CARD})(?:(?:{_JOIN})(?:{_CARD}))*\b)(?:\s*\((?P<paren>\d+(?:,\d+)*)\))?"
    rf"|\b(?P<ordinal>{_alternatives(ORDINALS)})\b"
    r"|(?<![\w.])(?P<figures>\d+(?:[,.]\d+)*)",
    re.IGNORECASE,
)

#: A reference to a clause of the Code: "G8.47", "G8.46A(a)", "G8" (a part of Section G).
CLAUSE_REFERENCE = re.compile(
    r"(?<![\w.])(?P<ref>(?P<section>[A-Z]{1,2})\d+(?:\.\d+[A-Z]?)?(?:\([a-z0-9]+\))*)(?![\w])"
)


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """A number written in a text: its span, and its value in words and/or figures."""

    start: int
    end: int
    text: str
    words: int | None
    figures: int | None
    ordinal: bool = False

    @property
    def value(self) -> int:
        """The number stated (the words' value when words are given)."""
        value = self.words if self.words is not None else self.figures
        assert value is not None
        return value


def _figures(text: str) -> int | None:
    plain = text.replace(",", "")
    return int(plain) if plain.isdigit() else None


def find_numbers(text: str) -> list[NumberPhrase]:
    """Every number in ``text``: number words (with figures after them), ordinals, figures.

    Clause references ("G8.46A") are not numbers.
    """
    masked = CLAUSE_REFERENCE.sub(lambda m: "#" * len(m.group()), text)
    found: list[NumberPhrase] = []
    for m in _NUMBER.finditer(masked):
        span = text[m.start() : m.end()]
        if m.group("words"):
            paren = m.group("paren")
            found.append(
                NumberPhrase(
                    m.start(),
                    m.end(),
                    span,
                    parse_spelt_number(m.group("words")),
                    _figures(paren) if paren else None,
                )
            )
        elif m.group("ordinal"):
            found.append(
                NumberPhrase(
                    m.start(), m.end(), span, ORDINALS[m.group("ordinal").lower()], None, True
                )
            )
        else:
            found.append(NumberPhrase(m.start(), m.end(), span, None, _figures(span) or 0))
    return found


def clause_text(text: str | None) -> str:
    """A clause's text with runs of whitespace as single spaces (how it is compared and shown)."""
    return " ".join(text.split()) if text else ""


def reference_status(ref: str, clauses: dict[str, Clause]) -> str:
    """What the legal text says of clause ``ref``.

    ``inserted``, ``amended``, ``deleted`` or ``unchanged`` when it lists the clause (or, for a
    paragraph such as "G8.47", any of its sub-paragraphs: ``amended``); ``missing`` for a
    sub-paragraph ("G8.46A(c)") of a paragraph the legal text sets out whose text names no such
    sub-paragraph; ``outside`` for a clause the legal text does not touch (an unchanged clause of
    the Code, which legal text refers to all the time).
    """
    if ref in clauses:
        return clauses[ref].change
    if any(c.startswith(f"{ref}(") or c.startswith(f"{ref}.") for c in clauses):
        return "amended"
    parent, sep, tail = ref.partition("(")
    if not sep:
        return "outside"
    label = f"({tail.split(')', 1)[0]})"
    if parent in clauses:
        clause = clauses[parent]
        texts = (clause.before, clause.after, clause.unchanged)
        return "amended" if any(label in clause_text(t) for t in texts) else "missing"
    siblings = [c for c in clauses if c.startswith(f"{parent}(")]
    return "missing" if siblings else "outside"


# --- locating ---------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _raw_lines(path: Path, stamp: tuple[int, int]) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def _locate_text(src: SourceFile, path: FieldPath, needle: str, nth: int = 0) -> Location:
    """Where the ``nth`` occurrence of ``needle`` at or after field ``path`` is written."""
    start = src.locate(path)
    try:
        info = src.path.stat()
    except OSError:
        return start
    stamp = (info.st_mtime_ns, info.st_size)
    lines = _raw_lines(src.path, stamp)
    seen = 0
    for number in range(max(start.line, 1), len(lines) + 1):
        line = lines[number - 1]
        col = line.find(needle, start.column - 1 if number == start.line else 0)
        while col >= 0:
            if seen == nth:
                return Location(start.file, number, col + 1)
            seen += 1
            col = line.find(needle, col + 1)
    return start


def untied_statements(
    text: str, covered: list[tuple[int, int]], on: dt.date
) -> Iterator[tuple[NumberPhrase, Mention]]:
    """The numbers of ``text`` outside the ``covered`` spans that state a rule parameter read
    on ``on`` (its value beside its unit); any other number is ordinary prose."""
    for number in find_numbers(text):
        if any(a <= number.start and number.end <= b for a, b in covered):
            continue
        found = stated_parameters(
            text, number.start, number.end, number.value, (on,), ordinal=number.ordinal
        )
        if found:
            yield number, found[0]


# --- the checks -------------------------------------------------------------------------------


class _Checker:
    """The checks of one modification's legal text, collecting problems."""

    def __init__(self, content: Content, mod: Modification, legal: LegalTextFile) -> None:
        self.content = content
        self.mod = mod
        self.legal = legal
        src = content.source(mod.id, LEGAL_FILE)
        assert src is not None
        self.src = src
        self.problems: list[Problem] = []
        self.before_on, self.after_on = rules_dates(mod, content)

    def add(self, path: FieldPath, message: str, needle: str | None = None, nth: int = 0) -> None:
        where = _locate_text(self.src, path, needle, nth) if needle else self.src.locate(path)
        self.problems.append(Problem(where, field_text(path), message))

    def run(self) -> list[Problem]:
        seen: dict[str, int] = {}
        for i, clause in enumerate(self.legal.clauses):
            here: FieldPath = ("clauses", i)
            cid = clause.clause
            if cid in seen:
                line = self.src.locate(("clauses", seen[cid])).line
                self.add((*here, "clause"), f"{cid} is listed twice (first at line {line})")
            seen.setdefault(cid, i)
            section = CLAUSE_REFERENCE.fullmatch(cid)
            if section and section.group("section") != self.legal.section:
                self.add(
                    (*here, "clause"),
                    f"{cid} is not in Section {self.legal.section}, which this file changes",
                )
            if clause.unchanged is not None:
                for key in ("states", "states_before"):
                    if getattr(clause, key):
                        self.add((*here, key), f"{cid}: an unchanged clause states no rule here")
                continue
            if clause_text(clause.before) == clause_text(clause.after):
                self.add(
                    here,
                    f"{cid}: before and after read the same; the clause does not change (show it "
                    "with unchanged: instead)",
                )
            self._ties(i, clause, "after", clause.states, self.after_on)
            self._ties(i, clause, "before", clause.states_before, self.before_on)
        return self.problems

    def _ties(self, i: int, clause: Clause, side: str, ties: list[Tie], on: dt.date) -> None:
        cid = clause.clause
        raw = clause.after if side == "after" else clause.before
        text = clause_text(raw)
        key = "states" if side == "after" else "states_before"
        covered: list[tuple[int, int]] = []
        for j, tie in enumerate(ties):
            path: FieldPath = ("clauses", i, key, j)
            if raw is None:
                self.add(path, f"{cid}: ties the {side}-text, but the clause has no {side}-text")
                continue
            phrase = clause_text(tie.text)
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
            if not spans:
                self.add(
                    (*path, "text"),
                    f"{cid}: {phrase!r} (tied to {tie.parameter}) is not in the {side}-text",
                )
                continue
            covered.extend(spans)
            self._tie(path, cid, tie, phrase, on, side)
        for number, stated in untied_statements(text, covered, on):
            needle = number.text.split()[0]
            self.add(
                ("clauses", i, side),
                f"{cid}: {number.text!r} in the {side}-text states {stated.parameter} "
                f"({stated.value:,}) but is not tied to it (add it to {key}: with "
                f"parameter: {stated.parameter})",
                needle=needle,
                nth=text[: number.start].count(needle),
            )

    def _tie(
        self, path: FieldPath, cid: str, tie: Tie, phrase: str, on: dt.date, side: str
    ) -> None:
        param = parameters.PARAMETERS.get(tie.parameter)
        where = (*path, "parameter")
        if param is None:
            known = ", ".join(sorted(parameters.PARAMETERS))
            self.add(where, f"{cid}: unknown rule parameter {tie.parameter!r}; known: {known}")
            return
        if not param.in_force(on):
            self.add(
                where,
                f"{cid}: {tie.parameter} is not in force on {on.isoformat()}, when the {side}-text "
                "applies",
            )
            return
        cited = [m.group("ref") for m in CLAUSE_REFERENCE.finditer(param.reference)]
        if not any(cid == ref or cid.startswith(f"{ref}(") for ref in cited):
            self.add(
                where,
                f"{cid}: {tie.parameter} cites {param.reference!r}, not {cid}; tie it in the "
                "clause that sets it, or correct the reference in "
                "generator/rules/declarations.toml",
            )
        value = param.at(on)
        about = f"{cid}: {tie.parameter} on {on.isoformat()} ({param.reference})"
        numbers = find_numbers(phrase)
        if isinstance(value, int):
            if tie.year is not None:
                self.add((*path, "year"), f"{cid}: {tie.parameter} is a number, not a cycle")
                return
            self._number(path, about, numbers, value)
            return
        cycle: tuple[Assessment, ...] = value
        if tie.year is None:
            self._number(path, f"{about}: the cycle's length", numbers, len(cycle), figures=False)
            return
        self._year(path, about, tie.year, cycle, phrase, numbers)

    def _number(
        self,
        path: FieldPath,
        about: str,
        numbers: list[NumberPhrase],
        value: int,
        *,
        figures: bool = True,
    ) -> None:
        expected = f"{spelt_number(value)} ({value:,})" if figures else spelt_number(value)
        text_path = (*path, "text")
        if len(numbers) != 1:
            count = "no number" if not numbers else f"{len(numbers)} numbers"
            self.add(text_path, f"{about} is {value:,}; the tied text states {count}")
            return
        number = numbers[0]
        if number.words is None or number.ordinal:
            self.add(
                text_path,
                f"{about} is {value:,}; write the number in words"
                + (" followed by figures" if figures else "")
                + f": {expected!r}",
            )
            return
        if number.figures is not None and number.figures != number.words:
            self.add(
                text_path,
                f"{about}: the words say {number.words:,} but the figures say {number.figures:,}",
            )
            return
        if number.value != value:
            self.add(
                text_path,
                f"{about} is {value:,}, but the clause states {number.value:,}; write {expected!r}",
            )
            return
        written_figures = number.text[number.text.find("(") + 1 : -1] if "(" in number.text else ""
        if (figures and written_figures != f"{value:,}") or (
            number.text.split("(")[0].strip().lower() != spelt_number(value)
        ):
            self.add(text_path, f"{about} is {value:,}; the Code writes it {expected!r}")

    def _year(
        self,
        path: FieldPath,
        about: str,
        year: int,
        cycle: tuple[Assessment, ...],
        phrase: str,
        numbers: list[NumberPhrase],
    ) -> None:
        expected = cycle[(year - 1) % len(cycle)]
        labels = [a for a in Assessment if a is not Assessment.UNSPECIFIED and a.label in phrase]
        text_path = (*path, "text")
        if len(numbers) != 1:
            self.add(text_path, f"{about}: the tied text must name year {year} once")
        elif numbers[0].value != year:
            self.add(
                text_path,
                f"{about}: the tied text names year {numbers[0].value} ({numbers[0].text!r}), "
                f"but the tie is for year {year}",
            )
        if len(labels) != 1:
            self.add(
                text_path,
                f"{about}: the tied text must name one assessment type; year {year} is a "
                f"{expected.label}",
            )
        elif labels[0] is not expected:
            self.add(
                text_path,
                f"{about}: year {year} is a {expected.label}, but the clause states a "
                f"{labels[0].label}",
            )


def _strings(data: Any, path: FieldPath, skip: frozenset[str]) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in skip:
                yield from _strings(value, (*path, key), skip)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i), skip)


#: Keys whose values are not prose: clause ids and the ties (copies of clause text).
_NOT_PROSE = frozenset({"clause", "states", "states_before", "parameter", "key", "id"})


def _validated_files(mod: Modification) -> dict[str, Any]:
    """Each file of ``mod`` as validated, in the shape it was written (unset fields left out).

    The model holds the values, so the files need not be read again.
    """
    files: dict[str, Any] = {
        "modification.yaml": mod.modification.model_dump(exclude_unset=True),
        "responses.yaml": {"responses": [r.model_dump(exclude_unset=True) for r in mod.responses]},
        "examples.yaml": {"examples": [e.model_dump(exclude_unset=True) for e in mod.examples]},
    }
    if mod.guidance is not None:
        files["guidance.yaml"] = mod.guidance.model_dump(exclude_unset=True)
    if mod.legal_text is not None:
        files["legal-text.yaml"] = mod.legal_text.model_dump(exclude_unset=True)
    return files


@dataclass
class _References:
    """The clause references of one modification: problems, and the unchanged clauses cited."""

    problems: list[Problem]
    unchanged: list[str]


def _reference_message(ref: str, status: str, clauses: dict[str, Clause]) -> str | None:
    if status == "missing":
        parent = ref.partition("(")[0]
        defined = ", ".join(c for c in clauses if c.startswith(parent)) or parent
        return f"reference to {ref}, which {LEGAL_FILE} does not set out (it sets out {defined})"
    return None


def _references(content: Content, mod: Modification, legal: LegalTextFile) -> _References:
    clauses = {c.clause: c for c in legal.clauses}
    found = _References([], [])
    for name, data in _validated_files(mod).items():
        src = content.source(mod.id, name)
        if src is None:
            continue
        for field, text in _strings(data, (), _NOT_PROSE):
            counts: dict[str, int] = {}
            after_text = name == LEGAL_FILE and field[-1:] in (("after",), ("unchanged",))
            for m in CLAUSE_REFERENCE.finditer(text):
                ref = m.group("ref")
                if ID_PATTERN.fullmatch(ref):
                    continue  # a modification's id (MP071), not a clause
                nth = counts.get(ref, 0)
                counts[ref] = nth + 1
                status = reference_status(ref, clauses)
                message = _reference_message(ref, status, clauses)
                if status == "deleted" and after_text:
                    message = f"reference to {ref}, which this modification deletes"
                if message:
                    where = _locate_text(src, field, ref, nth)
                    found.problems.append(Problem(where, field_text(field), message))
                elif status == "outside" and ref not in found.unchanged:
                    found.unchanged.append(ref)
    return found


def legal_references(content: Content) -> list[str]:
    """For the check's report: the unchanged clauses each modification's text refers to."""
    lines = []
    for mod in content.modifications.values():
        if mod.legal_text is None:
            continue
        cited = _references(content, mod, mod.legal_text).unchanged
        if cited:
            lines.append(f"{mod.id}: refers to unchanged {', '.join(cited)}")
    return lines


def modification_legal_problems(content: Content, mod: Modification) -> list[Problem]:
    """Every problem of ``mod``'s legal text and of its clause references (none without one)."""
    legal = mod.legal_text
    if legal is None:
        return []
    return [*_Checker(content, mod, legal).run(), *_references(content, mod, legal).problems]


def legal_problems(content: Content) -> list[Problem]:
    """Every legal-text problem of every modification in ``content``, located."""
    problems: list[Problem] = []
    for mod in content.modifications.values():
        problems.extend(modification_legal_problems(content, mod))
    return problems
