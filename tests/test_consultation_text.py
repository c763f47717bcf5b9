"""The consultation section's sentences: every shape of response set, and a property test that
every count and category they state equals the tallies."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import load_content
from generator.render.consultation_text import Discussed, consultation_paragraphs
from generator.render.context import modification_context
from generator.rules.consultation import Category, Position, Response, tally
from tests.conftest import CONTENT

LS, SS, NP, DCC, OTHER = (
    Category.LARGE_SUPPLIER,
    Category.SMALL_SUPPLIER,
    Category.NETWORK_PARTY,
    Category.DCC,
    Category.OTHER_PARTY,
)
A, R, N = Position.APPROVE, Position.REJECT, Position.NEUTRAL
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _responses(*spec: tuple[Category, Position], **cited: tuple[str, ...]) -> list[Response]:
    return [Response(f"R{i}", c, p, cited.get(f"r{i}", ())) for i, (c, p) in enumerate(spec)]


def _paragraphs(responses: list[Response], discussed: tuple[Discussed, ...] = ()) -> list[str]:
    groups = consultation_paragraphs("MP1", tally(responses), discussed, proposer_objectives=("a",))
    return [text for group in groups for text in group.paragraphs]


def test_all_one_category_says_both_or_all() -> None:
    (two,) = _paragraphs(_responses((LS, A), (LS, A)))
    assert two.startswith(
        "Two respondents (both Large Suppliers) believed that MP1 should be approved."
    )
    (three,) = _paragraphs(_responses((SS, R), (SS, R), (SS, R)))
    assert three.startswith(
        "Three respondents (all Small Suppliers) believed that MP1 should be rejected."
    )


def test_one_of_each_and_a_single_respondent() -> None:
    (mixed,) = _paragraphs(_responses((LS, N), (NP, N), (DCC, N), (OTHER, N)))
    assert mixed.startswith(
        "Four respondents (one Large Supplier, one Network Party, the DCC and one Other SEC Party) "
        "were neutral on the modification."
    )
    (single,) = _paragraphs(_responses((DCC, R)))
    assert single.startswith("One respondent (the DCC) believed that MP1 should be rejected.")


def test_zero_supporters_and_the_largest_group_first() -> None:
    paragraphs = _paragraphs(_responses((LS, R), (SS, R), (NP, N)))
    assert paragraphs[0].startswith("Two respondents (one Large Supplier and one Small Supplier)")
    assert paragraphs[1].startswith("One respondent (a Network Party) was neutral")
    assert not any("should be approved" in p for p in paragraphs)


def test_ties_go_approve_reject_neutral() -> None:
    paragraphs = _paragraphs(_responses((LS, N), (LS, R), (LS, A)))
    assert [p.split(") ")[1].split(" ")[0] for p in paragraphs] == ["believed", "believed", "was"]
    assert "approved" in paragraphs[0] and "rejected" in paragraphs[1]


def test_no_responses_says_so(tmp_path: object) -> None:
    assert _paragraphs([]) == []


def test_objectives_are_reported_under_the_position_that_cited_them() -> None:
    responses = [
        Response("R0", LS, R, (), ("d",)),
        Response("R1", SS, R, (), ("d", "g")),
        Response("R2", NP, A, ("a", "f")),
    ]
    reject, approve = _paragraphs(responses)
    assert (
        "Both of them believed that it would not better facilitate SEC Objective (d)[^d]." in reject
    )
    assert (
        "One of them believed that it would not better facilitate SEC Objective (g)[^g]." in reject
    )
    assert "(d)" not in approve and "(g)" not in approve
    assert (
        "agreed with the Proposer’s view that this modification would better facilitate SEC "
        in (approve)
    )
    assert (
        "also believed that this modification would better facilitate SEC Objective (f)" in approve
    )


def test_a_discussed_response_is_one_respondent_s() -> None:
    responses = _responses((LS, R), (LS, R), (SS, R), (NP, A))
    said = Discussed(SS, R, "said the threshold was too low.", "Too low.", "We replied.")
    second = Discussed(LS, R, None, "It costs too much.", None)
    paragraphs = _paragraphs(responses, (said, second))
    assert (
        paragraphs[1]
        == "One Small Supplier that opposed the modification said the threshold was too low."
    )
    assert paragraphs[2] == "We replied."
    assert paragraphs[3] == (
        "One Large Supplier that opposed the modification commented:\n\n> It costs too much."
    )
    assert not any(p.startswith("They noted") for p in paragraphs)


def test_the_majority_reject_fixture_reads_right() -> None:
    content = load_content(CONTENT)
    context = modification_context(content, content.modifications["MP112"])
    paragraphs = context["consultation"]["paragraphs"]
    assert paragraphs[0].startswith(
        "Four respondents (two Large Suppliers, one Small Supplier and one Other SEC Party) "
        "believed that MP112 should be rejected."
    )
    assert "would not better facilitate SEC Objective (d)[^d]" in paragraphs[0]
    assert paragraphs[1].startswith("One Small Supplier that opposed the modification said")
    approve = next(p for p in paragraphs if "should be approved" in p)
    assert "(d)" not in approve
    # Footnotes: exactly the objectives the paragraphs cite, in the order they first cite them.
    cited = list(dict.fromkeys(re.findall(r"\[\^([a-z])\]", "\n".join(paragraphs))))
    assert [f["label"] for f in context["footnotes"]] == cited
    assert cited[0] == "d"


# --- property: the sentences state exactly the tallies ----------------------------------------

_SUBJECT = re.compile(r"^(?P<n>\w+) respondents? \((?P<who>[^)]*)\) (?P<rest>.*)$", re.S)
_SINGULAR = {c.noun[0]: c for c in Category} | {c.with_article: c for c in Category}
_PLURAL = {c.noun[1]: c for c in Category}


def _who(text: str, n: int) -> Counter[Category]:
    """The categories a subject's brackets name: "both X", "all X", "a X", or a list."""
    if text.startswith(("both ", "all ")):
        return Counter({_PLURAL[text.split(" ", 1)[1]]: n})
    if text in _SINGULAR:
        return Counter({_SINGULAR[text]: 1})
    found: Counter[Category] = Counter()
    for part in re.split(r", | and ", text):
        if part == "the DCC":
            found[DCC] += 1
            continue
        word, noun = part.split(" ", 1)
        found[_SINGULAR.get(noun) or _PLURAL[noun]] += _WORDS.index(word)
    return found


