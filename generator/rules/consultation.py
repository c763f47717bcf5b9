"""Consultation tallies and the sentences that report them.

A Modification Report Consultation (SEC Section D7) collects one response per respondent; a
Change Board paper reports how many responded, their positions, who they are and which SEC
Objectives they cited. This module counts and phrases; it never decides what to say.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from generator.rules.wording import count_noun, join_words

__all__ = [
    "Category",
    "Position",
    "Response",
    "Tally",
    "tally",
]


class Position(StrEnum):
    """A respondent's view of the modification."""

    APPROVE = "approve"
    REJECT = "reject"
    NEUTRAL = "neutral"


class Category(StrEnum):
    """The kind of Party a respondent is (SEC Section A1 Party categories)."""

    LARGE_SUPPLIER = "Large Supplier"
    SMALL_SUPPLIER = "Small Supplier"
    NETWORK_PARTY = "Network Party"
    DCC = "DCC"
    OTHER_PARTY = "Other SEC Party"

    @property
    def noun(self) -> tuple[str, str]:
        """(singular, plural) used when respondents are counted by category."""
        return _NOUNS[self]

    @property
    def with_article(self) -> str:
        """The category with its indefinite article, e.g. "an Other SEC Party"."""
        if self is Category.DCC:
            return "the DCC"
        article = "an" if self.value[0] in "AEIOU" else "a"
        return f"{article} {self.value}"


_NOUNS: dict[Category, tuple[str, str]] = {
    Category.LARGE_SUPPLIER: ("Large Supplier", "Large Suppliers"),
    Category.SMALL_SUPPLIER: ("Small Supplier", "Small Suppliers"),
    Category.NETWORK_PARTY: ("Network Party", "Network Parties"),
    Category.DCC: ("the DCC", "the DCC"),
    Category.OTHER_PARTY: ("Other SEC Party", "Other SEC Parties"),
}


@dataclass(frozen=True, slots=True)
class Response:
    """What the tallies need of one consultation response."""

    respondent: str
    category: Category
    position: Position
    #: The SEC Objectives the respondent believes the modification better facilitates.
    objectives: tuple[str, ...] = ()
    #: The SEC Objectives the respondent believes it would not better facilitate.
    objectives_against: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of a consultation's responses."""

    responses: tuple[Response, ...]
    by_position: Mapping[Position, int] = field(default_factory=dict)
    by_category: Mapping[Position, Mapping[Category, int]] = field(default_factory=dict)
    objectives: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many responses were received."""
        return len(self.responses)

    def count(self, position: Position | str) -> int:
        """How many respondents took ``position``."""
        return self.by_position.get(Position(position), 0)

    def responses_phrase(self, *, capital: bool = False) -> str:
        """E.g. "nine responses"."""
        return count_noun(self.total, "response", "responses", capital=capital)

    def breakdown(self, position: Position | str) -> str:
        """Who took ``position``, by category: "five Large Suppliers, two Small Suppliers and
        one other respondent"."""
        counts = self.by_category.get(Position(position), {})
        parts = [
            count_noun(n, *category.noun) if category is not Category.DCC else category.noun[0]
            for category in Category
            if (n := counts.get(category, 0))
        ]
        return join_words(parts)

    def subject(self, position: Position | str, *, capital: bool = True) -> str:
        """The subject of a sentence about those who took ``position``.

        "Eight respondents (five Large Suppliers, two Small Suppliers and one Other SEC Party)";
        one respondent is named by category, "One respondent (an Other SEC Party)"; respondents
        all of one category are "Two respondents (both Large Suppliers)" or "Three respondents
        (all Large Suppliers)".
        """
        pos = Position(position)
        n = self.count(pos)
        head = count_noun(n, "respondent", "respondents", capital=capital)
        if n == 0:
            return head
        counts = {c: k for c, k in self.by_category.get(pos, {}).items() if k}
        if n == 1:
            (only,) = counts
            return f"{head} ({only.with_article})"
        if len(counts) == 1:
            (only,) = counts
            return f"{head} ({'both' if n == 2 else 'all'} {only.noun[1]})"
        return f"{head} ({self.breakdown(pos)})"

    def citing(self, letter: str) -> int:
        """How many respondents cited SEC Objective ``letter``."""
        return self.objectives.get(letter, 0)


def tally(responses: Iterable[Response]) -> Tally:
    """Count ``responses`` by position, by category within each position, and by objective."""
    items = tuple(responses)
    by_position = Counter(r.position for r in items)
    by_category: dict[Position, Counter[Category]] = {}
    objectives: Counter[str] = Counter()
    for r in items:
        by_category.setdefault(r.position, Counter())[r.category] += 1
        objectives.update(set(r.objectives))
    return Tally(
        items,
        dict(by_position),
        {pos: dict(c) for pos, c in by_category.items()},
        dict(sorted(objectives.items())),
    )
