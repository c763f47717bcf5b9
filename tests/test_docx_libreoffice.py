"""A real word processor reads the generated DOCX: LibreOffice converts it to PDF.

The PDF's text (``pdftotext -layout``) shows what a reader sees: headings, list numbers
and bullets produced by Word numbering, footnotes, table cells, and the footer's page
fields evaluated on every page ("Page 2 of 3").
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.render.docx import DocumentProperties, markdown_to_docx
from tests.clients import libreoffice_convert, pdf_info, pdftotext

FILLER = (
    "The Security Sub-Committee considers that the assurance obligations no longer match the"
    " risk presented by this category of User, and proposes a proportionate cycle instead."
)

PAPER = f"""\
# SECMP0059 Change Board paper

## 1. Purpose

This paper asks the Change Board to **approve** the modification.[^scope]

## 2. Background

- First bullet
- Second bullet
  - Nested bullet

1. First step
2. Second step
   1. Sub-step one
   2. Sub-step two

Between the lists.[^costs]

5. Fifth recommendation
6. Sixth recommendation

## 3. Impacts

| Party category | Impact |
|:---------------|:------:|
| Large Suppliers | Negligible |
| Other Users | Moderate |

{chr(10).join(f"{FILLER} Paragraph {n}." + chr(10) for n in range(1, 31))}
## 4. Legal text

G8.47 The User shall undergo <del>a Self-Assessment</del><ins>a Verification Assessment</ins>.

[^scope]: The scope was agreed in December.
[^costs]: Costs are set out in Annex B.
"""


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("libreoffice")
    when = datetime.datetime(2024, 1, 16, tzinfo=datetime.UTC)
    source = folder / "paper.docx"
    source.write_bytes(
        markdown_to_docx(
            PAPER,
            DocumentProperties(
                title="SECMP0059 Change Board paper",
                subject="Change Board vote",
                author="SECAS",
                keywords=("SEC",),
                created=when,
                modified=when,
                footer_label="SECMP0059",
            ),
        )
    )
    return source


def convert(source: Path, fmt: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Convert ``source`` with LibreOffice (private profile, so runs never clash)."""
    return libreoffice_convert([source], fmt, tmp_path_factory.mktemp(f"libreoffice-{fmt}"))[0]


@pytest.fixture(scope="module")
def pdf(docx_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(docx_file, "pdf", tmp_path_factory)


def pdf_text(pdf: Path, *extra: str) -> str:
    return pdftotext(pdf, "-layout", *extra)


def page_count(pdf: Path) -> int:
    info = pdf_info(pdf)
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    assert re.search(r"^Page size:.*\(A4\)", info, re.MULTILINE), info
    return int(match.group(1))


def test_headings_lists_table_and_footnotes_are_rendered(pdf: Path) -> None:
    text = pdf_text(pdf)
    for expected in (
        "SECMP0059 Change Board paper",
        "1. Purpose",
        "2. Background",
        "Large Suppliers",
        "Negligible",
        "Other Users",
        "Moderate",
    ):
        assert expected in text
    assert re.search(r"•\s+First bullet", text)
    assert re.search(r"◦\s+Nested bullet", text)
    assert re.search(r"^\s*1\.\s+First step", text, re.MULTILINE)
    assert re.search(r"^\s*a\.\s+Sub-step one", text, re.MULTILINE)
    assert re.search(r"^\s*b\.\s+Sub-step two", text, re.MULTILINE)
    # The second ordered list restarts at its own start number.
    assert re.search(r"^\s*5\.\s+Fifth recommendation", text, re.MULTILINE)
    assert re.search(r"^\s*6\.\s+Sixth recommendation", text, re.MULTILINE)
    # Footnotes are numbered by the word processor and printed with their text.
    assert re.search(r"1\s+The scope was agreed in December\.", text)
    assert re.search(r"2\s+Costs are set out in Annex B\.", text)
    assert "[^" not in text


def test_footer_page_fields_are_evaluated_on_every_page(pdf: Path) -> None:
    pages = page_count(pdf)
    assert 2 <= pages <= 6
    for page in range(1, pages + 1):
        text = pdf_text(pdf, "-f", str(page), "-l", str(page))
        assert re.search(rf"SECMP0059\s+Page {page} of {pages}\s*$", text.strip()), text[-200:]


def test_tracked_changes_are_read_as_tracked_changes(
    docx_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """LibreOffice, saving to ODF, records our w:ins/w:del as its own change regions."""
    odt = convert(docx_file, "odt", tmp_path_factory)
    with zipfile.ZipFile(odt) as package:
        content = etree.fromstring(package.read("content.xml"))
    ns = {
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "dc": "http://purl.org/dc/elements/1.1/",
    }
    regions = content.findall(".//text:tracked-changes/text:changed-region", ns)
    kinds = sorted(etree.QName(r[0]).localname for r in regions)
    assert kinds == ["deletion", "insertion"]
    for region in regions:
        assert region.findtext(".//office:change-info/dc:creator", namespaces=ns) == "SECAS"
    deletion = next(r for r in regions if etree.QName(r[0]).localname == "deletion")
    deleted_text = "".join(deletion.itertext())
    assert "a Self-Assessment" in deleted_text
    body_text = " ".join("".join(content.find(".//office:text", ns).itertext()).split())
    assert "a Verification Assessment" in body_text
