"""The response form: written with content controls, filled, re-saved and read back.

A form is filled the way a respondent's editor would (python-docx, tests/forms_filling.py),
then read back by secmod: by content-control tag, or, where the controls or their tags are
gone (an editor that strips them; LibreOffice 7.4 keeps the controls but drops their tags),
from the form's table layout, with a warning. Either way the answers must be exactly what was
filled.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build import render_modification
from generator.errors import Problem
from generator.forms.answers import validate_response
from generator.forms.importer import read_file
from generator.forms.layout import form_sections
from generator.load import Content, load_content
from generator.model import Consultation
from tests.clients import docx_to_pdf, libreoffice_convert, pdf_text
from tests.conftest import CONTENT
from tests.forms_filling import FILLED, control_tags, fill_with_python_docx, strip_controls

#: What secmod must read back from a form filled with FILLED.
EXPECTED: dict[str, Any] = {
    "respondent": "Jo Bloggs",
    "organisation": "Example Energy <Retail> & Co",
    "contact": "jo@example.org",
    "category": "Small Supplier",
    "confidential": False,
    "position": "reject",
    "objectives": ["a", "f"],
    "objectives_against": ["d"],
    "answers": [
        {
            "question": 1,
            "text": "The threshold is *too low* for us.\n\nIt should count meters, not premises.",
        },
        {"question": 2, "text": "Clarity helps (a); competition (d) suffers."},
        {"question": 3, "choice": "no", "text": "The release is too soon."},
        {"question": 4, "text": "1. First point\n\n# not a heading"},
    ],
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT, ["SECMP0059"])


@pytest.fixture(scope="module")
def consultation(content: Content) -> Consultation:
    found = content.modifications["SECMP0059"].modification.consultation()
    assert found is not None
    return found


@pytest.fixture(scope="module")
def form(content: Content, tmp_path_factory: pytest.TempPathFactory) -> Path:
    (output,) = render_modification(
        content, content.modifications["SECMP0059"], only=["forms"]
    ).outputs
    path = tmp_path_factory.mktemp("form") / output.filename
    path.write_bytes(output.content())
    return path


def read_back(
    path: Path, content: Content, consultation: Consultation
) -> tuple[dict[str, Any], list[Problem]]:
    """The validated record of the form at ``path``, without its source, and the warnings."""
    reading = read_file(path, content, consultation)
    assert reading.problems == []
    (raw,) = reading.responses
    problems: list[Problem] = []
    imported = validate_response(raw, consultation, content.objectives, problems.append)
    assert problems == [] and imported is not None
    record = {k: v for k, v in imported.record.items() if k != "source"}
    return record, reading.warnings


def test_the_form_has_a_tagged_control_per_field(
    form: Path, content: Content, consultation: Consultation
) -> None:
    fields = [f.name for s in form_sections(consultation, content.objectives) for f in s.fields]
    assert control_tags(form) == [f"secmod:{name}" for name in fields]
    assert form.name == "SECMP0059-modification-report-response-form.docx"
    assert {"secmod:category", "secmod:q1.position", "secmod:q2.a", "secmod:q3.choice"} <= set(
        control_tags(form)
    )


def test_drop_down_lists_offer_the_codes_choices(form: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    lists: dict[str, list[str]] = {}
    for sdt in docx.Document(str(form)).element.body.iter(qn("w:sdt")):
        properties = sdt.find(qn("w:sdtPr"))
        tag = properties.find(qn("w:tag")).get(qn("w:val"))
        drop = properties.find(qn("w:dropDownList"))
        if drop is not None:
            lists[tag] = [item.get(qn("w:value")) for item in drop.findall(qn("w:listItem"))]
    assert lists["secmod:category"] == [
        "Large Supplier",
        "Small Supplier",
        "Network Party",
        "DCC",
        "Other SEC Party",
    ]
    assert lists["secmod:q1.position"] == ["approve", "reject", "neutral"]
    assert lists["secmod:q2.g"] == ["better", "against", "none"]
    assert lists["secmod:q3.choice"] == ["yes", "no"]
    assert lists["secmod:confidential"] == ["no", "yes"]
    assert "secmod:respondent" not in lists and "secmod:q1.text" not in lists


def test_the_same_content_gives_the_same_form(content: Content, form: Path) -> None:
    (again,) = render_modification(
        content, content.modifications["SECMP0059"], only=["forms"]
    ).outputs
    assert again.content() == form.read_bytes()


def test_libreoffice_opens_and_converts_the_form(form: Path, tmp_path: Path) -> None:
    text = pdf_text(docx_to_pdf(form, tmp_path))
    for expected in (
        "SECMP0059 Modification Report Consultation: response form",
        "Party category",
        "Choose a position",
        "Do you believe that this modification should be approved?",
        "Question 4",
    ):
        assert expected in text


def test_a_form_filled_by_python_docx_reads_back_by_tag(
    form: Path, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    filled = fill_with_python_docx(form, FILLED, tmp_path / "filled.docx")
    record, warnings = read_back(filled, content, consultation)
    assert record == EXPECTED
    assert warnings == []


def test_an_unfilled_optional_question_and_placeholders_read_as_no_answer(
    form: Path, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    values = {k: v for k, v in FILLED.items() if k not in ("q4.text", "organisation", "q2.b")}
    filled = fill_with_python_docx(form, values, tmp_path / "partly.docx")
    record, _ = read_back(filled, content, consultation)
    assert record["organisation"] is None
    assert [a["question"] for a in record["answers"]] == [1, 2, 3]


def test_a_form_whose_controls_were_stripped_reads_back_from_its_tables(
    form: Path, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    filled = fill_with_python_docx(form, FILLED, tmp_path / "filled.docx")
    stripped = tmp_path / "stripped.docx"
    stripped.write_bytes(strip_controls(filled.read_bytes()))
    assert control_tags(stripped) == []
    record, warnings = read_back(stripped, content, consultation)
    assert record == EXPECTED
    (warning,) = warnings
    assert "table layout" in warning.message and warning.location.file.endswith("stripped.docx")


def test_libreoffice_resave_reads_back_the_same_answers(
    form: Path, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    """Re-saved by LibreOffice: read by tag where its version keeps them, else from the
    table layout with a warning; the answers are the same either way."""
    (tmp_path / "in").mkdir()
    filled = fill_with_python_docx(form, FILLED, tmp_path / "in" / "filled.docx")
    (resaved,) = libreoffice_convert([filled], "docx", tmp_path / "out")
    kept = [t for t in control_tags(resaved) if t.startswith("secmod:")]
    record, warnings = read_back(resaved, content, consultation)
    assert record == EXPECTED
    if len(kept) == len(control_tags(filled)):
        assert warnings == [], "read by tag"
    else:
        (warning,) = warnings
        assert "table layout" in warning.message
    print(f"LibreOffice kept {len(kept)} of {len(control_tags(filled))} tags")


def test_a_form_without_controls_or_its_tables_is_refused(
    form: Path, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    import docx

    filled = fill_with_python_docx(form, FILLED, tmp_path / "filled.docx")
    stripped = tmp_path / "edited.docx"
    stripped.write_bytes(strip_controls(filled.read_bytes()))
    document = docx.Document(str(stripped))
    row = document.tables[1].rows[0]._tr
    row.getparent().remove(row)  # the Position row of question 1
    document.save(str(stripped))
    reading = read_file(stripped, content, consultation)
    (problem,) = reading.problems
    assert reading.responses == []
    assert "table 2 (Question 1), row 1 reads 'Reasons' where the form has 'Position'" in str(
        problem
    )
    assert str(problem).startswith(str(stripped.name)) or stripped.name in str(problem)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "not a Word document (.docx)"),
        (b"PK\x05\x06" + b"\x00" * 18, "not a Word document (.docx)"),
    ],
)
def test_a_file_that_is_not_a_form_is_one_located_problem(
    data: bytes, message: str, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    path = tmp_path / "form.docx"
    path.write_bytes(data)
    reading = read_file(path, content, consultation)
    (problem,) = reading.problems
    assert message in str(problem) and "form.docx" in str(problem)


def test_entities_in_a_form_are_never_expanded(
    form: Path, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(form) as package:
        members = {i.filename: package.read(i) for i in package.infolist()}
    document = members["word/document.xml"].decode()
    doctype = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    document = document.replace("?>", "?>" + doctype, 1).replace("Your name", "&secret;", 1)
    members["word/document.xml"] = document.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    path = tmp_path / "entity.docx"
    path.write_bytes(out.getvalue())
    reading = read_file(path, content, consultation)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "?"
    values = reading.responses[0].values if reading.responses else {}
    assert hostname not in values.get("respondent", "")


def test_the_form_is_in_the_build(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    result = CliRunner().invoke(
        cli, ["build", "SECMP0059", "--content", str(copy), "--out", str(tmp_path / "build")]
    )
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (tmp_path / "build" / "SECMP0059").iterdir())
    assert "SECMP0059-modification-report-response-form.docx" in built
    assert "SECMP0059-modification-report-responses.docx" in built


def test_a_line_break_within_an_answer_is_kept(
    form: Path, tmp_path: Path, content: Content, consultation: Consultation
) -> None:
    """Shift+Enter in Word is a break within a paragraph, not a new paragraph."""
    values = {**FILLED, "q4.text": "First line\nsecond line"}
    filled = fill_with_python_docx(form, values, tmp_path / "breaks.docx")
    record, _ = read_back(filled, content, consultation)
    assert record["answers"][-1] == {"question": 4, "text": "First line\nsecond line"}
