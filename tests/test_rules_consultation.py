"""Consultation tallies and their phrasing."""

from __future__ import annotations

from generator.load import load_content
from generator.rules.consultation import (
    Category,
    Position,
    Response,
    tally,
)
from tests.conftest import CONTENT


def secmp0059_tally():  # type: ignore[no-untyped-def]
    mod = load_content(CONTENT).modifications["SECMP0059"]
    return tally(
        Response(r.respondent, r.category, r.position, tuple(r.objectives)) for r in mod.responses
    )


def test_secmp0059_counts_and_phrases() -> None:
    t = secmp0059_tally()
    assert t.total == 9
    assert t.responses_phrase() == "nine responses"
    assert t.count("approve") == 8 and t.count("neutral") == 1 and t.count("reject") == 0
    assert (
        t.subject("approve")
        == "Eight respondents (five Large Suppliers, two Small Suppliers and one Other SEC Party)"
    )
    assert t.subject("neutral") == "One respondent (an Other SEC Party)"
    assert t.citing("g") == 2
    assert t.citing("a") == t.citing("f") > 0


def test_categories_and_articles() -> None:
    responses = [
        Response("n1", Category.NETWORK_PARTY, Position.REJECT),
        Response("n2", Category.NETWORK_PARTY, Position.REJECT),
        Response("d", Category.DCC, Position.REJECT),
        Response("l", Category.LARGE_SUPPLIER, Position.NEUTRAL),
    ]
    t = tally(responses)
    assert t.subject("reject") == "Three respondents (two Network Parties and the DCC)"
    assert t.subject("neutral") == "One respondent (a Large Supplier)"
    assert t.subject("approve") == "Zero respondents"
    assert t.subject("reject", capital=False).startswith("three respondents")


def test_an_objective_is_counted_once_per_respondent() -> None:
    t = tally([Response("x", Category.DCC, Position.APPROVE, ("a", "a", "g"))])
    assert t.objectives == {"a": 1, "g": 1}
