"""Markdown -> Word (.docx): the writer of the Change Board paper.

:func:`markdown_to_docx` renders the Markdown a Jinja template produced into a complete
Word document built on ``templates/reference.docx``: its styles, list definitions, page
set-up and settings are reused, and the writer adds real Word constructs only (headings
with outline levels, numbered and bulleted lists, footnotes, tables with a repeating
header row, tracked changes for ``<ins>``/``<del>``, a footer with page fields). The
Markdown mapping is described in :mod:`generator.render.docx_body`.

The output is deterministic: the same Markdown and properties give the same bytes (zip
timestamps come from ``properties.modified``; nothing reads the clock). The reference is
read once per process (python-docx opens it; see :mod:`generator.render.docx_styles`)
and each paper is written as XML text straight into the zip, which keeps one paper to a
few milliseconds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.atomic import write_file
from generator.errors import BuildError, Location, Problem
from generator.render.docx_xml import DECLARATION, INVALID_XML_CHAR, xml_text

if TYPE_CHECKING:
    from markdown_it.token import Token

    from generator.render.docx_body import Converted
    from generator.render.docx_styles import Reference

__all__ = ["DocumentProperties", "body_to_docx", "markdown_to_docx", "write_docx"]

_MAX_PROBLEMS = 20
_ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
_ZIP_END = datetime.datetime(2107, 12, 31, 23, 59, 58, tzinfo=datetime.UTC)


@dataclass(frozen=True, slots=True)
class DocumentProperties:
    """Metadata of one Word document.

    Datetimes should be timezone-aware; naive ones are taken to be UTC.
    """

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    created: datetime.datetime
    modified: datetime.datetime
    footer_label: str
    """Shown at the left of the footer, before "Page X of Y" (e.g. ``SECMP0059``)."""
    revision_author: str = "SECAS"
    """Author recorded on tracked changes (``<ins>``/``<del>``)."""
    revision_date: datetime.datetime | None = None
    """Date recorded on tracked changes; ``None`` means :attr:`modified`."""


def markdown_to_docx(
    markdown: str,
    properties: DocumentProperties,
    *,
    source: str = "<markdown>",
    reference: Path | None = None,
) -> bytes:
    """Render Markdown to a complete .docx file, returned as bytes.

    ``source`` names the Markdown's origin in error messages (for example
    ``templates/change-board-paper.md.j2``); ``reference`` defaults to
    ``templates/reference.docx``. Raises :class:`~generator.errors.BuildError` for
    characters a Word document cannot hold (located by line and column), for Markdown the
    writer cannot represent (images, a footnote citing a footnote) and for an unusable
    reference document.
    """
    # The writer (python-docx and lxml for the reference document) and the Markdown parser are
    # imported only when a Word file is made: the site shows a document's Markdown long before
    # it needs its download.
    from generator.render.docx_body import convert
    from generator.render.docx_styles import DEFAULT_REFERENCE, load_reference
    from generator.render.markdown import parse

    problems = _character_problems(markdown, source, "text")
    problems += _property_problems(properties, source)
    if problems:
        raise BuildError(problems[:_MAX_PROBLEMS])
    ref = load_reference(reference if reference is not None else DEFAULT_REFERENCE)
    tokens = parse(markdown)
    converted = convert(
        tokens,
        ref,
        source=source,
        revision_author=properties.revision_author,
        revision_date=_iso(properties.revision_date or properties.modified),
        first_link_rid=ref.first_free_rid,
    )
    _check_decoded(converted, tokens, source)
    return _package(ref, converted, properties)


def body_to_docx(
    body: Callable[[Reference], str],
    properties: DocumentProperties,
    *,
    source: str = "<body>",
    reference: Path | None = None,
) -> bytes:
    """A complete .docx whose body is WordprocessingML written by ``body`` (given the
    reference, for its style IDs and text width), on ``templates/reference.docx`` like
    :func:`markdown_to_docx`: for documents Markdown cannot express, such as a form of
    content controls. ``body`` escapes its text (:func:`~generator.render.docx_xml.xml_text`).
    """
    from generator.render.docx_body import Converted
    from generator.render.docx_styles import DEFAULT_REFERENCE, load_reference

    problems = _property_problems(properties, source)
    if problems:
        raise BuildError(problems[:_MAX_PROBLEMS])
    ref = load_reference(reference if reference is not None else DEFAULT_REFERENCE)
    xml = body(ref)
    match = INVALID_XML_CHAR.search(xml)
    if match:
        raise BuildError(
            [
                Problem(
                    Location(source),
                    "text",
                    f"character U+{ord(match.group()):04X} is not allowed in a Word document",
                )
            ]
        )
    return _package(ref, Converted(body=xml, footnotes="", nums=""), properties)


def _package(ref: Reference, converted: Converted, properties: DocumentProperties) -> bytes:
    from generator.render.docx_package import GeneratedParts, assemble

    generated = GeneratedParts(core=_core_xml(properties), footer=_footer_xml(ref, properties))
    return assemble(ref, converted, generated, date_time=_zip_time(properties.modified))


def write_docx(
    path: Path,
    markdown: str,
    properties: DocumentProperties,
    *,
    source: str = "<markdown>",
    reference: Path | None = None,
) -> None:
    """Render like :func:`markdown_to_docx` and write the file at ``path`` atomically.

    The file is first written beside ``path`` and then renamed over it, so on any error
    the previous file is left as it was.
    """
    data = markdown_to_docx(markdown, properties, source=source, reference=reference)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, data)


def _character_problems(text: str, source: str, field: str) -> list[Problem]:
    """One located problem per character XML (and so Word) cannot hold."""
    if INVALID_XML_CHAR.search(text) is None:
        return []
    problems = []
    for match in INVALID_XML_CHAR.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        problems.append(
            Problem(
                Location(source, line, column),
                field,
                f"character U+{ord(match.group()):04X} is not allowed in a Word document",
            )
        )
        if len(problems) >= _MAX_PROBLEMS:
            break
    return problems


def _property_problems(properties: DocumentProperties, source: str) -> list[Problem]:
    problems: list[Problem] = []
    texts = {
        "title": properties.title,
        "subject": properties.subject,
        "author": properties.author,
        "footer_label": properties.footer_label,
        "revision_author": properties.revision_author,
    }
    texts.update({f"keywords[{i}]": k for i, k in enumerate(properties.keywords)})
    for name, value in texts.items():
        for problem in _character_problems(value, source, f"properties.{name}"):
            problems.append(Problem(Location(source), problem.field, problem.message))
    return problems


def _check_decoded(converted: Converted, tokens: Sequence[Token], source: str) -> None:
    """Catch forbidden characters that entered through character references (``&#12;``)."""
    if not (
        INVALID_XML_CHAR.search(converted.body) or INVALID_XML_CHAR.search(converted.footnotes)
    ):
        return
    problems = []
    for token in tokens:
        texts = [child.content for child in token.children or ()] or [token.content]
        for text in texts:
            match = INVALID_XML_CHAR.search(text)
            if match:
                line = token.map[0] + 1 if token.map else 0
                problems.append(
                    Problem(
                        Location(source, line),
                        "text",
                        f"character U+{ord(match.group()):04X} (written as a character"
                        " reference) is not allowed in a Word document",
                    )
                )
                break
    raise BuildError(problems[:_MAX_PROBLEMS] or [Problem(Location(source), "text", "invalid")])


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _iso(moment: datetime.datetime) -> str:
    """W3C/ISO 8601 date-time in UTC, to the second, as Word writes it."""
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _zip_time(moment: datetime.datetime) -> tuple[int, int, int, int, int, int]:
    """Zip entry timestamp: ``moment`` in UTC, clamped to what the zip format can hold."""
    when = min(max(_utc(moment), _ZIP_EPOCH), _ZIP_END)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def _core_xml(properties: DocumentProperties) -> str:
    """docProps/core.xml: title, subject, creator, keywords, dates, revision 1."""
    author = xml_text(properties.author)
    keywords = xml_text("; ".join(properties.keywords))
    return (
        f"{DECLARATION}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(properties.title)}</dc:title>"
        f"<dc:subject>{xml_text(properties.subject)}</dc:subject>"
        f"<dc:creator>{author}</dc:creator>"
        f"<cp:keywords>{keywords}</cp:keywords>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">'
        f"{_iso(properties.created)}</dcterms:created>"
        '<dcterms:modified xsi:type="dcterms:W3CDTF">'
        f"{_iso(properties.modified)}</dcterms:modified>"
        "</cp:coreProperties>"
    )


def _field(instruction: str) -> str:
    """A complex field (begin / instruction / separate / placeholder result / end)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _footer_xml(reference: Reference, properties: DocumentProperties) -> str:
    """Footer paragraph: label, tab (right-aligned tab stop in the Footer style), then
    "Page {PAGE} of {NUMPAGES}"."""
    label = xml_text(properties.footer_label)
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{reference.styles["footer"]}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{label}</w:t></w:r><w:r><w:tab/></w:r>'
        '<w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        f"{_field('PAGE')}"
        '<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
        f"{_field('NUMPAGES')}</w:p>"
    )
