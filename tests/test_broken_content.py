"""Broken content: every problem is located, the exit status is 2 and nothing is written.

Each test breaks a fresh copy of content/ in one way, runs `secmod build` against it with an
output folder that already holds a previous build, and checks the message and the folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

MOD = Path("content/SECMP0059")
PREVIOUS = b"previous build, must survive"


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run_build(workdir: Path) -> tuple[int, str]:
    out = workdir / "build"
    previous = out / "SECMP0059" / "SECMP0059-change-board-paper.docx"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(PREVIOUS)
    result = CliRunner().invoke(cli, ["build", "--content", "content", "--out", "build"])
    assert previous.read_bytes() == PREVIOUS, "the previous output was touched"
    assert sorted(p.name for p in out.rglob("*")) == ["SECMP0059", previous.name], (
        "a failed build wrote files"
    )
    return result.exit_code, result.stderr


LOCATED = re.compile(r"^content/[\w./-]+(:\d+(:\d+)?)?: ", re.M)


def _yaml_syntax(c: Path) -> None:
    replace(
        c / "SECMP0059/responses.yaml", "  - respondent: Large Supplier 3", "  - respondent: [oops"
    )


def _unknown_key(c: Path) -> None:
    replace(
        c / "SECMP0059/modification.yaml",
        "status: Change Board vote",
        "status: Change Board vote\ncolour: blue",
    )


def _wrong_type(c: Path) -> None:
    replace(
        c / "SECMP0059/modification.yaml", "fallback_working_days: 10", "fallback_working_days: ten"
    )


def _negative_count(c: Path) -> None:
    replace(c / "SECMP0059/examples.yaml", "non_domestic: 49999", "non_domestic: -1")


def _unknown_objective(c: Path) -> None:
    replace(c / "SECMP0059/responses.yaml", "objectives: [a, f, g]", "objectives: [a, f, z]")


def _bad_id(c: Path) -> None:
    replace(c / "SECMP0059/modification.yaml", "id: SECMP0059", "id: SECMP59")


def _id_not_folder(c: Path) -> None:
    replace(c / "SECMP0059/modification.yaml", "id: SECMP0059", "id: SECMP0060")


def _dates_out_of_order(c: Path) -> None:
    replace(c / "SECMP0059/modification.yaml", "cutoff: 2019-02-14", "cutoff: 2019-03-14")


def _duplicate_respondent(c: Path) -> None:
    replace(
        c / "SECMP0059/responses.yaml",
        "respondent: Large Supplier 3",
        "respondent: Large Supplier 1",
    )


def _missing_file(c: Path) -> None:
    (c / "SECMP0059/modification.yaml").unlink()


def _missing_objectives(c: Path) -> None:
    (c / "objectives.yaml").unlink()


def _empty_file(c: Path) -> None:
    (c / "SECMP0059/responses.yaml").write_text("# nothing yet\n", encoding="utf-8")


def _non_utf8(c: Path) -> None:
    path = c / "SECMP0059/responses.yaml"
    path.write_bytes(path.read_bytes().replace(b"Large Supplier 4", b"Large Supplier \xff4"))


def _alias_bomb(c: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 7):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    (c / "SECMP0059/examples.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _bad_position(c: Path) -> None:
    replace(c / "SECMP0059/responses.yaml", "position: approve", "position: aprove", 3)
    replace(c / "SECMP0059/responses.yaml", "position: aprove", "position: approve", 2)


def _duplicate_key(c: Path) -> None:
    replace(c / "SECMP0059/modification.yaml", "status: Change Board vote", "status: A\nstatus: B")


def _control_character(c: Path) -> None:
    replace(
        c / "SECMP0059/responses.yaml",
        "comments: Supports the modification.",
        'comments: "Supports\\a it."',
    )


def _python_tag(c: Path) -> None:
    replace(
        c / "SECMP0059/modification.yaml",
        "status: Change Board vote",
        "status: !!python/object:os.system ls",
    )


def _missing_field(c: Path) -> None:
    replace(c / "SECMP0059/modification.yaml", "  author: Joe Hehir\n", "")


def _bad_prose_expression(c: Path) -> None:
    replace(
        c / "SECMP0059/modification.yaml", "params.combined_threshold", "params.combined_treshold"
    )


def _not_a_mapping(c: Path) -> None:
    (c / "SECMP0059/responses.yaml").write_text("- just\n- a list\n", encoding="utf-8")


def _bad_date(c: Path) -> None:
    replace(
        c / "SECMP0059/modification.yaml", "release_date: 2019-02-28", "release_date: 2019-02-30"
    )


def _too_deep(c: Path) -> None:
    (c / "SECMP0059/examples.yaml").write_text("examples: " + "[" * 100 + "]" * 100 + "\n")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "yaml syntax error": (_yaml_syntax, r"responses\.yaml:13:13: YAML syntax error"),
    "unknown key": (_unknown_key, r"modification\.yaml:\d+:1: colour: unknown key"),
    "wrong type": (
        _wrong_type,
        r"implementation\.fallback_working_days: input should be a valid integer",
    ),
    "negative count": (
        _negative_count,
        r"examples\.yaml:\d+:\d+: examples\[0\]\.rows\[0\]\.non_domestic: must be 0 or more",
    ),
    "unknown objective letter": (
        _unknown_objective,
        r"responses\[1\]\.objectives\[2\]: unknown SEC Objective \(z\)",
    ),
    "bad id": (_bad_id, r"modification\.yaml:\d+:1: id: must be SECMP followed by 4 digits"),
    "id differs from folder": (
        _id_not_folder,
        r"id: is SECMP0060 but the folder is named SECMP0059",
    ),
    "dates out of order": (
        _dates_out_of_order,
        r"implementation\.cutoff: 2019-03-14 is after the release date 2019-02-28",
    ),
    "duplicate respondent": (
        _duplicate_respondent,
        r"responses\.yaml:12:\d+: responses\[2\]\.respondent: "
        r"duplicate respondent .* \(first at line 2\)",
    ),
    "missing file": (_missing_file, r"content/SECMP0059/modification\.yaml: file is missing"),
    "missing objectives catalogue": (
        _missing_objectives,
        r"content/objectives\.yaml: file is missing",
    ),
    "empty file": (_empty_file, r"responses\.yaml:1:1: file is empty"),
    "non-UTF-8 bytes": (_non_utf8, r"responses\.yaml:\d+:\d+: not valid UTF-8 \(byte 0xff\)"),
    "alias bomb": (_alias_bomb, r"examples\.yaml:\d+:\d+: expands to more than"),
    "position not allowed": (
        _bad_position,
        r"content/SECMP0059/responses\.yaml:14:5: responses\[2\]\.position: "
        r"must be one of approve, reject, neutral",
    ),
    "duplicate key": (
        _duplicate_key,
        r"modification\.yaml:\d+:1: status: duplicate key \(first at line \d+\)",
    ),
    "XML-invalid control character": (
        _control_character,
        r"responses\[3\]\.comments: character U\+0007 is not allowed",
    ),
    "python object tag": (_python_tag, r"modification\.yaml:\d+:\d+: status: cannot read value"),
    "missing required field": (_missing_field, r"paper\.author: required field is missing"),
    "bad prose expression": (
        _bad_prose_expression,
        r"modification\.yaml:\d+:\d+: solution\[0\]\.text: expression error: .*combined_treshold",
    ),
    "file is not a mapping": (_not_a_mapping, r"responses\.yaml:1:1: must be a mapping of fields"),
    "impossible date": (
        _bad_date,
        r"modification\.yaml:\d+:\d+: implementation\.release_date: "
        r"cannot read value .2019-02-30.: day is out of range",
    ),
    "nested too deep": (_too_deep, r"examples\.yaml:1:\d+: nested more than 64 levels deep"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_broken_content_is_located_and_writes_nothing(
    kind: str, content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    breaker, expected = CASES[kind]
    monkeypatch.chdir(content_copy.parent)
    breaker(content_copy)
    code, stderr = run_build(content_copy.parent)
    assert code == 2, stderr
    assert re.search(expected, stderr), stderr
    assert LOCATED.search(stderr), f"no file:line location in {stderr!r}"
    assert "Traceback" not in stderr


def test_the_issue_example_message_exactly(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content_copy.parent)
    _bad_position(content_copy)
    code, stderr = run_build(content_copy.parent)
    assert code == 2
    assert stderr.strip() == (
        "content/SECMP0059/responses.yaml:14:5: responses[2].position: "
        "must be one of approve, reject, neutral; did you mean `approve`?"
    )


def test_every_problem_is_reported_at_once(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content_copy.parent)
    _unknown_key(content_copy)
    _bad_position(content_copy)
    _negative_count(content_copy)
    code, stderr = run_build(content_copy.parent)
    assert code == 2
    assert len(LOCATED.findall(stderr)) == 3, stderr


def test_check_reports_the_same_problems(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content_copy.parent)
    _bad_position(content_copy)
    result = CliRunner().invoke(cli, ["check", "content"])
    assert result.exit_code == 2
    assert "responses.yaml:14:5: responses[2].position" in result.stderr


def test_a_respondent_answers_each_consultation_once(content_copy: Path) -> None:
    """The same organisation may answer the Working Group and the Modification Report
    Consultations; answering one of them twice is the located error."""
    from generator.errors import ContentError
    from generator.load import load_content
    from tests.content_yaml import with_working_group, write_yaml

    path, responses = with_working_group(content_copy)
    first = responses["responses"][0]
    again = {k: first[k] for k in ("respondent", "category", "position", "comments")}
    responses["responses"].append({**again, "consultation": "working-group"})
    write_yaml(path, responses)
    load_content(content_copy)  # no problem: two consultations, one answer each

    responses["responses"].append({**again, "consultation": "modification-report"})
    write_yaml(path, responses)
    with pytest.raises(ContentError) as raised:
        load_content(content_copy)
    (problem,) = raised.value.problems
    assert problem.field == f"responses[{len(responses['responses']) - 1}].respondent"
    assert "to the modification-report consultation (first at line" in problem.message
