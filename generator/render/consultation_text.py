"""The consultation section of a Change Board paper, as sentences computed from the responses.

A paper reports each position respondents took (approve, reject, neutral) in a paragraph of its
own, the largest group first (ties: approve, reject, neutral): how many took it and who they are,
what they said in common, which SEC Objectives they cited and in which direction (better
facilitates, or not), then each response the author chose to discuss, introduced in words that
fit its position and attributed to that respondent alone, with SECAS's reply. Every count and
category comes from the tallies (:mod:`generator.rules.consultation`), so the text cannot
disagree with the table beside it; prose the author wrote (summaries, discussions, replies)
arrives already rendered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.rules.consultation import Category, Position, Response, Tally
from generator.rules.wording import count_noun

__all__ = ["Discussed", "PositionGroup", "consultation_paragraphs", "order_positions"]

_HEAD = {
    Position.APPROVE: "believed that {id} should be approved.",
    Position.REJECT: "believed that {id} should be rejected.",
    Position.NEUTRAL: "{was} neutral on the modification.",
}
_STANCE = {
    Position.APPROVE: "that supported the modification",
    Position.REJECT: "that opposed the modification",
    Position.NEUTRAL: "that was neutral on the modification",
}


@dataclass(frozen=True, slots=True)
class Discussed:
    """A response the paper discusses on its own: who, and the rendered prose about it."""

    category: Category
    position: Position
    #: Words that follow the lead-in ("commented that ..."), or None to quote ``comments``.
    discussion: str | None
    comments: str
    secas_response: str | None


@dataclass(frozen=True, slots=True)
class PositionGroup:
    """What the paper says of one position: Markdown paragraphs with objective footnotes."""

    position: Position
    count: int
    paragraphs: tuple[str, ...]


def order_positions(tally: Tally) -> list[Position]:
    """The positions taken, the most respondents first; ties in the order approve, reject,
    neutral."""
    taken = [p for p in Position if tally.count(p)]
    return sorted(taken, key=lambda p: -tally.count(p))


def _letters(letters: Sequence[str]) -> str:
    shown = [f"({x})[^{x}]" for x in letters]
    joined = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"SEC Objective{'s' if len(letters) > 1 else ''} {joined}"


def _who(k: int, n: int) -> str:
    """The subject for ``k`` of a group of ``n``: "They", "This respondent", "Two of them"."""
    if k == n:
        return "This respondent" if n == 1 else ("Both of them" if n == 2 else "All of them")
    return count_noun(k, "of them", "of them", capital=True)


def _counted(responses: Sequence[Response], attr: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in responses:
        for letter in dict.fromkeys(getattr(r, attr)):
            counts[letter] = counts.get(letter, 0) + 1
    return dict(sorted(counts.items()))


def _proposer_sentence(group: Sequence[Response], proposer: Sequence[str]) -> list[str]:
    """Supporters and the Proposer's objectives: one sentence when all who cited any agree."""
    if not proposer:
        return []
    viewed = [r for r in group if r.objectives or r.objectives_against]
    agreeing = [r for r in viewed if set(proposer) <= set(r.objectives)]
    if viewed and len(agreeing) == len(viewed):
        who = (
            "Those respondents that expressed a view on the SEC Objectives"
            if len(viewed) > 1
            else "The respondent that expressed a view on the SEC Objectives"
        )
        return [
            f"{who} agreed with the Proposer’s view that this modification would better "
            f"facilitate {_letters(proposer)}."
        ]
    sentences = []
    for letter in proposer:
        k = sum(letter in r.objectives for r in group)
        if k:
            sentences.append(
                f"{_who(k, len(group))} agreed with the Proposer’s view that this modification "
                f"would better facilitate {_letters([letter])}."
            )
    return sentences


def _objective_sentences(
    position: Position,
    group: Sequence[Response],
    proposer: Sequence[str],
    reasons: Mapping[str, str],
) -> list[str]:
    """The objectives the group cited, each reported with its direction and count."""
    sentences: list[str] = []
    better = _counted(group, "objectives")
    if position is Position.APPROVE:
        sentences += _proposer_sentence(group, proposer)
        extra = {x: k for x, k in better.items() if x not in proposer}
        for letter, k in extra.items():
            reason = f" {reasons[letter]}" if letter in reasons else ""
            subject = count_noun(k, "respondent", "respondents", capital=True)
            sentences.append(
                f"{subject} also believed that this modification would better facilitate "
                f"{_letters([letter])}{reason}."
            )
    else:
        for letter, k in better.items():
            sentences.append(
                f"{_who(k, len(group))} nevertheless believed that it would better facilitate "
                f"{_letters([letter])}."
            )
    for letter, k in _counted(group, "objectives_against").items():
        verb = "believed" if position is not Position.APPROVE else "nevertheless believed"
        sentences.append(
            f"{_who(k, len(group))} {verb} that it would not better facilitate "
            f"{_letters([letter])}."
        )
    return sentences


def _lead_in(item: Discussed, n: int, earlier: list[Category]) -> str:
    """Who a discussed response is from, in words that fit its position."""
    if n == 1:
        return "This respondent"
    if item.category is Category.DCC:
        return f"The DCC, which {_STANCE[item.position].removeprefix('that ')},"
    first = "Another" if item.category in earlier else "One"
    return f"{first} {item.category.noun[0]} {_STANCE[item.position]}"


def _discussed_paragraphs(items: Sequence[Discussed], n: int) -> list[str]:
    paragraphs: list[str] = []
    earlier: list[Category] = []
    for item in items:
        lead = _lead_in(item, n, earlier)
        earlier.append(item.category)
        if item.discussion:
            paragraphs.append(f"{lead} {item.discussion}")
        else:
            quoted = "\n".join(f"> {line}" if line else ">" for line in item.comments.split("\n"))
            paragraphs.append(f"{lead} commented:\n\n{quoted}")
        if item.secas_response:
            paragraphs.append(item.secas_response)
    return paragraphs


def consultation_paragraphs(
    mod_id: str,
    tally: Tally,
    discussed: Sequence[Discussed],
    *,
    proposer_objectives: Sequence[str] = (),
    summaries: Mapping[Position, str | None] | None = None,
    objective_reasons: Mapping[str, str] | None = None,
) -> list[PositionGroup]:
    """The paragraphs of the consultation section, one group per position taken, in order."""
    groups: list[PositionGroup] = []
    for position in order_positions(tally):
        members = [r for r in tally.responses if r.position is position]
        n = len(members)
        head = (
            tally.subject(position)
            + " "
            + _HEAD[position].format(id=mod_id, was="was" if n == 1 else "were")
        )
        summary = (summaries or {}).get(position)
        opening = " ".join(
            [
                head,
                *([summary] if summary else []),
                *_objective_sentences(
                    position, members, proposer_objectives, objective_reasons or {}
                ),
            ]
        )
        mine = [d for d in discussed if d.position is position]
        groups.append(PositionGroup(position, n, (opening, *_discussed_paragraphs(mine, n))))
    return groups
