"""The response form of a consultation, as a Word document of content controls.

Each answer area is a content control (``w:sdt``) tagged ``secmod:<field>`` (see
:mod:`generator.forms.layout`): a drop-down list for the Party category, the position, each SEC
Objective, yes / no and confidentiality; plain text for the respondent's details; rich text,
which holds paragraphs, for reasons and free answers. Every control sits in the second cell of
a two-column table whose first cell is its label, so a form whose controls an editor stripped
can still be read, from its table layout. The document is written on
``templates/reference.docx`` (its styles, page and footer), like the paper.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from generator.forms.layout import FormField, FormSection, form_sections
from generator.model import Consultation, Modification, Objective
from generator.render.docx import DocumentProperties, body_to_docx
from generator.render.docx_styles import Reference
from generator.render.docx_xml import xml_attr, xml_text
from generator.render.templating import long_date

__all__ = ["consultation_properties", "form_filename", "response_form"]

#: The share of the text width given to the label column; labels longer than
#: :data:`_LONG_LABEL` characters (the SEC Objectives' wording) get the larger share.
_LABEL_SHARE = 0.36
_LONG_LABEL = 60
_LONG_LABEL_SHARE = 0.6


def form_filename(mod_id: str, consultation: Consultation) -> str:
    """``<ID>-<consultation key>-response-form.docx``."""
    return f"{mod_id}-{consultation.id}-response-form.docx"


def _paragraph(style: str | None, text: str, *, italic: bool = False, keep: bool = False) -> str:
    """A paragraph of ``text``; ``keep``: on the same page as the next (a question's table)."""
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        "<w:keepNext/>" if keep else ""
    )
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    rpr = "<w:rPr><w:i/></w:rPr>" if italic else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:p>'


def _control(field: FormField, ids: Iterator[int], cell_style: str) -> str:
    """The content control of ``field``, showing its placeholder, inside its cell."""
    kind = "<w:text/>"
    if field.choices:
        items = "".join(
            f'<w:listItem w:displayText="{xml_attr(c.display)}" w:value="{xml_attr(c.value)}"/>'
            for c in field.choices
        )
        kind = f"<w:dropDownList>{items}</w:dropDownList>"
    elif field.multiline:
        kind = ""  # rich text: holds paragraphs
    properties = (
        f'<w:sdtPr><w:alias w:val="{xml_attr(field.label[:60])}"/>'
        f'<w:tag w:val="{xml_attr(field.tag)}"/><w:id w:val="{next(ids)}"/>'
        f"<w:showingPlcHdr/>{kind}</w:sdtPr>"
    )
    placeholder = (
        f'<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">'
        f"{xml_text(field.placeholder)}</w:t></w:r>"
    )
    ppr = f'<w:pPr><w:pStyle w:val="{cell_style}"/></w:pPr>'
    if field.multiline:  # a block-level control around the cell's paragraph
        return (
            f"<w:sdt>{properties}<w:sdtContent><w:p>{ppr}{placeholder}</w:p></w:sdtContent></w:sdt>"
        )
    return f"<w:p>{ppr}<w:sdt>{properties}<w:sdtContent>{placeholder}</w:sdtContent></w:sdt></w:p>"


def _table(section: FormSection, ref: Reference, ids: Iterator[int]) -> str:
    styles = ref.styles
    long = any(len(f.label) > _LONG_LABEL for f in section.fields)  # an objective's wording
    label_width = int(ref.text_width * (_LONG_LABEL_SHARE if long else _LABEL_SHARE))
    widths = (label_width, ref.text_width - label_width)
    rows = []
    for field in section.fields:
        label = _paragraph(styles["table_heading"], field.label)
        control = _control(field, ids, styles["table_text"])
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{content}</w:tc>'
            for w, content in zip(widths, (label, control), strict=True)
        )
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{styles["table"]}"/>'
        '<w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _introduction(mod: Modification, consultation: Consultation) -> list[str]:
    data = mod.modification
    lines = [f"{data.id} ‘{data.title}’."]
    if consultation.opens and consultation.closes:
        lines.append(
            f"The {consultation.name} runs from {long_date(consultation.opens)} to "
            f"{long_date(consultation.closes)}."
        )
    by = f" by {long_date(consultation.closes)}" if consultation.closes else ""
    lines += [
        "Please answer in the right-hand column of each table: choose from the list where one "
        "is offered, and type in the others. Keep the form as a Word document (.docx) and "
        f"return it to the {data.paper.team}{by}.",
        "A response marked confidential is counted in the report to the Change Board but is "
        "not published.",
    ]
    return lines


def _body(
    mod: Modification, consultation: Consultation, objectives: Mapping[str, Objective]
) -> Callable[[Reference], str]:
    def write(ref: Reference) -> str:
        styles = ref.styles
        ids = itertools.count(1)
        title = f"{mod.id} {consultation.name}: response form"
        parts = [_paragraph(styles["title"], title)]
        parts += [_paragraph(None, line) for line in _introduction(mod, consultation)]
        for section in form_sections(consultation, objectives):
            heading = "heading1" if section.question is None else "heading2"
            parts.append(_paragraph(styles[heading], section.heading))
            if section.question is not None:
                optional = "" if section.question.required else " (optional)"
                parts.append(_paragraph(None, section.question.text + optional, keep=True))
            parts.append(_table(section, ref, ids))
        parts.append(_paragraph(None, "End of form. Thank you for responding."))
        return "".join(parts)

    return write


def consultation_properties(
    mod: Modification, consultation: Consultation, document: str, timestamp: dt.datetime
) -> DocumentProperties:
    """The properties of a consultation's Word ``document`` ("response form", "responses"):
    titled and footed "<ID> <consultation> <document>", written by the paper's team and dated
    like the paper (never after ``timestamp``)."""
    data = mod.modification
    name = f"{data.id} {consultation.name} {document}"
    created = dt.datetime.combine(data.paper.date, dt.time(), tzinfo=dt.UTC)
    return DocumentProperties(
        title=name,
        subject=data.title,
        author=data.paper.team,
        keywords=(data.id, consultation.name, document, "Smart Energy Code"),
        created=min(created, timestamp),
        modified=timestamp,
        footer_label=name,
        revision_author=data.paper.team,
    )


def response_form(
    mod: Modification,
    consultation: Consultation,
    objectives: Mapping[str, Objective],
    timestamp: dt.datetime,
    reference: Path | None = None,
) -> bytes:
    """The response form of ``consultation`` as the bytes of a .docx file (the same bytes for
    the same content and ``timestamp``), in the styles of ``reference`` (default: the
    project's ``templates/reference.docx``)."""
    data = mod.modification
    properties = consultation_properties(mod, consultation, "response form", timestamp)
    source = f"{data.id} consultations[{consultation.id}]"
    return body_to_docx(
        _body(mod, consultation, objectives), properties, source=source, reference=reference
    )
