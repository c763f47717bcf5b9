"""Annex A as Word tracked changes, a clean Word version and a Markdown page.

The DOCX is read as XML: for every clause, the text outside ``w:del`` is the after-text (what
Word's Accept All leaves) and the text outside ``w:ins`` the before-text (Reject All). A real
client, LibreOffice, opens the annex and prints it to PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.build import build_timestamp, render_modification
from generator.checks.legal_text import clause_text
from generator.documents.base import Output
from generator.documents.legal import clause_label, clause_views
from generator.load import load_content
from generator.model import LegalTextFile
from tests.clients import libreoffice_convert, pdftotext
from tests.redline_reading import paragraph_versions

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "tests" / "fixtures" / "content"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def outputs(content_dir: Path = CONTENT) -> tuple[dict[str, Output], LegalTextFile]:
    content = load_content(content_dir, ["SECMP0059"])
    mod = content.modifications["SECMP0059"]
    assert mod.legal_text is not None
    rendered = render_modification(content, mod)
    return {o.key: o for o in rendered.outputs}, mod.legal_text


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, Output], LegalTextFile]:
    return outputs()


def body(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def paragraph_text(p: etree._Element, *, skip: str = "") -> str:
    """The paragraph's text, leaving out what lies inside ``w:<skip>`` (``ins`` or ``del``)."""
    out = []
    for el in p.iter(f"{W}t", f"{W}delText"):
        if skip and any(a.tag == f"{W}{skip}" for a in el.iterancestors()):
            continue
        out.append(el.text or "")
    return "".join(out)


def numbered(label: str, text: str | None) -> str:
    return f"{label} {clause_text(text)}" if text else ""


def clause_paragraphs(root: etree._Element, legal: LegalTextFile) -> list[etree._Element]:
    """For each clause, in order, the next paragraph that starts with its number."""
    defined = {c.clause for c in legal.clauses}
    paragraphs = list(root.iter(f"{W}p"))
    found, at = [], 0
    for clause in legal.clauses:
        label = clause_label(clause.clause, defined) + " "
        while not paragraph_text(paragraphs[at]).startswith(label):
            at += 1
        found.append(paragraphs[at])
        at += 1
    return found


def test_outputs_and_keys(built: tuple[dict[str, Output], LegalTextFile]) -> None:
    by_key, _ = built
    assert by_key["legal-text"].filename == "SECMP0059-legal-text.md"
    assert by_key["legal-text-docx"].filename == "SECMP0059-annex-a-legal-text.docx"
    assert by_key["legal-text-clean-docx"].filename == "SECMP0059-annex-a-legal-text-clean.docx"
    page = by_key["legal-text"]
    assert page.markdown is not None and page.data == page.markdown.encode("utf-8")


def test_tracked_changes_accept_to_after_and_reject_to_before(
    built: tuple[dict[str, Output], LegalTextFile],
) -> None:
    by_key, legal = built
    root = body(by_key["legal-text-docx"].content())
    defined = {c.clause for c in legal.clauses}
    for clause, p in zip(legal.clauses, clause_paragraphs(root, legal), strict=True):
        label = clause_label(clause.clause, defined)
        assert paragraph_text(p, skip="del") == numbered(label, clause.after), clause.clause
        assert paragraph_text(p, skip="ins") == numbered(label, clause.before), clause.clause
    changes = root.findall(f".//{W}ins") + root.findall(f".//{W}del")
    assert len(changes) >= 5
    stamp = build_timestamp(load_content(CONTENT, ["SECMP0059"]).modifications["SECMP0059"])
    for change in changes:
        assert change.get(f"{W}author") == "SECAS Team"
        assert change.get(f"{W}date") == stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert change.get(f"{W}id")
    # Deleted text is w:delText inside w:del, never w:t.
    assert all(not d.findall(f".//{W}t") for d in root.iter(f"{W}del"))
    assert root.findall(f".//{W}del//{W}delText")


def test_inserted_clause_is_wholly_inserted_heading_included(
    built: tuple[dict[str, Output], LegalTextFile],
) -> None:
    by_key, legal = built
    root = body(by_key["legal-text-docx"].content())
    inserted = [c for c in legal.clauses if c.before is None]
    assert [c.clause for c in inserted] == ["G8.46A", "G8.46A(a)", "G8.46A(b)"]
    heading = next(
        p
        for p in root.iter(f"{W}p")
        if paragraph_text(p) == "Supplier Parties with Non-Domestic Premises"
    )
    assert paragraph_text(heading, skip="ins") == ""


