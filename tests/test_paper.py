"""The Change Board paper as Word: structure, facts, consistency, determinism and bad input."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from generator.build import render_modification
from generator.cli import cli
from generator.load import load_content
from generator.rules import parameters
from tests.clients import docx_to_pdf, pdf_pages, pdf_text
from tests.conftest import CONTENT, ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
PAPER = "SECMP0059-change-board-paper.docx"


def build_paper(content: Path = CONTENT) -> bytes:
    loaded = load_content(content)
    outputs = render_modification(loaded, loaded.modifications["SECMP0059"], only=["paper"]).outputs
    (paper,) = [o for o in outputs if o.key == "change-board-paper"]
    return paper.content()


@pytest.fixture(scope="module")
def paper_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paper") / PAPER
    path.write_bytes(build_paper())
    return path


def part(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def paragraph_texts(root: Any) -> list[str]:
    return ["".join(p.itertext()) for p in root.iter(f"{W}p")]


def body_text(path: Path) -> str:
    return " ".join(paragraph_texts(part(path, "word/document.xml")))


EXPECTED_HEADINGS = [
    ("Title", "SECMP0059 Change Board vote"),
    ("Heading 1", "1. Purpose"),
    ("Heading 1", "2. Summary of the proposal"),
    ("Heading 2", "What is the issue?"),
    ("Heading 3", "Non-domestic energy Suppliers"),
    ("Heading 3", "Other Users"),
    ("Heading 2", "What is the Proposed Solution?"),
    ("Heading 3", "Non-Domestic Suppliers"),
    ("Heading 3", "Other Users"),
    ("Heading 1", "3. Modification Report Consultation responses"),
    ("Heading 1", "4. Next steps"),
    ("Heading 2", "Determination approach"),
    ("Heading 2", "Implementation approach"),
    ("Heading 1", "5. Recommendations"),
    ("Heading 1", "Attachments"),
]


def test_headings_are_word_heading_styles_in_order(paper_file: Path) -> None:
    document = docx.Document(str(paper_file))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
    assert headings == EXPECTED_HEADINGS
    styles = part(paper_file, "word/styles.xml")
    for level in (1, 2, 3):
        style = styles.find(f".//w:style[@w:styleId='Heading{level}']", NS)
        assert style is not None
        assert style.find("w:pPr/w:outlineLvl", NS).get(f"{W}val") == str(level - 1)


def test_the_sign_off_is_one_paragraph_so_no_page_splits_it(paper_file: Path) -> None:
    """Author, team and date are lines of one paragraph (breaks, not paragraphs): with Word's
    widow control a three-line paragraph is never split over two pages."""
    from generator.load import load_content as load

    paper = load(CONTENT).modifications["SECMP0059"].modification.paper
    body = part(paper_file, "word/document.xml").find(f"{W}body")
    (signed,) = [p for p in body.iter(f"{W}p") if paper.author in "".join(p.itertext())]
    assert len(signed.findall(f".//{W}br")) == 2
    assert paper.team in "".join(signed.itertext())


def list_items(path: Path) -> list[tuple[str, int, int]]:
    """(text, numId, ilvl) of every numbered or bulleted paragraph."""
    items = []
    for p in part(path, "word/document.xml").iter(f"{W}p"):
        num = p.find("w:pPr/w:numPr", NS)
        if num is not None:
            items.append(
                (
                    "".join(p.itertext()),
                    int(num.find("w:numId", NS).get(f"{W}val")),
                    int(num.find("w:ilvl", NS).get(f"{W}val")),
                )
            )
    return items


def test_lists_are_real_word_lists(paper_file: Path) -> None:
    items = list_items(paper_file)
    texts = [t for t, _, _ in items]
    years = [i for i in items if i[0].startswith("Year ")]
    assert [t for t, _, _ in years] == [
        "Year 1 – The Other User will schedule a Full User Security Assessment",
        "Year 2 – The Other User will schedule a Verification User Security Assessment",
        "Year 3 – The Other User will schedule a User Security Self-Assessment",
    ]
    assert len({n for _, n, _ in years}) == 1
    assert not any(t.lstrip().startswith(("•", "-", "*")) for t in texts), "typed bullets"
    nested = {t: level for t, _, level in items}
    assert nested["Appendix A: SECMP0059 Modification Report"] == 0
    assert nested["Annex A: Legal Text"] == 1
    assert nested["Annex B: SECMP0059 Working Group Consultation Responses"] == 1
    numbering = part(paper_file, "word/numbering.xml")
    formats = {f.get(f"{W}val") for f in numbering.iter(f"{W}numFmt")}
    assert "bullet" in formats
    assert any(t.startswith("AGREE that SECMP0059") for t in texts)


def footnotes(path: Path) -> dict[str, str]:
    notes = part(path, "word/footnotes.xml")
    return {
        n.get(f"{W}id"): "".join(n.itertext()).strip()
        for n in notes.findall("w:footnote", NS)
        if n.get(f"{W}type") is None
    }


def test_footnotes_are_exactly_the_objectives_cited(paper_file: Path) -> None:
    objectives = load_content(CONTENT).objectives
    notes = footnotes(paper_file)
    assert sorted(notes.values()) == sorted(objectives[k].text for k in "afg")
    # Each reference sits right after the objective's letter in the sentence that cites it.
    document = part(paper_file, "word/document.xml")
    cited: list[tuple[str, str]] = []
    for p in document.iter(f"{W}p"):
        before = ""
        for node in p.iter(f"{W}t", f"{W}footnoteReference"):
            if node.tag == f"{W}t":
                before += node.text or ""
            else:
                cited.append((before[-40:], notes[node.get(f"{W}id")]))
    assert len(cited) == 3
    for (text, note), letter in zip(cited, "afg", strict=True):
        assert text.endswith(f"({letter})"), text
        assert note == objectives[letter].text
    assert "SEC Objectives (a)" in cited[0][0] + cited[1][0]
    assert "SEC Objective (g)" in cited[2][0]


def test_table_has_a_repeated_header_row(paper_file: Path) -> None:
    document = part(paper_file, "word/document.xml")
    (table,) = document.iter(f"{W}tbl")
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert ["".join(c.itertext()) for c in rows[0].findall("w:tc", NS)] == [
        "Respondent category",
        "Approve",
        "Reject",
        "Neutral",
    ]
    assert ["".join(c.itertext()) for c in rows[-1].findall("w:tc", NS)] == ["Total", "8", "0", "1"]


def test_footer_page_fields_and_a4(paper_file: Path) -> None:
    with zipfile.ZipFile(paper_file) as z:
        footers = [n for n in z.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)]
    assert footers
    footer = part(paper_file, footers[0])
    instructions = " ".join(i.text or "" for i in footer.iter(f"{W}instrText"))
    instructions += " ".join(f.get(f"{W}instr") or "" for f in footer.iter(f"{W}fldSimple"))
    assert re.search(r"\bPAGE\b", instructions) and re.search(r"\bNUMPAGES\b", instructions)
    assert "SECMP0059" in "".join(footer.itertext())
    size = part(paper_file, "word/document.xml").find(".//w:sectPr/w:pgSz", NS)
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")


def test_core_properties(paper_file: Path) -> None:
    props = docx.Document(str(paper_file)).core_properties
    assert props.title == "SECMP0059 Change Board vote"
    assert props.subject.startswith("Amendments to SEC Security Assessments")
    assert props.author == "Joe Hehir"
    assert "SECMP0059" in props.keywords
    assert props.created.date() == dt.date(2019, 1, 16)
    assert props.modified.date() == dt.date(2019, 1, 16)


def test_no_direct_formatting_fights_the_styles(paper_file: Path) -> None:
    document = part(paper_file, "word/document.xml")
    for tag in ("rFonts", "sz", "color", "spacing", "ind"):
        assert not list(document.iter(f"{W}{tag}")), f"direct formatting w:{tag}"
    # Alignment only where the Markdown asks for it: the numeric columns of tables.
    for jc in document.iter(f"{W}jc"):
        assert any(a.tag == f"{W}tc" for a in jc.iterancestors()), "w:jc outside a table"


SEED_FACTS = [
    "SECMP0059 Change Board vote",
    "Amendments to SEC Security Assessments for Non-Domestic Suppliers and Other Users",
    "Self-Governance",
    "50,000",
    "250,000",
    "We received nine responses to the Modification Report Consultation",
    "Eight respondents (five Large Suppliers, two Small Suppliers and one Other SEC Party)",
    "One respondent (an Other SEC Party) was neutral",
    "SEC Objectives (a)",
    "Two respondents also believed",
    "SEC Objective (g)",
    "Security Controls Framework (SCF) v1.15",
    "10 Working Day objection period",
    "28 February 2019 (February 2019 SEC Release) if a decision to approve is received by "
    "14 February 2019",
    "10 Working Days following approval if a decision to approve is made after 14 February 2019",
    "would be implemented on 28 February 2019",
    "Year 2 – The Other User will schedule a Verification User Security Assessment",
    "AGREE that SECMP0059 should proceed to vote",
    "Joe Hehir",
    "SECAS Team",
    "16 January 2019",
    "Appendix B: SECMP0059 Modification Report Consultation responses",
    "To ensure the protection of Data and the security of Data and Systems",
]


def test_real_client_libreoffice_renders_every_fact(paper_file: Path, tmp_path: Path) -> None:
    pdf = docx_to_pdf(paper_file, tmp_path)
    text = pdf_text(pdf)
    missing = [fact for fact in SEED_FACTS if fact not in text]
    assert not missing, f"not in the PDF: {missing}"
    for _, heading in EXPECTED_HEADINGS:
        assert heading in text
    pages = pdf_pages(pdf)
    assert 3 <= pages <= 6
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def patch_parameter(monkeypatch: pytest.MonkeyPatch, attribute: str, value: int) -> None:
    old = getattr(parameters, attribute)
    new = parameters.Parameter(
        old.name, old.description, old.reference, ((old.values[0][0], value),)
    )
    monkeypatch.setattr(parameters, attribute, new)
    monkeypatch.setitem(parameters.PARAMETERS, old.name, new)


def test_paper_follows_the_rules_and_the_responses(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    patch_parameter(monkeypatch, "NON_DOMESTIC_THRESHOLD", 40_000)
    responses = content_copy / "SECMP0059" / "responses.yaml"
    text = responses.read_text(encoding="utf-8")
    responses.write_text(text.replace("position: approve", "position: reject", 1), encoding="utf-8")
    path = tmp_path / PAPER
    path.write_bytes(build_paper(content_copy))
    body = body_text(path)
    assert "40,000 Non-Domestic Premises" in body
    assert not re.search(r"(?<![\d,])50,000", body)
    assert (
        "Seven respondents (four Large Suppliers, two Small Suppliers and one Other SEC Party)"
        in body
    )
    assert "One respondent (a Large Supplier) believed that SECMP0059 should be rejected" in body


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    runner = CliRunner()
    for out in ("a", "b"):
        result = runner.invoke(
            cli, ["build", "--content", str(CONTENT), "--out", str(tmp_path / out)]
        )
        assert result.exit_code == 0, result.output
    a = sorted((tmp_path / "a").rglob("*.*"))
    b = sorted((tmp_path / "b").rglob("*.*"))
    assert [p.name for p in a] == [p.name for p in b] and a
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name
    with zipfile.ZipFile(tmp_path / "a" / "SECMP0059" / PAPER) as z:
        assert {info.date_time for info in z.infolist()} == {(2019, 1, 16, 0, 0, 0)}


def test_source_date_epoch_sets_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    first, second = build_paper(), build_paper()
    assert first == second
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_paper() != first
    with zipfile.ZipFile(__import__("io").BytesIO(first)) as z:
        core = z.read("docProps/core.xml").decode()
        assert {info.date_time for info in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert "2023-11-14T22:13:20Z" in core


@pytest.fixture
def templates_copy(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", target)
    return target


def break_template(templates: Path, line: int, text: str) -> Path:
    path = templates / "change-board-paper.md.j2"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def build_with(templates: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["build", "--content", str(CONTENT), "--out", str(out), "--templates", str(templates)]
    )
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("inserted", "message"),
    [
        ("{{ no_such_variable }}", "template error: 'no_such_variable' is undefined"),
        ("{% if %}", "template syntax error"),
        ("{{ tally.no_such_method() }}", "template error: "),
    ],
)
def test_template_errors_name_the_file_and_line(
    templates_copy: Path, tmp_path: Path, inserted: str, message: str
) -> None:
    break_template(templates_copy, 12, inserted)
    out = tmp_path / "out"
    code, stderr = build_with(templates_copy, out)
    assert code == 2
    assert re.search(r"change-board-paper\.md\.j2:12: " + re.escape(message), stderr), stderr
    assert "Traceback" not in stderr
    assert not out.exists()


def test_control_character_from_a_template_is_located_not_written(
    templates_copy: Path, tmp_path: Path
) -> None:
    break_template(templates_copy, 12, "A bell \x07 rings.")
    out = tmp_path / "out"
    code, stderr = build_with(templates_copy, out)
    assert code == 2
    assert re.search(r"change-board-paper\.md\.j2:\d+:\d+: .*U\+0007", stderr), stderr
    assert not out.exists()


def test_building_several_modifications_shows_a_summary(content_copy: Path, tmp_path: Path) -> None:
    clone = content_copy / "SECMP0060"
    shutil.copytree(content_copy / "SECMP0059", clone)
    main = clone / "modification.yaml"
    main.write_text(main.read_text().replace("id: SECMP0059", "id: SECMP0060"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--content", str(content_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    count = len([p for p in content_copy.iterdir() if (p / "modification.yaml").is_file()])
    assert re.search(rf"built {count} modifications: \d+ files in .*out/", result.stdout)
    assert (out / "SECMP0060" / "SECMP0060-change-board-paper.docx").is_file()
    assert (out / "SECMP0059" / PAPER).is_file()


def test_build_only_the_requested_modification(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "SECMP0059", "--content", str(CONTENT), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0
    result = CliRunner().invoke(
        cli, ["build", "SECMP0999", "--content", str(CONTENT), "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2 and "no such modification" in result.stderr
