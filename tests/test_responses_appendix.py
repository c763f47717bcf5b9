"""The responses appendix: every published response, question by question, in the paper's
styles; a confidential response is counted and never published anywhere."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import render_modification
from generator.cli import cli
from generator.load import load_content
from generator.render.context import consultation_tally, modification_context
from tests.clients import docx_to_pdf, pdf_text
from tests.conftest import CONTENT
from tests.forms_filling import FILLED, fill_with_python_docx
from tests.test_responses_import import blank_form, example_forms, imported

#: A confidential respondent whose every word is unique, so that a search finds any leak.
SECRET = {
    **FILLED,
    "respondent": "Quentin Quillfeather",
    "organisation": "Zanzibar Lanterns plc",
    "contact": "quentin@lanterns.example",
    "confidential": "Yes",
    "q1.text": "Xylophonic marmalade reasons.",
    "q2.text": "Objectives of the zebrafinch.",
    "q3.text": "Implementation by quokka.",
    "q4.text": "Nothing but wombats.",
}
SECRET_WORDS = (
    "Quentin",
    "Quillfeather",
    "Zanzibar",
    "lanterns",
    "Xylophonic",
    "zebrafinch",
    "quokka",
    "wombats",
)


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content with SECMP0059's nine example forms and a confidential response
    imported."""
    root = tmp_path_factory.mktemp("answered")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    forms = example_forms(content, root / "forms")
    secret = fill_with_python_docx(blank_form(content, root), SECRET, root / "secret.docx")
    code, _, err = imported(content, "SECMP0059", *forms, secret)
    assert code == 0, err
    return content


def appendix_markdown(content: Path, mod_id: str) -> str:
    loaded = load_content(content, [mod_id])
    outputs = render_modification(loaded, loaded.modifications[mod_id], only=["responses"])
    (output,) = outputs.outputs
    assert output.markdown is not None
    return output.markdown


def test_the_appendix_sets_out_each_published_response_question_by_question(
    answered: Path,
) -> None:
    markdown = appendix_markdown(answered, "SECMP0059")
    assert markdown.startswith("# Appendix B: SECMP0059 Modification Report Consultation responses")
    assert "We received ten responses to the Modification Report Consultation on SECMP0059." in (
        " ".join(markdown.split())
    )
    assert "One of them was confidential" in markdown
    questions = re.findall(r"^## (Question \d)$", markdown, re.M)
    assert questions == ["Question 1", "Question 2", "Question 3", "Question 4"]
    first = markdown.split("## Question 1")[1].split("## Question 2")[0]
    assert re.findall(r"^### (.+)$", first, re.M) == [
        "Large Supplier 1 (Large Supplier)",
        "Large Supplier 2 (Large Supplier)",
        "Large Supplier 3 (Large Supplier)",
        "Large Supplier 4 (Large Supplier)",
        "Large Supplier 5 (Large Supplier)",
        "Small Supplier 1 (Small Supplier)",
        "Small Supplier 2 (Small Supplier)",
        "Other SEC Party 1 (Other SEC Party)",
        "Other SEC Party 2 (Other SEC Party)",
    ]
    assert "**Position:** Neutral" in first
    assert "| Other SEC Party 2 | Other SEC Party | Neutral | none | none |" in markdown
    assert "illustrative" in markdown


def test_the_appendix_is_a_word_document_libreoffice_reads(answered: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "SECMP0059",
            "--content",
            str(answered),
            "--out",
            str(out),
            "--only",
            "responses",
        ],
    )
    assert result.exit_code == 0, result.output
    path = out / "SECMP0059" / "SECMP0059-modification-report-responses.docx"
    text = pdf_text(docx_to_pdf(path, tmp_path))
    assert "Appendix B: SECMP0059 Modification Report Consultation responses" in text
    assert "Question 3" in text and "Large Supplier 5 (Large Supplier)" in text
    assert "Position: Approve" in text
    with zipfile.ZipFile(path) as package:
        styles = package.read("word/styles.xml")
        document = package.read("word/document.xml").decode()
    assert b"Secmod Table" in styles and 'w:val="Heading1"' in document


def test_respondents_words_stay_literal(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    form = fill_with_python_docx(blank_form(content, tmp_path), FILLED, tmp_path / "jo.docx")
    assert imported(content, "SECMP0059", form)[0] == 0
    markdown = appendix_markdown(content, "SECMP0059")
    assert "The threshold is \\*too low\\* for us." in markdown
    assert "Jo Bloggs, Example Energy &lt;Retail&gt; &amp; Co (Small Supplier)" in markdown
    assert "1\\. First point" in markdown and "&#35; not a heading" in markdown


def test_a_consultation_without_questions_lists_each_response(tmp_path: Path) -> None:
    markdown = appendix_markdown(CONTENT, "MP071")
    assert "## Responses" in markdown and "**Position:**" in markdown
    assert "question by question" not in markdown


def test_the_paper_counts_a_confidential_response(answered: Path) -> None:
    loaded = load_content(answered, ["SECMP0059"])
    mod = loaded.modifications["SECMP0059"]
    tally = consultation_tally(mod, mod.modification.consultation())
    assert (tally.total, tally.count("reject")) == (10, 1)
    context = modification_context(loaded, mod)
    assert context["consultation"]["received"].startswith("We received ten responses")
    assert context["attachment"]["consultation-responses"]["label"] == "Appendix B"


def _texts(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` as text; a zip (a Word file) as the text of its members."""
    found = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as package:
                data = b"".join(package.read(i) for i in package.infolist())
        found[str(path.relative_to(folder))] = re.sub(
            r"<[^>]+>", "", data.decode("utf-8", "replace")
        )
    return found


def test_a_confidential_response_is_in_no_built_file(answered: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["build", "--content", str(answered), "--out", str(out)])
    assert result.exit_code == 0, result.output
    texts = _texts(out)
    assert any("SECMP0059-modification-report-responses.docx" in name for name in texts)
    leaks = [(name, word) for name, text in texts.items() for word in SECRET_WORDS if word in text]
    assert leaks == []


def test_a_confidential_response_is_on_no_page_of_the_site(answered: Path, tmp_path: Path) -> None:
    from tests.site_fixtures import build

    built = build(tmp_path, answered)
    texts = _texts(built.site)
    assert any(name.endswith("responses-modification-report/index.html") for name in texts)
    assert any("SECMP0059-modification-report-responses.docx" in name for name in texts)
    leaks = [(name, word) for name, text in texts.items() for word in SECRET_WORDS if word in text]
    assert leaks == []
    responses = texts["modifications/SECMP0059/responses/index.html"]
    assert "Ten responses" in responses and "One response was confidential" in responses
