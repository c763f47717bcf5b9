"""The SCF guidance update: built from the rules and the content, well-formed Markdown."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import mdformat
import pytest

from generator.build import build_timestamp, render_modification
from generator.checks.examples import markdown_examples, run_examples
from generator.checks.prose_lint import lint_template
from generator.cli import main
from generator.documents.base import BuildInput
from generator.documents.guidance import build_guidance, markdown_table, representative_cases
from generator.errors import ContentError
from generator.load import Content, load_content
from generator.render.context import modification_context
from generator.render.templating import TEMPLATES
from generator.rules import Assessment, Role, parameters
from generator.rules.parameters import Parameter

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "content"
TEMPLATE = ROOT / "templates" / "scf-guidance.md.j2"
BEFORE, AFTER = dt.date(2019, 2, 27), dt.date(2019, 2, 28)


def _guidance_only(content: Content) -> str:
    """The guidance builder alone (the legal text rightly refuses a changed threshold)."""
    mod = content.modifications["SECMP0059"]
    given = BuildInput(
        content, mod, modification_context(content, mod), build_timestamp(mod), TEMPLATES
    )
    (output,) = build_guidance(given)
    assert output.markdown is not None
    return output.markdown


def _guidance(content: Content) -> str:
    rendered = render_modification(content, content.modifications["SECMP0059"])
    (output,) = [o for o in rendered.outputs if o.key == "scf-guidance"]
    assert output.filename == "SECMP0059-scf-guidance.md"
    assert output.markdown is not None
    assert output.data == output.markdown.encode("utf-8")
    return output.markdown


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURES)


@pytest.fixture(scope="module")
def guidance(content: Content) -> str:
    return _guidance(content)


def _format(text: str) -> str:
    return mdformat.text(text, extensions={"tables", "footnote"})


def test_mdformat_leaves_the_guidance_unchanged(guidance: str) -> None:
    assert _format(guidance) == guidance


def test_states_version_effective_date_and_thresholds_from_parameters(guidance: str) -> None:
    nd = parameters.NON_DOMESTIC_THRESHOLD.at(AFTER)
    weight = parameters.NON_DOMESTIC_WEIGHT.at(AFTER)
    combined = parameters.COMBINED_THRESHOLD.at(AFTER)
    assert guidance.startswith("# SCF v1.16: ")
    assert "**Version:** v1.16, replacing v1.15" in guidance
    assert "**Effective from:** 28 February 2019" in guidance
    assert f"`N > {nd:,}`" in guidance
    assert f"`D + {weight} \u00d7 N > {combined:,}`" in guidance
    assert f"its Non-Domestic Premises exceed {nd:,}" in guidance


def test_the_parameter_table_comes_from_the_declaration_with_assumed_values_noted(
    guidance: str,
) -> None:
    assert re.search(r"\| Non-Domestic threshold +\| +50,000 \| SEC Section G8.46A\(a\)", guidance)
    assert re.search(r"\| Weight of a Non-Domestic Premises +\| +5 \(assumed\) \|", guidance)
    assert re.search(r"\| Domestic threshold \(before SECMP0059\) +\| +250,000 \|", guidance)
    assert "The weight of a Non-Domestic Premises (5) is assumed: no source states it." in guidance


def test_guidance_prose_comes_from_the_content(guidance: str) -> None:
    assert "## Users relying on a Shared Resource Provider" in guidance
    assert "Relying on a Shared Resource Provider does not change" in guidance
    assert "## Counting Non-Domestic Premises" in guidance
    # the summary's {{ schedule_phrase(...) }} was rendered from the rules
    assert "instead of\na User Security Self-Assessment in year two" in guidance
    assert "{{" not in guidance


def test_every_table_of_the_guidance_agrees_with_the_rules(guidance: str) -> None:
    found = markdown_examples(guidance, "guidance.md")
    assert found.problems == []
    assert len(found.rows) > 30
    assert len(found.blocks) == 1
    assert run_examples(found) == []


def test_what_changed_shows_the_gap_closed(guidance: str) -> None:
    section = guidance.split("## What changed", 1)[1].split("\n## ", 1)[0]
    rows = markdown_examples(section, "x").rows
    before = [r for r in rows if r.on == BEFORE]
    after = [r for r in rows if r.on == AFTER]
    assert len(before) == len(after) == 6
    assert any(Assessment.UNSPECIFIED in r.expect for r in before)
    assert not any(Assessment.UNSPECIFIED in r.expect for r in after)
    assert "year 2 was not specified and is now a Full User Security Assessment" in section
    assert "Other User, any portfolio: year 2 was a User Security Self-Assessment" in section


def test_worked_examples_render_every_content_row(content: Content, guidance: str) -> None:
    mod = content.modifications["SECMP0059"]
    section = guidance.split("## Worked examples", 1)[1].split("\n## ", 1)[0]
    found = markdown_examples(section, "x")
    assert len(found.rows) == sum(len(t.rows) for t in mod.examples)
    for table in mod.examples:
        assert f"### {table.title}" in section
    assert "| Weighted sum one below the combined threshold |" in section


def test_representative_cases_fall_under_their_branches() -> None:
    cases = {c.key: c for c in representative_cases(BEFORE, AFTER)}
    nd = parameters.NON_DOMESTIC_THRESHOLD.at(AFTER)
    assert cases["supplier-non-domestic-above"].portfolio.non_domestic == nd + 1
    branch = {k: c.after.classification.branch.value for k, c in cases.items()}
    assert branch["supplier-under-both"] == "SECMP0059.supplier.cycle"
    assert branch["supplier-combined-above"] == "SECMP0059.supplier.combined-above-threshold"
    assert cases["supplier-combined-above"].portfolio.non_domestic <= nd
    assert cases["other"].role is Role.OTHER
    assert [y for y, _, _ in cases["other"].changes] == [2]


def test_guidance_follows_a_changed_parameter(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = Parameter(
        "non_domestic_threshold",
        parameters.NON_DOMESTIC_THRESHOLD.description,
        parameters.NON_DOMESTIC_THRESHOLD.reference,
        ((parameters.SECMP0059_IN_FORCE, 40_000),),
    )
    monkeypatch.setattr(parameters, "NON_DOMESTIC_THRESHOLD", changed)
    monkeypatch.setitem(parameters.PARAMETERS, "non_domestic_threshold", changed)
    text = _guidance_only(content)
    assert "`N > 40,000`" in text
    assert re.search(
        r"\| Above the Non-Domestic threshold +\| Supplier Party \| +0 \| +40,001 \|", text
    )
    assert "`N > 50,000`" not in text


def test_the_template_types_no_number_of_the_code() -> None:
    assert lint_template(TEMPLATE) == []


def test_markdown_table_is_laid_out_as_mdformat_lays_it_out() -> None:
    table = markdown_table(
        ["A", "Count", "Long heading here", "x"],
        [["a|b", "1", "", "\u2013"], ["**bold**", "123,456", "c", "y"]],
        "lr-",
    )
    assert _format(table + "\n") == table + "\n"
    assert "a\\|b" in table
    with pytest.raises(ValueError, match="2 cells"):
        markdown_table(["a", "b", "c"], [["1", "2"]])


def test_no_guidance_file_no_guidance_output(content_copy: Path) -> None:
    (content_copy / "SECMP0059" / "guidance.yaml").unlink()
    content = load_content(content_copy)
    assert content.modifications["SECMP0059"].guidance is None
    rendered = render_modification(content, content.modifications["SECMP0059"])
    assert "scf-guidance" not in [o.key for o in rendered.outputs]


def test_versions_must_go_forward(content_copy: Path) -> None:
    path = content_copy / "SECMP0059" / "guidance.yaml"
    text = path.read_text(encoding="utf-8").replace('version_after: "1.16"', 'version_after: "1.9"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("version_after:"))
    (problem,) = caught.value.problems
    assert str(problem.location) == f"{problem.location.file}:{line}:1"
    assert problem.location.file.endswith("SECMP0059/guidance.yaml")
    assert problem.field == "version_after"
    assert "must be later than version_before (1.15), not 1.9" in problem.message


def test_secmod_build_writes_the_guidance(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as done:
        main(["build", "SECMP0059", "--content", str(FIXTURES), "--out", str(tmp_path)])
    assert done.value.code == 0
    written = tmp_path / "SECMP0059" / "SECMP0059-scf-guidance.md"
    text = written.read_text(encoding="utf-8")
    assert text == _format(text)
    assert "<!-- secmod:examples on=2019-02-28 -->" in text


def test_guidance_written_in_modification_yaml_points_to_its_file(content_copy: Path) -> None:
    folder = content_copy / "SECMP0059"
    moved = (folder / "guidance.yaml").read_text(encoding="utf-8")
    (folder / "guidance.yaml").unlink()
    indented = "".join(f"  {line}" if line.strip() else line for line in moved.splitlines(True))
    main = folder / "modification.yaml"
    main.write_text(main.read_text(encoding="utf-8") + "guidance:\n" + indented, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    (problem,) = caught.value.problems
    assert problem.field == "guidance"
    assert "unknown key (the guidance update is described in guidance.yaml" in problem.message


@pytest.mark.parametrize("effective", ["2027-02-26", "2017-06-01"])
def test_an_update_of_a_modification_that_changes_no_rule_set_has_no_rules_part(
    tmp_path: Path, effective: str
) -> None:
    """MP071 changes no rule set: its guidance update is its summary and its own sections,
    never SECMP0059's thresholds, cycles or "What changed" (and a date before any rule set is
    no error, since no rule is read)."""
    import shutil

    from tests.content_yaml import write_yaml

    content_dir = tmp_path / "content"
    shutil.copytree(FIXTURES, content_dir)
    write_yaml(
        content_dir / "MP071" / "guidance.yaml",
        {
            "document": "Charging Methodology",
            "section": "Second-Comer Contributions",
            "version_before": "2.0",
            "version_after": "2.1",
            "effective": dt.date.fromisoformat(effective),
            "summary": "{{ mod.id }} adds Second-Comer Contributions.",
            "sections": [
                {"heading": "Who pays", "text": "A second Party that uses shared assets."},
                {"heading": "Who is credited", "text": "The first Party."},
            ],
        },
    )
    content = load_content(content_dir)
    rendered = render_modification(content, content.modifications["MP071"])
    (output,) = [o for o in rendered.outputs if o.key == "scf-guidance"]
    assert output.filename == "MP071-charging-methodology-guidance.md"
    text = output.markdown or ""
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == ["Summary", "Who pays", "Who is credited"]
    assert "MP071 adds Second-Comer Contributions." in text
    for rules_word in ("Supplier Party", "threshold", "secmod:examples", "pycon", "[^weight]"):
        assert rules_word not in text
    assert markdown_examples(text, "guidance.md").blocks == []


def test_a_mistake_in_a_section_is_located_in_it(tmp_path: Path) -> None:
    """Each section's prose is rendered in its own place: an unknown parameter in the second
    section names ``sections[1].text`` at its line and column."""
    import shutil

    content_dir = tmp_path / "content"
    shutil.copytree(FIXTURES, content_dir)
    path = content_dir / "SECMP0059" / "guidance.yaml"
    text = path.read_text(encoding="utf-8")
    needle = "A User's assessment cycle follows"
    assert text.count(needle) == 1
    path.write_text(text.replace(needle, "A User's {{ params.nope }} cycle follows"), "utf-8")
    content = load_content(content_dir)
    with pytest.raises(ContentError) as raised:
        render_modification(content, content.modifications["SECMP0059"])
    (problem,) = raised.value.problems
    lines = path.read_text(encoding="utf-8").splitlines()
    (line,) = [i for i, t in enumerate(lines, 1) if "params.nope" in t]
    assert (problem.location.line, problem.location.column) == (
        line,
        lines[line - 1].index("{{") + 1,
    )
    assert problem.field == "sections[1].text"
    assert "no attribute 'nope'" in problem.message
