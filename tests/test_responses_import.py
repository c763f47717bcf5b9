"""`secmod responses import`: filled forms and spreadsheets into responses.yaml.

Every problem of every file in one run, located (`form.docx: question 1: position: ...`,
`responses.xlsx:7:4: category: ...`), exit status 2 and nothing written; a clean import merges
by respondent, keeps what the author wrote (comments, `discussed`, SECAS replies, YAML
comments), records each response's source and hash, and importing again changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.load import load_content
from generator.render.context import consultation_tally
from generator.tools.make_example_forms import filled_forms
from tests.conftest import CONTENT
from tests.forms_filling import FILLED, fill_with_python_docx


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def imported(content: Path, mod_id: str, *files: Path) -> tuple[int, str, str]:
    return run("responses", "import", mod_id, *map(str, files), "--content", str(content))


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def example_forms(content: Path, folder: Path) -> list[Path]:
    """The nine filled forms of the fixture SECMP0059, as the bundled example makes them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in filled_forms(content, "SECMP0059").items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def blank_form(content: Path, folder: Path) -> Path:
    from generator.build import render_modification

    loaded = load_content(content, ["SECMP0059"])
    (output,) = render_modification(
        loaded, loaded.modifications["SECMP0059"], only=["forms"]
    ).outputs
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / output.filename
    path.write_bytes(output.content())
    return path


def test_reimport_is_idempotent_and_keeps_what_the_author_wrote(copy: Path, tmp_path: Path) -> None:
    responses = copy / "SECMP0059" / "responses.yaml"
    counts = consultation_tally(*_paper(copy, "SECMP0059"))
    forms = example_forms(copy, tmp_path / "forms")
    code, out, err = imported(copy, "SECMP0059", *forms)
    assert code == 0, err
    assert "0 added, 9 updated, 0 unchanged" in out
    mod = load_content(copy, ["SECMP0059"]).modifications["SECMP0059"]
    assert all(r.answers and r.source for r in mod.responses)
    assert {r.source.sha256 for r in mod.responses if r.source} == {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in forms
    }
    assert consultation_tally(*_paper(copy, "SECMP0059")).by_category == counts.by_category

    # The author marks a response discussed and writes comments; a re-import keeps them all.
    text = responses.read_text(encoding="utf-8")
    edited = text.replace(
        "  - respondent: Large Supplier 3\n",
        "  # The author's note on this respondent.\n  - respondent: Large Supplier 3\n",
    ).replace(
        "    comments: Agrees that the modification strengthens Security Assurance Assessments.\n",
        "    comments: Agrees that the modification strengthens Security Assurance Assessments.\n"
        "    discussed: true  # reported on its own\n",
    )
    assert edited != text
    responses.write_text(edited, encoding="utf-8")
    for _ in range(2):
        code, out, err = imported(copy, "SECMP0059", *forms)
        assert code == 0, err
        assert "left unchanged" in out and "0 added, 0 updated, 9 unchanged" in out
        assert responses.read_text(encoding="utf-8") == edited
    assert [r.discussed for r in _paper(copy, "SECMP0059")[0].responses].count(True) == 4


def _paper(content: Path, mod_id: str):  # type: ignore[no-untyped-def]
    mod = load_content(content, [mod_id]).modifications[mod_id]
    return mod, mod.modification.consultation()


def test_a_new_respondent_is_appended_with_its_reasons_as_comments(
    copy: Path, tmp_path: Path
) -> None:
    form = fill_with_python_docx(blank_form(copy, tmp_path), FILLED, tmp_path / "jo.docx")
    code, out, err = imported(copy, "SECMP0059", form)
    assert code == 0, err
    assert "1 added" in out
    mod, consultation = _paper(copy, "SECMP0059")
    new = mod.responses[-1]
    assert (new.respondent, new.category.value, new.position.value) == (
        "Jo Bloggs",
        "Small Supplier",
        "reject",
    )
    assert new.consultation == "modification-report"
    assert (
        new.comments
        == "The threshold is \\*too low\\* for us.\n\nIt should count meters, not premises."
    )
    assert (new.objectives, new.objectives_against) == (["a", "f"], ["d"])
    assert new.source is not None and new.source.file == "jo.docx"
    tally = consultation_tally(mod, consultation)
    assert (tally.total, tally.count("reject")) == (10, 1)


