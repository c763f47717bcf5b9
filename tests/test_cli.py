"""The `secmod` command line: the acceptance examples, errors and start-up imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import CONTENT, ROOT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def assess_json(*args: str) -> dict[str, object]:
    code, out, err = run("assess", *args, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def years(data: dict[str, object]) -> list[str]:
    schedule = data["schedule"]
    assert isinstance(schedule, list)
    assert [row["year"] for row in schedule] == list(range(1, len(schedule) + 1))
    return [row["assessment"] for row in schedule]


FULL3 = ["full", "full", "full"]
CYCLE = ["full", "verification", "self"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--role", "supplier", "--non-domestic", "50001"], FULL3),
        (["--role", "supplier", "--non-domestic", "50000"], CYCLE),
        (["--role", "supplier", "--domestic", "100000", "--non-domestic", "30001"], FULL3),
        (["--role", "supplier", "--domestic", "250001"], FULL3),
        (["--role", "other"], CYCLE),
        (["--role", "other", "--on", "2019-01-01"], ["full", "self", "self"]),
    ],
)
def test_assess_acceptance(args: list[str], expected: list[str]) -> None:
    data = assess_json(*args)
    assert years(data) == expected
    assert set(data) >= {"role", "domestic", "non_domestic", "rules", "schedule", "reason"}
    assert data["role"] == args[1]
    assert data["reason"]


def test_assess_json_fields() -> None:
    data = assess_json(
        "--role",
        "supplier",
        "--domestic",
        "7",
        "--non-domestic",
        "9",
        "--on",
        "2019-01-16",
        "--years",
        "5",
    )
    assert (data["domestic"], data["non_domestic"], data["rules"]) == (7, 9, "SEC-G8-2018")
    assert years(data) == ["full", "unspecified", "unspecified", "unspecified", "unspecified"]
    assert "silent" in str(data["reason"])


def test_assess_text_names_the_rule() -> None:
    code, out, _ = run(
        "assess", "--role", "supplier", "--non-domestic", "50001", "--on", "2020-01-01"
    )
    assert code == 0
    assert "Year 2: Full User Security Assessment" in out
    assert "G8.46A(a)" in out and "SECMP0059" in out


def test_assess_notes_an_assumed_value_it_used() -> None:
    args = ["--role", "supplier", "--domestic", "100000", "--non-domestic", "30001"]
    data = assess_json(*args, "--on", "2019-03-01")
    (assumed,) = data["assumed"]  # type: ignore[misc]
    assert assumed["parameter"] == "non_domestic_weight"
    assert "is assumed: no source states it" in assumed["note"]
    code, out, _ = run("assess", *args, "--on", "2019-03-01")
    assert code == 0
    assert "\nNote: The weight of a Non-Domestic Premises (5) is assumed" in out
    plain = assess_json("--role", "supplier", "--non-domestic", "50001", "--on", "2019-03-01")
    assert plain["assumed"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "--role", "supplier", "--domestic", "40000001"],
        ["assess", "--role", "dcc"],
        ["assess", "--role", "supplier", "--domestic", "-1"],
        ["assess", "--role", "supplier", "--on", "2019-02-30"],
        ["assess", "--role", "supplier", "--years", "0"],
        ["dates", "--decision", "yesterday"],
        ["dates", "--decision", "2019-01-23", "--release", "2019-02-28"],
        ["assess", "--role", "supplier", "--on", "2000-01-01"],
    ],
)
def test_bad_arguments_exit_2_in_one_line(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert err.strip()


def test_dates_acceptance() -> None:
    code, out, err = run(
        "dates",
        "--decision",
        "2019-01-23",
        "--release",
        "2019-02-28",
        "--cutoff",
        "2019-02-14",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["objection_period_ends"] == "2019-02-06"
    assert data["implementation_date"] == "2019-02-28"
    code, out, _ = run(
        "dates",
        "--decision",
        "2019-02-15",
        "--release",
        "2019-02-28",
        "--cutoff",
        "2019-02-14",
        "--json",
    )
    assert json.loads(out)["implementation_date"] == "2019-03-01"


def test_dates_without_release_and_custom_fallback() -> None:
    code, out, _ = run("dates", "--decision", "2019-01-23", "--json")
    assert code == 0
    assert json.loads(out) == {"decision": "2019-01-23", "objection_period_ends": "2019-02-06"}
    code, out, _ = run(
        "dates",
        "--decision",
        "2019-02-15",
        "--release",
        "2019-02-28",
        "--cutoff",
        "2019-02-14",
        "--working-days",
        "5",
    )
    assert "Implementation date:   2019-02-22" in out


def test_check_passes_on_the_bundled_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run("check")
    assert code == 0, err
    assert "SECMP0059" in out


def test_new_scaffolds_a_modification_that_passes_check(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "objectives.yaml").write_bytes((CONTENT / "objectives.yaml").read_bytes())
    code, out, err = run("new", "MP123A", "--content", str(content), "--title", 'A "quoted" title')
    assert code == 0, err
    assert (content / "MP123A" / "modification.yaml").is_file()
    code, out, err = run("check", str(content))
    assert code == 0, err + out
    assert "MP123A: valid" in out


def test_what_new_left_to_write_is_named_by_check_and_build(tmp_path: Path) -> None:
    """``secmod new``'s placeholders check clean (the folder is a start), but check and build
    name every field still holding one, so that no paper is sent saying "Describe the issue"."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "objectives.yaml").write_bytes((CONTENT / "objectives.yaml").read_bytes())
    assert run("new", "MP124", "--content", str(content))[0] == 0
    code, out, err = run("check", str(content), "--no-cache")
    assert code == 0, err + out
    fields = "proposer, issue[0].text, solution[0].text, paper.author"
    assert f"to write: MP124: still as `secmod new` wrote them: {fields}" in out
    out_dir = tmp_path / "build"
    code, out, err = run("build", "--content", str(content), "--out", str(out_dir))
    assert code == 0, err
    assert f"warning: MP124: still as `secmod new` wrote them: {fields}" in err
    main = content / "MP124" / "modification.yaml"
    text = main.read_text(encoding="utf-8")
    for old, new in [
        ("Describe the issue this modification addresses.", "The issue."),
        ("Describe the proposed solution.", "The solution."),
        ("To be confirmed", "Jo Bloggs"),
    ]:
        text = text.replace(old, new)
    main.write_text(text, encoding="utf-8")
    code, out, err = run("check", str(content), "--no-cache")
    assert code == 0 and "to write:" not in out, err + out
    code, out, err = run("build", "--content", str(content), "--out", str(out_dir))
    assert code == 0 and "warning:" not in err, err


def test_new_refuses_bad_ids_and_existing_folders(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "SECMP0001").mkdir(parents=True)
    code, _, err = run("new", "SECMP1", "--content", str(content))
    assert code == 2 and "must be SECMP followed by 4 digits" in err
    code, _, err = run("new", "SECMP0001", "--content", str(content))
    assert code == 2 and "already exists" in err
    assert list((content / "SECMP0001").iterdir()) == []


def test_help_everywhere() -> None:
    for command in ([], ["assess"], ["dates"], ["check"], ["new"], ["build"]):
        code, out, _ = run(*command, "--help")
        assert code == 0 and "Usage:" in out


def test_assess_imports_nothing_of_the_rendering_stack() -> None:
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n"
        "    main(['assess', '--role', 'supplier', '--non-domestic', '50001', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'docx', 'jinja2', 'mkdocs', 'material', 'markdown_it', 'pydantic', 'lxml', 'holidays'})\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert '"full"' in result.stdout
    assert "HEAVY []" in result.stdout, result.stdout
