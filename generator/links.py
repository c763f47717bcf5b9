"""Which links and images content prose may hold.

Prose goes into the Word documents as well as the site: a link to a page of the site (or to a
file beside it) leads nowhere in Word, and the Word writer cannot show an image. So prose may
link to web addresses (``https://...``) and e-mail (``mailto:...``) only, and holds no image.
The rule is checked when a file is loaded (:mod:`generator.model`) and again on what an
expression in prose renders (:mod:`generator.render.templating`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["link_problem"]

_ABSOLUTE = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_SIGNS = ("](", "]:", "][", "![")


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def link_problem(text: str) -> tuple[str, str] | None:
    """The first image or link ``text`` may not hold, if any: what to look for in the source
    (to locate it), and what is wrong."""
    if not any(sign in text for sign in _SIGNS):
        return None
    for token in _parser().parse(text):
        for child in token.children or ():
            if child.type == "image":
                return "![", "images are not allowed in prose (the documents cannot show them)"
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if child.type == "link_open" and not _ABSOLUTE.match(href):
                return href, (
                    "links in prose must be web addresses (https://...) or e-mail "
                    f"(mailto:...), not {href!r}: a Word document cannot follow it"
                )
    return None
