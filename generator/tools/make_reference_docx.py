"""Build ``templates/reference.docx``, the Word document every secmod paper takes its look from.

Run ``python -m generator.tools.make_reference_docx`` to (re)generate it. The reference holds
only definitions, never content the papers show: the style sheet (fonts, headings with
outline levels, list, footnote, table, code and quote styles), the list numbering
definitions, the A4 page set-up, the settings Word expects when a document has footnotes,
and a few sample paragraphs so a person editing it in Word can see and modify each style.

The file is built with python-docx from its stock template, trimmed to the styles secmod
uses, and re-zipped with fixed timestamps so that regenerating it gives identical bytes.
A designer may instead edit the committed file in Word; the writer
(:mod:`generator.render.docx`) reads whatever styles it finds there by name.
"""

from __future__ import annotations

import argparse
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_UNDERLINE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from generator.atomic import write_file

__all__ = [
    "PAGE_HEIGHT",
    "PAGE_MARGIN",
    "PAGE_WIDTH",
    "REFERENCE_PATH",
    "build_reference",
    "main",
]

REFERENCE_PATH = Path(__file__).resolve().parents[2] / "templates" / "reference.docx"
"""Where the committed reference document lives."""

PAGE_WIDTH = 11906
"""A4 width in twentieths of a point."""
PAGE_HEIGHT = 16838
"""A4 height in twentieths of a point."""
PAGE_MARGIN = 1418
"""2.5 cm on every side."""
TEXT_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FIXED_TIME = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_FONT = "Arial"
_MONO = "Courier New"
_NAVY = "1F3864"
_BLUE = "2F5496"
_GREY = "595959"
_RULE = "A6A6A6"
_TABLE_BORDER = "8EAADB"
_TABLE_HEAD = "D9E2F3"

# Built-in styles kept from python-docx's stock template (everything else is deleted).
_KEEP = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "List Continue",
    "List Continue 2",
    "List Continue 3",
    "Quote",
    "Header",
    "Footer",
}

# Schema order of w:pPr and w:rPr children (ECMA-376 Part 1, CT_PPrBase / CT_RPr).
# fmt: off
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath",
)
# fmt: on

# Bullet characters and number formats for list levels 0-8.
_BULLETS = ("\u2022", "\u25e6", "\u25aa") * 3
_NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman") * 3
LIST_INDENT = 360
"""Indentation step per list level (twips); the bullet hangs by the same amount."""


def _x(fragment: str) -> Any:
    """Parse a WordprocessingML fragment written with the ``w:`` prefix."""
    end = next(i for i, ch in enumerate(fragment) if i > 0 and ch in " />")
    return parse_xml(f'{fragment[:end]} xmlns:w="{_W}"{fragment[end:]}')


