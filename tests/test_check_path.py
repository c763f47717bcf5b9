"""One validation path: ``secmod check`` fails exactly when ``secmod build`` or the site does.

``check`` renders every output of every modification as the build and the site make them
(documents, Word files, site pages), runs the examples, the legal-text check and the prose
lint, and reports every problem of every file in one run, each once, under its own heading.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from tests.hostile import edit_yaml, load_yaml, located
from tests.site_fixtures import run_mkdocs, write_config

MOD = "SECMP0059"


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _date_as_13_12_2019(content: Path) -> None:
    """The paper's date written the British way."""
    main = content / MOD / "modification.yaml"
    text = main.read_text(encoding="utf-8")
    date = load_yaml(text)["paper"]["date"].isoformat()
    main.write_text(text.replace(f"date: {date}", "date: 13/12/2019", 1), encoding="utf-8")


def _five_problems(
    content: Path, responses: Path, data: dict[str, object]
) -> tuple[str, str, list[str]]:
    """Write ``data`` to ``responses`` and a bad paper date; check: five located problems."""
    responses.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _date_as_13_12_2019(content)
    code, out, err = run(content.parent, "check", "content")
    assert code == 2
    lines = located(err)
    assert len(lines) == 5, err
    return out, err, lines


def _responses(content: Path) -> Path:
    return content / MOD / "responses.yaml"


def _quiet_response(content: Path) -> int:
    """A response the paper does not discuss (only the site shows its comments)."""
    data = load_yaml(_responses(content).read_text(encoding="utf-8"))
    return next(i for i, r in enumerate(data["responses"]) if not r.get("discussed"))


