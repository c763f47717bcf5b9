"""Footnotes: ``[^x]`` citations become Word footnotes, one per citation.

Word numbers notes by citation, so a note cited twice appears twice with the same text. The
Markdown definitions are converted where markdown-it puts them (after the body); the first
paragraph of each gets the footnote mark, and a note cited but never defined still gets one.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["Footnotes"]


class Footnotes:
    """The footnotes of one document: citations in order, and the converted definitions."""

    def __init__(self, styles: Mapping[str, str]) -> None:
        self.text_style = styles["footnote_text"]
        self.citations: list[int] = []  # Word footnote id - 1 -> markdown-it footnote id
        self.bodies: dict[int, str] = {}  # markdown-it footnote id -> its paragraphs
        self.mark_pending = False  # the next paragraph opens a footnote and gets its mark
        self.defining = 0  # the markdown-it id of the definition being converted
        self.mark_run = (
            f'<w:r><w:rPr><w:rStyle w:val="{styles["footnote_reference"]}"/></w:rPr>'
            "<w:footnoteRef/></w:r>"
            '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
        )
        self.reference_style = styles["footnote_reference"]

    def cite(self, note: int) -> str:
        """The reference run of a new citation of the markdown-it footnote ``note``."""
        self.citations.append(note)
        return (
            f'<w:r><w:rPr><w:rStyle w:val="{self.reference_style}"/>'
            f'</w:rPr><w:footnoteReference w:id="{len(self.citations)}"/></w:r>'
        )

    def start(self, note: int) -> None:
        """The definition of the markdown-it footnote ``note`` begins: its first paragraph will
        carry the footnote mark."""
        self.defining = note
        self.mark_pending = True

    def with_mark(self, content: str) -> str:
        """``content`` of a paragraph, preceded by the footnote mark if it opens a definition."""
        if not self.mark_pending:
            return content
        self.mark_pending = False
        return self.mark_run + content

    def needs_last_paragraph(self, parts: list[str]) -> bool:
        """Whether a definition converted to ``parts`` must get an empty paragraph at its end:
        it wrote no paragraph yet (the mark is still pending) or it ends in a table."""
        return self.mark_pending or parts[-1].startswith("<w:tbl>")

    def finish(self, parts: list[str]) -> None:
        """Keep ``parts``, the converted definition begun by :meth:`start`."""
        self.bodies[self.defining] = "".join(parts)
        self.mark_pending = False

    def xml(self) -> str:
        """The ``w:footnote`` elements, ids 1, 2, ... in citation order."""
        notes = []
        for index, note in enumerate(self.citations, start=1):
            content = self.bodies.get(note, "")
            if not content:
                content = f'<w:p><w:pPr><w:pStyle w:val="{self.text_style}"/>'
                content += f"</w:pPr>{self.mark_run}</w:p>"
            notes.append(f'<w:footnote w:id="{index}">{content}</w:footnote>')
        return "".join(notes)