def _sort_children(element: Any, order: Sequence[str]) -> None:
    """Reorder ``element``'s children into schema order (unknown tags go last)."""
    rank = {qn(f"w:{tag}"): i for i, tag in enumerate(order)}
    children = list(element)
    children.sort(key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        element.append(child)


def _replace(parent: Any, fragment: str) -> None:
    """Add the element ``fragment`` to ``parent``, replacing one with the same tag."""
    element = _x(fragment)
    for old in parent.findall(element.tag):
        parent.remove(old)
    parent.append(element)


def _ppr(style: Any, *fragments: str) -> None:
    pPr = style.element.get_or_add_pPr()
    for fragment in fragments:
        _replace(pPr, fragment)


def _rpr(style: Any, *fragments: str) -> None:
    rPr = style.element.get_or_add_rPr()
    for fragment in fragments:
        _replace(rPr, fragment)


def _border(side: str, size: int, colour: str, space: int = 1) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="{colour}"/>'


def _reset(style: Any) -> None:
    """Strip a stock style down to its identity (name, links and formatting removed)."""
    element = style.element
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:rsid", "w:link"):
        element.remove_all(tag)
    element.remove_all("w:tblStylePr")


def _fresh_style(styles: Any, name: str, kind: Any, style_id: str | None, builtin: bool) -> Any:
    """Style ``name`` of ``kind``, added if missing, with its formatting reset."""
    style = _existing(styles, name)
    if style is None:
        style = styles.add_style(name, kind, builtin=builtin)
        if style_id:
            style.style_id = style_id
    _reset(style)
    return style


def _paragraph_style(
    styles: Any,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    colour: str | None = None,
    before: float | None = None,
    after: float | None = None,
    single_spaced: bool = False,
    keep_with_next: bool | None = None,
    style_id: str | None = None,
    builtin: bool = False,
) -> Any:
    """Create (or reset) paragraph style ``name`` with the given formatting.

    ``builtin`` marks a style Word knows by that name (e.g. "footnote text") so Word
    treats it as its own rather than as a custom style.
    """
    style = _fresh_style(styles, name, WD_STYLE_TYPE.PARAGRAPH, style_id, builtin)
    style.quick_style = True
    if based_on is not None:
        style.base_style = _existing(styles, based_on)
    if next_style is not None:
        style.next_paragraph_style = _existing(styles, next_style)
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour is not None:
        font.color.rgb = RGBColor.from_string(colour)
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if single_spaced:
        fmt.line_spacing = 1.0
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    return style


def _character_style(
    styles: Any, name: str, style_id: str | None = None, *, builtin: bool = False
) -> Any:
    style = _fresh_style(styles, name, WD_STYLE_TYPE.CHARACTER, style_id, builtin)
    style.base_style = _existing(styles, "Default Paragraph Font")
    return style


def _existing(styles: Any, name: str) -> Any:
    """The style called ``name`` (compared case-insensitively, as Word does), or None."""
    wanted = name.casefold()
    for style in styles:
        if style.name is not None and style.name.casefold() == wanted:
            return style
    return None


def _trim_package(document: Any) -> None:
    """Drop the stock template's parts secmod never uses (thumbnail, custom XML, ...)."""
    package = document.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[rId]
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, _STYLES_WITH_EFFECTS, RT.WEB_SETTINGS):
            del document.part.rels[rId]
    app = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/docPropsVTypes"><Template>Normal.dotm</Template><Application>secmod'
        b"</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        b"<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>"
        b"</Properties>"
    )
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def _define_styles(document: Any) -> None:
    """Replace the stock template's styles with the ones the writer applies, in a fixed order."""
    styles = document.styles
    root = styles.element
    for style in list(styles):
        if style.name not in _KEEP:
            style.delete()
    for rsid in root.iter(qn("w:rsid")):
        rsid.getparent().remove(rsid)

    # Document defaults: one font everywhere, 11 pt, British English, 6 pt after paragraphs.
    defaults = root.find(qn("w:docDefaults"))
    if defaults is not None:
        root.remove(defaults)
    root.insert(
        0,
        _x(
            "<w:docDefaults><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:eastAsia="{_FONT}" w:cs="{_FONT}"/>'
            '<w:sz w:val="22"/><w:szCs w:val="22"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )

    _title_and_headings(styles)
    _list_styles(styles)
    _block_styles(styles)
    _small_text_styles(styles)
    _character_styles(styles)
    _table_style(styles)
    for element in root.iter(qn("w:pPr")):
        _sort_children(element, _PPR_ORDER)
    for element in root.iter(qn("w:rPr")):
        _sort_children(element, _RPR_ORDER)


def _title_and_headings(styles: Any) -> None:
    """Normal (the default), Title and Heading 1 to 3 (with outline levels)."""
    normal = _paragraph_style(styles, "Normal", based_on=None)
    normal.element.set(qn("w:default"), "1")
    _paragraph_style(
        styles,
        "Title",
        next_style="Normal",
        size=20,
        bold=True,
        colour=_NAVY,
        before=0,
        after=18,
        single_spaced=True,
        keep_with_next=True,
    )
    _ppr(styles["Title"], f"<w:pBdr>{_border('bottom', 8, _NAVY, 6)}</w:pBdr>")
    for level, (size, before, after, colour) in enumerate(
        ((14, 18, 6, _NAVY), (12, 12, 4, _BLUE), (11, 10, 3, _BLUE)), start=1
    ):
        heading = _paragraph_style(
            styles,
            f"Heading {level}",
            next_style="Normal",
            size=size,
            bold=True,
            colour=colour,
            before=before,
            after=after,
            keep_with_next=True,
        )
        heading.paragraph_format.keep_together = True
        _ppr(heading, f'<w:outlineLvl w:val="{level - 1}"/>')


def _list_styles(styles: Any) -> None:
    """List Bullet and List Number (numbered through numbering.xml) and List Continue 1-3."""
    for name, num_id in (("List Bullet", 1), ("List Number", 2)):
        style = _paragraph_style(styles, name, after=4)
        _ppr(style, f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    for level, name in enumerate(("List Continue", "List Continue 2", "List Continue 3")):
        style = _paragraph_style(styles, name, after=4)
        style.paragraph_format.left_indent = Twips(LIST_INDENT * (2 * level + 1))


def _block_styles(styles: Any) -> None:
    """Quote, Code Block and Horizontal Line."""
    quote = _paragraph_style(styles, "Quote", next_style="Normal", italic=True, colour="404040")
    quote.paragraph_format.left_indent = Twips(567)
    quote.paragraph_format.right_indent = Twips(567)
    _ppr(quote, f"<w:pBdr>{_border('left', 18, 'BFBFBF', 8)}</w:pBdr>")

    code = _paragraph_style(
        styles, "Code Block", size=9, before=0, after=6, single_spaced=True, style_id="CodeBlock"
    )
    code.font.name = _MONO
    code.paragraph_format.left_indent = Twips(113)
    code.paragraph_format.right_indent = Twips(113)
    _ppr(code, '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>')
    _rpr(code, f'<w:rFonts w:ascii="{_MONO}" w:hAnsi="{_MONO}" w:cs="{_MONO}"/>')

    rule = _paragraph_style(
        styles, "Horizontal Line", size=4, before=0, after=6, single_spaced=True
    )
    _ppr(rule, f"<w:pBdr>{_border('bottom', 6, _RULE, 1)}</w:pBdr>")


def _small_text_styles(styles: Any) -> None:
    """Table Text and Table Heading, footnote text, Header and Footer."""
    _paragraph_style(styles, "Table Text", size=10, before=2, after=2, single_spaced=True)
    _paragraph_style(styles, "Table Heading", based_on="Table Text", bold=True, keep_with_next=True)

    footnote_text = _paragraph_style(
        styles,
        "footnote text",
        size=9,
        before=0,
        after=0,
        single_spaced=True,
        style_id="FootnoteText",
        builtin=True,
    )
    footnote_text.priority = 99
    for name in ("Header", "Footer"):
        style = _paragraph_style(
            styles, name, size=9, colour=_GREY, before=0, after=0, single_spaced=True
        )
        style.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)


def _character_styles(styles: Any) -> None:
    """footnote reference, Hyperlink and Code Char."""
    reference = _character_style(styles, "footnote reference", "FootnoteReference", builtin=True)
    reference.font.superscript = True
    hyperlink = _character_style(styles, "Hyperlink", "Hyperlink", builtin=True)
    hyperlink.font.color.rgb = RGBColor.from_string("0563C1")
    hyperlink.font.underline = WD_UNDERLINE.SINGLE
    code_char = _character_style(styles, "Code Char", "CodeChar")
    code_char.font.size = Pt(10)
    _rpr(code_char, f'<w:rFonts w:ascii="{_MONO}" w:hAnsi="{_MONO}" w:cs="{_MONO}"/>')


def _table_style(styles: Any) -> None:
    """Secmod Table: thin borders, cell margins, a bold shaded first row."""
    table = _existing(styles, "Secmod Table")
    if table is None:
        table = styles.add_style("Secmod Table", WD_STYLE_TYPE.TABLE)
    _reset(table)
    table.base_style = _existing(styles, "Normal Table")
    table.quick_style = True
    sides = "".join(
        _border(side, 4, _TABLE_BORDER, 0)
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table.element.append(
        _x(
            f"<w:tblPr><w:tblBorders>{sides}</w:tblBorders><w:tblCellMar>"
            '<w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
        )
    )
    table.element.append(
        _x(
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
            '<w:tcPr><w:shd w:val="clear" w:color="auto" '
            f'w:fill="{_TABLE_HEAD}"/></w:tcPr></w:tblStylePr>'
        )
    )


def _level(ilvl: int, fmt: str, text: str) -> str:
    left = LIST_INDENT * (2 * ilvl + 1)
    font = (
        f'<w:rPr><w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:hint="default"/></w:rPr>'
        if fmt == "bullet"
        else ""
    )
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/></w:pPr>{font}</w:lvl>'
    )


def _define_numbering(document: Any) -> None:
    """Two list definitions: abstractNum 0 (bullets) and 1 (numbers), used by nums 1 and 2."""
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    bullets = "".join(_level(i, "bullet", ch) for i, ch in enumerate(_BULLETS))
    numbers = "".join(_level(i, fmt, f"%{i + 1}.") for i, fmt in enumerate(_NUMBER_FORMATS))
    for abstract_id, nsid, name, levels in (
        (0, "5EC0B001", "Secmod Bullets", bullets),
        (1, "5EC0B002", "Secmod Numbers", numbers),
    ):
        numbering.append(
            _x(
                f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid}"/>'
                f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{name}"/>'
                f"{levels}</w:abstractNum>"
            )
        )
    for num_id, abstract_id in ((1, 0), (2, 1)):
        numbering.append(
            _x(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
        )


def _define_settings(document: Any) -> None:
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    compat = "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word"'
        f' w:val="{value}"/>'
        for name, value in (
            ("compatibilityMode", 15),
            ("overrideTableStyleFontSizeAndJustification", 1),
            ("enableOpenTypeFeatures", 1),
            ("doNotFlipMirrorIndents", 1),
        )
    )
    for fragment in (
        '<w:zoom w:percent="100"/>',
        '<w:defaultTabStop w:val="720"/>',
        '<w:characterSpacingControl w:val="doNotCompress"/>',
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>',
        f"<w:compat>{compat}</w:compat>",
        '<w:themeFontLang w:val="en-GB"/>',
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
        'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
        'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
        'w:followedHyperlink="followedHyperlink"/>',
        '<w:decimalSymbol w:val="."/>',
        '<w:listSeparator w:val=","/>',
    ):
        settings.append(_x(fragment))


def footnote_separators() -> str:
    """The two footnotes Word requires before any real one: the separator line (id -1)
    and the continuation separator (id 0), as WordprocessingML without namespaces."""
    return "".join(
        f'<w:footnote w:type="{kind}" w:id="{fid}"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:r><w:{kind}/></w:r></w:p></w:footnote>"
        for kind, fid in (("separator", -1), ("continuationSeparator", 0))
    )


def _add_footnotes(document: Any) -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{_W}">{footnote_separators()}</w:footnotes>'
    ).encode()
    package = document.part.package
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml, package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _define_section(document: Any) -> None:
    section = document.sections[0]
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Twips(PAGE_MARGIN))
    section.header_distance = Twips(709)
    section.footer_distance = Twips(709)
    sectPr = section._sectPr
    for attribute in list(sectPr.attrib):
        if attribute.startswith(f"{{{_W}}}rsid"):
            del sectPr.attrib[attribute]
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.add_run("SECMPxxxx\tPage X of Y (the writer replaces this footer)")