def _position(rest: str) -> Position:
    if rest.startswith("believed that MP1 should be approved"):
        return A
    if rest.startswith("believed that MP1 should be rejected"):
        return R
    assert rest.startswith(("was neutral", "were neutral")), rest
    return N


responses_strategy = st.lists(
    st.builds(
        Response,
        st.just("r"),
        st.sampled_from([c for c in Category if c is not DCC]),
        st.sampled_from(list(Position)),
        st.lists(st.sampled_from("abcdefg"), max_size=3).map(tuple),
        st.lists(st.sampled_from("abcdefg"), max_size=2).map(tuple),
    ),
    max_size=10,
)


@settings(max_examples=1000, deadline=None)
@given(responses_strategy, st.booleans())
def test_every_count_and_category_equals_the_tallies(
    responses: list[Response], with_dcc: bool
) -> None:
    if with_dcc:
        responses = [*responses, Response("DCC", DCC, Position.NEUTRAL)]
    counted = tally(responses)
    groups = consultation_paragraphs("MP1", counted, (), proposer_objectives=("a", "f"))
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)
    assert {g.position for g in groups} == {r.position for r in responses}
    for group in groups:
        match = _SUBJECT.match(group.paragraphs[0])
        assert match, group.paragraphs[0]
        n = _WORDS.index(match.group("n").lower())
        position = _position(match.group("rest"))
        assert position is group.position
        assert n == counted.count(position)
        assert _who(match.group("who"), n) == Counter(counted.by_category[position])
        members = [r for r in responses if r.position is position]
        for letter in "abcdefg":
            against = sum(letter in set(r.objectives_against) for r in members)
            said = re.findall(
                rf"(This respondent|\w+ of them) (?:nevertheless )?believed that it would not "
                rf"better facilitate SEC Objective \({letter}\)",
                group.paragraphs[0],
            )
            if against:
                (who,) = said
                expected = (
                    {"This respondent", "Both of them", "All of them"}
                    if against == n
                    else {f"{_WORDS[against].capitalize()} of them"}
                )
                assert who in expected, (who, against, n)
            else:
                assert said == []


def test_the_paper_and_the_sites_table_count_only_the_papers_consultation(
    content_copy: Path,
) -> None:
    """Responses to an earlier Working Group Consultation are in neither the paper's counts nor
    the site's responses table (they have their own appendix)."""
    from tests.content_yaml import with_working_group, write_yaml

    path, responses = with_working_group(content_copy)
    before = len(responses["responses"])
    responses["responses"].append(
        {
            "respondent": "Early Bird Energy",
            "category": "Small Supplier",
            "position": "reject",
            "comments": "Said early.",
            "consultation": "working-group",
        }
    )
    write_yaml(path, responses)
    content = load_content(content_copy)
    context = modification_context(content, content.modifications["SECMP0059"])
    assert len(context["responses"]) == before
    shown = [r["response"].respondent for r in context["response_rows"]]
    assert "Early Bird Energy" not in shown
    assert context["consultation"]["tally"].total == before
