"""Every modification bundled under content/ checks clean and builds.

This is the one test that reads content/ as it is: it is parametrised over whatever
modifications the folder holds, so adding one adds a case and removing one removes a case; it
fails only when a bundled modification is itself broken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.folders import modification_folders

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "content"
IDS = [folder.name for folder in modification_folders(BUNDLED)]


def test_content_holds_at_least_one_modification() -> None:
    assert IDS, f"no modification folder under {BUNDLED}"


def test_the_bundled_content_checks_clean() -> None:
    result = CliRunner().invoke(cli, ["check", str(BUNDLED), "--coverage"])
    assert result.exit_code == 0, result.output
    for mod_id in IDS:
        assert f"{mod_id}: valid" in result.output


@pytest.mark.parametrize("mod_id", IDS)
def test_each_bundled_modification_builds(mod_id: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", mod_id, "--content", str(BUNDLED), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    paper = tmp_path / mod_id / f"{mod_id}-change-board-paper.docx"
    assert paper.stat().st_size > 0