def _add_samples(document: Any) -> None:
    """Sample paragraphs, one per style, for people editing the reference in Word."""
    samples: Iterable[tuple[str, str]] = (
        ("Title", "Reference document for secmod papers"),
        (
            "Normal",
            "This document only supplies styles, list numbering and page set-up. Its text is"
            " never copied into a paper: edit the styles (Home > Styles > Modify), not this"
            " text.",
        ),
        ("Heading 1", "1. Heading 1"),
        ("Heading 2", "1.1 Heading 2"),
        ("Heading 3", "Heading 3"),
        ("List Bullet", "List Bullet"),
        ("List Continue", "List Continue: a further paragraph of a list item"),
        ("List Number", "List Number"),
        ("Quote", "Quote"),
        ("Code Block", "Code Block"),
        ("Table Text", "Table Text"),
        ("Table Heading", "Table Heading"),
        ("footnote text", "footnote text"),
        ("Horizontal Line", ""),
    )
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for name, text in samples:
        document.add_paragraph(text, style=_existing(document.styles, name))


def _set_core_properties(document: Any) -> None:
    core = document.core_properties
    core.title = "secmod reference document"
    core.subject = "Styles for Smart Energy Code modification papers"
    core.author = "secmod"
    core.last_modified_by = "secmod"
    core.keywords = "secmod; reference"
    core.comments = "Generated by python -m generator.tools.make_reference_docx"
    core.category = ""
    core.revision = 1
    core.created = _FIXED_TIME.replace(tzinfo=None)
    core.modified = _FIXED_TIME.replace(tzinfo=None)


def _normalise_zip(data: bytes) -> bytes:
    """Re-zip ``data`` with fixed timestamps and a fixed entry order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name])
    return out.getvalue()


def build_reference() -> bytes:
    """The reference document, as the bytes of a .docx file (identical on every call)."""
    document = docx.Document()
    _trim_package(document)
    _define_styles(document)
    _define_numbering(document)
    _define_settings(document)
    _add_footnotes(document)
    _define_section(document)
    _add_samples(document)
    _set_core_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the reference document (default: ``templates/reference.docx``)."""
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    arguments.add_argument("--output", type=Path, default=REFERENCE_PATH)
    options = arguments.parse_args(argv)
    output: Path = options.output
    output.parent.mkdir(parents=True, exist_ok=True)
    write_file(output, build_reference())
    print(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
