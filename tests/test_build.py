"""The build pipeline: the outputs each content file adds, staged writes, document selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.atomic import StagedFiles
from generator.build import DOCUMENTS, render_modification
from generator.cli import cli
from generator.load import load_content
from tests.conftest import CONTENT


def _outputs(content_dir: Path, mod_id: str, *, word: bool = True) -> list[tuple[str, str, bool]]:
    content = load_content(content_dir)
    rendered = render_modification(content, content.modifications[mod_id], word=word)
    return [(o.key, o.filename, o.data is not None) for o in rendered.outputs]


def test_each_content_file_adds_its_documents(tmp_path: Path) -> None:
    """The paper always; guidance.yaml adds the guidance, legal-text.yaml Annex A."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "objectives.yaml").write_bytes((CONTENT / "objectives.yaml").read_bytes())
    assert CliRunner().invoke(cli, ["new", "MP123", "--content", str(content)]).exit_code == 0
    assert _outputs(content, "MP123") == [
        ("change-board-paper", "MP123-change-board-paper.docx", True)
    ]
    full = _outputs(CONTENT, "SECMP0059")
    assert [key for key, _, _ in full] == [
        "change-board-paper",
        "scf-guidance",
        "legal-text",
        "legal-text-docx",
        "legal-text-clean-docx",
        "response-form-modification-report",
        "responses-modification-report",
    ]
    assert all(made for _, _, made in full)


def test_the_markdown_alone_makes_no_word_file() -> None:
    outputs = _outputs(CONTENT, "SECMP0059", word=False)
    made = {filename: data for _, filename, data in outputs}
    assert made["SECMP0059-change-board-paper.docx"] is False
    assert made["SECMP0059-legal-text.md"] is True
    assert list(DOCUMENTS) == ["paper", "guidance", "legal", "forms", "responses"]


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
