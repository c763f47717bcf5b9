"""Turn a markdown-it token stream into WordprocessingML: body, footnotes and list instances.

The writer walks the flat token stream once and writes XML text directly (no object tree),
which keeps a several-page paper to a few milliseconds. This module handles the blocks and
hands each concern to its own room:

* paragraphs (here): the first top-level ``#`` -> Title; ``##``/``###``/``####`` -> Heading
  1/2/3 (deeper levels -> Heading 3, any later ``#`` -> Heading 1), heading text literal;
  paragraphs -> Normal, or Quote inside block quotes; fenced and indented code -> Code Block;
  raw HTML blocks -> literal text; ``---`` -> an empty Horizontal Line paragraph;
* runs (:mod:`~generator.render.docx_runs`): the inline Markdown of a paragraph, heading or
  cell; only style references, bold and italic are run properties, everything else comes from
  the reference document's styles;
* numbering (:mod:`~generator.render.docx_numbering`): list items -> List Bullet / List Number
  with ``w:numPr``, one ``w:num`` per numbered list so it restarts at its start number;
* footnotes (:mod:`~generator.render.docx_footnotes`): ``[^x]`` -> a Word footnote per citation;
* tracked changes (:mod:`~generator.render.docx_revisions`): ``<ins>``/``<del>`` -> insertions
  and deletions;
* tables (:mod:`~generator.render.docx_tables`): pipe tables -> a table in the reference's
  table style with a repeating header row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.render.docx_footnotes import Footnotes
from generator.render.docx_numbering import ListItem, Numbering
from generator.render.docx_revisions import Revisions
from generator.render.docx_runs import Cursor, Hyperlinks, RunWriter
from generator.render.docx_styles import Reference
from generator.render.docx_tables import cell_alignment, convert_table
from generator.render.docx_xml import xml_text

__all__ = ["Converted", "convert"]

_Handler = Callable[[Sequence[Token], int], int]
"""A block handler: gets the tokens and the current index, returns the next index."""


@dataclass(slots=True)
class Converted:
    """The per-paper XML the package writer needs."""

    body: str
    footnotes: str
    """The real footnotes (``w:footnote`` elements with ids 1, 2, ...), separators excluded."""
    nums: str
    """``w:num`` elements to append to the reference numbering."""
    body_links: list[tuple[str, str]] = field(default_factory=list)
    """(relationship ID, target) of each hyperlink target in the main document."""
    footnote_links: list[tuple[str, str]] = field(default_factory=list)
    """(relationship ID, target) of each hyperlink target in the footnotes part."""


@dataclass(slots=True)
class _Part:
    """Where blocks are written: the body, or the definition of one footnote.

    ``containers`` are the blocks the current one sits in, innermost last: list items, "quote"
    or "footnote"; they decide a paragraph's style.
    """

    links: Hyperlinks
    in_footnote: bool = False
    blocks: list[str] = field(default_factory=list)
    containers: list[ListItem | str] = field(default_factory=list)

    def paragraph_style(self, styles: Mapping[str, str]) -> tuple[str | None, str]:
        """Style and numbering of a paragraph written here now."""
        if not self.containers:
            return None, ""
        inner = self.containers[-1]
        if isinstance(inner, ListItem):
            return inner.paragraph_style()
        return styles["quote" if inner == "quote" else "footnote_text"], ""


class _BodyWriter:
    """One conversion, block by block; not reusable."""

    def __init__(
        self, reference: Reference, cursor: Cursor, revisions: Revisions, first_link_rid: int
    ) -> None:
        self.styles = reference.styles
        self.text_width = reference.text_width
        self.cursor = cursor
        self.revisions = revisions
        self.footnotes = Footnotes(self.styles)
        self.numbering = Numbering(reference)
        self.runs = RunWriter(self.styles, cursor, self.footnotes, revisions)
        self.body = _Part(Hyperlinks(first_link_rid))
        self.footnote_links = Hyperlinks(1)
        self.part = self.body
        self.title_done = False

    def run(self, tokens: Sequence[Token]) -> Converted:
        handlers = self._handlers()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            self.cursor.at(token)
            handler = handlers.get(token.type)
            if handler is None:
                raise self.cursor.fail(f"unsupported Markdown construct {token.type!r}")
            i = handler(tokens, i)
        body = self.body.blocks
        if not body or body[-1].startswith("<w:tbl>"):
            body.append("<w:p/>")  # Word wants a paragraph after a final table
        return Converted(
            body="".join(body),
            footnotes=self.footnotes.xml(),
            nums=self.numbering.xml(),
            body_links=self.body.links.pairs(),
            footnote_links=self.footnote_links.pairs(),
        )

    def _handlers(self) -> dict[str, _Handler]:
        return {
            "heading_open": self.heading,
            "paragraph_open": self.paragraph,
            "bullet_list_open": self.list_open,
            "ordered_list_open": self.list_open,
            "bullet_list_close": self.list_close,
            "ordered_list_close": self.list_close,
            "list_item_open": self.item_open,
            "list_item_close": self.item_close,
            "blockquote_open": self.quote_open,
            "blockquote_close": self.quote_close,
            "fence": self.code,
            "code_block": self.code,
            "html_block": self.html_block,
            "hr": self.rule,
            "table_open": self.table,
            "footnote_block_open": self.skip,
            "footnote_block_close": self.skip,
            "footnote_open": self.footnote_open,
            "footnote_close": self.footnote_close,
            "footnote_anchor": self.skip,
        }

    def skip(self, tokens: Sequence[Token], i: int) -> int:
        return i + 1

    # -- paragraphs ---------------------------------------------------------------------

    def paragraph_xml(self, style: str | None, content: str, extra: str = "") -> str:
        """A paragraph; ``extra`` is pPr content after the style (numPr, jc)."""
        content = self.footnotes.with_mark(content)
        props = f'<w:pStyle w:val="{style}"/>' if style else ""
        props += extra
        if props:
            return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>"
        return f"<w:p>{content}</w:p>"

    def inline(self, token: Token) -> tuple[str, str]:
        """The runs of ``token``, and one revision if it holds all of them ("" if none does)."""
        part = self.part
        return self.runs.runs(token, part.links, in_footnote=part.in_footnote)

    def start_item(self) -> None:
        """Give an open list item its numbered paragraph before a non-paragraph block."""
        if self.part.containers:
            inner = self.part.containers[-1]
            if isinstance(inner, ListItem) and not inner.started:
                style, numbering = self.part.paragraph_style(self.styles)
                self.part.blocks.append(self.paragraph_xml(style, "", numbering))

    def heading(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        level = int(tokens[i].tag[1:])
        if level == 1 and not self.title_done and not self.part.containers:
            style = self.styles["title"]
            self.title_done = True
        else:
            style = self.styles[f"heading{min(max(level - 1, 1), 3)}"]
        content, whole = self.inline(tokens[i + 1])
        mark = self.revisions.paragraph_mark(whole)
        self.part.blocks.append(self.paragraph_xml(style, content, mark))
        return i + 3

    def paragraph(self, tokens: Sequence[Token], i: int) -> int:
        style, numbering = self.part.paragraph_style(self.styles)
        content, whole = self.inline(tokens[i + 1])
        mark = self.revisions.paragraph_mark(whole)
        self.part.blocks.append(self.paragraph_xml(style, content, numbering + mark))
        j = i + 2
        while tokens[j].type != "paragraph_close":  # footnote anchors sit before the close
            j += 1
        return j + 1

    def code(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        text = tokens[i].content
        if text.endswith("\n"):
            text = text[:-1]
        self.part.blocks.append(self.paragraph_xml(self.styles["code_block"], _lines(text)))
        return i + 1

    def html_block(self, tokens: Sequence[Token], i: int) -> int:
        style, numbering = self.part.paragraph_style(self.styles)
        text = tokens[i].content.rstrip("\n")
        self.part.blocks.append(self.paragraph_xml(style, _lines(text), numbering))
        return i + 1

    def rule(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        self.part.blocks.append(self.paragraph_xml(self.styles["horizontal_line"], ""))
        return i + 1

    # -- containers: lists, quotes, footnotes --------------------------------------------

    def list_open(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        token = tokens[i]
        ordered = token.type == "ordered_list_open"
        self.numbering.open_list(ordered=ordered, start=int(token.attrs.get("start", 1)))
        return i + 1

    def list_close(self, tokens: Sequence[Token], i: int) -> int:
        self.numbering.close_list()
        return i + 1

    def item_open(self, tokens: Sequence[Token], i: int) -> int:
        self.part.containers.append(self.numbering.item())
        return i + 1

    def item_close(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()  # an empty item still shows its bullet or number
        self.part.containers.pop()
        return i + 1

    def quote_open(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        self.part.containers.append("quote")
        return i + 1

    def quote_close(self, tokens: Sequence[Token], i: int) -> int:
        self.part.containers.pop()
        return i + 1

    def footnote_open(self, tokens: Sequence[Token], i: int) -> int:
        self.cursor.line = 0
        self.part = _Part(self.footnote_links, in_footnote=True, containers=["footnote"])
        self.footnotes.start(int(tokens[i].meta["id"]))
        return i + 1

    def footnote_close(self, tokens: Sequence[Token], i: int) -> int:
        blocks = self.part.blocks
        if self.footnotes.needs_last_paragraph(blocks):
            blocks.append(self.paragraph_xml(self.styles["footnote_text"], ""))
        self.footnotes.finish(blocks)
        self.part = self.body
        return i + 1

    # -- tables -------------------------------------------------------------------------

    def table(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        xml, after = convert_table(tokens, i, self.cell, self.styles, self.text_width)
        self.part.blocks.append(xml)
        return after

    def cell(self, opening: Token, inline: Token, heading: bool) -> str:
        """The paragraph of one table cell (its revisions never mark a paragraph mark)."""
        style = self.styles["table_heading" if heading else "table_text"]
        content, _ = self.inline(inline)
        return self.paragraph_xml(style, content, cell_alignment(opening))


def _lines(text: str) -> str:
    """Runs for literal multi-line text: line breaks and tabs become Word breaks and tabs."""
    runs = []
    for n, line in enumerate(text.split("\n")):
        if n:
            runs.append("<w:r><w:br/></w:r>")
        if line:
            body = "<w:tab/>".join(
                f'<w:t xml:space="preserve">{xml_text(piece)}</w:t>' if piece else ""
                for piece in line.split("\t")
            )
            runs.append(f"<w:r>{body}</w:r>")
    return "".join(runs)


def convert(
    tokens: Sequence[Token],
    reference: Reference,
    *,
    source: str,
    revision_author: str,
    revision_date: str,
    first_link_rid: int,
) -> Converted:
    """Convert ``tokens`` (from :func:`generator.render.markdown.parse`) to Word XML.

    ``revision_date`` is the ISO 8601 UTC timestamp written on tracked changes;
    ``first_link_rid`` is the first free ``rId<n>`` number of the main document for
    hyperlink relationships.
    """
    revisions = Revisions(revision_author, revision_date)
    writer = _BodyWriter(reference, Cursor(source), revisions, first_link_rid)
    return writer.run(tokens)
