"""Numbers in words: the house style of counts, and the Code's full spelling (rules.wording)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.rules.wording import (
    CARDINALS,
    ORDINALS,
    capitalise,
    count_noun,
    join_words,
    number_word,
    parse_spelt_number,
    spelt_number,
)


def test_counts_are_words_up_to_ten_then_figures() -> None:
    assert [number_word(n) for n in (0, 1, 10)] == ["zero", "one", "ten"]
    assert number_word(11) == "11"
    assert number_word(12_000) == "12,000"
    assert number_word(3, capital=True) == "Three"
    assert number_word(1_500, capital=True) == "1,500"


def test_count_noun_agrees_in_number() -> None:
    assert count_noun(1, "response", "responses") == "one response"
    assert count_noun(0, "response", "responses") == "zero responses"
    assert count_noun(2, "Network Party", "Network Parties", capital=True) == "Two Network Parties"


def test_join_words() -> None:
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_capitalise_changes_only_the_first_character() -> None:
    assert capitalise("the DCC") == "The DCC"
    assert capitalise("") == ""


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (5, "five"),
        (25, "twenty-five"),
        (50_000, "fifty thousand"),
        (250_000, "two hundred and fifty thousand"),
        (1_050, "one thousand and fifty"),
        (1_250, "one thousand two hundred and fifty"),
        (2_000_000, "two million"),
    ],
)
def test_spelt_numbers(n: int, words: str) -> None:
    assert spelt_number(n) == words
    assert parse_spelt_number(words) == n


@given(st.integers(0, 999_999_999))
def test_spelt_number_round_trip(n: int) -> None:
    assert parse_spelt_number(spelt_number(n)) == n


def test_negative_numbers_and_other_words_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        spelt_number(-1)
    with pytest.raises(ValueError, match="'several' is not a number word"):
        parse_spelt_number("several thousand")


def test_the_house_style_and_the_code_agree_on_small_numbers() -> None:
    assert all(number_word(n) == spelt_number(n) for n in range(11))
    assert CARDINALS["fifty"] == 50 and ORDINALS["second"] == 2
