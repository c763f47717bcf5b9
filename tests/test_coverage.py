"""Rule coverage: every branch, year and threshold edge, and the example that exercises it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checks.coverage import YEAR_SLOTS, coverage, exercised, targets
from generator.checks.examples import ExecutableExample, content_examples
from generator.errors import Location
from generator.load import Content, load_content
from generator.rules import Assessment, Branch, Portfolio, Role

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "content"
AFTER, BEFORE = dt.date(2019, 3, 1), dt.date(2019, 1, 16)
F, V, S = Assessment.FULL, Assessment.VERIFICATION, Assessment.SELF


def _row(
    role: Role, domestic: int, non_domestic: int, on: dt.date, years: int
) -> ExecutableExample:
    expect = (F, V, S, F, V, S)[:years]
    return ExecutableExample(
        Location("x.yaml", 1, 1), "", Portfolio(role, domestic, non_domestic), on, expect
    )


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURES)


def test_the_cases_are_every_branch_in_every_year_and_every_edge() -> None:
    found = targets()
    ids = [t.id for t in found]
    assert len(ids) == len(set(ids))
    assert len(ids) == len(Branch) * len(YEAR_SLOTS) + 3 * 3
    for branch in Branch:
        for slot in YEAR_SLOTS:
            assert f"{branch.value} year {slot}" in ids
    assert "SECMP0059 combined threshold just below" in ids
    assert "SEC-G8-2018 domestic threshold at" in ids


def test_secmp0059_examples_cover_every_case(content: Content) -> None:
    rows = content_examples(content, content.modifications["SECMP0059"])
    report = coverage("SECMP0059", "content/SECMP0059/examples.yaml", rows)
    assert report.uncovered == []
    assert report.ok
    lines = report.lines()
    assert lines[0] == f"SECMP0059: rule coverage {len(targets())}/{len(targets())} cases exercised"
    assert len(lines) == len(targets()) + 1
    assert all(line.startswith("  covered    ") for line in lines[1:])
    assert all("content/SECMP0059/examples.yaml:" in line for line in lines[1:])
    assert report.problems() == []


def test_edges_are_one_below_at_and_one_above() -> None:
    assert "SECMP0059 non-domestic threshold just below" in exercised(
        _row(Role.SUPPLIER, 0, 49_999, AFTER, 3)
    )
    hit = exercised(_row(Role.SUPPLIER, 0, 50_000, AFTER, 3))
    assert {"SECMP0059 non-domestic threshold at", "SECMP0059 combined threshold at"} <= hit
    assert "SECMP0059 combined threshold just above" in exercised(
        _row(Role.SUPPLIER, 100_001, 30_000, AFTER, 3)
    )
    # two below is no edge; above the Non-Domestic threshold the sum is never compared
    assert not {t for t in exercised(_row(Role.SUPPLIER, 0, 49_998, AFTER, 3)) if "threshold" in t}
    assert not any("combined" in t for t in exercised(_row(Role.SUPPLIER, 0, 50_001, AFTER, 3)))
    assert "SEC-G8-2018 domestic threshold just below" in exercised(
        _row(Role.SUPPLIER, 249_999, 0, BEFORE, 3)
    )


def test_years_count_only_when_the_row_states_them() -> None:
    three = exercised(_row(Role.OTHER, 0, 0, AFTER, 3))
    assert "SECMP0059.other.cycle year 3" in three
    assert "SECMP0059.other.cycle year 4+" not in three
    assert "SECMP0059.other.cycle year 4+" in exercised(_row(Role.OTHER, 0, 0, AFTER, 6))
    assert "SEC-G8-2018.other.cycle year 1" in exercised(_row(Role.OTHER, 0, 0, BEFORE, 1))


def test_missing_examples_are_listed_and_located() -> None:
    report = coverage("MP001", "content/MP001/examples.yaml", [_row(Role.OTHER, 0, 0, AFTER, 3)])
    uncovered = {t.id for t in report.uncovered}
    assert "SECMP0059.other.cycle year 4+" in uncovered
    assert "SECMP0059.other.cycle year 2" not in uncovered
    assert not report.ok
    assert any(
        line.startswith("  UNCOVERED  SEC-G8-2018.other.cycle, year 1") for line in report.lines()
    )
    problem = report.problems()[0]
    assert str(problem).startswith("content/MP001/examples.yaml: examples: no example exercises ")


def _secmod(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from generator.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_coverage_lists_every_case_and_fails_when_one_is_missing(content_copy: Path) -> None:
    done = _secmod("check", "--coverage", str(content_copy), cwd=content_copy.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    total = len(targets())
    assert f"SECMP0059: rule coverage {total}/{total} cases exercised" in out
    assert out.count("  covered    ") == total
    assert "UNCOVERED" not in out
    examples = content_copy / "SECMP0059" / "examples.yaml"
    text = examples.read_text(encoding="utf-8")
    row = "      - {role: other, expect: [full, self, self, full]}\n"
    assert text.count(row) == 1
    examples.write_text(text.replace(row, ""), encoding="utf-8")
    done = _secmod("check", "--coverage", str(content_copy), cwd=content_copy.parent)
    assert done.returncode == 2
    assert "  UNCOVERED  SEC-G8-2018.other.cycle, year 4+" in done.stdout
    assert "content/SECMP0059/examples.yaml: examples: no example exercises SEC-G8-2018.other" in (
        done.stderr
    )
    # without --coverage the summary is printed and a gap in coverage is no failure
    plain = _secmod("check", str(content_copy), cwd=content_copy.parent)
    assert f"SECMP0059: rule coverage {total - 1}/{total} cases exercised" in plain.stdout
    assert "UNCOVERED" not in plain.stdout
