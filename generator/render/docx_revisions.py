"""Tracked changes: ``<ins>``/``<del>`` in the Markdown become Word insertions and deletions.

Every ``w:ins``/``w:del`` of a document carries a unique id (numbered in order of use), the
revision author and the revision date. A paragraph whose content is wholly inserted or deleted
also marks its paragraph mark, so that Reject All (for an insertion) or Accept All (for a
deletion) removes the paragraph itself instead of leaving it empty.
"""

from __future__ import annotations

import re

from generator.render.docx_xml import xml_attr

__all__ = ["Revisions", "revision_after"]

_REVISION_TAG = re.compile(r"<(/?)(ins|del)\s*>\Z", re.IGNORECASE)


def revision_after(html: str, current: str) -> str | None:
    """The revision in force after the raw HTML ``html``, or ``None`` if it is not a revision tag.

    ``current`` is the revision in force before it ("ins", "del" or ""). An opening tag starts a
    revision only outside one, a closing tag ends only the revision it names; any other tag is
    text.
    """
    match = _REVISION_TAG.match(html)
    if match is None:
        return None
    kind = match.group(2).lower()
    if not match.group(1) and not current:
        return kind
    if match.group(1) and current == kind:
        return ""
    return None


class Revisions:
    """The tracked changes of one document: their ids, author and date."""

    def __init__(self, author: str, date: str) -> None:
        self.attrs = f'w:author="{xml_attr(author)}" w:date="{date}"'
        self.last_id = 0

    def open_tag(self, kind: str) -> str:
        """The opening ``w:ins``/``w:del`` tag of a new revision."""
        self.last_id += 1
        return f'<w:{kind} w:id="{self.last_id}" {self.attrs}>'

    def paragraph_mark(self, kind: str) -> str:
        """Run properties marking a paragraph mark as inserted or deleted ("" for neither)."""
        if not kind:
            return ""
        self.last_id += 1
        return f'<w:rPr><w:{kind} w:id="{self.last_id}" {self.attrs}/></w:rPr>'
