"""The word-level redline: accepting it gives the after-text, rejecting it the before-text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.redline import (
    Kind,
    Segment,
    accept,
    diff,
    diff_tokens,
    escape,
    reject,
    to_markdown,
    tokenize,
)
from tests.redline_reading import paragraph_versions

# Tokens as the Code writes them, plus characters Markdown and HTML treat specially.
TOKENS = st.sampled_from(
    [
        "a",
        "Supplier",
        "Party",
        "Self-Assessment",
        "fifty",
        "thousand",
        "(50,000)",
        "G8.46A(a)",
        " ",
        ",",
        ".",
        ";",
        "<",
        ">",
        "&",
        "&amp;",
        "*",
        "_",
        "[",
        "]",
        "`",
        "\\",
        "!",
        "#",
    ]
)
TEXTS = st.lists(TOKENS, max_size=40).map("".join)


@given(TEXTS)
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


@given(st.lists(TOKENS, max_size=40), st.lists(TOKENS, max_size=40), st.integers(0, 5))
@settings(max_examples=300)
def test_accept_gives_after_and_reject_gives_before(
    before: list[str], after: list[str], gap: int
) -> None:
    segments = diff_tokens(before, after, merge_gap=gap)
    assert accept(segments) == "".join(after)
    assert reject(segments) == "".join(before)
    assert all(s.text for s in segments)
    # Merged: never two kept runs in a row, and a deletion always comes before its insertion.
    for first, second in itertools.pairwise(segments):
        assert not (first.kind is Kind.EQUAL and second.kind is Kind.EQUAL)
        assert not (first.kind is Kind.INSERT and second.kind is Kind.DELETE)


@given(TEXTS, TEXTS)
def test_diff_of_texts_round_trips(before: str, after: str) -> None:
    segments = diff(before, after)
    assert (accept(segments), reject(segments)) == (after, before)


def _inline_texts(markdown: str) -> tuple[str, str]:
    """(accepted, rejected) text of the first paragraph of ``markdown``, as a parser reads it."""
    return paragraph_versions(markdown, strict=True)[0]


def _spaces(text: str) -> str:
    return " ".join(text.split())


@given(TEXTS, TEXTS)
@settings(max_examples=200)
def test_markdown_redline_reads_back_as_the_two_texts(before: str, after: str) -> None:
    # A clause paragraph starts with its number, as the builder writes it.
    markdown = to_markdown(diff(f"G8.1 {before}", f"G8.1 {after}"))
    accepted, rejected = _inline_texts(markdown)
    assert _spaces(accepted) == _spaces(f"G8.1 {after}")
    assert _spaces(rejected) == _spaces(f"G8.1 {before}")


def test_nearby_changes_merge_into_one_replacement() -> None:
    before = "a User Security Self-Assessment in the second year"
    after = "a Verification User Security Assessment in the second year"
    segments = diff(before, after)
    assert segments == [
        Segment(Kind.EQUAL, "a "),
        Segment(Kind.DELETE, "User Security Self-Assessment"),
        Segment(Kind.INSERT, "Verification User Security Assessment"),
        Segment(Kind.EQUAL, " in the second year"),
    ]
    unmerged = diff(before, after, merge_gap=0)
    assert len([s for s in unmerged if s.kind is not Kind.EQUAL]) > 2


def test_distant_changes_stay_apart() -> None:
    segments = diff("one two three four five six", "ONE two three four five SIX")
    kinds = [s.kind for s in segments]
    assert kinds == [Kind.DELETE, Kind.INSERT, Kind.EQUAL, Kind.DELETE, Kind.INSERT]


def test_inserted_and_deleted_texts() -> None:
    assert diff("", "G8.46A new text") == [Segment(Kind.INSERT, "G8.46A new text")]
    assert diff("G8.48 old text", "") == [Segment(Kind.DELETE, "G8.48 old text")]
    assert diff("same", "same") == [Segment(Kind.EQUAL, "same")]


def test_markdown_escapes_html_and_markdown_syntax() -> None:
    markdown = to_markdown(diff("x < y", "x < y & *z*"))
    assert markdown == "x &lt; y<ins> &amp; \\*z\\*</ins>"
    assert escape("a <b> & [c](d) `e`") == "a &lt;b&gt; &amp; \\[c\\](d) \\`e\\`"
    assert "<ins>" not in escape("<ins>") and "&lt;ins&gt;" in escape("<ins>")


def test_words_keep_their_hyphens_figures_and_clause_numbers() -> None:
    assert tokenize("G8.46A(a) Self-Assessment 250,000.") == [
        "G8.46A",
        "(",
        "a",
        ")",
        " ",
        "Self-Assessment",
        " ",
        "250,000",
        ".",
    ]
