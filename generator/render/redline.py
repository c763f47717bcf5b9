"""Word-level redlines: how a clause of the Code reads before and after a modification.

A text is cut into tokens (words, runs of whitespace, single punctuation marks) and the two token
sequences are compared with ``difflib.SequenceMatcher``. The result is a list of segments, each
kept, deleted or inserted. Changes separated by only a short unchanged run (at most
``MERGE_GAP_WORDS`` words) are merged into one deletion followed by one insertion, so that
"Self-Assessment" becoming "Verification User Security Assessment" reads as one replacement rather
than a patchwork of fragments.

Whatever the merging, accepting every change gives the after-text and rejecting every change gives
the before-text (``accept`` and ``reject``): that is what Word's Accept All and Reject All do with
the tracked changes the DOCX writer makes from ``to_markdown``'s ``<ins>``/``<del>`` tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

__all__ = [
    "MERGE_GAP_WORDS",
    "Kind",
    "Segment",
    "accept",
    "diff",
    "diff_tokens",
    "escape",
    "reject",
    "to_markdown",
    "tokenize",
]

#: Two changes with no more than this many unchanged words between them read as one change.
MERGE_GAP_WORDS = 2

# A word keeps its inner hyphens, apostrophes, dots and commas: "Self-Assessment", "G8.46A",
# "250,000" and "Party's" are one token each; anything else that is not whitespace is a token
# of one character.
_TOKEN = re.compile(r"\w+(?:[-'\u2019.,]\w+)*|\s+|[^\w\s]")
_WORD = re.compile(r"\w")


class Kind(StrEnum):
    """What a segment of a redline does."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is kept, deleted or inserted."""

    kind: Kind
    text: str


def tokenize(text: str) -> list[str]:
    """``text`` as tokens; ``"".join(tokenize(text)) == text`` always holds."""
    return _TOKEN.findall(text)


def _words(tokens: Sequence[str]) -> int:
    return sum(1 for t in tokens if _WORD.match(t))


def diff_tokens(
    before: Sequence[str], after: Sequence[str], *, merge_gap: int = MERGE_GAP_WORDS
) -> list[Segment]:
    """The redline of two token sequences, with nearby changes merged (see module docstring)."""
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    # Regions: ("equal", before_slice, after_slice) or ("change", before_slice, after_slice).
    regions: list[tuple[bool, list[str], list[str]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        old, new = list(before[i1:i2]), list(after[j1:j2])
        if regions and regions[-1][0] == changed:
            regions[-1][1].extend(old)
            regions[-1][2].extend(new)
        else:
            regions.append((changed, old, new))
    # An unchanged run shorter than the gap, between two changes, joins them.
    merged: list[tuple[bool, list[str], list[str]]] = []
    i = 0
    while i < len(regions):
        changed, old, new = regions[i]
        if (
            not changed
            and merged
            and merged[-1][0]
            and i + 1 < len(regions)
            and _words(old) <= merge_gap
        ):
            _, nxt_old, nxt_new = regions[i + 1]
            merged[-1][1].extend([*old, *nxt_old])
            merged[-1][2].extend([*old, *nxt_new])
            i += 2
            continue
        merged.append((changed, list(old), list(new)))
        i += 1
    groups: list[list[str]] = []  # [kept] or [deleted, inserted], alternating
    for changed, old, new in merged:
        groups.append(["".join(old), "".join(new)] if changed else ["".join(old)])
    return _segments(_tidy(groups))


def _leading_space(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()) :]


def _tidy(groups: list[list[str]]) -> list[list[str]]:
    """Let changes begin and end at words: whitespace at their edges moves to the kept text.

    A replacement's shared leading/trailing whitespace is kept text; a pure insertion or
    deletion that starts with the whitespace that follows it slides one run to the right
    ("Where<ins> G8.46A applies to</ins> a" reads "Where <ins>G8.46A applies to </ins>a").
    """
    out = [list(g) for g in groups]
    for k, group in enumerate(out):
        if len(group) != 2:
            continue
        old, new = group
        prev = out[k - 1] if k > 0 else None
        nxt = out[k + 1] if k + 1 < len(out) else None
        if old and new:
            lead = _leading_space(old)
            lead = lead if lead and lead == _leading_space(new) and prev is not None else ""
            trail = _trailing_space(old)
            trail = trail if trail and trail == _trailing_space(new) and nxt is not None else ""
            if lead and len(lead) < len(old) and len(lead) < len(new):
                assert prev is not None
                prev[0] += lead
                old, new = old[len(lead) :], new[len(lead) :]
            if trail and len(trail) < len(old) and len(trail) < len(new):
                assert nxt is not None
                nxt[0] = trail + nxt[0]
                old, new = old[: -len(trail)], new[: -len(trail)]
        elif prev is not None and nxt is not None:
            text = old or new
            lead = _leading_space(text)
            if lead and lead != text and nxt[0].startswith(lead):
                prev[0] += lead
                text = text[len(lead) :] + lead
                nxt[0] = nxt[0][len(lead) :]
                old, new = (text, "") if old else ("", text)
        group[:] = [old, new]
    return out


def _segments(groups: list[list[str]]) -> list[Segment]:
    segments: list[Segment] = []
    for group in groups:
        if len(group) == 1:
            parts = [Segment(Kind.EQUAL, group[0])]
        else:
            parts = [Segment(Kind.DELETE, group[0]), Segment(Kind.INSERT, group[1])]
        for part in parts:
            if not part.text:
                continue
            if segments and part.kind is Kind.EQUAL and segments[-1].kind is Kind.EQUAL:
                segments[-1] = Segment(Kind.EQUAL, segments[-1].text + part.text)
            else:
                segments.append(part)
    return segments


def diff(before: str, after: str, *, merge_gap: int = MERGE_GAP_WORDS) -> list[Segment]:
    """The word-level redline of ``before`` -> ``after``."""
    return diff_tokens(tokenize(before), tokenize(after), merge_gap=merge_gap)


def accept(segments: Iterable[Segment]) -> str:
    """The text with every change accepted: the after-text."""
    return "".join(s.text for s in segments if s.kind is not Kind.DELETE)


def reject(segments: Iterable[Segment]) -> str:
    """The text with every change rejected: the before-text."""
    return "".join(s.text for s in segments if s.kind is not Kind.INSERT)


# Characters that would start Markdown syntax inside a paragraph; "<" and "&" become entities.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]!|~])")


def escape(text: str) -> str:
    """Plain text as Markdown inline text: HTML-escaped and with Markdown syntax disarmed."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", html.escape(text, quote=False))


def to_markdown(segments: Iterable[Segment]) -> str:
    """Inline Markdown with ``<ins>``/``<del>`` around changes; the text itself is escaped."""
    out: list[str] = []
    for s in segments:
        text = escape(s.text)
        if s.kind is Kind.INSERT:
            out.append(f"<ins>{text}</ins>")
        elif s.kind is Kind.DELETE:
            out.append(f"<del>{text}</del>")
        else:
            out.append(text)
    return "".join(out)
