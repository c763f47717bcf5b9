"""Command-line errors: one line each, never a traceback; ``--debug`` shows an internal error's.

Also: ``secmod new`` checks its arguments before it writes anything, ``secmod dates`` refuses
dates and counts the calendar cannot hold, and ``--templates DIR`` takes its Word styles from
``DIR/reference.docx``.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import generator.rules
from generator.cli import cli
from tests.conftest import CONTENT, ROOT
from tests.hostile import located

MOD = "SECMP0059"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug: the rules raise an exception secmod does not expect."""

    def schedule(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the rules broke\nacross two lines")

    monkeypatch.setattr(generator.rules, "schedule", schedule)


@pytest.mark.usefixtures("broken_rules")
def test_an_internal_error_is_one_line_pointing_at_debug() -> None:
    code, _, err = run("assess", "--role", "other")
    assert code == 1
    assert err.splitlines() == [
        "internal error: RuntimeError: the rules broke\\nacross two lines (a bug in secmod; "
        "run `secmod --debug assess ...` to see the traceback)"
    ]


@pytest.mark.usefixtures("broken_rules")
def test_debug_shows_the_traceback() -> None:
    result = CliRunner().invoke(cli, ["--debug", "assess", "--role", "other"])
    assert isinstance(result.exception, RuntimeError)
    assert "the rules broke" in str(result.exception)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--decision", "9999-12-20"], "fall after the last date a calendar holds"),
        (
            ["--decision", "2019-12-20", "--release", "2020-01-01", "--cutoff", "2019-12-01"],
            None,
        ),
        (["--decision", "2019-12-20", "--working-days", "99999999999"], "0<=x<=2600"),
    ],
)
def test_dates_the_calendar_cannot_hold(args: list[str], expected: str | None) -> None:
    code, _, err = run("dates", *args)
    if expected is None:
        assert code == 0, err
        return
    assert code == 2
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("   ", "title: must not be blank"),
        ("One\ntwo", "must be one line of text, without control characters (found U+000A)"),
        ("Bell\x07", "found U+0007"),
    ],
)
def test_new_checks_the_title_before_writing_anything(
    title: str, message: str, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    code, _, err = run("new", "SECMP0123", "--title", title, "--content", str(content))
    assert code == 2
    (line,) = located(err)
    assert message in line
    assert list(content.iterdir()) == []


def test_a_title_with_quotes_and_braces_passes_check(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "objectives.yaml", content / "objectives.yaml")
    title = 'Quotes " and \\ back: {{ not an expression }} # é'
    code, _, err = run("new", "SECMP0123", "--title", title, "--content", str(content))
    assert code == 0, err
    code, _, err = run("check", str(content))
    assert code == 0, err


def test_templates_dir_reference_docx_sets_the_word_styles(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    reference = docx.Document(str(templates / "reference.docx"))
    reference.sections[0].header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    reference.save(str(templates / "reference.docx"))
    out = tmp_path / "build"
    code, _, err = run(
        "build", "--content", str(CONTENT), "--out", str(out), "--templates", str(templates)
    )
    assert code == 0, err
    built = sorted(out.glob(f"{MOD}/*.docx"))
    assert built
    for path in built:
        header = docx.Document(io.BytesIO(path.read_bytes())).sections[0].header
        assert header.paragraphs[0].text == "OFFICIAL-SENSITIVE", path.name
