"""Small helpers for writing WordprocessingML as text: namespaces, escaping, character rules."""

from __future__ import annotations

import re

__all__ = [
    "DECLARATION",
    "INVALID_XML_CHAR",
    "R_NS",
    "W_NS",
    "xml_attr",
    "xml_text",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""The WordprocessingML main namespace (prefix ``w``)."""
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
"""The relationships namespace used by ``r:id`` attributes (prefix ``r``)."""

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
"""The XML declaration Word writes at the top of every part."""

INVALID_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (so no Word document can hold them)."""


def xml_text(text: str) -> str:
    """Escape ``text`` for use as XML character data."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def xml_attr(text: str) -> str:
    """Escape ``text`` for use inside a double-quoted XML attribute value."""
    text = xml_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text or "\t" in text or "\r" in text:
        text = text.replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")
    return text
