"""The reference document, loaded once and reduced to what the DOCX writer needs per paper.

python-docx opens the reference package; from it this module keeps

* every part a paper copies unchanged (styles, settings, theme, fonts, headers, ...) as raw
  bytes together with its relationships;
* the style IDs of the styles the writer applies, looked up by style *name*, so a reference
  re-saved by Word (which may rename IDs) still works;
* the list definitions: the ``w:num`` used for bullets and the ``w:abstractNum`` numbered
  lists restart from;
* the final section properties (page size, margins, headers) to close each body with;
* the footnote separators.

Parts the writer regenerates for every paper are the main document, the core properties,
the numbering part (the reference's definitions plus one ``w:num`` per numbered list),
the footnotes part and the footer. :func:`load_reference` caches the result by path,
modification time and size.
"""

from __future__ import annotations

import copy
import functools
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree  # type: ignore[import-untyped]

from generator.errors import BuildError, Location, Problem, display_path
from generator.render.docx_xml import R_NS, W_NS

__all__ = [
    "DEFAULT_REFERENCE",
    "STYLE_NAMES",
    "Reference",
    "Relationship",
    "StaticPart",
    "load_reference",
]

DEFAULT_REFERENCE = Path(__file__).resolve().parents[2] / "templates" / "reference.docx"
"""The committed reference document (``templates/reference.docx``)."""

# Role -> (style name as Word shows it, style type). Names compare case-insensitively.
STYLE_NAMES: Mapping[str, tuple[str, str]] = {
    "title": ("Title", "paragraph"),
    "heading1": ("Heading 1", "paragraph"),
    "heading2": ("Heading 2", "paragraph"),
    "heading3": ("Heading 3", "paragraph"),
    "list_bullet": ("List Bullet", "paragraph"),
    "list_number": ("List Number", "paragraph"),
    "list_continue1": ("List Continue", "paragraph"),
    "list_continue2": ("List Continue 2", "paragraph"),
    "list_continue3": ("List Continue 3", "paragraph"),
    "quote": ("Quote", "paragraph"),
    "code_block": ("Code Block", "paragraph"),
    "horizontal_line": ("Horizontal Line", "paragraph"),
    "table_text": ("Table Text", "paragraph"),
    "table_heading": ("Table Heading", "paragraph"),
    "footnote_text": ("Footnote Text", "paragraph"),
    "footer": ("Footer", "paragraph"),
    "code_char": ("Code Char", "character"),
    "hyperlink": ("Hyperlink", "character"),
    "footnote_reference": ("Footnote Reference", "character"),
    "table": ("Secmod Table", "table"),
}
"""Every style the writer applies, by role."""

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
)

# Relationships from the main document whose targets the writer produces itself.
_GENERATED_FROM_DOCUMENT = {RT.NUMBERING, RT.FOOTNOTES, RT.FOOTER, RT.HYPERLINK}
_RID = re.compile(r"rId(\d+)$")


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship of a part, as written to its ``.rels`` file."""

    rid: str
    reltype: str
    target: str
    external: bool = False


@dataclass(frozen=True, slots=True)
class StaticPart:
    """A part copied unchanged into every paper."""

    name: str
    """Zip member name, e.g. ``word/styles.xml``."""
    content_type: str
    data: bytes
    rels: tuple[Relationship, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    """What the writer takes from a reference document (see the module docstring)."""

    path: Path
    static_parts: tuple[StaticPart, ...]
    package_rels: tuple[Relationship, ...]
    """Package relationships (``_rels/.rels``), core properties included."""
    core_name: str
    document_name: str
    document_rels: tuple[Relationship, ...]
    """The main document's relationships to static parts."""
    numbering_name: str
    numbering_rid: str
    numbering_head: str
    """numbering.xml up to where per-paper ``w:num`` elements go."""
    numbering_tail: str
    bullet_num_id: int
    number_abstract_id: int
    first_free_num_id: int
    footnotes_name: str
    footnotes_rid: str
    footnote_separators: str
    footer_name: str
    footer_rid: str
    first_free_rid: int
    """Relationship IDs ``rId<n>`` from this number on are unused in the main document."""
    sect_pr: str
    """Final section properties with the footer reference already pointing at the footer."""
    text_width: int
    """Page width minus side margins, in twips."""
    styles: Mapping[str, str]
    """Role (see :data:`STYLE_NAMES`) -> style ID."""


