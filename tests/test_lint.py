"""Prose lint: the Code's numbers typed by hand are located errors; lookalikes are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks.prose_lint import lint, lint_prose, lint_template, lint_yaml_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "content"


def test_the_content_types_no_number_of_the_code() -> None:
    assert lint(FIXTURES) == []


@pytest.mark.parametrize(
    "template", ["scf-guidance.md.j2", "change-board-paper.md.j2"], ids=lambda t: t
)
def test_the_document_templates_type_no_number_of_the_code(template: str) -> None:
    assert lint_template(ROOT / "templates" / template) == []


@pytest.mark.parametrize(
    ("text", "typed", "says"),
    [
        (
            "The threshold is 50,000 Non-Domestic Premises.",
            "50,000",
            "params.non_domestic_threshold",
        ),
        ("more than 50000 Non-Domestic Premises", "50000", "states non_domestic_threshold"),
        ("more than 50000 premises", "50000", "states non_domestic_threshold (50,000)"),
        ("the combined threshold of 250,000", "250,000", "combined_threshold"),
        ("a 10 Working Day objection period", "10", "params.objection_period_working_days"),
        ("objections within ten Working Days", "ten", "states objection_period_working_days"),
        ("may appeal within 10 Working Days", "10", "states objection_period_working_days"),
        (
            "Domestic Premises plus 5 times the Non-Domestic Premises",
            "5",
            "states non_domestic_weight",
        ),
        ("plus five times its Non-Domestic Premises", "five", "params.non_domestic_weight"),
        ("a cycle of three years", "three", "params.supplier_cycle | length | words"),
    ],
)
def test_typed_numbers_of_the_code_are_found(text: str, typed: str, says: str) -> None:
    (finding,) = lint_prose(text)
    assert finding.text == typed
    assert text[finding.offset : finding.offset + len(typed)] == typed
    assert says in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "SCF v1.15 becomes v1.16",
        "SEC Section G8.47 and G8.46A(a)",
        "Year 1 \u2013 Full; years 2 and 3 as before; year 4 again",
        "28 February 2019, 14 February 2019 and 2019-02-28",
        "February 2019 SEC Release",
        "SECMP0059 and MP123A",
        "## 1. Purpose",
        "a footnote[^1] and [^2]",
        "We received nine responses and 1,200 queries; 9 respondents",
        "five times as many queries as last year",
        "a contract worth £50000",
        "exceeds 250,000 in total",
        "a Supplier with 50,001 of them",
        "a portfolio of 60,000 Non-Domestic Premises",
        "within 15 Working Days",
        "report each month, within 10 Working Days of the month's end",
        "one of the following",
        "a second Full User Security Assessment",
        "within six (6) months",
        "for the next three years",
        "Other Users self-assess in years 2 and 3. A new cycle opens in year 4",
        "Large Supplier 1 and Other SEC Party 2",
        "exceeds {{ params.non_domestic_threshold | number }} Non-Domestic Premises",
        "{{ determination.objection_working_days }} Working Day objection period",
        "run `secmod assess --non-domestic 50001` to see",
        "```pycon\n>>> Portfolio(Role.SUPPLIER, 0, 50001)\n```",
        "<!-- 50,000 in a comment -->",
        "<!-- secmod:examples on=2019-03-01 -->\n\n| User | Non-Domestic | Year 1 |\n"
        "| - | - | - |\n| Supplier | 50,001 | Full |\n",
        "50,000 Non-Domestic Premises are fine here <!-- secmod-lint: ignore -->",
    ],
)
def test_lookalikes_are_not_typed_numbers(text: str) -> None:
    if "secmod-lint: ignore" in text:
        assert lint_prose(text)  # found by the prose pass, dropped by the file passes
        return
    assert lint_prose(text) == []


def test_a_number_typed_into_content_prose_is_located(content_copy: Path) -> None:
    path = content_copy / "SECMP0059" / "modification.yaml"
    text = path.read_text(encoding="utf-8")
    old = "The threshold is set at\n      {{ params.non_domestic_threshold | number }} Non-Domestic"
    assert text.count(old) == 1
    path.write_text(
        text.replace(old, "The threshold is set at\n      50,000 Non-Domestic"), "utf-8"
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.strip().startswith("50,000 Non-Domestic"))
    (problem,) = lint(content_copy)
    assert problem.location.line == line
    assert problem.location.column == 7
    assert problem.field == "solution[0].text"
    assert problem.location.file.endswith("content/SECMP0059/modification.yaml")
    assert str(problem).endswith(
        'solution[0].text: typed number "50,000" states non_domestic_threshold (50,000): '
        "write {{ params.non_domestic_threshold | number }}"
    )


def test_a_folded_scalar_is_located_where_the_number_is_written(tmp_path: Path) -> None:
    path = tmp_path / "modification.yaml"
    path.write_text(
        "consultation:\n"
        "  supporters_said: >-\n"
        "    They said the objection period of 10\n"
        "    Working Days was short, and 10 Working Days to object.\n",
        encoding="utf-8",
    )
    first, second = lint_yaml_file(path, "m.yaml")
    assert (first.location.line, first.location.column) == (3, 39)
    assert (second.location.line, second.location.column) == (4, 33)
    assert first.field == "consultation.supporters_said"


def test_the_ignore_marker_silences_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.md.j2"
    path.write_text(
        "Hint: 50,000 premises is fine {# secmod-lint: ignore #}\n"
        "But 50,000 premises here is not.\n",
        "utf-8",
    )
    (problem,) = lint_template(path, "x.md.j2")
    assert problem.location.line == 2


def test_legal_text_is_exempt(content_copy: Path) -> None:
    (content_copy / "SECMP0059" / "legal-text.yaml").write_text(
        "note: more than 50,000 Non-Domestic Premises\n", encoding="utf-8"
    )
    assert lint(content_copy) == []


def test_a_number_typed_into_a_template_is_located(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.md.j2").write_text(
        "# {{ id }}\n\n"
        "Above {{ params.non_domestic_threshold | number }} it is Full.\n"
        "A Supplier Party with more than 250,000 Domestic Premises.\n"
        "{% if portfolio > 50000 %}big{% endif %}\n",
        encoding="utf-8",
    )
    problems = lint(tmp_path / "no-content", templates)
    assert [(p.location.line, p.location.column) for p in problems] == [(4, 33), (5, 19)]
    assert problems[0].location.file.endswith("templates/t.md.j2")
    assert "write {{ params.domestic_threshold | number }}" in problems[0].message
    assert "literal 50000 in a template expression: use params.non_domestic_threshold" in (
        problems[1].message
    )


def test_build_refuses_to_publish_a_typed_number(content_copy: Path, tmp_path: Path) -> None:
    """`secmod build` runs the lint `secmod check` runs, and writes nothing when it fails."""
    from click.testing import CliRunner

    from generator.cli import cli

    mod = content_copy / "SECMP0059" / "modification.yaml"
    text = mod.read_text(encoding="utf-8")
    mod.write_text(
        text.replace(
            "The SSC proposes that the Code set out",
            "Over 50000 Non-Domestic Premises. "
            "A contract is worth £50000. The SSC proposes that the Code set out",
            1,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--content", str(content_copy), "--out", str(out)])
    assert result.exit_code == 2, result.output
    lines = {x for x in result.output.splitlines() if "typed number" in x}
    assert len(lines) == 1, result.output
    (line,) = lines
    assert 'solution[0].text: typed number "50000" states non_domestic_threshold' in line
    assert not out.exists()
