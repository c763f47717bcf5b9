"""Hostile and careless content: every kind is one located line, exit status 2, no traceback.

Each test breaks a copy of the tests' content in one of the ways an adversarial review found
to crash, hang or fool secmod (issue 12), runs ``secmod check`` in a fresh process with a time
and memory limit, and checks the exit status and the message: a ``file:line:col: field:`` line
in the author's words. Prose bombs are refused by the bounded sandbox, files that are not
regular files inside the content folder are refused before they are read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.hostile import edit_yaml, line_of, load_yaml, located, secmod

MOD = "SECMP0059"


def check(content: Path, timeout: float = 120) -> tuple[int, str]:
    """``secmod check`` in a fresh process, for input that could make it hang."""
    result = secmod("check", content.name, cwd=content.parent, timeout=timeout)
    return result.returncode, result.stderr


def check_here(content: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``secmod check`` in this process (faster), for input that cannot make it hang."""
    monkeypatch.chdir(content.parent)
    result = CliRunner().invoke(cli, ["check", content.name])
    return result.exit_code, result.stderr


def responses(content: Path) -> Path:
    return content / MOD / "responses.yaml"


def modification(content: Path) -> Path:
    return content / MOD / "modification.yaml"


def test_the_unbroken_copy_passes(content_copy: Path) -> None:
    code, stderr = check(content_copy)
    assert code == 0, stderr


# --- YAML and values -------------------------------------------------------------------------


