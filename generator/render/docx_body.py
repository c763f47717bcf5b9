"""Turn a markdown-it token stream into WordprocessingML: body, footnotes and list instances.

The converter walks the flat token stream once and writes XML text directly (no object
tree), which keeps a several-page paper to a few milliseconds. Mapping:

* the first top-level ``#`` -> Title; ``##``/``###``/``####`` -> Heading 1/2/3 (deeper
  levels -> Heading 3, any later ``#`` -> Heading 1); heading text stays literal;
* paragraphs -> Normal, or Quote inside block quotes;
* list items -> List Bullet / List Number with ``w:numPr`` (level = nesting depth); every
  numbered list gets its own ``w:num`` with a ``w:startOverride`` so it restarts at its
  Markdown start number; further paragraphs of an item use List Continue (2, 3);
* ``[^x]`` -> ``w:footnoteReference``; each citation gets its own Word footnote, so a note
  cited twice appears twice with the same text (Word numbers notes by citation);
* pipe tables -> a table in the reference's table style with a repeating header row;
* ``<ins>``/``<del>`` -> tracked insertions/deletions; any other raw HTML -> literal text;
* fenced and indented code -> Code Block; ``---`` -> an empty Horizontal Line paragraph.

Only style references, bold and italic are written as run properties; everything else
comes from the reference document's styles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.errors import BuildError, Location, Problem
from generator.render.docx_styles import Reference
from generator.render.docx_xml import xml_attr, xml_text

__all__ = ["Converted", "convert"]

_REVISION_TAG = re.compile(r"<(/?)(ins|del)\s*>\Z", re.IGNORECASE)
_TEXT_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_MAX_LEVEL = 8

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
class _Item:
    """An open list item: its list's numbering and whether its numbered paragraph exists."""

    num_id: int
    level: int
    style: str
    started: bool = False


@dataclass(slots=True)
class _Links:
    """Hyperlink relationships of one part: target -> relationship ID."""

    first_rid: int
    targets: dict[str, str] = field(default_factory=dict)

    def rid(self, target: str) -> str:
        rid = self.targets.get(target)
        if rid is None:
            rid = f"rId{self.first_rid + len(self.targets)}"
            self.targets[target] = rid
        return rid


