"""The build pipeline: plans match outputs, staged writes, document selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.atomic import StagedFiles
from generator.build import DOCUMENTS, render_modification
from generator.cli import cli
from generator.documents.plans import PLANS, planned_outputs
from generator.folders import read_folder
from generator.load import load_content
from tests.conftest import CONTENT


def _plans_and_outputs(content_dir: Path, mod_id: str) -> tuple[list[tuple], list[tuple]]:  # type: ignore[type-arg]
    content = load_content(content_dir)
    mod = content.modifications[mod_id]
    planned = [(p.key, p.filename, p.has_markdown) for p in planned_outputs(content.files(mod_id))]
    made = [(o.key, o.filename, o.has_markdown) for o in render_modification(content, mod).outputs]
    return planned, made


def test_every_builder_plans_exactly_what_it_makes() -> None:
    planned, made = _plans_and_outputs(CONTENT, "SECMP0059")
    assert planned == made
    assert {key for key, *_ in made} >= {"change-board-paper", "scf-guidance", "legal-text"}


def test_plans_follow_the_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "objectives.yaml").write_bytes((CONTENT / "objectives.yaml").read_bytes())
    assert CliRunner().invoke(cli, ["new", "MP123", "--content", str(content)]).exit_code == 0
    planned, made = _plans_and_outputs(content, "MP123")
    assert planned == made == [("change-board-paper", "MP123-change-board-paper.docx", True)]


def test_every_document_has_a_plan_under_its_name() -> None:
    assert list(PLANS) == list(DOCUMENTS)


def test_each_optional_file_adds_its_documents(tmp_path: Path) -> None:
    """A document follows from its file: guidance.yaml, legal-text.yaml (and nothing else)."""
    folder = tmp_path / "SECMP0059"
    folder.mkdir()
    (folder / "modification.yaml").write_text("", encoding="utf-8")
    keys = [p.key for p in planned_outputs(read_folder(folder))]
    assert keys == ["change-board-paper"]
    (folder / "guidance.yaml").write_text("", encoding="utf-8")
    (folder / "legal-text.yaml").write_text("", encoding="utf-8")
    keys = [p.key for p in planned_outputs(read_folder(folder))]
    assert keys == [
        "change-board-paper",
        "scf-guidance",
        "legal-text",
        "legal-text-docx",
        "legal-text-clean-docx",
    ]


def test_staged_files_move_into_place_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deep" / "file.txt"
    with StagedFiles() as staged:
        staged.add(target, b"new")
        assert not target.exists()
        assert staged.commit() == [target]
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_staged_files_leave_nothing_when_abandoned(tmp_path: Path) -> None:
    kept = tmp_path / "out" / "kept.txt"
    kept.parent.mkdir()
    kept.write_bytes(b"old")
    with pytest.raises(RuntimeError), StagedFiles() as staged:
        staged.add(kept, b"new")
        staged.add(tmp_path / "out" / "new" / "x.txt", b"x")
        raise RuntimeError("rendering failed")
    assert kept.read_bytes() == b"old"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kept.txt"]


def test_only_builds_the_named_documents(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "--content", str(CONTENT), "--out", str(tmp_path), "--only", "guidance"]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "SECMP0059").iterdir()] == ["SECMP0059-scf-guidance.md"]
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path), "--only", "minutes"])
    assert result.exit_code == 2
    assert f"choose from {', '.join(DOCUMENTS)}" in result.stderr
