"""Outputs are all or nothing: a failure of any kind leaves every previous output as it was.

Operating-system errors (a file where the output folder should be, a read-only folder, a full
disk, a folder where a file should be) are one line naming the path and the cause, exit status
1. A commit that fails half-way puts every file back; what a killed run left behind is removed
by the next run, and never what a running one is writing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import atomic
from tests.hostile import located, secmod, snapshot

MOD = "SECMP0059"


@pytest.fixture
def built(content_copy: Path) -> Path:
    """A project folder whose build/ holds a complete previous build."""
    project = content_copy.parent
    result = secmod("build", "--content", "content", "--out", "build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def rebuild(project: Path, *args: str, **options: object) -> subprocess.CompletedProcess[str]:
    return secmod("build", "--content", "content", "--out", "build", *args, cwd=project, **options)  # type: ignore[arg-type]


def one_error(result: subprocess.CompletedProcess[str], path: str, cause: str) -> None:
    assert result.returncode == 1, result.stderr
    (line,) = located(result.stderr)
    assert line.startswith(f"{path}: cannot write: "), line
    assert cause in line, line


def test_out_is_a_file(content_copy: Path) -> None:
    project = content_copy.parent
    (project / "build").write_text("not a folder", encoding="utf-8")
    result = rebuild(project)
    one_error(result, "build", "is a file, not a folder")
    assert (project / "build").read_text(encoding="utf-8") == "not a folder"


def test_out_is_dev_full(content_copy: Path) -> None:
    result = secmod("build", "--content", "content", "--out", "/dev/full", cwd=content_copy.parent)
    one_error(result, "/dev/full", "is a file, not a folder")


def test_a_read_only_output_folder(built: Path) -> None:
    before = snapshot(built / "build")
    folder = built / "build" / MOD
    folder.chmod(0o555)
    try:
        result = rebuild(built, as_user=True)
    finally:
        folder.chmod(0o755)
    one_error(result, f"build/{MOD}", "Permission denied")  # where the files could not go
    assert snapshot(built / "build") == before


def _small_files() -> None:  # pragma: no cover - runs in the child
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (12_000, 12_000))


def test_a_full_disk(built: Path) -> None:
    """A write that the file system refuses half-way (here: a file size limit)."""
    before = snapshot(built / "build")
    result = rebuild(built, preexec=_small_files)
    assert result.returncode == 1, result.stderr
    (line,) = located(result.stderr)
    assert line.startswith("build/") and "cannot write: File too large" in line, line
    assert snapshot(built / "build") == before


def test_a_folder_where_an_output_should_be(built: Path) -> None:
    target = built / "build" / MOD / f"{MOD}-scf-guidance.md"
    target.unlink()
    target.mkdir()
    before = snapshot(built / "build")
    result = rebuild(built)
    one_error(result, f"build/{MOD}/{MOD}-scf-guidance.md", "is a folder, not a file")
    assert snapshot(built / "build") == before
    assert target.is_dir()


def test_new_in_a_read_only_content_folder(content_copy: Path) -> None:
    content_copy.chmod(0o555)
    try:
        result = secmod(
            "new", "SECMP0123", "--content", "content", cwd=content_copy.parent, as_user=True
        )
    finally:
        content_copy.chmod(0o755)
    one_error(result, "content/SECMP0123", "Permission denied")
    assert not (content_copy / "SECMP0123").exists()


def test_a_commit_failing_at_the_last_of_1000_files_changes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = [tmp_path / f"{i // 100}" / f"file-{i:04}.txt" for i in range(1000)]
    for i, path in enumerate(targets):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(f"previous {i}\n".encode())
    before = snapshot(tmp_path)
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target) == targets[-1] and str(source).endswith(".secmod-tmp"):
            raise OSError(28, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with atomic.StagedFiles() as staged:
        for i, path in enumerate(targets):
            staged.add(path, f"new {i}\n".encode())
        with pytest.raises(OSError, match="No space left"):
            staged.commit()
    assert snapshot(tmp_path) == before


def test_a_commit_puts_every_new_file_in_place(tmp_path: Path) -> None:
    old = tmp_path / "a.txt"
    old.write_text("old", encoding="utf-8")
    with atomic.StagedFiles() as staged:
        staged.add(old, b"new a")
        staged.add(tmp_path / "sub" / "b.txt", b"new b")
        assert staged.commit() == [old, tmp_path / "sub" / "b.txt"]
    assert snapshot(tmp_path) == {"a.txt": b"new a", "sub/b.txt": b"new b"}


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_staging_files_go_and_a_running_builds_stay(built: Path) -> None:
    folder = built / "build" / MOD
    dead, alive = _dead_pid(), os.getppid()
    stale = [
        folder / f".{MOD}-change-board-paper.docx.{dead}-abcd1234.secmod-tmp",
        folder / f".{MOD}-change-board-paper.docx.{dead}-efgh5678.secmod-old",
        built / "build" / f".{MOD}.{dead}-ijkl9012.secmod-tmp",
    ]
    running = folder / f".{MOD}-scf-guidance.md.{alive}-mnop3456.secmod-tmp"
    for path in [*stale, running]:
        path.write_bytes(b"x" * 1000)
    old = folder / ".legacy.docx.ab12cd34.tmp"
    old.write_bytes(b"left by a release before this one")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert rebuild(built).returncode == 0
    assert [p for p in stale if p.exists()] == []
    assert not old.exists()
    assert running.exists()


def test_a_build_killed_at_any_moment_leaves_nothing_behind_after_the_next(
    built: Path,
) -> None:
    for delay in (0.4, 0.8, 1.2):
        command = [sys.executable, "-m", "generator", "build", "--content", "content"]
        child = subprocess.Popen(command, cwd=built, stdout=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert rebuild(built).returncode == 0
    hidden = [p for p in (built / "build").rglob(".*")]
    assert hidden == []


def test_new_stopped_before_its_rename_breaks_nothing(content_copy: Path) -> None:
    """The half-made folder is hidden (the loader skips it) and the next ``new`` removes it."""
    leftover = content_copy / f".SECMP0123.{_dead_pid()}-qrst7890.secmod-tmp"
    leftover.mkdir()
    (leftover / "modification.yaml").write_text("id: SECMP0123\n", encoding="utf-8")
    assert secmod("check", "content", cwd=content_copy.parent).returncode == 0
    result = secmod("new", "SECMP0123", "--content", "content", cwd=content_copy.parent)
    assert result.returncode == 0, result.stderr
    assert not leftover.exists()
    assert secmod("check", "content", cwd=content_copy.parent).returncode == 0


def test_create_folder_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "rename", fail)
    with pytest.raises(OSError):
        atomic.create_folder(tmp_path / "made", {"a.yaml": b"a", "b.yaml": b"b"})
    assert list(tmp_path.iterdir()) == []


def test_replace_folder_keeps_the_previous_one_when_the_swap_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    new = atomic.staging_folder(site)
    (new / "index.html").write_text("new", encoding="utf-8")
    real_rename = os.rename

    def rename(source: str | Path, target: str | Path) -> None:
        if Path(source) == new:
            raise OSError(30, "Read-only file system", str(target))
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        atomic.replace_folder(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    monkeypatch.setattr(os, "rename", real_rename)
    atomic.replace_folder(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert atomic.remove_stale(tmp_path) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
