"""The one Markdown dialect secmod understands, shared by every renderer.

The dialect is CommonMark plus GitHub-style pipe tables and footnotes (``text[^a]`` with
``[^a]: note``). Strikethrough is off. Raw HTML is *recognised* so that the inline redline
tags ``<ins>`` and ``<del>`` arrive as ``html_inline`` tokens; each renderer decides what
to do with every other piece of raw HTML (the Word writer prints it as literal text).
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

__all__ = ["parse", "parser"]


@functools.cache
def parser() -> MarkdownIt:
    """The shared, configured parser (built once per process; safe to reuse)."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "linkify": False})
    md.enable("table")
    md.disable("strikethrough", ignoreInvalid=True)
    md.use(footnote_plugin)
    return md


def parse(text: str) -> list[Token]:
    """Parse ``text`` into the flat markdown-it token stream (footnotes moved to the end)."""
    return parser().parse(text, {})
