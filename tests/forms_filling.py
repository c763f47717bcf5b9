"""Filled response forms for tests, made the way a respondent's editor would: with python-docx.

:func:`fill_with_python_docx` opens a form with python-docx, writes an answer into each
content control by tag and saves it (python-docx re-serializes the whole package, as an
editor does); :func:`strip_controls` removes every content control but keeps its content, as
an editor that does not know them would. Neither uses secmod's own filler or reader, so a test
that fills with one and reads with secmod checks the two against each other.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree

__all__ = ["FILLED", "control_tags", "fill_with_python_docx", "strip_controls"]

#: One answer for every field of the fixture SECMP0059 form (questions 1 to 4), including text
#: that must stay literal (Markdown and HTML characters) and a multi-paragraph answer.
FILLED: dict[str, str] = {
    "respondent": "Jo Bloggs",
    "organisation": "Example Energy <Retail> & Co",
    "category": "Small Supplier",
    "contact": "jo@example.org",
    "confidential": "No",
    "q1.position": "Reject",
    "q1.text": "The threshold is *too low* for us.\n\nIt should count meters, not premises.",
    "q2.a": "Better facilitates",
    "q2.b": "No view",
    "q2.c": "No view",
    "q2.d": "Does not better facilitate",
    "q2.e": "No view",
    "q2.f": "Better facilitates",
    "q2.g": "No view",
    "q2.text": "Clarity helps (a); competition (d) suffers.",
    "q3.choice": "No",
    "q3.text": "The release is too soon.",
    "q4.text": "1. First point\n\n# not a heading",
}


def control_tags(path: Path) -> list[str]:
    """The tags of the content controls of the Word file at ``path``, in document order."""
    document = docx.Document(str(path))
    return [tag.get(qn("w:val")) for tag in document.element.body.iter(qn("w:tag"))]


def _set_text(sdt: Any, text: str) -> None:
    properties = sdt.find(qn("w:sdtPr"))
    for flag in properties.findall(qn("w:showingPlcHdr")):
        properties.remove(flag)
    content = sdt.find(qn("w:sdtContent"))
    paragraphs = content.findall(qn("w:p"))
    if not paragraphs:
        for child in list(content):
            content.remove(child)
        run = etree.SubElement(content, qn("w:r"))
        etree.SubElement(run, qn("w:t")).text = text
        return
    template = paragraphs[0]
    for paragraph in paragraphs:
        content.remove(paragraph)
    for block in text.split("\n\n"):
        paragraph = etree.SubElement(content, qn("w:p"))
        style = template.find(qn("w:pPr"))
        if style is not None:
            paragraph.append(etree.fromstring(etree.tostring(style)))
        for n, line in enumerate(block.split("\n")):
            run = etree.SubElement(paragraph, qn("w:r"))
            if n:
                etree.SubElement(run, qn("w:br"))
            t = etree.SubElement(run, qn("w:t"))
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def fill_with_python_docx(form: Path, values: Mapping[str, str], out: Path) -> Path:
    """Save ``form`` filled with ``values`` (by field name, the tag without ``secmod:``) at
    ``out``; every value must find its control."""
    document = docx.Document(str(form))
    left = dict(values)
    for sdt in document.element.body.iter(qn("w:sdt")):
        tag = sdt.find(qn("w:sdtPr")).find(qn("w:tag"))
        name = tag.get(qn("w:val")).removeprefix("secmod:")
        if name in left:
            _set_text(sdt, left.pop(name))
    assert not left, f"no control for {sorted(left)}"
    document.save(str(out))
    return out


def strip_controls(data: bytes) -> bytes:
    """The Word file ``data`` with every content control replaced by its content."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = [(info, package.read(info)) for info in package.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info, member in members:
            if info.filename == "word/document.xml":
                root = etree.fromstring(member)
                for sdt in list(root.iter(qn("w:sdt"))):
                    content = sdt.find(qn("w:sdtContent"))
                    parent = sdt.getparent()
                    at = parent.index(sdt)
                    for child in reversed(list(content)):
                        parent.insert(at, child)
                    parent.remove(sdt)
                member = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            package.writestr(info, member)
    return out.getvalue()
