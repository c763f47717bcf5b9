"""The pytest plugin: each example is a test named file:line; other projects are left alone.

Every test runs pytest in a subprocess in a temporary folder. Most disable plugin autoloading
and load the plugin with ``-p generator.pytest_plugin`` (faster); one relies on the ``pytest11``
entry point the package declares.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "content"
PASSING_TEST = "def test_one():\n    assert 1 + 1 == 2\n"


def _pytest(
    cwd: Path, *args: str, autoload: bool = False, plugin: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    if not autoload:
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    options = ["-p", "generator.pytest_plugin"] if plugin else []
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *options, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder holding a copy of content/ and one ordinary passing test."""
    shutil.copytree(FIXTURES, tmp_path / "content")
    # the site's hand-written pages hold pycon doc-tests of their own
    shutil.copytree(ROOT / "content" / "pages", tmp_path / "content" / "pages")
    (tmp_path / "test_plain.py").write_text(PASSING_TEST, encoding="utf-8")
    return tmp_path


def _row_line(project: Path, needle: str) -> int:
    lines = (project / "content" / "SECMP0059" / "examples.yaml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_each_example_is_an_item_named_by_file_and_line(project: Path) -> None:
    done = _pytest(project, "--collect-only", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    ids = done.stdout.splitlines()
    line = _row_line(project, "non_domestic: 49999")
    assert f"content/SECMP0059/examples.yaml:{line}" in ids
    assert "test_plain.py::test_one" in ids
    assert any(re.fullmatch(r"build/SECMP0059/SECMP0059-scf-guidance\.md:\d+", i) for i in ids)
    assert any(re.fullmatch(r"content/pages/authors/doc-tests\.md:\d+", i) for i in ids)


def test_examples_pass_alongside_ordinary_tests(project: Path) -> None:
    done = _pytest(project, "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    passed = int(re.search(r"(\d+) passed", done.stdout).group(1))  # type: ignore[union-attr]
    assert passed > 50


def test_a_wrong_expectation_fails_with_its_location(project: Path) -> None:
    path = project / "content" / "SECMP0059" / "examples.yaml"
    text = path.read_text(encoding="utf-8")
    old = "{role: other, expect: [full, self, self, full]}"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "{role: other, expect: [full, self, full, full]}"), "utf-8")
    line = _row_line(project, "{role: other, expect: [full, self, full, full]}")
    done = _pytest(project, "-q", "-rf")
    assert done.returncode == 1
    name = f"content/SECMP0059/examples.yaml:{line}"
    assert f"FAILED {name}" in done.stdout
    assert re.search(rf"_+ {re.escape(name)} _+", done.stdout)  # the failure's heading
    assert re.search(
        rf"{re.escape(name)}:\d+: examples\[3\]\.rows\[\d+\]: Other User, rules read on "
        r"2019-01-16 \(SEC-G8-2018\): expected Full, Self-Assessment, Full, Full; the rules "
        r"give Full, Self-Assessment, Self-Assessment, Full \(year 3: expected Full, got "
        r"Self-Assessment\)",
        done.stdout,
    )
    assert "Traceback" not in done.stdout
    # the guidance renders the row too: it fails, naming the content row it came from
    assert re.search(r"FAILED build/SECMP0059/SECMP0059-scf-guidance\.md:\d+", done.stdout)
    assert f"rendered from {name}:" in done.stdout


def test_only_the_named_tests_run_when_paths_are_given(project: Path) -> None:
    done = _pytest(project, "--collect-only", "-q", "test_plain.py")
    assert done.stdout.splitlines()[0] == "test_plain.py::test_one"
    assert "examples.yaml" not in done.stdout
    forced = _pytest(project, "--collect-only", "-q", "test_plain.py", "--secmod-examples")
    assert "examples.yaml:" in forced.stdout
    selected = _pytest(project, "--collect-only", "-q", "-k", "doc-tests")
    assert "examples.yaml" not in selected.stdout
    assert "content/pages/authors/doc-tests.md:" in selected.stdout


def test_content_named_on_the_command_line_or_in_the_ini_file(project: Path) -> None:
    moved = project / "docs-content"
    (project / "content").rename(moved)
    assert "examples.yaml" not in _pytest(project, "--collect-only", "-q").stdout
    named = _pytest(project, "--collect-only", "-q", "--secmod-content", "docs-content")
    assert "docs-content/SECMP0059/examples.yaml:" in named.stdout
    (project / "pytest.ini").write_text("[pytest]\nsecmod_content = docs-content\n", "utf-8")
    ini = _pytest(project, "--collect-only", "-q")
    assert "docs-content/SECMP0059/examples.yaml:" in ini.stdout
    missing = _pytest(project, "--secmod-content", "nowhere")
    assert missing.returncode == 4
    assert "--secmod-content" in missing.stderr


def test_invalid_content_is_one_located_failure(project: Path) -> None:
    path = project / "content" / "SECMP0059" / "examples.yaml"
    path.write_text(
        path.read_text("utf-8").replace("role: supplier", "role: landlord", 1), encoding="utf-8"
    )
    done = _pytest(project, "-q")
    assert done.returncode == 1
    assert re.search(
        r"content/SECMP0059/examples\.yaml:\d+:\d+: examples\[0\]\.rows\[0\]\.role: must be one of",
        done.stdout,
    )
    assert "1 failed, 1 passed" in done.stdout


def test_a_folder_without_secmod_content_collects_normally(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text(PASSING_TEST, encoding="utf-8")
    (tmp_path / "content").mkdir()  # someone else's content folder
    (tmp_path / "content" / "post.md").write_text("# Hello 50,000\n", encoding="utf-8")
    for autoload, plugin in ((True, False), (True, True), (False, True)):
        done = _pytest(tmp_path, "-q", autoload=autoload, plugin=plugin)
        assert done.returncode == 0, (autoload, plugin, done.stdout + done.stderr)
        assert "1 passed" in done.stdout
        assert "already registered" not in done.stderr


def test_the_entry_point_loads_the_plugin(project: Path) -> None:
    done = _pytest(project, "--collect-only", "-q", autoload=True, plugin=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "content/SECMP0059/examples.yaml:" in done.stdout
