"""Nothing stated as fact that no source says: assumed values are listed and shown as assumed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.documents.paper import paper_markdown
from generator.lifecycle import rules_dates
from generator.load import load_content
from generator.render.context import modification_context
from generator.rules import parameters
from tests.conftest import CONTENT
from tests.content_yaml import read_yaml, write_yaml


def test_check_assumptions_lists_the_weight_and_the_illustrative_parts() -> None:
    result = CliRunner().invoke(cli, ["check", str(CONTENT), "--assumptions"])
    assert result.exit_code == 0, result.output
    listed = [line for line in result.output.splitlines() if line.startswith("  assumed: ")]
    assert any("rule parameter non_domestic_weight = 5" in line for line in listed), listed
    assert any("SECMP0059: illustrative:" in line for line in listed)
    assert f"assumptions to confirm: {len(listed)}" in result.output


def test_the_weight_is_the_only_assumed_parameter_and_it_says_why() -> None:
    assumed = parameters.assumptions()
    assert [p.name for p in assumed] == ["non_domestic_weight"]
    assert "equation" in assumed[0].assumed


def test_the_paper_states_no_assumed_value() -> None:
    content = load_content(CONTENT)
    for mod in content.modifications.values():
        paper = paper_markdown(modification_context(content, mod))
        weight = parameters.NON_DOMESTIC_WEIGHT.values[-1][1]
        assert not re.search(rf"\b(?:{weight}|five)\s+times\b", paper), mod.id
    paper = paper_markdown(modification_context(content, content.modifications["SECMP0059"]))
    assert "an equation that combines the two" in paper


def test_an_assumed_governance_path_is_listed(tmp_path: Path) -> None:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    path = target / "MP071" / "modification.yaml"
    data = read_yaml(path)
    data["governance"] = "Fast-Track Self-Governance"
    write_yaml(path, data)
    result = CliRunner().invoke(cli, ["check", str(target), "--assumptions"])
    assert "assumed: governance path Fast-Track Self-Governance: decided as a Self-Governance" in (
        result.output
    )


def test_rules_are_read_on_the_declared_rule_sets_date_when_implementation_is_unknown(
    tmp_path: Path,
) -> None:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    path = target / "SECMP0059" / "modification.yaml"
    data = read_yaml(path)
    data["governance"] = "Authority Determination"
    data["implementation"] = {"approach": "working-days", "working_days": 10}
    data["paper"].pop("recommendations")
    write_yaml(path, data)
    content = load_content(target)
    mod = content.modifications["SECMP0059"]
    declared = {r.id: r.effective_from for r in parameters.RULE_SETS}
    assert rules_dates(mod, content)[1] == declared["SECMP0059"]
    paper = paper_markdown(modification_context(content, mod))
    assert "50,000 Non-Domestic Premises" in paper
