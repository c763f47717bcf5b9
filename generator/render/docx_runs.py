"""Runs: the inline Markdown of one paragraph, heading or table cell as Word runs.

Adjacent text with the same formatting is merged into one run. Only a character style, bold
and italic are written as run properties: links use the Hyperlink style (inside a
``w:hyperlink`` whose target is a relationship of the part, or an anchor for ``#name``), inline
code the Code Char style. A tab becomes ``w:tab``, a hard break ``w:br``; ``<ins>``/``<del>``
wrap the runs between them in a tracked change (:mod:`generator.render.docx_revisions`), any
other raw HTML stays literal text; ``[^x]`` becomes a footnote reference
(:mod:`generator.render.docx_footnotes`). Images cannot be shown and are an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.errors import BuildError, Location, Problem
from generator.render.docx_footnotes import Footnotes
from generator.render.docx_revisions import Revisions, revision_after
from generator.render.docx_xml import xml_attr, xml_text

__all__ = ["Cursor", "Hyperlinks", "RunWriter"]


@dataclass(slots=True)
class Cursor:
    """Where the conversion is in the Markdown, so that an error names the line."""

    source: str
    line: int = 0

    def at(self, token: Token) -> None:
        """Move to the first line of ``token`` (if markdown-it knows it)."""
        if token.map is not None:
            self.line = token.map[0] + 1

    def fail(self, message: str) -> BuildError:
        """A build error located at the current line."""
        return BuildError([Problem(Location(self.source, self.line, 0), "text", message)])


@dataclass(slots=True)
class Hyperlinks:
    """Hyperlink relationships of one part: target -> relationship ID."""

    first_rid: int
    targets: dict[str, str] = field(default_factory=dict)

    def rid(self, target: str) -> str:
        """The relationship ID of ``target``; a new target gets the next free one."""
        rid = self.targets.get(target)
        if rid is None:
            rid = f"rId{self.first_rid + len(self.targets)}"
            self.targets[target] = rid
        return rid

    def pairs(self) -> list[tuple[str, str]]:
        """(relationship ID, target) of every target, in order of first use."""
        return [(rid, target) for target, rid in self.targets.items()]


@dataclass(slots=True)
class RunWriter:
    """What the runs of every inline of one document share."""

    styles: Mapping[str, str]
    cursor: Cursor
    footnotes: Footnotes
    revisions: Revisions

    def runs(self, token: Token, links: Hyperlinks, *, in_footnote: bool) -> tuple[str, str]:
        """The runs of one inline token, and "ins"/"del" if one revision holds all of them."""
        self.cursor.at(token)
        inline = _Inline(self, links, in_footnote)
        for child in token.children or ():
            inline.add(child)
        return inline.finish()


class _Inline:
    """The runs of one inline token, built child by child.

    Each finished piece is (hyperlink number or 0, revision "ins"/"del"/"", run XML); text is
    gathered until its hyperlink, revision or run properties change.
    """

    def __init__(self, writer: RunWriter, links: Hyperlinks, in_footnote: bool) -> None:
        self.writer = writer
        self.styles = writer.styles
        self.links = links
        self.in_footnote = in_footnote
        self.pieces: list[tuple[int, str, str]] = []
        self.link_tags: dict[int, str] = {}  # hyperlink number -> its opening tag
        self.bold = self.italic = self.link = 0
        self.revision = ""
        self.text_parts: list[str] = []
        self.text_key: tuple[int, str, str] | None = None  # (link, revision, rPr) of the text
        self.handlers: dict[str, Callable[[Token], None]] = {
            "text": lambda child: self.text(child.content),
            "softbreak": lambda child: self.text(" "),
            "strong_open": lambda child: self.emphasis(bold=1),
            "strong_close": lambda child: self.emphasis(bold=-1),
            "em_open": lambda child: self.emphasis(italic=1),
            "em_close": lambda child: self.emphasis(italic=-1),
            "code_inline": self.code,
            "hardbreak": lambda child: self.piece("<w:r><w:br/></w:r>"),
            "link_open": self.link_open,
            "link_close": self.link_close,
            "html_inline": self.html,
            "footnote_ref": self.footnote_ref,
            "image": self.image,
        }

    def add(self, child: Token) -> None:
        handler = self.handlers.get(child.type)
        if handler is None:
            raise self.writer.cursor.fail(f"unsupported inline Markdown construct {child.type!r}")
        handler(child)

    def finish(self) -> tuple[str, str]:
        self.flush()
        kinds = {revision for _, revision, _ in self.pieces}
        whole = kinds.pop() if len(kinds) == 1 else ""
        return self.wrap(), whole

    # -- text ---------------------------------------------------------------------------

    def run_properties(self, style: str = "") -> str:
        inner = f'<w:rStyle w:val="{style}"/>' if style else ""
        if self.bold:
            inner += "<w:b/>"
        if self.italic:
            inner += "<w:i/>"
        return f"<w:rPr>{inner}</w:rPr>" if inner else ""

    def text(self, text: str, style: str = "") -> None:
        if not text:
            return
        if self.link and not style:
            style = self.styles["hyperlink"]
        key = (self.link, self.revision, self.run_properties(style))
        if key != self.text_key:
            self.flush()
            self.text_key = key
        self.text_parts.append(text)

    def flush(self) -> None:
        """Close the text gathered so far into one run."""
        if self.text_key is None:
            return
        link, revision, rpr = self.text_key
        tag = "w:delText" if revision == "del" else "w:t"
        text = "".join(self.text_parts)
        if "\t" in text:
            body = f'</{tag}><w:tab/><{tag} xml:space="preserve">'.join(
                xml_text(t) for t in text.split("\t")
            )
        else:
            body = xml_text(text)
        self.pieces.append(
            (link, revision, f'<w:r>{rpr}<{tag} xml:space="preserve">{body}</{tag}></w:r>')
        )
        self.text_parts.clear()
        self.text_key = None

    def piece(self, xml: str) -> None:
        """A run that is not text (a break, a footnote reference)."""
        self.flush()
        self.pieces.append((self.link, self.revision, xml))

    # -- children -----------------------------------------------------------------------

    def emphasis(self, *, bold: int = 0, italic: int = 0) -> None:
        self.bold += bold
        self.italic += italic

    def code(self, child: Token) -> None:
        self.text(child.content, self.styles["hyperlink" if self.link else "code_char"])

    def link_open(self, child: Token) -> None:
        self.flush()
        href = str(child.attrs.get("href", ""))
        if href.startswith("#"):
            target = f'w:anchor="{xml_attr(href[1:])}"'
        else:
            target = f'r:id="{self.links.rid(href)}"'
        self.link = len(self.link_tags) + 1  # numbered, so adjacent links stay apart
        self.link_tags[self.link] = f'<w:hyperlink {target} w:history="1">'

    def link_close(self, child: Token) -> None:
        self.flush()
        self.link = 0

    def html(self, child: Token) -> None:
        revision = revision_after(child.content, self.revision)
        if revision is None:
            self.text(child.content.replace("\n", " "))
        else:
            self.flush()
            self.revision = revision

    def footnote_ref(self, child: Token) -> None:
        if self.in_footnote:
            raise self.writer.cursor.fail(
                "a footnote cannot cite another footnote in a Word document"
            )
        self.flush()
        self.piece(self.writer.footnotes.cite(int(child.meta["id"])))

    def image(self, child: Token) -> None:
        raise self.writer.cursor.fail(
            f"images are not supported in the Word document (image {child.content!r})"
        )

    # -- wrapping -----------------------------------------------------------------------

    def wrap(self) -> str:
        """Join the runs, wrapping consecutive ones in their hyperlink and tracked change."""
        out: list[str] = []
        open_link = 0
        open_revision = ""
        for link, revision, xml in self.pieces:
            if link != open_link:
                if open_revision:
                    out.append(f"</w:{open_revision}>")
                    open_revision = ""
                if open_link:
                    out.append("</w:hyperlink>")
                if link:
                    out.append(self.link_tags[link])
                open_link = link
            if revision != open_revision:
                if open_revision:
                    out.append(f"</w:{open_revision}>")
                if revision:
                    out.append(self.writer.revisions.open_tag(revision))
                open_revision = revision
            out.append(xml)
        if open_revision:
            out.append(f"</w:{open_revision}>")
        if open_link:
            out.append("</w:hyperlink>")
        return "".join(out)
