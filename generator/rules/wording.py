"""Numbers in words, the one place they are spelt and read.

Two spellings serve two purposes:

* :func:`number_word` is the house style of the papers and guidance for counts: a word from
  zero to ten, figures with thousands separators above ("nine responses", "12 respondents");
  :func:`count_noun` and :func:`join_words` build the phrases around it;
* :func:`spelt_number` is how the Code spells a number in its legal text, in full and British
  style ("two hundred and fifty thousand", SEC Section G8.46), and :func:`parse_spelt_number`
  reads such words back. :data:`CARDINALS`, :data:`ORDINALS` and :data:`SCALES` are the words
  the checks look for in prose and clauses.

This module imports only the standard library, so ``generator.rules`` stays importable without
the renderers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = [
    "CARDINALS",
    "ORDINALS",
    "SCALES",
    "capitalise",
    "count_noun",
    "join_words",
    "number_word",
    "parse_spelt_number",
    "spelt_number",
]

_UNITS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth"),
)
_HOUSE_LIMIT = 10
"""Counts up to this are written as words in the papers; larger ones in figures."""

CARDINALS: Mapping[str, int] = {w: i for i, w in enumerate(_UNITS)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS)
}
"""Every cardinal word below a hundred that stands alone: "zero" .. "nineteen", "twenty" ..
"ninety" (compounds such as "twenty-five" join two of them with a hyphen)."""
ORDINALS: Mapping[str, int] = {w: i for i, w in enumerate(_ORDINAL_WORDS, start=1)}
"""Ordinal words "first" .. "twelfth" and their values."""
SCALES: Mapping[str, int] = {"thousand": 1_000, "million": 1_000_000}
"""Scale words above "hundred"."""


def capitalise(text: str) -> str:
    """``text`` with its first character in upper case and the rest unchanged."""
    return text[:1].upper() + text[1:]


def number_word(n: int, *, capital: bool = False) -> str:
    """``n`` as a word from zero to ten and in figures above (house style), capitalised if asked."""
    text = _UNITS[n] if 0 <= n <= _HOUSE_LIMIT else f"{n:,}"
    return capitalise(text) if capital else text


def count_noun(n: int, singular: str, plural: str, *, capital: bool = False) -> str:
    """E.g. ``count_noun(9, "response", "responses")`` gives "nine responses"."""
    return f"{number_word(n, capital=capital)} {singular if n == 1 else plural}"


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def spelt_number(n: int) -> str:
    """``n`` as the Code spells it: 250000 -> "two hundred and fifty thousand"."""
    if n < 0:
        raise ValueError("only whole numbers of 0 or more are spelt out")
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens - 2] + (f"-{_UNITS[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_UNITS[hundreds]} hundred" + (f" and {spelt_number(rest)}" if rest else "")
    for name, scale in sorted(SCALES.items(), key=lambda kv: -kv[1]):
        if n >= scale:
            head, rest = divmod(n, scale)
            if not rest:
                return f"{spelt_number(head)} {name}"
            joiner = " and " if rest < 100 else " "
            return f"{spelt_number(head)} {name}{joiner}{spelt_number(rest)}"
    raise AssertionError("unreachable")  # pragma: no cover


def parse_spelt_number(text: str) -> int:
    """The value of number words: "two hundred and fifty thousand" -> 250000.

    Raises ``ValueError`` for a word that is not part of a number.
    """
    total = current = 0
    for word in re.split(r"[\s-]+", text.strip().lower()):
        if word == "and" or not word:
            continue
        if word in CARDINALS:
            current += CARDINALS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            raise ValueError(f"{word!r} is not a number word")
    return total + current