class _Converter:
    """One conversion; not reusable."""

    def __init__(
        self, reference: Reference, source: str, author: str, date: str, link_rid: int
    ) -> None:
        self.ref = reference
        self.styles = reference.styles
        self.source = source
        self.revision_attrs = f'w:author="{xml_attr(author)}" w:date="{date}"'
        self.revision_id = 0
        self.whole_revision = ""  # "ins"/"del" when the last inline was one whole revision
        self.body: list[str] = []
        self.out = self.body
        self.containers: list[_Item | str] = []  # _Item, "quote" or "footnote"
        self.num_xml: list[str] = []
        self.next_num_id = reference.first_free_num_id
        self.list_stack: list[tuple[int, str]] = []  # (numId, paragraph style) per open list
        self.footnote_refs: list[int] = []  # Word footnote id - 1 -> markdown-it footnote id
        self.footnote_bodies: dict[int, str] = {}
        self.pending_footnote_ref = False
        self.in_footnotes = False
        self.title_done = False
        self.body_links = _Links(link_rid)
        self.footnote_links = _Links(1)
        self.line = 0
        s = self.styles
        self.footnote_ref_run = (
            f'<w:r><w:rPr><w:rStyle w:val="{s["footnote_reference"]}"/></w:rPr>'
            "<w:footnoteRef/></w:r>"
            '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
        )

    # -- errors -------------------------------------------------------------------------

    def fail(self, message: str, field_name: str = "text") -> BuildError:
        return BuildError([Problem(Location(self.source, self.line, 0), field_name, message)])

    # -- block level --------------------------------------------------------------------

    def run(self, tokens: Sequence[Token]) -> Converted:
        handlers = self._handlers()
        i = 0
        n = len(tokens)
        while i < n:
            token = tokens[i]
            if token.map is not None:
                self.line = token.map[0] + 1
            handler = handlers.get(token.type)
            if handler is None:
                raise self.fail(f"unsupported Markdown construct {token.type!r}")
            i = handler(tokens, i)
        if not self.body or self.body[-1].startswith("<w:tbl>"):
            self.body.append("<w:p/>")  # Word wants a paragraph after a final table
        notes = []
        for index, note in enumerate(self.footnote_refs, start=1):
            content = self.footnote_bodies.get(note, "")
            if not content:
                content = f'<w:p><w:pPr><w:pStyle w:val="{self.styles["footnote_text"]}"/>'
                content += f"</w:pPr>{self.footnote_ref_run}</w:p>"
            notes.append(f'<w:footnote w:id="{index}">{content}</w:footnote>')
        return Converted(
            body="".join(self.body),
            footnotes="".join(notes),
            nums="".join(self.num_xml),
            body_links=[(rid, t) for t, rid in self.body_links.targets.items()],
            footnote_links=[(rid, t) for t, rid in self.footnote_links.targets.items()],
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
            "table_open": self.table_open,
            "footnote_block_open": self.skip,
            "footnote_block_close": self.skip,
            "footnote_open": self.footnote_open,
            "footnote_close": self.footnote_close,
            "footnote_anchor": self.skip,
        }

    def skip(self, tokens: Sequence[Token], i: int) -> int:
        return i + 1

    def emit(self, xml: str) -> None:
        self.out.append(xml)

    def paragraph_xml(self, style: str | None, content: str, extra: str = "") -> str:
        """A paragraph; ``extra`` is pPr content after the style (numPr, jc)."""
        if self.pending_footnote_ref:
            self.pending_footnote_ref = False
            content = self.footnote_ref_run + content
        props = f'<w:pStyle w:val="{style}"/>' if style else ""
        props += extra
        if props:
            return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>"
        return f"<w:p>{content}</w:p>"

    def block_style(self) -> tuple[str | None, str]:
        """Style and numbering for a paragraph at the current position in the containers."""
        if not self.containers:
            return None, ""
        inner = self.containers[-1]
        if isinstance(inner, _Item):
            if not inner.started:
                inner.started = True
                return inner.style, (
                    f'<w:numPr><w:ilvl w:val="{inner.level}"/>'
                    f'<w:numId w:val="{inner.num_id}"/></w:numPr>'
                )
            role = f"list_continue{min(inner.level + 1, 3)}"
            return self.styles[role], ""
        if inner == "quote":
            return self.styles["quote"], ""
        return self.styles["footnote_text"], ""

    def start_item(self) -> None:
        """Give an open list item its numbered paragraph before a non-paragraph block."""
        if self.containers:
            inner = self.containers[-1]
            if isinstance(inner, _Item) and not inner.started:
                style, numbering = self.block_style()
                self.emit(self.paragraph_xml(style, "", numbering))

    def heading(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        level = int(tokens[i].tag[1:])
        if level == 1 and not self.title_done and not self.containers:
            style = self.styles["title"]
            self.title_done = True
        else:
            style = self.styles[f"heading{min(max(level - 1, 1), 3)}"]
        content = self.inline(tokens[i + 1])
        self.emit(self.paragraph_xml(style, content, self.mark(tokens[i + 1])))
        return i + 3

    def paragraph(self, tokens: Sequence[Token], i: int) -> int:
        style, numbering = self.block_style()
        content = self.inline(tokens[i + 1])
        self.emit(self.paragraph_xml(style, content, numbering + self.mark(tokens[i + 1])))
        j = i + 2
        while tokens[j].type != "paragraph_close":  # footnote anchors sit before the close
            j += 1
        return j + 1

    def list_open(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        token = tokens[i]
        level = min(len(self.list_stack), _MAX_LEVEL)
        if token.type == "ordered_list_open":
            start = token.attrs.get("start", 1)
            num_id = self.next_num_id
            self.next_num_id += 1
            self.num_xml.append(
                f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="'
                f'{self.ref.number_abstract_id}"/><w:lvlOverride w:ilvl="{level}">'
                f'<w:startOverride w:val="{int(start)}"/></w:lvlOverride></w:num>'
            )
            self.list_stack.append((num_id, self.styles["list_number"]))
        else:
            self.list_stack.append((self.ref.bullet_num_id, self.styles["list_bullet"]))
        return i + 1

    def list_close(self, tokens: Sequence[Token], i: int) -> int:
        self.list_stack.pop()
        return i + 1

    def item_open(self, tokens: Sequence[Token], i: int) -> int:
        num_id, style = self.list_stack[-1]
        level = min(len(self.list_stack) - 1, _MAX_LEVEL)
        self.containers.append(_Item(num_id, level, style))
        return i + 1

    def item_close(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()  # an empty item still shows its bullet or number
        self.containers.pop()
        return i + 1

    def quote_open(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        self.containers.append("quote")
        return i + 1

    def quote_close(self, tokens: Sequence[Token], i: int) -> int:
        self.containers.pop()
        return i + 1

    def code(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        text = tokens[i].content
        if text.endswith("\n"):
            text = text[:-1]
        self.emit(self.paragraph_xml(self.styles["code_block"], _lines(text)))
        return i + 1

    def html_block(self, tokens: Sequence[Token], i: int) -> int:
        style, numbering = self.block_style()
        text = tokens[i].content.rstrip("\n")
        self.emit(self.paragraph_xml(style, _lines(text), numbering))
        return i + 1

    def rule(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        self.emit(self.paragraph_xml(self.styles["horizontal_line"], ""))
        return i + 1

    # -- tables -------------------------------------------------------------------------

    def table_open(self, tokens: Sequence[Token], i: int) -> int:
        self.start_item()
        rows: list[list[tuple[str, int]]] = []  # (paragraph XML, text length) per cell
        header_rows = 0
        in_head = False
        j = i + 1
        while tokens[j].type != "table_close":
            token = tokens[j]
            kind = token.type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                rows.append([])
                if in_head:
                    header_rows += 1
            elif kind in ("th_open", "td_open"):
                inline = tokens[j + 1]
                if inline.map is not None:
                    self.line = inline.map[0] + 1
                style = self.styles["table_heading" if in_head else "table_text"]
                match = _TEXT_ALIGN.search(str(token.attrs.get("style", "")))
                jc = f'<w:jc w:val="{match.group(1)}"/>' if match else ""
                if jc == '<w:jc w:val="left"/>':
                    jc = ""
                paragraph = self.paragraph_xml(style, self.inline(inline), jc)
                rows[-1].append((paragraph, len(inline.content)))
                j += 2
            j += 1
        self.emit(self.table_xml(rows, header_rows))
        return j + 1

    def table_xml(self, rows: list[list[tuple[str, int]]], header_rows: int) -> str:
        """The table; column widths follow the longest cell text of each column."""
        columns = max((len(row) for row in rows), default=1)
        weights = [3] * columns
        for row in rows:
            for c, (_, length) in enumerate(row):
                weights[c] = max(weights[c], min(length, 40))
        total = sum(weights)
        width = self.ref.text_width
        floor = width // (columns * 4)  # every column gets at least a quarter of its share
        spare = width - floor * columns
        widths = [floor + spare * w // total for w in weights]
        widths[-1] += width - sum(widths)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        empty = f'<w:p><w:pPr><w:pStyle w:val="{self.styles["table_text"]}"/></w:pPr></w:p>'
        parts = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["table"]}"/>'
            '<w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        ]
        for r, row in enumerate(rows):
            parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if r < header_rows else "<w:tr>")
            for c in range(columns):
                paragraph = row[c][0] if c < len(row) else empty
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr>'
                    f"{paragraph}</w:tc>"
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        return "".join(parts)

    # -- footnotes ----------------------------------------------------------------------

    def footnote_open(self, tokens: Sequence[Token], i: int) -> int:
        self.in_footnotes = True
        self.line = 0
        self.out = []
        self.containers = ["footnote"]
        self.pending_footnote_ref = True
        return i + 1

    def footnote_close(self, tokens: Sequence[Token], i: int) -> int:
        opening = i - 1
        while tokens[opening].type != "footnote_open":
            opening -= 1
        if self.pending_footnote_ref or self.out[-1].startswith("<w:tbl>"):
            self.out.append(self.paragraph_xml(self.styles["footnote_text"], ""))
        self.footnote_bodies[int(tokens[opening].meta["id"])] = "".join(self.out)
        self.out = self.body
        self.containers = []
        self.pending_footnote_ref = False
        return i + 1

    # -- inline level -------------------------------------------------------------------

    def mark(self, token: Token) -> str:
        """Paragraph-mark revision for a paragraph that is wholly inserted or deleted.

        Marking the paragraph mark too makes Reject All (for an insertion) or Accept All
        (for a deletion) remove the paragraph itself instead of leaving it empty.
        """
        kind = self.whole_revision
        self.whole_revision = ""
        if not kind:
            return ""
        self.revision_id += 1
        return f'<w:rPr><w:{kind} w:id="{self.revision_id}" {self.revision_attrs}/></w:rPr>'

    def inline(self, token: Token) -> str:
        """Runs for one inline token (a paragraph's, heading's or cell's content)."""
        if token.map is not None:
            self.line = token.map[0] + 1
        styles = self.styles
        links = self.footnote_links if self.in_footnotes else self.body_links
        # Each piece: (hyperlink number or 0, revision "ins"/"del"/"", run XML).
        pieces: list[tuple[int, str, str]] = []
        link_tags: dict[int, str] = {}  # hyperlink number -> its opening tag
        bold = italic = 0
        link = 0
        revision = ""
        # Pending text run being merged: (link, revision, rPr, text)
        text_parts: list[str] = []
        text_key: tuple[int, str, str] | None = None

        def flush() -> None:
            nonlocal text_key
            if text_key is not None:
                key_link, key_rev, rpr = text_key
                tag = "w:delText" if key_rev == "del" else "w:t"
                text = "".join(text_parts)
                if "\t" in text:
                    body = f'</{tag}><w:tab/><{tag} xml:space="preserve">'.join(
                        xml_text(t) for t in text.split("\t")
                    )
                else:
                    body = xml_text(text)
                pieces.append(
                    (
                        key_link,
                        key_rev,
                        f'<w:r>{rpr}<{tag} xml:space="preserve">{body}</{tag}></w:r>',
                    )
                )
                text_parts.clear()
                text_key = None

        def rpr(style: str = "") -> str:
            inner = f'<w:rStyle w:val="{style}"/>' if style else ""
            if bold:
                inner += "<w:b/>"
            if italic:
                inner += "<w:i/>"
            return f"<w:rPr>{inner}</w:rPr>" if inner else ""

        def add_text(text: str, style: str = "") -> None:
            nonlocal text_key
            if not text:
                return
            if link and not style:
                style = styles["hyperlink"]
            key = (link, revision, rpr(style))
            if key != text_key:
                flush()
                text_key = key
            text_parts.append(text)

        for child in token.children or ():
            kind = child.type
            if kind == "text":
                add_text(child.content)
            elif kind == "softbreak":
                add_text(" ")
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "code_inline":
                add_text(child.content, styles["hyperlink"] if link else styles["code_char"])
            elif kind == "hardbreak":
                flush()
                pieces.append((link, revision, "<w:r><w:br/></w:r>"))
            elif kind == "link_open":
                flush()
                href = str(child.attrs.get("href", ""))
                if href.startswith("#"):
                    target = f'w:anchor="{xml_attr(href[1:])}"'
                else:
                    target = f'r:id="{links.rid(href)}"'
                link = len(link_tags) + 1  # numbered, so adjacent links stay apart
                link_tags[link] = f'<w:hyperlink {target} w:history="1">'
            elif kind == "link_close":
                flush()
                link = 0
            elif kind == "html_inline":
                match = _REVISION_TAG.match(child.content)
                if match and not match.group(1) and not revision:
                    flush()
                    revision = match.group(2).lower()
                elif match and match.group(1) and revision == match.group(2).lower():
                    flush()
                    revision = ""
                else:
                    add_text(child.content.replace("\n", " "))
            elif kind == "footnote_ref":
                if self.in_footnotes:
                    raise self.fail("a footnote cannot cite another footnote in a Word document")
                flush()
                self.footnote_refs.append(int(child.meta["id"]))
                note = len(self.footnote_refs)
                pieces.append(
                    (
                        link,
                        revision,
                        f'<w:r><w:rPr><w:rStyle w:val="{styles["footnote_reference"]}"/>'
                        f'</w:rPr><w:footnoteReference w:id="{note}"/></w:r>',
                    )
                )
            elif kind == "image":
                raise self.fail(
                    f"images are not supported in the Word document (image {child.content!r})"
                )
            else:
                raise self.fail(f"unsupported inline Markdown construct {kind!r}")
        flush()
        kinds = {revision for _, revision, _ in pieces}
        self.whole_revision = kinds.pop() if len(kinds) == 1 else ""
        return self.wrap(pieces, link_tags)

    def wrap(self, pieces: list[tuple[int, str, str]], link_tags: dict[int, str]) -> str:
        """Join runs, wrapping consecutive ones in their hyperlink and tracked change."""
        out: list[str] = []
        open_link = 0
        open_revision = ""
        for link, revision, xml in pieces:
            if link != open_link:
                if open_revision:
                    out.append(f"</w:{open_revision}>")
                    open_revision = ""
                if open_link:
                    out.append("</w:hyperlink>")
                if link:
                    out.append(link_tags[link])
                open_link = link
            if revision != open_revision:
                if open_revision:
                    out.append(f"</w:{open_revision}>")
                if revision:
                    self.revision_id += 1
                    out.append(f'<w:{revision} w:id="{self.revision_id}" {self.revision_attrs}>')
                open_revision = revision
            out.append(xml)
        if open_revision:
            out.append(f"</w:{open_revision}>")
        if open_link:
            out.append("</w:hyperlink>")
        return "".join(out)


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
    converter = _Converter(reference, source, revision_author, revision_date, first_link_rid)
    return converter.run(tokens)