def test_a_merge_key_of_a_scalar_is_located(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = modification(content_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle:", "\n<<: 5\ntitle:", 1), encoding="utf-8")
    code, stderr = check_here(content_copy, monkeypatch)
    line, _ = line_of(path, "<<: 5")
    assert code == 2
    (message,) = located(stderr)
    assert message.startswith(f"content/{MOD}/modification.yaml:{line}:5: "), message
    assert "`<<` merges a mapping" in message


def test_merge_keys_that_merge_mappings_still_work(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = responses(content_copy)
    text = path.read_text(encoding="utf-8")
    first = text.index("- respondent:")
    path.write_text(
        "shared: &shared\n  discussed: false\n"
        + text[:first]
        + text[first:].replace("- respondent:", "- <<: *shared\n    respondent:", 1),
        encoding="utf-8",
    )
    code, stderr = check_here(content_copy, monkeypatch)
    assert code == 2  # the merge is read; the top-level key `shared` is not a field
    (message,) = located(stderr)
    assert "shared: unknown key" in message


@pytest.mark.parametrize(
    ("file", "field"),
    [
        ("modification.yaml", ("paper", "date")),
        ("modification.yaml", ("implementation", "release_date")),
        ("guidance.yaml", ("effective",)),
    ],
)
def test_year_one_dates_are_located(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch, file: str, field: tuple[str, ...]
) -> None:
    import datetime as dt

    edit_yaml(content_copy / MOD / file, field, dt.date(1, 1, 1))
    code, stderr = check_here(content_copy, monkeypatch)
    assert code == 2
    lines = located(stderr)
    assert any(
        f"{'.'.join(field)}: 0001-01-01 is not a date between 1900 and 2999" in line
        for line in lines
    ), stderr


def test_a_huge_number_of_working_days_is_located(content_copy: Path) -> None:
    edit_yaml(modification(content_copy), ("implementation", "fallback_working_days"), 10**12)
    code, stderr = check(content_copy)
    assert code == 2
    (message,) = located(stderr)
    assert re.search(r"implementation\.fallback_working_days: .*1,?000\b", message), message


def test_a_control_character_in_a_key_is_shown_escaped(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = modification(content_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle:", '\n"col\\nour\\u001b[31m": x\ntitle:', 1))
    code, stderr = check_here(content_copy, monkeypatch)
    assert code == 2
    (message,) = located(stderr)
    assert "['col\\nour\\x1b[31m']: unknown key" in message
    assert "\x1b" not in stderr


# --- prose -----------------------------------------------------------------------------------

BOMBS = {
    "division by zero": ("{{ 1/0 }}", "ZeroDivisionError"),
    "range of a billion": ("{% for i in range(10**9) %}{% endfor %}", "not allowed in prose"),
    "recursive macro": (
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "{% macro %} is not allowed",
    ),
    "power times text": ("{{ 2**64 * '' }}", "more than 64 bits"),
    "ten gigabytes of text": ("{{ 'x'*10**10 }}", "beyond 100,000 characters"),
    "a huge power": ("{{ 10 ** 100000000 }}", "exponents up to 64"),
    "lorem ipsum": ("{{ lipsum(10**7) }}", "not allowed in prose"),
    "loops that never end": (
        "{% for a in range(999) %}{% for b in range(999) %}{% for c in range(999) %}"
        "{% endfor %}{% endfor %}{% endfor %}",
        "takes more than 2 seconds",
    ),
    "a format of a billion": ("{{ '%999999999d' % 1 }}", "format"),
    "str.format": ("{{ '{:>999999999}'.format(1) }}", "str.format is not allowed"),
    "quadratic replace": ("{{ ('x' * 99999) | replace('', 'yy') }}", "more than 100,000"),
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_prose_bombs_are_refused_at_the_expression(content_copy: Path, kind: str) -> None:
    prose, expected = BOMBS[kind]
    path = responses(content_copy)
    edit_yaml(path, ("responses", 0, "comments"), f"Supports it. {prose}")
    code, stderr = check(content_copy, timeout=60)
    assert code == 2, stderr
    (message,) = located(stderr)
    line, column = line_of(path, prose[:2] + prose[2:12])
    assert message.startswith(
        f"content/{MOD}/responses.yaml:{line}:{column}: responses[0].comments: "
    ), message
    assert expected in message


@pytest.mark.parametrize(
    ("file", "field", "prose"),
    [
        (  # in a block of several lines, on its line
            "modification.yaml",
            ("issue", 0, "text"),
            "The first line.\nThe second: {{ params.nope }} and {{ params.also_nope }}.\n",
        ),
        (  # of several on a line, the one that fails
            "responses.yaml",
            ("responses", 0, "comments"),
            "Fine {{ params.non_domestic_threshold }}, bad {{ params.nope }}.",
        ),
    ],
)
def test_a_prose_error_points_at_the_failing_expression(
    content_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    file: str,
    field: tuple[str | int, ...],
    prose: str,
) -> None:
    path = content_copy / MOD / file
    edit_yaml(path, field, prose)
    code, stderr = check_here(content_copy, monkeypatch)
    assert code == 2
    (message,) = located(stderr)
    line, column = line_of(path, "{{ params.nope }}")
    shown = f"{field[0]}[{field[1]}].{field[2]}"
    assert message.startswith(f"content/{MOD}/{file}:{line}:{column}: {shown}:"), message
    assert "nope" in message


def test_every_prose_error_of_a_modification_is_reported_at_once(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_yaml(responses(content_copy), ("responses", 0, "comments"), "A {{ 1/0 }}.")
    edit_yaml(responses(content_copy), ("responses", 1, "comments"), "B {{ params.nope }}.")
    edit_yaml(modification(content_copy), ("issue", 0, "text"), "C {{ nope }}.\n")
    code, stderr = check_here(content_copy, monkeypatch)
    assert code == 2
    lines = located(stderr, at_least=3)
    assert len(lines) == 3, stderr
    assert {re.search(r"(responses\[\d\]|issue\[0\])", line).group() for line in lines} == {  # type: ignore[union-attr]
        "responses[0]",
        "responses[1]",
        "issue[0]",
    }


def test_comments_of_responses_not_discussed_are_checked(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the site renders them; the check renders what every output renders."""
    path = responses(content_copy)
    data = load_yaml(path.read_text(encoding="utf-8"))
    quiet = next(i for i, r in enumerate(data["responses"]) if not r.get("discussed"))
    edit_yaml(path, ("responses", quiet, "comments"), "Agrees {{ params.typo }}.")
    code, stderr = check_here(content_copy, monkeypatch)
    assert code == 2
    (message,) = located(stderr)
    assert f"responses[{quiet}].comments: expression error" in message


# --- files that are not regular files inside the content folder ------------------------------


def _symlink_to_dev_zero(content: Path) -> None:
    responses(content).unlink()
    responses(content).symlink_to("/dev/zero")


def _fifo(content: Path) -> None:
    responses(content).unlink()
    os.mkfifo(responses(content))


def _dangling(content: Path) -> None:
    responses(content).unlink()
    responses(content).symlink_to(content / "nowhere.yaml")


def _looping(content: Path) -> None:
    responses(content).unlink()
    (content / MOD / "loop.yaml").symlink_to(responses(content))
    responses(content).symlink_to(content / MOD / "loop.yaml")


def _outside(content: Path) -> None:
    outside = content.parent / "elsewhere.yaml"
    outside.write_bytes(responses(content).read_bytes())
    responses(content).unlink()
    responses(content).symlink_to(outside)


def _folder_instead_of_file(content: Path) -> None:
    responses(content).unlink()
    responses(content).mkdir()


SPECIAL_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "symbolic link to /dev/zero": (_symlink_to_dev_zero, "outside the content folder"),
    "FIFO": (_fifo, "is a FIFO, not a file"),
    "dangling symbolic link": (_dangling, "symbolic link to nothing"),
    "symbolic link loop": (_looping, "symbolic link loop"),
    "symbolic link out of the content folder": (_outside, "outside the content folder"),
    "folder": (_folder_instead_of_file, "is a folder, not a file"),
}


@pytest.mark.parametrize("kind", list(SPECIAL_FILES))
def test_content_files_must_be_regular_files_inside_the_content_folder(
    content_copy: Path, kind: str
) -> None:
    """An optional file (responses.yaml) that is there but unreadable is an error, never
    silently dropped (its responses would vanish from the paper)."""
    breaker, expected = SPECIAL_FILES[kind]
    breaker(content_copy)
    code, stderr = check(content_copy, timeout=60)
    assert code == 2, stderr
    (message,) = located(stderr)
    assert message.startswith(f"content/{MOD}/responses.yaml: "), message
    assert expected in message


def test_a_symbolic_link_inside_the_content_folder_is_followed(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = content_copy / "shared-responses.yaml"
    responses(content_copy).rename(kept)
    responses(content_copy).symlink_to(Path("..") / kept.name)
    code, stderr = check_here(content_copy, monkeypatch)
    assert code == 0, stderr


def test_an_unreadable_modification_folder_is_located(content_copy: Path) -> None:
    folder = content_copy / MOD
    folder.chmod(0)
    try:
        result = secmod("check", "content", cwd=content_copy.parent, as_user=True)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2, result.stderr
    lines = located(result.stderr)
    assert lines[0] == f"content/{MOD}: cannot read the folder: Permission denied"


def test_a_look_alike_id_is_not_a_second_modification(content_copy: Path) -> None:
    look_alike = "SECMP\U0001d7ce\U0001d7ce\U0001d7d3\U0001d7d7"  # mathematical bold digits
    result = secmod("new", look_alike, "--content", "content", cwd=content_copy.parent)
    assert result.returncode == 2
    (message,) = located(result.stderr)
    assert "must be SECMP followed by 4 digits" in message
    assert sorted(p.name for p in content_copy.iterdir() if p.is_dir()) == [MOD, "pages"] or (
        not (content_copy / look_alike).exists()
    )
    (content_copy / MOD).rename(content_copy / look_alike)
    code, stderr = check(content_copy)
    assert code == 2
    assert f"folder name {look_alike}: must be SECMP" in stderr