def test_clean_version_has_no_tracked_changes(
    built: tuple[dict[str, Output], LegalTextFile],
) -> None:
    by_key, legal = built
    root = body(by_key["legal-text-clean-docx"].content())
    assert root.findall(f".//{W}ins") == [] and root.findall(f".//{W}del") == []
    texts = [paragraph_text(p) for p in root.iter(f"{W}p")]
    defined = {c.clause for c in legal.clauses}
    for clause in legal.clauses:
        assert numbered(clause_label(clause.clause, defined), clause.after) in texts


def _inline_versions(markdown: str) -> list[tuple[str, str]]:
    """(accepted, rejected) text of each paragraph of ``markdown``."""
    return paragraph_versions(markdown)


def test_markdown_page_redline_and_clean_version(
    built: tuple[dict[str, Output], LegalTextFile],
) -> None:
    by_key, legal = built
    markdown = by_key["legal-text"].markdown
    assert markdown is not None
    assert "<ins>" in markdown and "<del>" in markdown
    assert "Illustrative drafting" in markdown.split("## ")[0]
    redline, clean = markdown.split("## Clean version", 1)
    defined = {c.clause for c in legal.clauses}
    versions = _inline_versions(redline)
    clean_paragraphs = [a for a, _ in _inline_versions(clean)]
    for clause in legal.clauses:
        label = clause_label(clause.clause, defined)
        assert (numbered(label, clause.after), numbered(label, clause.before)) in versions
        assert numbered(label, clause.after) in clean_paragraphs
    assert "<ins>" not in clean and "<del>" not in clean


def test_markup_in_clause_text_is_escaped(tmp_path: Path) -> None:
    content_dir = tmp_path / "content"
    shutil.copytree(CONTENT, content_dir)
    legal = content_dir / "SECMP0059" / "legal-text.yaml"
    text = legal.read_text(encoding="utf-8")
    old = "the cycle then repeating.\n    states:\n      - parameter: other_user_cycle"
    assert text.count(old) == 1
    legal.write_text(
        text.replace(
            old,
            "the cycle then repeating (see <Schedule> & *Annex*).\n    states:\n"
            "      - parameter: other_user_cycle",
        ),
        encoding="utf-8",
    )
    by_key, legal_text = outputs(content_dir)
    markdown = by_key["legal-text"].markdown
    assert markdown is not None
    assert "repeating<ins> (see &lt;Schedule&gt; &amp; \\*Annex\\*)</ins>." in markdown
    assert "<Schedule>" not in markdown
    after = clause_text(legal_text.clauses[-1].after)
    assert after.endswith("repeating (see <Schedule> & *Annex*).")
    root = body(by_key["legal-text-docx"].content())
    last = clause_paragraphs(root, legal_text)[-1]
    assert paragraph_text(last, skip="del") == f"G8.47 {after}"
    clean = body(by_key["legal-text-clean-docx"].content())
    assert f"G8.47 {after}" in [paragraph_text(p) for p in clean.iter(f"{W}p")]


def test_no_legal_text_no_annex(tmp_path: Path) -> None:
    content_dir = tmp_path / "content"
    shutil.copytree(CONTENT, content_dir)
    (content_dir / "SECMP0059" / "legal-text.yaml").unlink()
    content = load_content(content_dir)
    mod = content.modifications["SECMP0059"]
    assert mod.legal_text is None
    keys = {o.key for o in render_modification(content, mod).outputs}
    assert "change-board-paper" in keys
    assert not {"legal-text", "legal-text-docx", "legal-text-clean-docx"} & keys


# --- a real client: LibreOffice ---------------------------------------------------------------


def _squash(text: str) -> str:
    """Text without whitespace or hyphens (pdftotext joins "Non-" + "Domestic" at line ends)."""
    return "".join(text.split()).replace("-", "")


def test_libreoffice_opens_the_annex_and_prints_the_clauses(
    built: tuple[dict[str, Output], LegalTextFile], tmp_path: Path
) -> None:
    by_key, legal = built
    files = []
    for key in ("legal-text-docx", "legal-text-clean-docx"):
        path = tmp_path / by_key[key].filename
        path.write_bytes(by_key[key].content())
        files.append(path)
    printed = [_squash(pdftotext(pdf)) for pdf in libreoffice_convert(files, "pdf", tmp_path)]
    tracked, clean = printed
    assert _squash("SECMP0059 Annex A: Legal Text") in tracked
    assert _squash("SECMP0059 Annex A: Legal Text (clean version)") in clean
    # LibreOffice prints tracked changes as shown: kept, deleted and inserted text in order.
    for view in clause_views(legal):
        shown = "".join(s.text for s in view.segments)
        assert _squash(shown) in tracked, view.id
    # The clean version prints each clause as it reads after the modification.
    defined = {c.clause for c in legal.clauses}
    for clause in legal.clauses:
        label = clause_label(clause.clause, defined)
        assert _squash(numbered(label, clause.after)) in clean, clause.clause
    assert _squash("supplies more than two hundred and fifty thousand") not in clean
