"""`secmod check` skips rendering the modifications unchanged since they checked clean, and
never vouches for one that changed or had a problem."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli
from tests.conftest import CONTENT, ROOT


def _check(content: Path, cache: Path, *extra: str) -> Result:
    return CliRunner().invoke(cli, ["check", str(content), "--cache-dir", str(cache), *extra])


def _hits(result: Result) -> int:
    lines = [x for x in result.output.splitlines() if x.startswith("cache: ")]
    return int(lines[0].split()[1]) if lines else 0


def _count(content: Path) -> int:
    return len([p for p in content.iterdir() if (p / "modification.yaml").is_file()])


def test_a_second_check_renders_nothing_unchanged(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _check(content_copy, cache)
    assert first.exit_code == 0, first.output
    assert _hits(first) == 0
    second = _check(content_copy, cache)
    assert second.exit_code == 0 and _hits(second) == _count(content_copy)
    assert "--no-cache" in second.output
    uncached = _check(content_copy, cache, "--no-cache")
    assert uncached.exit_code == 0 and _hits(uncached) == 0


def test_an_edit_is_checked_again_and_its_problem_found(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _check(content_copy, cache).exit_code == 0
    path = content_copy / "SECMP0059" / "responses.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Supports the modification.", "'Supports {{ nowhere }}.'", 1), "utf-8"
    )
    broken = _check(content_copy, cache)
    assert broken.exit_code == 2
    assert "responses.yaml" in broken.output and "nowhere" in broken.output
    assert _hits(broken) == _count(content_copy) - 1
    again = _check(content_copy, cache)  # a modification with a problem is never recorded
    assert again.exit_code == 2 and "nowhere" in again.output


def test_a_changed_shared_file_checks_everything(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _check(content_copy, cache).exit_code == 0
    objectives = content_copy / "objectives.yaml"
    objectives.write_text(objectives.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    assert _hits(_check(content_copy, cache)) == 0


def test_a_changed_template_checks_everything(tmp_path: Path) -> None:
    from generator.checks.check_cache import CheckCache
    from generator.site.timeline import build_date

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    before = CheckCache(tmp_path / "c", CONTENT, templates, build_date()).key("SECMP0059")
    paper = templates / "change-board-paper.md.j2"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = CheckCache(tmp_path / "c", CONTENT, templates, build_date()).key("SECMP0059")
    assert before != after
