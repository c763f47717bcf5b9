"""A Python-Markdown extension that shows raw HTML as text and drops script URLs.

The site publishes what many people wrote (consultation responses above all), so no page may
carry markup from its source: a ``<script>`` or an ``<img onerror=...>`` in a response must be
read, not run. The rule is enforced where the Markdown is parsed, so it cannot disagree with the
parser about what counts as HTML (inside a code span, after a backslash, across lines):

* HTML blocks are not recognised: their lines are ordinary paragraphs;
* inline HTML is recognised only for the redline tags ``<ins>``, ``</ins>``, ``<del>`` and
  ``</del>`` that the legal-text renderer emits; any other tag or declaration stays text, which
  the serializer escapes;
* an HTML comment (such as the ``<!-- secmod:examples ... -->`` marker of an example table) is
  dropped: it is for tools, not readers;
* a link or image whose URL uses a script scheme (``javascript:``, ``vbscript:``, ``data:``)
  becomes plain text (a ``<span>`` with the link's text or the image's alt text).

The MkDocs plugin adds this extension to every build it takes part in; pages that need trusted
markup (the calculator's form) get it from the plugin after the Markdown is converted.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.treeprocessors import Treeprocessor

__all__ = ["SafeMarkdownExtension", "is_unsafe_url", "makeExtension"]

_REDLINE_TAG = re.compile(r"</?(?:ins|del)>", re.IGNORECASE)
_UNSAFE_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def is_unsafe_url(url: str) -> bool:
    """Whether ``url`` would run script when followed.

    The browser decodes character references in an attribute (``&#x6A;avascript:``,
    ``javascript&colon;``) and ignores blanks and control characters in the scheme, so both are
    undone before the scheme is read. Anything but http, https, mailto or a relative URL is
    refused later anyway, by :mod:`generator.site.sanitize`.
    """
    decoded = url
    for _ in range(3):  # "&amp;#x6A;" decodes twice in some paths: undo nesting too
        decoded, before = html.unescape(decoded), decoded
        if decoded == before:
            break
    return bool(_UNSAFE_SCHEME.match(_IGNORED_IN_SCHEME.sub("", decoded)))


class _RedlineOnly(HtmlInlineProcessor):
    """Inline HTML, restricted to the redline tags; anything else is left as text."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        tag = m.group(1)
        if _REDLINE_TAG.fullmatch(tag):
            return super().handleMatch(m, data)
        if tag.startswith("<!--") and tag.endswith("-->"):
            return "", m.start(0), m.end(0)
        return None, None, None


class _DropScriptUrls(Treeprocessor):
    """Turn links and images whose URL would run script into plain text."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value is None or not is_unsafe_url(value):
                continue
            if element.tag == "img":
                element.text = element.get("alt", "")
            element.tag = "span"
            element.attrib.clear()


class SafeMarkdownExtension(Extension):
    """Raw HTML as text (except ``<ins>``/``<del>``) and no script URLs."""

    def extendMarkdown(self, md: Markdown) -> None:
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        md.inlinePatterns.register(_RedlineOnly(HTML_RE, md), "html", 90)
        # After the inline patterns (20) have made the links, before prettifying (10).
        md.treeprocessors.register(_DropScriptUrls(md), "secmod_drop_script_urls", 15)


def makeExtension(**kwargs: Any) -> SafeMarkdownExtension:
    """Entry point for ``markdown_extensions: [generator.site.safe_markdown]``."""
    return SafeMarkdownExtension(**kwargs)
