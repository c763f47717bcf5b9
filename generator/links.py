"""Which links and images content prose may hold.

Prose goes into the Word documents as well as the site: a link to a page of the site (or to a
file beside it, or to an anchor) leads nowhere in Word, and the site's strict build refuses one
that does not resolve; the Word writer cannot show an image. So a link in prose names its
scheme (``https://...``, ``mailto:...``; the site's sanitizer drops the schemes that could run
a script), and prose holds no image. The rule is checked when a file is loaded
(:mod:`generator.model`) and again on what an expression in prose renders
(:mod:`generator.render.templating`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["link_problem"]

#: A link that names no scheme (nor a host): a path, a page of the site, an anchor.
_RELATIVE = re.compile(r"^(?!//)[^:]*$")
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
            if child.type == "link_open" and _RELATIVE.match(href):
                return href, (
                    "links in prose must be web addresses (https://...) or e-mail "
                    f"(mailto:...), not {href!r}: a Word document cannot follow it"
                )
    return None
