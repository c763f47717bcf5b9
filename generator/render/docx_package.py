"""Assemble a .docx (an OPC zip package) from the reference's static parts and new XML.

Everything that varies between two runs is fixed here: entries are written in a fixed
order, all with the same timestamp and the same compression, and relationship IDs are
numbered in order of first use. The same inputs therefore give byte-identical files.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.render.docx_body import Converted
from generator.render.docx_styles import Reference, Relationship
from generator.render.docx_xml import DECLARATION, R_NS, W_NS, xml_attr

__all__ = ["GeneratedParts", "assemble", "rels_name"]

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_ROOT_NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_COMPRESSION = zipfile.ZIP_DEFLATED
_LEVEL = 6


@dataclass(frozen=True, slots=True)
class GeneratedParts:
    """The paper-specific XML that is not produced from the Markdown body."""

    core: str
    """docProps/core.xml content."""
    footer: str
    """Content of the footer part's ``w:ftr`` element."""


def rels_name(part_name: str) -> str:
    """The member name of the relationships file belonging to ``part_name``."""
    folder, base = posixpath.split(part_name)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _rels_xml(rels: Iterable[Relationship]) -> bytes:
    items = []
    for rel in rels:
        mode = ' TargetMode="External"' if rel.external else ""
        items.append(
            f'<Relationship Id="{rel.rid}" Type="{rel.reltype}" '
            f'Target="{xml_attr(rel.target)}"{mode}/>'
        )
    return (
        f'{DECLARATION}<Relationships xmlns="{_RELS_NS}">{"".join(items)}</Relationships>'.encode()
    )


def _content_types(parts: dict[str, str]) -> bytes:
    """[Content_Types].xml for parts given as member name -> content type."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for name, content_type in parts.items():
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension and extension not in defaults and extension != "xml":
            defaults[extension] = content_type
        if defaults.get(extension) != content_type:
            overrides[name] = content_type
    items = [
        f'<Default Extension="{xml_attr(ext)}" ContentType="{xml_attr(ct)}"/>'
        for ext, ct in sorted(defaults.items())
    ]
    items += [
        f'<Override PartName="/{xml_attr(name)}" ContentType="{xml_attr(ct)}"/>'
        for name, ct in sorted(overrides.items())
    ]
    return f'{DECLARATION}<Types xmlns="{_TYPES_NS}">{"".join(items)}</Types>'.encode()


def assemble(
    reference: Reference,
    converted: Converted,
    generated: GeneratedParts,
    *,
    date_time: tuple[int, int, int, int, int, int],
) -> bytes:
    """Build the complete package and return the bytes of the .docx file."""
    members: dict[str, bytes] = {}
    types: dict[str, str] = {}
    _paper_parts(reference, converted, generated, members, types)
    members["_rels/.rels"] = _rels_xml(reference.package_rels)
    for part in reference.static_parts:
        members[part.name] = part.data
        types[part.name] = part.content_type
        if part.rels:
            members[rels_name(part.name)] = _rels_xml(part.rels)
    first = ["[Content_Types].xml", "_rels/.rels"]
    members["[Content_Types].xml"] = _content_types(types)
    order = first + sorted(name for name in members if name not in first)
    return _zip(members, order, date_time)


def _paper_parts(
    ref: Reference,
    converted: Converted,
    generated: GeneratedParts,
    members: dict[str, bytes],
    types: dict[str, str],
) -> None:
    """Add the parts made for this paper, and their relationships, to ``members`` and
    their content types to ``types``."""

    def add(name: str, content_type: str, data: bytes) -> None:
        members[name] = data
        types[name] = content_type

    add(
        ref.document_name,
        CT.WML_DOCUMENT_MAIN,
        f"{DECLARATION}<w:document {_ROOT_NS}><w:body>{converted.body}{ref.sect_pr}"
        f"</w:body></w:document>".encode(),
    )
    link_rels = [Relationship(rid, RT.HYPERLINK, t, True) for rid, t in converted.body_links]
    members[rels_name(ref.document_name)] = _rels_xml(
        [
            *ref.document_rels,
            Relationship(ref.numbering_rid, RT.NUMBERING, _relative(ref, ref.numbering_name)),
            Relationship(ref.footnotes_rid, RT.FOOTNOTES, _relative(ref, ref.footnotes_name)),
            Relationship(ref.footer_rid, RT.FOOTER, _relative(ref, ref.footer_name)),
            *link_rels,
        ]
    )
    add(
        ref.numbering_name,
        CT.WML_NUMBERING,
        f"{DECLARATION}{ref.numbering_head}{converted.nums}{ref.numbering_tail}".encode(),
    )
    add(
        ref.footnotes_name,
        CT.WML_FOOTNOTES,
        f"{DECLARATION}<w:footnotes {_ROOT_NS}>{ref.footnote_separators}"
        f"{converted.footnotes}</w:footnotes>".encode(),
    )
    if converted.footnote_links:
        members[rels_name(ref.footnotes_name)] = _rels_xml(
            Relationship(rid, RT.HYPERLINK, target, True)
            for rid, target in converted.footnote_links
        )
    add(
        ref.footer_name,
        CT.WML_FOOTER,
        f"{DECLARATION}<w:ftr {_ROOT_NS}>{generated.footer}</w:ftr>".encode(),
    )
    add(ref.core_name, CT.OPC_CORE_PROPERTIES, generated.core.encode())


def _zip(
    members: dict[str, bytes], order: list[str], date_time: tuple[int, int, int, int, int, int]
) -> bytes:
    """The zip of ``members`` in ``order``, every entry with the same time and compression."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", _COMPRESSION, compresslevel=_LEVEL) as package:
        for name in order:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = _COMPRESSION
            info.create_system = 0
            info.external_attr = 0
            package.writestr(info, members[name], compress_type=_COMPRESSION, compresslevel=_LEVEL)
    return buffer.getvalue()


def _relative(reference: Reference, part_name: str) -> str:
    """Relationship target of ``part_name`` relative to the main document's folder."""
    base = posixpath.dirname(reference.document_name)
    return posixpath.relpath(part_name, base) if base else part_name
