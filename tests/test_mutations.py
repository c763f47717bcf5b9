"""Mutation tests: change the rules in a copy of the project and the examples must fail, located.

Each test copies ``generator/``, ``content/`` and ``templates/`` into a temporary folder, edits
the copied ``generator/rules/declarations.toml`` (a threshold, the weight, the order of years 2 and
3) or a copied example, and runs the examples in a subprocess with ``PYTHONPATH`` pointing at
the copy: through pytest and the plugin, or through ``secmod check``. The unmodified copy passes.
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
PARAMETERS = Path("generator/rules/declarations.toml")
EXAMPLES = Path("content/SECMP0059/examples.yaml")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("pristine")
    for name in ("generator", "content", "templates"):
        shutil.copytree(
            ROOT / "tests" / "fixtures" / "content" if name == "content" else ROOT / name,
            base / name,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    return base


@pytest.fixture
def copy(pristine: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(pristine, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found (did the rules module change?)"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"
    )
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=120
    )


def _pytest(copy: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        copy, "-m", "pytest", "-p", "generator.pytest_plugin", "-p", "no:cacheprovider", "-q"
    )


def _secmod(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    probe = (
        "import sys, generator\n"
        "assert generator.__file__.startswith(sys.argv[1]), generator.__file__\n"
        "from generator.cli import main\n"
        "main(sys.argv[2:])\n"
    )
    return _run(copy, "-c", probe, str(copy), *args)


def _line(copy: Path, needle: str) -> int:
    lines = (copy / EXAMPLES).read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def _assert_row_fails(output: str, line: int) -> None:
    name = f"{EXAMPLES.as_posix()}:{line}"
    assert f"FAILED {name} " in output or f"FAILED {name}\n" in output, output
    assert re.search(
        rf"^{re.escape(name)}:\d+: examples\[\d+\]\.rows\[\d+\]: .+: expected .+; "
        r"the rules give .+ \(year \d: expected \S+, got \S+",
        output,
        re.M,
    ), output


MUTATIONS = {
    "non-domestic threshold 50,000 -> 40,000": (
        "values = [[2019-02-28, 50_000]]",
        "values = [[2019-02-28, 40_000]]",
        "non_domestic: 49999, expect: [full, verification, self]}",
    ),
    "combined threshold 250,000 -> 260,000": (
        "values = [[2019-02-28, 250_000]]",
        "values = [[2019-02-28, 260_000]]",
        "{role: supplier, domestic: 250001, non_domestic: 0, expect: [full, full, full]}",
    ),
    "weight 5 -> 4": (
        "values = [[2019-02-28, 5]]",
        "values = [[2019-02-28, 4]]",
        "domestic: 100000, non_domestic: 30001, expect: [full, full, full]}",
    ),
    "years 2 and 3 swapped": (
        '["full", "verification", "self"]',
        '["full", "self", "verification"]',
        "non_domestic: 49999, expect: [full, verification, self]}",
    ),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=list(MUTATIONS))
def test_a_mutated_rule_fails_the_examples_at_their_lines(copy: Path, mutation: str) -> None:
    old, new, row = MUTATIONS[mutation]
    _edit(copy / PARAMETERS, old, new)
    done = _pytest(copy)
    assert done.returncode == 1, done.stdout + done.stderr
    _assert_row_fails(done.stdout, _line(copy, row))
    assert "Traceback" not in done.stdout


def test_the_unmodified_copy_passes(copy: Path) -> None:
    done = _pytest(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^\d+ passed", done.stdout.splitlines()[-1])
    checked = _secmod(copy, "check", "--coverage")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "examples: " in checked.stdout and ", 0 problem(s)" in checked.stdout
    assert "UNCOVERED" not in checked.stdout
    assert checked.stderr == ""


def test_secmod_check_locates_a_swapped_cycle(copy: Path) -> None:
    _edit(copy / PARAMETERS, '["full", "verification", "self"]', '["full", "self", "verification"]')
    done = _secmod(copy, "check")
    assert done.returncode == 2
    line = _line(copy, "non_domestic: 49999, expect: [full, verification, self]}")
    assert re.search(
        rf"^{re.escape(EXAMPLES.as_posix())}:{line}:\d+: examples\[0\]\.rows\[0\]: "
        r"Supplier Party with 0 Domestic and 49,999 Non-Domestic Premises, "
        r"rules read on 2019-03-01 \(SECMP0059\): "
        r"expected Full, Verification, Self-Assessment; the rules give Full, Self-Assessment, "
        r"Verification",
        done.stderr,
        re.M,
    ), done.stderr
    assert "Traceback" not in done.stderr


def test_a_wrong_expectation_in_the_content_fails_at_its_line(copy: Path) -> None:
    right = (
        "{role: supplier, domestic: 250000, non_domestic: 0, expect: [full, verification, self]}"
    )
    path = copy / EXAMPLES
    text = path.read_text(encoding="utf-8")
    assert text.count(right) == 2  # once after SECMP0059, once before it
    line = _line(copy, "- title: Before SECMP0059")
    after, before = text.split("- title: Before SECMP0059", 1)
    path.write_text(
        after
        + "- title: Before SECMP0059"
        + before.replace(right, right.replace("self]", "full]")),
        encoding="utf-8",
    )
    wrong_line = next(
        i
        for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if i > line and "domestic: 250000, non_domestic: 0, expect: [full, verification, full]" in t
    )
    done = _pytest(copy)
    assert done.returncode == 1
    _assert_row_fails(done.stdout, wrong_line)
    assert "rules read on 2019-01-16 (SEC-G8-2018)" in done.stdout
    checked = _secmod(copy, "check")
    assert checked.returncode == 2
    assert f"{EXAMPLES.as_posix()}:{wrong_line}:" in checked.stderr
