"""A filled response form, read back: by content-control tag, or by its table layout.

Each answer area of the form is a content control tagged ``secmod:<field>``
(:mod:`generator.forms.form_docx`); its text is the answer, and its placeholder counts as no
answer. A program that saves the form may drop the controls, or their tags (LibreOffice 7.4
keeps the controls but not their tags): then every field not found by tag is read from the
form's tables, whose rows are the fields in the order of
:func:`~generator.forms.layout.form_sections`, the label in the first cell and the answer in
the second; the reader warns that it did so. Nothing in the file is trusted: the package is
read with a size limit, its XML without entities, DTDs or network access.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from generator.errors import Location, Problem
from generator.forms.layout import OBJECTIVE_VIEWS, TAG_PREFIX, FormField, FormSection
from generator.forms.raw import RawResponse, Reading
from generator.model import ResponseSource
from generator.render.docx_xml import W_NS

__all__ = ["MAX_XML_BYTES", "read_form"]

#: The largest main document part read (uncompressed): a form is a few tens of kilobytes.
MAX_XML_BYTES = 32 * 1024 * 1024

_W = f"{{{W_NS}}}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class _Unreadable(Exception):
    """The file is not a Word document this reader can open."""


def _main_part(package: zipfile.ZipFile) -> str:
    """The member name of the main document (``word/document.xml`` as Word writes it)."""
    try:
        rels = etree.fromstring(package.read("_rels/.rels"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return "word/document.xml"
    for rel in rels.iter(f"{_RELS}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT:
            return str(rel.get("Target", "")).lstrip("/")
    return "word/document.xml"


def _document(data: bytes) -> Any:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            name = _main_part(package)
            info = package.getinfo(name)
            if info.file_size > MAX_XML_BYTES:
                raise _Unreadable(f"its text is larger than {MAX_XML_BYTES // 2**20} MB")
            return etree.fromstring(package.read(info), _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as error:
        raise _Unreadable(str(error) or type(error).__name__) from error
    except (NotImplementedError, RuntimeError, OSError) as error:  # compression, encryption
        raise _Unreadable(str(error)) from error


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(parts)


def element_text(element: Any) -> str:
    """The text of ``element``: its paragraphs separated by a blank line, or its runs when it
    holds no paragraph (a control inside a paragraph)."""
    paragraphs = list(element.iter(f"{_W}p"))
    if not paragraphs:
        return _paragraph_text(element).strip()
    texts = [_paragraph_text(p).strip() for p in paragraphs]
    return "\n\n".join(t for t in texts if t)


def _answer(field: FormField, text: str) -> str:
    return "" if " ".join(text.split()) == " ".join(field.placeholder.split()) else text


def _by_tag(root: Any, fields: Mapping[str, FormField]) -> dict[str, str]:
    found: dict[str, str] = {}
    for sdt in root.iter(f"{_W}sdt"):
        tag = sdt.find(f"{_W}sdtPr/{_W}tag")
        name = str(tag.get(f"{_W}val", "")) if tag is not None else ""
        if not name.startswith(TAG_PREFIX) or name[len(TAG_PREFIX) :] not in fields:
            continue
        field = fields[name[len(TAG_PREFIX) :]]
        content = sdt.find(f"{_W}sdtContent")
        found[field.name] = _answer(field, element_text(content) if content is not None else "")
    return found


def _tables(root: Any) -> list[Any]:
    """The body's tables, in order, without the tables nested in them."""
    body = root.find(f"{_W}body")
    if body is None:
        return []
    return [
        t for t in body.iter(f"{_W}tbl") if not any(a.tag == f"{_W}tbl" for a in t.iterancestors())
    ]


def _by_table(
    root: Any, sections: list[FormSection], wanted: set[str]
) -> tuple[dict[str, str], str | None]:
    """The fields in ``wanted`` read from the form's tables, or why the tables are not the
    form's."""
    tables = _tables(root)
    if len(tables) < len(sections):
        return {}, f"it has {len(tables)} tables where the form has {len(sections)}"
    found: dict[str, str] = {}
    for number, (section, table) in enumerate(zip(sections, tables, strict=False), start=1):
        rows = table.findall(f"{_W}tr")
        for row_number, field in enumerate(section.fields, start=1):
            cells = rows[row_number - 1].findall(f"{_W}tc") if row_number <= len(rows) else []
            label = " ".join(element_text(cells[0]).split()) if cells else ""
            if len(cells) < 2 or label != " ".join(field.label.split()):
                return {}, (
                    f"table {number} ({section.heading}), row {row_number} reads {label!r} "
                    f"where the form has {field.label!r}"
                )
            if field.name in wanted:
                found[field.name] = _answer(field, element_text(cells[1]))
    return found, None


def _objectives(
    values: dict[str, str], sections: list[FormSection], origin: Location
) -> Iterator[Problem]:
    """Gather the per-objective drop-downs of the objectives question into ``qN.better`` and
    ``qN.against`` (letters), as a spreadsheet gives them."""
    for section in sections:
        question = section.question
        if question is None or "better" not in question.kind.parts:
            continue
        better: list[str] = []
        against: list[str] = []
        for field in section.fields:
            letter = field.name.rsplit(".", 1)[1]
            if not field.choices:
                continue
            text = values.pop(field.name, "")
            view = field.value_of(text) if text else "none"
            if view is None:
                allowed = ", ".join(v.display.casefold() for v in OBJECTIVE_VIEWS)
                yield Problem(
                    origin,
                    f"question {question.id}: objective ({letter})",
                    f"must be one of {allowed}, not {text!r}",
                )
            elif view != "none":
                (better if view == "better" else against).append(letter)
        values[f"q{question.id}.better"] = ", ".join(better)
        values[f"q{question.id}.against"] = ", ".join(against)


def read_form(
    display: str, data: bytes, sections: list[FormSection], source: ResponseSource
) -> Reading:
    """The response in the filled form ``data`` (a file shown as ``display``), whose layout is
    ``sections``."""
    origin = Location(display)
    reading = Reading()
    try:
        root = _document(data)
    except _Unreadable as error:
        reading.problems.append(Problem(origin, "", f"not a Word document (.docx): {error}"))
        return reading
    fields = {f.name: f for s in sections for f in s.fields}
    values = _by_tag(root, fields)
    missing = set(fields) - set(values)
    if missing:
        found, wrong = _by_table(root, sections, missing)
        if wrong is not None:
            names = ", ".join(sorted(missing, key=list(fields).index))
            reading.problems.append(
                Problem(
                    origin,
                    "",
                    f"no content control tagged for {names}, and its tables are not the "
                    f"response form's: {wrong}",
                )
            )
            return reading
        values.update(found)
        reading.warnings.append(
            Problem(
                origin,
                "",
                "warning: the form's content controls lost their tags (the program that "
                f"saved it removed them); {len(missing)} fields read from its table layout",
            )
        )
    reading.problems.extend(_objectives(values, sections, origin))
    reading.responses.append(RawResponse(origin, source, values))
    return reading
