"""Where a text states a rule parameter: the parameter's value next to its unit.

A number in prose or in a clause is a statement of a rule parameter only when it has the
parameter's value and stands next to what the parameter counts ("50,000 Non-Domestic Premises",
"ten Working Days" to object, "a cycle of three years"). Any other number ("one of the
following", "a contract worth £50,000", "six (6) months") is ordinary prose. The prose lint
(:mod:`generator.checks.prose_lint`) and the legal-text check (:mod:`generator.checks.legal_text`)
both ask this module, so they agree on what counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.rules import parameters

__all__ = ["UNITS", "Mention", "ever_values", "stated_parameters"]

_PREMISES = re.compile(r"\b(?:premises|threshold)\b", re.IGNORECASE)
_CYCLE = re.compile(r"\bcycles?\b", re.IGNORECASE)

#: What each parameter counts or is about: a number states the parameter only when every one of
#: these stands within a few words of it, in its sentence. A cycle's length counts years, but
#: "three years" alone is a span of time: "a cycle of three years" states the cycle. The weight
#: is "times" (or "weighted by") beside premises: "five times as many queries" is prose.
UNITS: dict[str, tuple[re.Pattern[str], ...]] = {
    "non_domestic_threshold": (_PREMISES,),
    "combined_threshold": (_PREMISES,),
    "domestic_threshold": (_PREMISES,),
    "non_domestic_weight": (
        re.compile(r"\b(?:times|weight(?:ed|ing)?|multipl\w*)\b|\u00d7", re.IGNORECASE),
        re.compile(r"\bpremises\b", re.IGNORECASE),
    ),
    "supplier_cycle": (_CYCLE,),
    "other_user_cycle": (_CYCLE,),
    # Ten Working Days is a common time limit ("report within 10 Working Days of the month's
    # end"): it states the objection period only where an objection or appeal is spoken of.
    "objection_period_working_days": (
        re.compile(r"\bworking\s+days?\b", re.IGNORECASE),
        re.compile(r"\b(?:object\w*|appeal\w*|refer(?:s|red|ral)?)\b", re.IGNORECASE),
    ),
}

#: How many words either side of a number its unit may stand.
WINDOW_WORDS = 6


@dataclass(frozen=True, slots=True)
class Mention:
    """A parameter a number states: its name, the value it has on the date read, and whether
    it is a cycle (whose years "first", "second"... a number may also name)."""

    parameter: str
    value: int
    cycle: bool = False

    def stated_by(self, value: int, ordinal: bool) -> bool:
        """Whether a number of ``value`` states this parameter (an ordinal names a cycle's
        year)."""
        if ordinal:
            return self.cycle and 1 <= value <= self.value
        return value == self.value


def ever_values() -> tuple[dt.date, ...]:
    """Every date from which some parameter took a new value: reading on each of them sees
    every value any parameter has had."""
    return tuple(sorted({d for p in parameters.PARAMETERS.values() for d, _ in p.values}))


def _values(on: dt.date) -> list[Mention]:
    found: list[Mention] = []
    for name, param in parameters.PARAMETERS.items():
        if not param.in_force(on):
            continue
        value = param.at(on)
        if isinstance(value, int):
            found.append(Mention(name, value))
        else:
            found.append(Mention(name, len(value), cycle=True))
    return found


_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)|\n\s*\n")


def _near(text: str, start: int, end: int) -> str:
    """The words around ``text[start:end]``, within its sentence."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    head = text[ends[-1] if ends else 0 : start]
    stop = _SENTENCE_END.search(text, end)
    tail = text[end : stop.start() if stop else len(text)]
    return " ".join([*head.split()[-WINDOW_WORDS:], *tail.split()[:WINDOW_WORDS]])


def stated_parameters(
    text: str,
    start: int,
    end: int,
    value: int,
    dates: tuple[dt.date, ...],
    *,
    ordinal: bool = False,
) -> list[Mention]:
    """The parameters the number ``value`` written at ``text[start:end]`` states, on any of
    ``dates``: those with that value whose unit stands within a few words of it."""
    around = _near(text, start, end)
    found: dict[str, Mention] = {}
    for on in dates:
        for mention in _values(on):
            if mention.stated_by(value, ordinal) and all(
                unit.search(around) for unit in UNITS[mention.parameter]
            ):
                found.setdefault(mention.parameter, mention)
    return list(found.values())