def _comment(text: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        edit_yaml(_responses(content), ("responses", _quiet_response(content), "comments"), text)

    return edit


def _unchanged(content: Path) -> None:
    pass


def _wrong_example(content: Path) -> None:
    path = content / MOD / "examples.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    expect = data["examples"][0]["rows"][0]["expect"]
    edit_yaml(
        path, ("examples", 0, "rows", 0, "expect"), ["full" if expect[0] != "full" else "self"]
    )


def _legal_tie(content: Path) -> None:
    edit_yaml(content / MOD / "legal-text.yaml", ("clauses", 0, "states", 0, "text"), "nine years")


def _schema(content: Path) -> None:
    edit_yaml(_responses(content), ("responses", 0, "position"), "approves")


#: Content that every output accepts, and content that some output rejected while the check
#: passed it (before the check rendered what every output renders).
CASES: dict[str, Callable[[Path], None]] = {
    "unchanged": _unchanged,
    "a bad expression only the site shows": _comment("Agrees {{ params.typo }}."),
    "a link to a missing page of the site": _comment("See [the rules](missing.md)."),
    "an image the Word writer cannot show": _comment("See ![a chart](chart.png)."),
    "a typed threshold": _comment("More than 50000 Non-Domestic Premises."),
    "a wrong example": _wrong_example,
    "a legal text tie that is not in the clause": _legal_tie,
    "a value outside its choices": _schema,
    "harmless Markdown": _comment(
        "Agrees, **strongly**: see https://smartenergycodecompany.co.uk."
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_fails_exactly_when_build_or_site_fails(
    case: str, content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = content_copy.parent
    monkeypatch.chdir(project)
    CASES[case](content_copy)
    checked, _, check_err = run(project, "check", "content")
    built, _, build_err = run(project, "build", "--content", "content", "--out", "build")
    site = run_mkdocs(write_config(project, content_copy))
    assert checked in (0, 2) and built in (0, 2), check_err + build_err
    site_failed = site.returncode != 0
    assert (checked != 0) == (built != 0 or site_failed), (
        f"check {checked}, build {built}, site {site.returncode}\n{check_err}\n{build_err}\n"
        f"{site.stderr[-2000:]}"
    )
    assert (checked != 0) == (case != "unchanged" and case != "harmless Markdown")
    if checked:
        located(check_err)
        assert check_err.splitlines() == build_err.splitlines()


def test_legal_text_problems_are_reported_once_under_their_heading(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content_copy.parent)
    _legal_tie(content_copy)
    code, out, err = run(content_copy.parent, "check", "content")
    assert code == 2
    lines = located(err)
    assert len(lines) == len(set(lines)), err
    assert all("legal-text.yaml" in line for line in lines), err
    assert f"legal text: {len(lines)} problem(s)" in out
    assert "examples: " in out and ", 0 problem(s)" in out.split("examples: ")[1].splitlines()[0]


def test_five_mistakes_in_one_run_each_once_with_hints(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A misspelt key, a date as 13/12/2019, an unknown category, objective ``h`` and a typed
    threshold: all reported by one run, each once, in the author's terms."""
    monkeypatch.chdir(content_copy.parent)
    path = _responses(content_copy)
    data = load_yaml(path.read_text(encoding="utf-8"))
    first = data["responses"][0]
    first["postion"] = first.pop("position")
    first["category"] = "Large Suplier"
    first["objectives"] = ["a", "h"]
    first["comments"] = "Agrees for more than 50000 Non-Domestic Premises."
    out, err, lines = _five_problems(content_copy, path, data)
    expected = [
        "responses[0].postion: unknown key; did you mean `position`?",
        "responses[0].category: must be one of Large Supplier, Small Supplier",
        "responses[0].objectives[1]: unknown SEC Objective (h); an objective letter a to g",
        "paper.date: must be a date as YYYY-MM-DD, e.g. 2019-12-20 (not '13/12/2019')",
        'responses[0].comments: typed number "50000"',
    ]
    for hint in expected:
        assert sum(hint in line for line in lines) == 1, (hint, err)
    assert "did you mean `Large Supplier`?" in err
    assert "check failed: 5 problem(s): 4 content, 1 prose lint" in out


def test_a_prose_expression_of_the_wrong_form_is_reported_with_the_schema_problems(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unclosed expression, an unknown filter and a refused statement are found when the
    file is read, beside a misspelt key and a bad date, so one run reports them all, each at
    its expression."""
    monkeypatch.chdir(content_copy.parent)
    path = _responses(content_copy)
    data = load_yaml(path.read_text(encoding="utf-8"))
    first, second, third = data["responses"][:3]
    first["postion"] = first.pop("position")
    first["comments"] = "Agreed, for {{ params.x "
    second["comments"] = "Agreed: {{ mod.id | shout }}."
    third["comments"] = "Agreed.\n{% set x = 1 %}"
    out, err, lines = _five_problems(content_copy, path, data)
    written = path.read_text(encoding="utf-8").splitlines()
    for needle, said in [
        ("{{ params.x", "responses[0].comments: expression error: unexpected end of template"),
        ("{{ mod.id | shout }}", "responses[1].comments: expression error: No filter named"),
        ("{% set x = 1 %}", "responses[2].comments: not allowed in prose: {% set %}"),
    ]:
        (line,) = [i for i, t in enumerate(written, 1) if needle in t]
        column = written[line - 1].index(needle) + 1
        assert sum(f"responses.yaml:{line}:{column}: {said}" in x for x in lines) == 1, (
            needle,
            err,
        )
    assert sum("paper.date: must be a date as YYYY-MM-DD" in x for x in lines) == 1
    assert "check failed: 5 problem(s): 5 content" in out


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("G", "must be an objective letter a to g, without brackets (not 'G')"),
        ("(g)", "must be an objective letter a to g, without brackets (not '(g)')"),
    ],
)
def test_objective_letters_in_the_authors_terms(
    written: str, message: str, content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content_copy.parent)
    edit_yaml(_responses(content_copy), ("responses", 0, "objectives"), [written])
    code, _, err = run(content_copy.parent, "check", "content")
    assert code == 2
    (line,) = located(err)
    assert line.endswith(f"responses[0].objectives[0]: {message}"), line