def test_every_problem_of_every_file_in_one_run_and_nothing_written(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blank = blank_form(copy, tmp_path / "blank")
    bad = {**FILLED, "q1.position": "Perhaps", "category": "Big Supplier"}
    (tmp_path / "in").mkdir()
    forms = [
        fill_with_python_docx(blank, bad, tmp_path / "in" / "form.docx"),
        fill_with_python_docx(
            blank, {**FILLED, "q3.choice": "", "q3.text": ""}, tmp_path / "in" / "second.docx"
        ),
    ]
    (tmp_path / "in" / "notes.txt").write_text("hello")
    forms.append(tmp_path / "in" / "notes.txt")
    folder = copy / "SECMP0059"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.chdir(tmp_path / "in")
    code, _, err = imported(copy, "SECMP0059", *(Path(p.name) for p in forms))
    assert code == 2
    assert err.splitlines() == [
        "form.docx: category: must be one of Large Supplier, Small Supplier, Network Party, "
        "DCC, Other SEC Party, not 'Big Supplier'",
        "form.docx: question 1: position: must be one of approve, reject, neutral, not 'Perhaps'",
        "second.docx: question 3: is required and has no answer",
        "notes.txt: not a .docx form, .xlsx or .csv spreadsheet",
    ], err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_one_respondent_in_two_files_is_refused(copy: Path, tmp_path: Path) -> None:
    blank = blank_form(copy, tmp_path / "blank")
    first = fill_with_python_docx(blank, FILLED, tmp_path / "first.docx")
    again = {**FILLED, "respondent": "JO BLOGGS"}
    second = fill_with_python_docx(blank, again, tmp_path / "second.docx")
    code, _, err = imported(copy, "SECMP0059", first, second)
    assert code == 2
    assert "second.docx: respondent: 'JO BLOGGS' also responds in" in err
    assert "first.docx" in err


def test_a_confidential_response_cannot_be_one_the_paper_discusses(
    copy: Path, tmp_path: Path
) -> None:
    values = {**FILLED, "respondent": "Small Supplier 2", "confidential": "Yes"}
    form = fill_with_python_docx(blank_form(copy, tmp_path), values, tmp_path / "ss2.docx")
    responses = copy / "SECMP0059" / "responses.yaml"
    before = responses.read_bytes()
    code, _, err = imported(copy, "SECMP0059", form)
    assert code == 2
    assert "responses.yaml" in err and "confidential response" in err and "discussed" in err
    assert responses.read_bytes() == before


HEADINGS = {  # the fixture MP112's columns mapping (tests/fixtures/content/MP112)
    "respondent": "Name",
    "organisation": "Organisation",
    "category": "Party category",
    "contact": "Email",
    "confidential": "Keep my response confidential",
    "q1.position": "Q1 Approve or reject?",
    "q1.text": "Q1 Why?",
    "q2.better": "Q2 Better facilitates",
    "q2.against": "Q2 Does not better facilitate",
    "q2.text": "Q2 Why?",
    "q3.text": "Q3 Other comments",
}
CATEGORIES = ["Large Supplier", "Small Supplier", "Network Party", "Other SEC Party"]
POSITIONS = ["approve", "reject", "neutral"]


def sheet_rows(count: int) -> list[dict[str, str]]:
    rows = []
    for n in range(count):
        rows.append(
            {
                "respondent": f"Respondent {n + 1:02d}",
                "organisation": f"Organisation {n + 1}",
                "category": CATEGORIES[n % len(CATEGORIES)],
                "contact": f"r{n + 1}@example.org",
                "confidential": "yes" if n == 4 else "",
                "q1.position": POSITIONS[n % 3].capitalize(),
                "q1.text": f"Reasons of respondent {n + 1}.",
                "q2.better": "a, (f)" if n % 3 == 0 else "",
                "q2.against": "d" if n % 3 == 1 else "",
                "q2.text": "See above.",
                "q3.text": "" if n % 2 else "Nothing else.",
            }
        )
    return rows


def write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Timestamp", *HEADINGS.values()])
    for n, row in enumerate(rows):
        sheet.append([f"2020-04-0{1 + n % 7} 10:00", *(row[k] for k in HEADINGS)])
    book.save(path)
    return path


def test_a_spreadsheet_of_30_responses_reports_each_bad_cell_then_imports(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = sheet_rows(30)
    rows[6]["category"] = "Big Supplier"
    rows[19]["q1.position"] = ""
    monkeypatch.chdir(tmp_path)
    sheet = write_xlsx(Path("responses.xlsx"), rows)
    responses = copy / "MP112" / "responses.yaml"
    before = responses.read_bytes()
    code, _, err = imported(copy, "MP112", sheet)
    assert code == 2
    assert err.splitlines() == [
        "responses.xlsx:8:4: category: must be one of Large Supplier, Small Supplier, "
        "Network Party, DCC, Other SEC Party, not 'Big Supplier'",
        "responses.xlsx:21:7: question 1: position: must be one of approve, reject, neutral "
        "(no answer given)",
    ]
    assert responses.read_bytes() == before

    rows[6]["category"], rows[19]["q1.position"] = "Large Supplier", "Approve"
    write_xlsx(sheet, rows)
    mod, consultation = _paper(copy, "MP112")
    old = consultation_tally(mod, consultation)
    code, out, err = imported(copy, "MP112", sheet)
    assert code == 0, err
    assert "30 added" in out
    mod, consultation = _paper(copy, "MP112")
    new = consultation_tally(mod, consultation)
    expected = {p: sum(r["q1.position"].lower() == p for r in rows) for p in POSITIONS}
    assert {p: new.count(p) - old.count(p) for p in POSITIONS} == expected
    assert new.total == old.total + 30
    added = {r.respondent: r for r in mod.responses}
    assert added["Respondent 05"].confidential is True
    assert added["Respondent 01"].objectives == ["a", "f"]
    assert added["Respondent 02"].objectives_against == ["d"]
    assert added["Respondent 08"].source is not None and added["Respondent 08"].source.row == 9
    code, out, _ = imported(copy, "MP112", sheet)
    assert code == 0 and "30 unchanged" in out


def test_a_csv_export_reads_columns_named_by_their_fields(copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(
            ["respondent", "category", "q1.position", "q1.text", "q2.better", "q3.choice"]
        )
        writer.writerow(["Pat Doe", "Network Party", "neutral", "It depends; see 1.", "c", "Yes"])
    code, _, err = imported(copy, "SECMP0059", path)
    assert code == 0, err
    mod, _ = _paper(copy, "SECMP0059")
    pat = mod.responses[-1]
    assert (pat.respondent, pat.position.value, pat.objectives) == ("Pat Doe", "neutral", ["c"])
    assert [(a.question, a.choice) for a in pat.answers] == [(1, None), (3, "yes")]


def test_a_missing_column_is_located_at_the_heading_row(copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name,Party category\nA,DCC\n", encoding="utf-8")
    code, _, err = imported(copy, "MP112", path)
    assert code == 2
    assert "export.csv:1: q1.position: no column headed 'Q1 Approve or reject?'" in err


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.xlsx", b"PK\x03\x04 not really a workbook", "not a readable Excel workbook (.xlsx)"),
        ("text.xlsx", b"respondent,category\n", "not a readable Excel workbook (.xlsx)"),
        ("latin.csv", "respondent\nJosé\n".encode("latin-1"), "not UTF-8 text"),
        ("empty.csv", b"", "the spreadsheet is empty"),
    ],
)
def test_a_spreadsheet_that_cannot_be_read_is_one_located_problem(
    name: str, data: bytes, message: str, copy: Path, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = imported(copy, "SECMP0059", path)
    assert code == 2
    assert message in err and name in err and "Traceback" not in err
