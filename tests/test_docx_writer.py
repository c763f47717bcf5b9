"""The Markdown -> DOCX writer: every Markdown feature becomes the real Word construct.

Documents are read back both with python-docx and as raw WordprocessingML (zipfile + lxml).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.errors import BuildError
from generator.render.docx import DocumentProperties, markdown_to_docx, write_docx
from generator.render.docx_styles import DEFAULT_REFERENCE
from generator.render.markdown import parse, parser
from generator.tools.make_reference_docx import build_reference

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

MODIFIED = datetime.datetime(2024, 5, 1, 12, 30, 4, tzinfo=datetime.UTC)
CREATED = datetime.datetime(2024, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)

SAMPLE = """\
# SECMP0059 Change Board paper

## 1. Purpose

This paper asks the Change Board to **approve** the *modification* using `G8.47` and the \
[SEC website](https://smartenergycodecompany.co.uk/?a=1&b=2).[^scope]
It continues on a second line.\\
After a hard break.

### 1.1 Scope

- First bullet
- Second bullet
  - Nested bullet
    - Third-level bullet
- Last bullet

  Continuation of the last bullet.

1. First step
2. Second step
   1. Sub-step one
   2. Sub-step two
3. Third step

Between the lists.[^costs]

5. Fifth recommendation
6. Sixth recommendation

#### Legal text

G8.47 The User shall undergo <del>a Self-Assessment</del><ins>a Verification Assessment</ins> \
every year.

<ins>G8.48 A wholly new clause.</ins>

| Party | Vote | Comment |
|:------|:----:|--------:|
| Supplier | Yes | **Agreed** |
| DCC | No | <b>raw</b> |

> The Panel noted the change.

<script>alert(1)</script>

```
code line
\tindented
```

---

Cited again.[^scope]

[^scope]: The scope was agreed in *December*.
[^costs]: Costs are in Annex B.
[^unused]: Never cited.
"""


def props(**changes: object) -> DocumentProperties:
    values: dict[str, object] = {
        "title": "SECMP0059 Change Board paper",
        "subject": "Change Board vote",
        "author": "SECAS",
        "keywords": ("SEC", "SECMP0059"),
        "created": CREATED,
        "modified": MODIFIED,
        "footer_label": "SECMP0059",
    }
    values.update(changes)
    return DocumentProperties(**values)  # type: ignore[arg-type]


def render(markdown: str = SAMPLE, **changes: object) -> bytes:
    return markdown_to_docx(markdown, props(**changes), source="paper.md")


@pytest.fixture(scope="module")
def sample() -> bytes:
    return render()


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def body(data: bytes) -> etree._Element:
    return part(data, "word/document.xml").find("w:body", NS)


def text_of(element: etree._Element) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def paragraphs(data: bytes) -> list[etree._Element]:
    return list(body(data).iter(f"{{{W}}}p"))


def paragraph(data: bytes, starting: str) -> etree._Element:
    for p in paragraphs(data):
        if text_of(p).startswith(starting):
            return p
    raise AssertionError(f"no paragraph starts with {starting!r}")


def style_of(p: etree._Element) -> str | None:
    values = p.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS)
    return str(values[0]) if values else None


def numbering_of(p: etree._Element) -> tuple[int, int] | None:
    num = p.find("w:pPr/w:numPr", NS)
    if num is None:
        return None
    ilvl = num.find("w:ilvl", NS).get(f"{{{W}}}val")
    num_id = num.find("w:numId", NS).get(f"{{{W}}}val")
    return int(ilvl), int(num_id)


# -- structure -------------------------------------------------------------------------


def test_python_docx_opens_the_document_and_sees_heading_styles_in_order(sample: bytes) -> None:
    document = docx.Document(io.BytesIO(sample))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Title", "SECMP0059 Change Board paper"),
        ("Heading 1", "1. Purpose"),
        ("Heading 2", "1.1 Scope"),
        ("Heading 3", "Legal text"),
    ]


def test_heading_styles_carry_outline_levels_for_the_navigation_pane(sample: bytes) -> None:
    styles = part(sample, "word/styles.xml")
    for level in (1, 2, 3):
        outline = styles.xpath(
            f"w:style[@w:styleId='Heading{level}']/w:pPr/w:outlineLvl/@w:val", namespaces=NS
        )
        assert outline == [str(level - 1)]


def test_heading_numbers_stay_text_not_lists(sample: bytes) -> None:
    heading = paragraph(sample, "1. Purpose")
    assert style_of(heading) == "Heading1"
    assert numbering_of(heading) is None


def test_bullets_use_word_numbering_with_nesting_levels(sample: bytes) -> None:
    levels = {
        "First bullet": 0,
        "Second bullet": 0,
        "Nested bullet": 1,
        "Third-level bullet": 2,
        "Last bullet": 0,
    }
    num_ids = set()
    for text, level in levels.items():
        p = paragraph(sample, text)
        assert style_of(p) == "ListBullet"
        numbering = numbering_of(p)
        assert numbering is not None and numbering[0] == level
        num_ids.add(numbering[1])
        assert not text_of(p).startswith(("•", "-", "*"))
    assert len(num_ids) == 1


def test_bullet_num_is_a_bullet_format_and_numbers_are_decimal_letter_roman(
    sample: bytes,
) -> None:
    numbering = part(sample, "word/numbering.xml")
    bullet_id = numbering_of(paragraph(sample, "First bullet"))[1]  # type: ignore[index]
    number_id = numbering_of(paragraph(sample, "First step"))[1]  # type: ignore[index]

    def formats(num_id: int) -> list[str]:
        abstract = numbering.xpath(
            f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val", namespaces=NS
        )[0]
        return [
            str(v)
            for v in numbering.xpath(
                f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl/w:numFmt/@w:val",
                namespaces=NS,
            )
        ]

    assert formats(bullet_id)[:3] == ["bullet", "bullet", "bullet"]
    assert formats(number_id)[:3] == ["decimal", "lowerLetter", "lowerRoman"]


def test_each_ordered_list_restarts_with_its_own_num_and_start_override(sample: bytes) -> None:
    numbering = part(sample, "word/numbering.xml")
    first = numbering_of(paragraph(sample, "First step"))
    third = numbering_of(paragraph(sample, "Third step"))
    sub = numbering_of(paragraph(sample, "Sub-step one"))
    fifth = numbering_of(paragraph(sample, "Fifth recommendation"))
    assert first is not None and third is not None and sub is not None and fifth is not None
    assert first == third == (0, first[1])
    assert sub[0] == 1
    assert len({first[1], sub[1], fifth[1]}) == 3

    def start(num_id: int, level: int) -> list[str]:
        return [
            str(v)
            for v in numbering.xpath(
                f"w:num[@w:numId='{num_id}']/w:lvlOverride[@w:ilvl='{level}']"
                "/w:startOverride/@w:val",
                namespaces=NS,
            )
        ]

    assert start(first[1], 0) == ["1"]
    assert start(sub[1], 1) == ["1"]
    assert start(fifth[1], 0) == ["5"]


def test_list_item_continuation_paragraph_is_indented_without_a_number(sample: bytes) -> None:
    p = paragraph(sample, "Continuation of the last bullet.")
    assert style_of(p) == "ListContinue"
    assert numbering_of(p) is None


def test_inline_formatting_uses_bold_italic_and_character_styles(sample: bytes) -> None:
    p = paragraph(sample, "This paper asks")
    runs = {text_of(r): r for r in p.iter(f"{{{W}}}r") if text_of(r)}
    assert runs["approve"].find("w:rPr/w:b", NS) is not None
    assert runs["modification"].find("w:rPr/w:i", NS) is not None
    assert runs["G8.47"].xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["CodeChar"]
    # Soft break -> space; hard break -> w:br.
    assert "link. It continues" not in text_of(p)
    assert "It continues on a second line." in text_of(p)
    assert p.find(".//w:br", NS) is not None


def test_links_are_hyperlinks_with_external_relationships(sample: bytes) -> None:
    link = paragraph(sample, "This paper asks").find("w:hyperlink", NS)
    assert link is not None
    assert text_of(link) == "SEC website"
    assert link.xpath(".//w:rStyle/@w:val", namespaces=NS) == ["Hyperlink"]
    rid = link.get(f"{{{R}}}id")
    rels = part(sample, "word/_rels/document.xml.rels")
    (rel,) = rels.xpath(f"*[@Id='{rid}']")
    assert rel.get("Type") == HYPERLINK_REL
    assert rel.get("TargetMode") == "External"
    assert rel.get("Target") == "https://smartenergycodecompany.co.uk/?a=1&b=2"


# -- footnotes -------------------------------------------------------------------------


def footnotes(data: bytes) -> dict[int, etree._Element]:
    root = part(data, "word/footnotes.xml")
    return {int(f.get(f"{{{W}}}id")): f for f in root.findall("w:footnote", NS)}


def test_footnotes_part_is_registered_and_has_the_separators(sample: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(sample)) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == FOOTNOTES_TYPE
    rels = part(sample, "word/_rels/document.xml.rels")
    assert [r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_REL] == ["footnotes.xml"]
    notes = footnotes(sample)
    assert notes[-1].get(f"{{{W}}}type") == "separator"
    assert notes[0].get(f"{{{W}}}type") == "continuationSeparator"
    settings_part = part(sample, "word/settings.xml")
    assert settings_part.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_footnotes_hold_exactly_the_cited_notes_in_citation_order(sample: bytes) -> None:
    notes = {i: f for i, f in footnotes(sample).items() if i > 0}
    texts = {i: text_of(f).strip() for i, f in notes.items()}
    # [^scope] is cited twice: each citation gets its own Word footnote with the same text.
    assert texts == {
        1: "The scope was agreed in December.",
        2: "Costs are in Annex B.",
        3: "The scope was agreed in December.",
    }
    for note in notes.values():
        first = note.find("w:p", NS)
        assert style_of(first) == "FootnoteText"
        assert first.find("w:r/w:footnoteRef", NS) is not None
    italic = [text_of(r) for r in notes[1].iter(f"{{{W}}}r") if r.find("w:rPr/w:i", NS) is not None]
    assert italic == ["December"]


def test_footnote_references_sit_right_after_their_sentences(sample: bytes) -> None:
    expected = {1: "the SEC website.", 2: "Between the lists.", 3: "Cited again."}
    refs = body(sample).xpath(".//w:footnoteReference", namespaces=NS)
    assert [int(r.get(f"{{{W}}}id")) for r in refs] == [1, 2, 3]
    for ref in refs:
        run = ref.getparent()
        assert run.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["FootnoteReference"]
        p = run.getparent()
        before = ""
        for element in p.iter(f"{{{W}}}r", f"{{{W}}}footnoteReference"):
            if element is ref:
                break
            if element.tag == f"{{{W}}}r":
                before += text_of(element)
        assert before.endswith(expected[int(ref.get(f"{{{W}}}id"))])


def test_footnote_definitions_and_markers_stay_out_of_the_body(sample: bytes) -> None:
    text = text_of(body(sample))
    assert "[^" not in text
    assert "Never cited" not in text
    assert "agreed in December" not in text
    assert "Never cited" not in text_of(part(sample, "word/footnotes.xml"))
    assert not re.search(r"[¹²³⁴]", text)


def test_footnote_cannot_cite_a_footnote() -> None:
    with pytest.raises(BuildError, match="footnote cannot cite"):
        render("Text.[^a]\n\n[^a]: Note.[^b]\n[^b]: Inner.\n")


# -- tables ----------------------------------------------------------------------------


def test_table_uses_the_table_style_and_repeats_its_header_row(sample: bytes) -> None:
    (table,) = body(sample).findall("w:tbl", NS)
    assert table.xpath("w:tblPr/w:tblStyle/@w:val", namespaces=NS) == ["SecmodTable"]
    rows = table.findall("w:tr", NS)
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True, False, False]
    cells = [[text_of(c) for c in r.findall("w:tc", NS)] for r in rows]
    assert cells == [
        ["Party", "Vote", "Comment"],
        ["Supplier", "Yes", "Agreed"],
        ["DCC", "No", "<b>raw</b>"],
    ]
    head_styles = {style_of(p) for p in rows[0].iter(f"{{{W}}}p")}
    assert head_styles == {"TableHeading"}
    alignments = rows[1].xpath("w:tc/w:p/w:pPr/w:jc/@w:val", namespaces=NS)
    assert alignments == ["center", "right"]
    widths = [int(w) for w in table.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert sum(widths) == 11906 - 2 * 1418


# -- tracked changes and raw HTML ------------------------------------------------------


def visible(p: etree._Element, *, skip: str) -> str:
    """Paragraph text with the ``skip`` revisions (w:ins or w:del) removed."""
    out = []
    for element in p.iter(f"{{{W}}}t", f"{{{W}}}delText"):
        if any(a.tag == f"{{{W}}}{skip}" for a in element.iterancestors()):
            continue
        out.append(element.text or "")
    return "".join(out)


def test_ins_and_del_become_tracked_changes(sample: bytes) -> None:
    p = paragraph(sample, "G8.47")
    assert (
        visible(p, skip="del")
        == "G8.47 The User shall undergo a Verification Assessment every year."
    )
    assert visible(p, skip="ins") == "G8.47 The User shall undergo a Self-Assessment every year."
    (ins,) = p.findall("w:ins", NS)
    (deleted,) = p.findall("w:del", NS)
    for change in (ins, deleted):
        assert change.get(f"{{{W}}}author") == "SECAS"
        assert change.get(f"{{{W}}}date") == "2024-05-01T12:30:04Z"
    assert deleted.find("w:r/w:delText", NS) is not None
    assert deleted.find("w:r/w:t", NS) is None
    ids = body(sample).xpath(".//w:ins/@w:id | .//w:del/@w:id", namespaces=NS)
    assert len(ids) == len(set(ids))


def test_wholly_inserted_paragraph_marks_its_paragraph_mark_too(sample: bytes) -> None:
    new = paragraph(sample, "G8.48")
    assert visible(new, skip="ins") == ""
    (mark,) = new.xpath("w:pPr/w:rPr/w:ins", namespaces=NS)
    assert mark.get(f"{{{W}}}author") == "SECAS"
    partial = paragraph(sample, "G8.47")
    assert not partial.xpath("w:pPr/w:rPr", namespaces=NS)
    deleted = paragraphs(render("<del>Gone **entirely**</del>\n\nKept\n"))[0]
    assert deleted.xpath("w:pPr/w:rPr/w:del/@w:author", namespaces=NS) == ["SECAS"]
    ids = body(sample).xpath(".//w:ins/@w:id | .//w:del/@w:id", namespaces=NS)
    assert len(ids) == len(set(ids)) == 4  # del + ins in G8.47, run + mark in G8.48


def test_revision_author_and_date_can_be_chosen() -> None:
    data = render(
        "a <ins>b</ins>\n",
        revision_author="Jo Bloggs",
        revision_date=datetime.datetime(2023, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
    )
    (ins,) = body(data).iter(f"{{{W}}}ins")
    assert ins.get(f"{{{W}}}author") == "Jo Bloggs"
    assert ins.get(f"{{{W}}}date") == "2023-01-02T03:04:05Z"


def test_other_raw_html_is_literal_text(sample: bytes) -> None:
    assert text_of(paragraph(sample, "<script>")) == "<script>alert(1)</script>"
    data = render("Say <b>hi</b> <!-- note --> and </ins> <ins>open\n")
    text = text_of(body(data))
    assert "<b>hi</b>" in text
    assert "<!-- note -->" in text
    assert "</ins>" in text
    assert len(list(body(data).iter(f"{{{W}}}ins"))) == 1


def test_quote_code_and_rule_map_to_their_styles(sample: bytes) -> None:
    assert style_of(paragraph(sample, "The Panel noted")) == "Quote"
    code = paragraph(sample, "code line")
    assert style_of(code) == "CodeBlock"
    assert code.find(".//w:br", NS) is not None and code.find(".//w:tab", NS) is not None
    rules = [p for p in paragraphs(sample) if style_of(p) == "HorizontalLine"]
    assert len(rules) == 1 and text_of(rules[0]) == ""
    assert not body(sample).xpath(".//w:br[@w:type='page']", namespaces=NS)


def test_images_are_reported_not_dropped() -> None:
    with pytest.raises(BuildError, match="images are not supported"):
        render("Text\n\n![diagram](d.png)\n")


# -- page, footer and properties -------------------------------------------------------


def test_page_is_a4_and_the_footer_shows_label_and_page_fields(sample: bytes) -> None:
    sect = body(sample).find("w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("11906", "16838")
    rid = sect.xpath("w:footerReference[@w:type='default']/@r:id", namespaces=NS)[0]
    rels = part(sample, "word/_rels/document.xml.rels")
    (target,) = rels.xpath(f"*[@Id='{rid}']/@Target")
    footer = part(sample, f"word/{target}")
    instructions = [t.strip() for t in footer.xpath(".//w:instrText/text()", namespaces=NS)]
    assert instructions == ["PAGE", "NUMPAGES"]
    text = text_of(footer)
    assert text.startswith("SECMP0059")
    assert "Page " in text and " of " in text


def test_core_properties(sample: bytes) -> None:
    core = docx.Document(io.BytesIO(sample)).core_properties
    assert core.title == "SECMP0059 Change Board paper"
    assert core.subject == "Change Board vote"
    assert core.author == "SECAS"
    assert core.last_modified_by == "SECAS"
    assert core.keywords == "SEC; SECMP0059"
    assert core.revision == 1
    assert core.created == CREATED
    assert core.modified == MODIFIED


def test_properties_are_escaped() -> None:
    data = render("x\n", title="A & B <C>", footer_label="R&D")
    assert docx.Document(io.BytesIO(data)).core_properties.title == "A & B <C>"


# -- styles and direct formatting ------------------------------------------------------


def referenced_styles(data: bytes) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [
            n
            for n in package.namelist()
            if re.match(r"word/(document|footnotes|footer\d*)\.xml", n)
        ]
        for name in names:
            root = etree.fromstring(package.read(name))
            for kind in ("pStyle", "rStyle", "tblStyle"):
                for value in root.xpath(f".//w:{kind}/@w:val", namespaces=NS):
                    yield kind, str(value)


def test_every_style_used_exists_in_the_reference_styles(sample: bytes) -> None:
    styles = part(sample, "word/styles.xml")
    defined = {
        (str(s.get(f"{{{W}}}type")), str(s.get(f"{{{W}}}styleId")))
        for s in styles.findall("w:style", NS)
    }
    kinds = {"pStyle": "paragraph", "rStyle": "character", "tblStyle": "table"}
    used = set(referenced_styles(sample))
    assert len(used) > 10
    for kind, style_id in used:
        assert (kinds[kind], style_id) in defined, f"{kind} {style_id} is not defined"


def test_no_direct_formatting_beyond_bold_and_italic(sample: bytes) -> None:
    for name in ("word/document.xml", "word/footnotes.xml"):
        root = part(sample, name)
        run_props = {
            etree.QName(child).localname
            for rpr in root.iter(f"{{{W}}}rPr")
            if rpr.getparent().tag == f"{{{W}}}r"
            for child in rpr
        }
        assert run_props <= {"rStyle", "b", "i"}, name
    document = part(sample, "word/document.xml")
    for tag in ("rFonts", "sz", "color", "ind", "spacing", "shd"):
        assert not document.xpath(f"//w:body//w:{tag}", namespaces=NS), tag


# -- package integrity and determinism -------------------------------------------------


def test_every_relationship_target_and_content_type_is_present(sample: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(sample)) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        overrides = {o.get("PartName").lstrip("/") for o in types if o.get("PartName")}
        assert overrides <= names
        for rels_name in (n for n in names if n.endswith(".rels")):
            folder = rels_name.rsplit("_rels/", 1)[0]
            for rel in etree.fromstring(package.read(rels_name)):
                assert rel.tag == f"{{{PKG_REL}}}Relationship"
                if rel.get("TargetMode") == "External":
                    continue
                target = (folder + rel.get("Target")).lstrip("/")
                assert target in names, f"{rels_name} -> {target}"
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))  # well-formed


def test_output_is_byte_identical_and_zip_times_are_fixed(sample: bytes) -> None:
    assert render() == sample
    with zipfile.ZipFile(io.BytesIO(sample)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2024, 5, 1, 12, 30, 4)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_zip_time_is_clamped_to_1980() -> None:
    old = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    with zipfile.ZipFile(io.BytesIO(render("x\n", created=old, modified=old))) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_different_content_gives_different_documents(sample: bytes) -> None:
    assert render(SAMPLE.replace("Purpose", "Aim")) != sample


def test_empty_markdown_gives_a_valid_document() -> None:
    document = docx.Document(io.BytesIO(render("")))
    assert [p.text for p in document.paragraphs] == [""]


# -- errors ----------------------------------------------------------------------------


def test_control_character_is_a_located_build_error() -> None:
    with pytest.raises(BuildError) as caught:
        render("# Title\n\nline two\nabc\x07def\n")
    message = str(caught.value)
    assert "paper.md:4:4" in message
    assert "U+0007" in message
    (problem,) = caught.value.problems
    assert (problem.location.line, problem.location.column, problem.field) == (4, 4, "text")


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_every_xml_forbidden_character_is_refused(char: str) -> None:
    with pytest.raises(BuildError, match=f"U\\+{ord(char):04X}"):
        render(f"ok {char}\n")


def test_forbidden_character_from_a_character_reference_is_refused() -> None:
    with pytest.raises(BuildError, match=r"paper\.md:3.*U\+000C"):
        render("# T\n\nform &#12; feed\n")


def test_forbidden_character_in_properties_is_refused() -> None:
    with pytest.raises(BuildError, match=r"properties\.footer_label"):
        render("x\n", footer_label="bad\x01")


def test_reference_without_a_needed_style_is_reported(tmp_path: Path) -> None:
    reference = docx.Document(str(DEFAULT_REFERENCE))
    for style in list(reference.styles):
        if style.name == "Code Block":
            style.delete()
    broken = tmp_path / "reference.docx"
    reference.save(str(broken))
    with pytest.raises(BuildError, match="'Code Block'"):
        markdown_to_docx("x\n", props(), reference=broken)


def test_unreadable_reference_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="cannot read the reference"):
        markdown_to_docx("x\n", props(), reference=tmp_path / "missing.docx")
    (tmp_path / "text.docx").write_text("not a zip")
    with pytest.raises(BuildError, match="not a readable Word document"):
        markdown_to_docx("x\n", props(), reference=tmp_path / "text.docx")


def test_reference_header_is_kept_and_its_footer_replaced(tmp_path: Path) -> None:
    reference = docx.Document(str(DEFAULT_REFERENCE))
    reference.sections[0].header.paragraphs[0].text = "OFFICIAL"
    edited = tmp_path / "reference.docx"
    reference.save(str(edited))
    data = markdown_to_docx("# Hi\n", props(), reference=edited)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL"
    assert section.footer.paragraphs[0].text.startswith("SECMP0059\tPage ")
    sect = body(data).find("w:sectPr", NS)
    kinds = [etree.QName(child).localname for child in sect][:2]
    assert kinds == ["headerReference", "footerReference"]
    rids = [r.get("Id") for r in part(data, "word/_rels/document.xml.rels")]
    assert len(rids) == len(set(rids))


def test_write_docx_replaces_the_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "paper.docx"
    write_docx(target, "# Hello\n", props())
    assert target.read_bytes() == render("# Hello\n")
    assert docx.Document(str(target)).paragraphs[0].text == "Hello"
    before = target.read_bytes()
    with pytest.raises(BuildError):
        write_docx(target, "bad \x02\n", props())
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["paper.docx"]


# -- the reference document and the parser ---------------------------------------------


def test_committed_reference_matches_its_generator() -> None:
    built = zipfile.ZipFile(io.BytesIO(build_reference()))
    committed = zipfile.ZipFile(DEFAULT_REFERENCE)
    assert built.namelist() == committed.namelist()
    for name in built.namelist():
        assert built.read(name) == committed.read(name), name
    assert build_reference() == build_reference()


def test_parser_is_shared_and_configured() -> None:
    assert parser() is parser()
    types = [t.type for t in parse("| a |\n|---|\n| b |\n\nx[^n] ~~no~~ <ins>y</ins>\n\n[^n]: z\n")]
    assert "table_open" in types and "footnote_block_open" in types
    inline = next(t for t in parse("~~no~~ <ins>y</ins>\n") if t.type == "inline")
    kinds = [c.type for c in inline.children or ()]
    assert "s_open" not in kinds
    assert kinds.count("html_inline") == 2


# -- properties ------------------------------------------------------------------------

_WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_gives_a_valid_document_or_a_located_error(text: str) -> None:
    try:
        data = render(text)
    except BuildError as error:
        assert all(p.location.file == "paper.md" for p in error.problems)
        return
    document = docx.Document(io.BytesIO(data))
    assert document.sections[0].page_width == 11906 * 635
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                etree.fromstring(package.read(name))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "ins", "del"]), _WORDS), min_size=1, max_size=8))
def test_accept_all_and_reject_all_give_after_and_before(
    segments: list[tuple[str, str]],
) -> None:
    markdown = "".join(f"<{k}>{t}</{k}>" if k else t for k, t in segments)
    before = "".join(t for k, t in segments if k != "ins")
    after = "".join(t for k, t in segments if k != "del")
    p = paragraphs(render(f"Start {markdown} end.\n"))[0]

    def squash(text: str) -> str:
        return " ".join(text.split())

    assert squash(visible(p, skip="del")) == squash(f"Start {after} end.")
    assert squash(visible(p, skip="ins")) == squash(f"Start {before} end.")


# -- the writer's output, pinned -------------------------------------------------------

#: Every construct the writer maps, in the combinations that share state (lists in quotes,
#: links and revisions inside footnotes, a table in a footnote, whole-paragraph revisions).
PINNED = (
    SAMPLE
    + """
##### Deep heading

A [first](https://example.org/a)[second](https://example.org/b) link pair, an \
[anchor](#purpose), `code` in [`a link`](https://example.org/a) and a tab\there.

<del>A wholly deleted paragraph with a [link](https://example.org/c).</del>

- <ins>A wholly inserted item.</ins>
-
- ```
  fenced in an item
  ```
- > quoted in an item

Cited in a table's neighbour.[^table] Text with *emphasis **and strong** inside*.

> - a list in a quote
>   1. numbered in it

3. Third
   - mixed bullet
     1. and number
        - four
          - five
            - six
              - seven
                - eight
                  - nine (the deepest level Word lists have)


[^table]: A note with a [link](https://example.org/note) and <ins>an insertion</ins>.

    | a | b |
    |---|---|

    The note goes on.
"""
)
#: SHA-256 of the writer's parts for ``PINNED``, produced by the writer before it was split
#: into rooms (paragraphs and runs, numbering, footnotes, tracked changes). A change to the
#: writer that changes its output must change this value on purpose.
PINNED_SHA256 = "c3629ab13b9f501dea89a1f4ac45b76415f1c3ca0af333c07aab5d1f80f59bb7"
_WRITER_PARTS = (
    "[Content_Types].xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/footnotes.xml",
    "word/_rels/footnotes.xml.rels",
    "word/numbering.xml",
    "word/footer1.xml",
    "docProps/core.xml",
)


def _writer_parts_digest(data: bytes) -> str:
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        for name in _WRITER_PARTS:
            digest.update(name.encode() + b"\0" + (package.read(name) if name in names else b""))
    return digest.hexdigest()


def test_the_writer_output_is_pinned() -> None:
    assert _writer_parts_digest(render(PINNED)) == PINNED_SHA256