def load_reference(path: Path) -> Reference:
    """Load (or fetch from the cache) the reference document at ``path``."""
    try:
        stat = path.stat()
    except OSError as error:
        raise _error(path, "file", f"cannot read the reference document: {error}") from error
    return _load(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _error(path: Path | str, field: str, message: str) -> BuildError:
    return BuildError([Problem(Location(display_path(path)), field, message)])


@functools.lru_cache(maxsize=4)
def _load(path_text: str, mtime_ns: int, size: int) -> Reference:
    """Read the reference; the modification time and size only key the cache."""
    del mtime_ns, size
    path = Path(path_text)
    document = _open(path)
    main = document.part
    styles = _style_ids(path, document)
    numbering = _numbering(path, main, styles)
    generated: dict[str, str] = {str(main.partname): "document"}  # partname -> role
    package_rels, core_name = _package_rels(main.package, generated)
    rels = _document_rels(main, generated)
    static_parts = tuple(_static_parts(main.package, main, generated))
    taken = {part.name for part in static_parts} | {rels.numbering_name, rels.footnotes_name}
    footer_name = next(name for n in range(1, 1000) if (name := f"word/footer{n}.xml") not in taken)
    first_free = _next_number([str(rid) for rid in main.rels])  # generated ones included
    footer_rid = f"rId{first_free + 2}"
    sect_pr, text_width = _section(path, document, footer_rid)
    head, tail = numbering["split"]
    return Reference(
        path=path,
        static_parts=static_parts,
        package_rels=package_rels,
        core_name=core_name,
        document_name=_member(main.partname),
        document_rels=rels.static,
        numbering_name=rels.numbering_name,
        numbering_rid=rels.numbering_rid or f"rId{first_free}",
        numbering_head=head,
        numbering_tail=tail,
        bullet_num_id=numbering["bullet_num"],
        number_abstract_id=numbering["number_abstract"],
        first_free_num_id=numbering["free_num"],
        footnotes_name=rels.footnotes_name,
        footnotes_rid=rels.footnotes_rid or f"rId{first_free + 1}",
        footnote_separators=rels.separators,
        footer_name=footer_name,
        footer_rid=footer_rid,
        first_free_rid=first_free + 3,
        sect_pr=sect_pr,
        text_width=text_width,
        styles=styles,
    )


def _open(path: Path) -> Any:
    """The reference as a python-docx ``Document``."""
    try:
        return docx.Document(str(path))
    except (
        OSError,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
        PackageNotFoundError,
    ) as error:
        raise _error(path, "file", f"not a readable Word document: {error}") from error


def _package_rels(package: Any, generated: dict[str, str]) -> tuple[tuple[Relationship, ...], str]:
    """The package relationships (one to the core properties added if missing) and the core
    properties' member name; records the core properties part in ``generated``."""
    package_rels: list[Relationship] = []
    core_name = "docProps/core.xml"
    for rel in package.rels.values():
        if rel.reltype == RT.CORE_PROPERTIES:
            core_name = _member(rel.target_part.partname)
            generated[str(rel.target_part.partname)] = "core"
        package_rels.append(Relationship(rel.rId, rel.reltype, rel.target_ref, rel.is_external))
    if not any(r.reltype == RT.CORE_PROPERTIES for r in package_rels):
        package_rels.append(
            Relationship(_next_rid(r.rid for r in package_rels), RT.CORE_PROPERTIES, core_name)
        )
    return tuple(package_rels), core_name


@dataclass(slots=True)
class _DocumentRels:
    """The main document's relationships: to static parts, and to the parts made per paper
    (an empty ID means the reference has no such part)."""

    static: tuple[Relationship, ...] = ()
    footnotes_name: str = "word/footnotes.xml"
    footnotes_rid: str = ""
    separators: str = _SEPARATORS
    numbering_name: str = "word/numbering.xml"
    numbering_rid: str = ""


def _document_rels(main: Any, generated: dict[str, str]) -> _DocumentRels:
    """Sort the main document's relationships; records generated parts in ``generated``."""
    found = _DocumentRels()
    static: list[Relationship] = []
    for rel in main.rels.values():
        if rel.reltype not in _GENERATED_FROM_DOCUMENT:
            static.append(Relationship(rel.rId, rel.reltype, rel.target_ref, rel.is_external))
        elif rel.reltype == RT.FOOTNOTES:
            found.footnotes_name, found.footnotes_rid = _member(rel.target_part.partname), rel.rId
            generated[str(rel.target_part.partname)] = "footnotes"
            found.separators = _separators_of(rel.target_part.blob) or found.separators
        elif rel.reltype == RT.NUMBERING:
            found.numbering_name, found.numbering_rid = _member(rel.target_part.partname), rel.rId
            generated[str(rel.target_part.partname)] = "numbering"
    found.static = tuple(static)
    return found


def _member(partname: Any) -> str:
    """Zip member name of a python-docx ``PackURI`` (no leading slash)."""
    return str(partname).lstrip("/")


def _next_number(rids: Iterator[str] | list[str]) -> int:
    numbers = [int(m.group(1)) for rid in rids if (m := _RID.match(rid))]
    return max(numbers, default=0) + 1


def _next_rid(rids: Iterator[str]) -> str:
    return f"rId{_next_number(list(rids))}"


def _static_parts(package: Any, main: Any, generated: Mapping[str, str]) -> Iterator[StaticPart]:
    """Every part reachable from the package without passing through generated targets."""
    seen: set[str] = set(generated)
    pending: list[Any] = []
    for rel in package.rels.values():
        if not rel.is_external:
            pending.append(rel.target_part)
    for rel in main.rels.values():
        if not rel.is_external and rel.reltype not in _GENERATED_FROM_DOCUMENT:
            pending.append(rel.target_part)
    parts: dict[str, StaticPart] = {}
    while pending:
        part = pending.pop(0)
        name = str(part.partname)
        if name in seen:
            continue
        seen.add(name)
        rels = tuple(
            Relationship(r.rId, r.reltype, r.target_ref, r.is_external) for r in part.rels.values()
        )
        parts[name] = StaticPart(_member(name), part.content_type, part.blob, rels)
        pending.extend(r.target_part for r in part.rels.values() if not r.is_external)
    for name in sorted(parts):
        yield parts[name]


def _style_ids(path: Path, document: Any) -> dict[str, str]:
    """Map each role in :data:`STYLE_NAMES` to the reference's style ID, by style name."""
    by_name: dict[str, tuple[str, str]] = {}
    kinds = {1: "paragraph", 2: "character", 3: "table", 4: "numbering"}
    for style in document.styles:
        if style.name is None or style.style_id is None:
            continue
        kind = kinds.get(int(style.type), "unknown")
        by_name.setdefault(style.name.casefold(), (style.style_id, kind))
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for role, (name, kind) in STYLE_NAMES.items():
        entry = by_name.get(name.casefold())
        if entry is None or entry[1] != kind:
            problems.append(
                Problem(
                    Location(display_path(path)),
                    "styles",
                    f"the reference document has no {kind} style named {name!r}",
                )
            )
        else:
            found[role] = entry[0]
    if problems:
        raise BuildError(problems)
    return found


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _numbering(path: Path, main: Any, styles: Mapping[str, str]) -> dict[str, Any]:
    """The bullet ``w:num``, the numbered-list ``w:abstractNum`` and numbering.xml split
    at the point where new ``w:num`` elements are appended."""
    try:
        root = copy.deepcopy(main.numbering_part.element)
    except (KeyError, NotImplementedError) as error:  # pragma: no cover - defensive
        raise _error(path, "numbering", f"no numbering definitions: {error}") from error
    style_root = main.styles.element

    def style_num(role: str) -> int:
        style = style_root.find(f"{_w('style')}[@{_w('styleId')}='{styles[role]}']")
        num = None if style is None else style.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
        if num is None:
            raise _error(
                path,
                "numbering",
                f"style {STYLE_NAMES[role][0]!r} is not linked to a list definition",
            )
        return int(num.get(_w("val")))

    nums = {int(n.get(_w("numId"))): n for n in root.findall(_w("num"))}
    bullet = style_num("list_bullet")
    number = style_num("list_number")
    for num_id in (bullet, number):
        if num_id not in nums:
            raise _error(path, "numbering", f"list definition w:numId={num_id} is missing")
    abstract = nums[number].find(_w("abstractNumId"))
    if abstract is None:
        raise _error(path, "numbering", f"w:num {number} has no w:abstractNumId")
    for cleanup in root.findall(_w("numIdMacAtCleanup")):
        root.remove(cleanup)
    if root.nsmap.get("w") != W_NS:
        raise _error(path, "numbering", "numbering.xml does not use the w: prefix")
    text = etree.tostring(root, encoding="unicode")
    end = text.rindex("</w:numbering>") if text.endswith("</w:numbering>") else -1
    if end < 0:  # an empty root serialises as <w:numbering .../>
        text = text[: -len("/>")] + ">"
        head, tail = text, "</w:numbering>"
    else:
        head, tail = text[:end], text[end:]
    return {
        "split": (head, tail),
        "bullet_num": bullet,
        "number_abstract": int(abstract.get(_w("val"))),
        "free_num": max(nums) + 1,
    }


def _separators_of(blob: bytes) -> str | None:
    """The separator footnotes (``w:type`` set) of a footnotes part, re-serialised."""
    try:
        root = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return None
    kept = [f for f in root.findall(_w("footnote")) if f.get(_w("type"))]
    if not kept:
        return None
    holder = etree.Element(_w("footnotes"), nsmap={"w": W_NS, "r": R_NS})
    for footnote in kept:
        holder.append(copy.deepcopy(footnote))
    etree.cleanup_namespaces(holder)
    text = str(etree.tostring(holder, encoding="unicode"))
    return text[text.index(">") + 1 : text.rindex("</w:footnotes>")]


def _section(path: Path, document: Any, footer_rid: str) -> tuple[str, int]:
    """The body's final ``w:sectPr`` with its footers replaced by ours, and the text width."""
    body = document.element.body
    found = body.find(_w("sectPr"))
    sect = copy.deepcopy(found) if found is not None else etree.Element(_w("sectPr"))
    for tag in ("footerReference", "titlePg"):
        for element in sect.findall(_w(tag)):
            sect.remove(element)
    for attribute in list(sect.attrib):
        if attribute.startswith(_w("rsid")):
            del sect.attrib[attribute]
    footer = etree.Element(_w("footerReference"), nsmap={"w": W_NS, "r": R_NS})
    footer.set(_w("type"), "default")
    footer.set(f"{{{R_NS}}}id", footer_rid)
    headers = sect.findall(_w("headerReference"))
    if headers:
        headers[-1].addnext(footer)
    else:
        sect.insert(0, footer)
    holder = etree.Element(_w("body"), nsmap={"w": W_NS, "r": R_NS})
    holder.append(sect)
    etree.cleanup_namespaces(holder)
    text = etree.tostring(sect, encoding="unicode")
    size = sect.find(_w("pgSz"))
    margins = sect.find(_w("pgMar"))
    try:
        width = int(size.get(_w("w"))) if size is not None else 11906
        left = int(margins.get(_w("left"), 1440)) if margins is not None else 1440
        right = int(margins.get(_w("right"), 1440)) if margins is not None else 1440
    except (TypeError, ValueError) as error:
        raise _error(path, "section", f"unreadable page size or margins: {error}") from error
    return text, max(width - left - right, 1440)
