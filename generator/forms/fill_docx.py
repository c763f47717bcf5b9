"""Fill a response form's content controls programmatically (examples, benchmarks, tests).

:func:`fill_form` writes an answer into each control tagged ``secmod:<field>``: the display
text of the chosen entry for a drop-down list (given by its value or its text), the text itself
otherwise, a paragraph per blank-line-separated paragraph in a rich-text control. It clears the
placeholder flag, as Word does when someone types, and leaves every other part of the package
as it was.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from generator.forms.layout import TAG_PREFIX
from generator.render.docx_xml import W_NS

__all__ = ["fill_form"]

_W = f"{{{W_NS}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _run(text: str) -> Any:
    run = etree.Element(f"{_W}r")
    for n, line in enumerate(text.split("\n")):
        if n:
            etree.SubElement(run, f"{_W}br")
        t = etree.SubElement(run, f"{_W}t")
        t.set(_XML_SPACE, "preserve")
        t.text = line
    return run


def _display(properties: Any, value: str) -> str:
    for item in properties.iter(f"{_W}listItem"):
        if value.casefold() in (
            str(item.get(f"{_W}value", "")).casefold(),
            str(item.get(f"{_W}displayText", "")).casefold(),
        ):
            return str(item.get(f"{_W}displayText"))
    return value


def _fill(sdt: Any, value: str) -> None:
    properties = sdt.find(f"{_W}sdtPr")
    for flag in properties.findall(f"{_W}showingPlcHdr"):
        properties.remove(flag)
    content = sdt.find(f"{_W}sdtContent")
    paragraphs = content.findall(f"{_W}p")
    if not paragraphs:  # a control inside a paragraph: one run
        content[:] = [_run(_display(properties, value))]
        return
    style = paragraphs[0].find(f"{_W}pPr")
    filled = []
    for text in [p for p in value.split("\n\n") if p.strip()] or [""]:
        paragraph = etree.Element(f"{_W}p")
        if style is not None:
            paragraph.append(etree.fromstring(etree.tostring(style)))
        paragraph.append(_run(text.strip("\n")))
        filled.append(paragraph)
    content[:] = filled


def fill_form(form: bytes, values: Mapping[str, str]) -> bytes:
    """``form`` with the control of each field in ``values`` (by field name, e.g.
    ``q1.position``) holding its value. Raises ``KeyError`` for a field the form lacks."""
    with zipfile.ZipFile(io.BytesIO(form)) as package:
        members = [(info, package.read(info)) for info in package.infolist()]
    name = "word/document.xml"
    document = next(data for info, data in members if info.filename == name)
    root = etree.fromstring(document)
    left = dict(values)
    for sdt in root.iter(f"{_W}sdt"):
        tag = sdt.find(f"{_W}sdtPr/{_W}tag")
        field = str(tag.get(f"{_W}val", "")).removeprefix(TAG_PREFIX) if tag is not None else ""
        if field in left:
            _fill(sdt, left.pop(field))
    if left:
        raise KeyError(f"the form has no control for {', '.join(left)}")
    filled = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in members:
            package.writestr(info, filled if info.filename == name else data)
    return out.getvalue()
