"""Plain text that someone else wrote (a consultation answer), as Markdown showing exactly it.

Respondents write plain text, not Markdown: a ``*`` is a star and a line that starts with
``1.`` is not a list. :func:`literal_markdown` disarms every construct of the project's dialect
(:mod:`generator.render.markdown`) and of the site's: inline syntax is backslash-escaped, HTML
becomes entities, a line that would start a block (heading, list, quote, rule) has its first
character escaped, and ``{`` becomes an entity so the text can never be read as a Jinja
expression. Paragraphs stay paragraphs and line breaks become hard breaks.
"""

from __future__ import annotations

import re

__all__ = ["literal_line", "literal_markdown"]

_INLINE = re.compile(r"([\\`*_\[\]!|])")
_BLOCK_START = re.compile(r"^(\s*)([#>=+\-]|\d+[.)])")


def literal_line(text: str) -> str:
    """One line of plain text as inline Markdown (spaces collapsed)."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = flat.replace("{", "&#123;").replace("}", "&#125;")
    flat = _INLINE.sub(r"\\\1", flat)

    def disarm(match: re.Match[str]) -> str:
        marker = match.group(2)
        if marker[0].isdigit():
            return f"{match.group(1)}{marker[:-1]}\\{marker[-1]}"
        return f"{match.group(1)}&#{ord(marker[0])};{marker[1:]}"

    return _BLOCK_START.sub(disarm, flat, count=1)


def literal_markdown(text: str) -> str:
    """Plain text as Markdown: its paragraphs (separated by blank lines) as paragraphs, its
    other line breaks as hard breaks."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [literal_line(line) for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("\\\n".join(lines))
    return "\n\n".join(paragraphs)
