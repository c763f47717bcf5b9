"""The one way secmod writes files: complete or not at all, and a set of files all or nothing.

* :func:`write_file`: one file, written beside its target and moved over it (``os.replace`` is
  atomic on POSIX: readers see the old file or the new one, never half of one).
* :class:`StagedFiles`: a set of files staged beside their targets while the caller renders,
  then committed together. Each previous file is kept (a hard link, or a copy) until every new
  file is in place; if any move fails, every target gets its previous content back.
* :func:`create_folder`: a new folder with its files, complete or absent (``secmod new``).
* :func:`replace_folder`: a finished folder swapped in for the previous one (``secmod site``).
* :func:`remove_stale`: what a killed run left behind, removed by the next one.

Every staging name is hidden and says which process made it
(``.NAME.PID-RANDOM.secmod-tmp``, ``...secmod-old`` for a kept previous file), so a later run
removes those of processes that are gone and leaves alone those of one still running.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

__all__ = [
    "StagedFiles",
    "create_folder",
    "remove_stale",
    "replace_folder",
    "staging_folder",
    "write_file",
]

_NEW = ".secmod-tmp"
_OLD = ".secmod-old"
_STAGING = re.compile(r"^\..+\.(?P<pid>[0-9]+)-[^./]+\.secmod-(tmp|old)$")
#: Staging files of releases before the process id was part of the name.
_LEGACY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
#: A staging file this old is stale whoever made it (a process on another machine, say).
_STALE_AFTER = 24 * 3600.0


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _prefix(path: Path) -> str:
    return f".{path.name}.{os.getpid()}-"


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` as if about ``path``: an error writing a hidden staging file is an error
    writing the file it stands for."""
    return type(exc)(exc.errno, exc.strerror or str(exc), str(path))


def _folders_for(path: Path) -> list[Path]:
    """The folders to create for ``path``; ``NotADirectoryError`` naming the first of its
    ancestors that is a file."""
    missing = []
    for folder in (path.parent, *path.parent.parents):
        if folder.is_dir():
            break
        if os.path.lexists(folder):
            raise NotADirectoryError(20, "is a file, not a folder", str(folder))
        missing.append(folder)
    return list(reversed(missing))


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new hidden file beside ``path``; return that file's path."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=_prefix(path), suffix=_NEW, dir=path.parent)
    except OSError as exc:
        raise _named(exc, path.parent) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; outputs are ordinary files
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _named(exc, path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (its folder must exist); ``OSError`` on failure,
    with ``path`` as it was."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sibling(path: Path, suffix: str) -> Path:
    """A new hidden name beside ``path`` (nothing is created)."""
    return path.with_name(f"{_prefix(path)}{secrets.token_hex(4)}{suffix}")


def _keep(path: Path) -> Path | None:
    """A hidden second name for the file at ``path`` (None if there is none), kept until a
    commit is complete: a hard link, or a copy where links are not supported."""
    if not os.path.lexists(path):
        return None
    if path.is_dir() and not path.is_symlink():
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    kept = _sibling(path, _OLD)
    try:
        os.link(path, kept, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        try:
            shutil.copy2(path, kept, follow_symlinks=False)
        except BaseException:
            kept.unlink(missing_ok=True)
            raise
    return kept


class StagedFiles:
    """Files written beside their targets now and moved into place together on ``commit``.

    Used as a context manager: leaving the block without committing (an exception) removes
    every staged file and the folders it created, so targets keep their previous contents.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, Path] = {}
        self._created: list[Path] = []

    def add(self, path: Path, data: bytes) -> None:
        """Stage ``data`` for ``path`` (a later ``add`` of the same path replaces it)."""
        for folder in _folders_for(path):
            folder.mkdir()
            self._created.append(folder)
        previous = self._staged.pop(path, None)
        if previous is not None:
            previous.unlink(missing_ok=True)
        self._staged[path] = _stage(path, data)

    def commit(self) -> list[Path]:
        """Move every staged file over its target and return the targets; if one move fails,
        put every target back as it was and raise the ``OSError``."""
        done: list[tuple[Path, Path | None]] = []
        kept: list[Path] = []
        try:
            for path, tmp in self._staged.items():
                previous = _keep(path)
                if previous is not None:
                    kept.append(previous)
                os.replace(tmp, path)
                done.append((path, previous))
        except BaseException:
            _restore(done)
            for previous in kept:
                previous.unlink(missing_ok=True)
            raise
        for previous in kept:
            with contextlib.suppress(OSError):  # a later run removes what is left
                previous.unlink()
        targets = list(self._staged)
        self._staged.clear()
        self._created.clear()
        return targets

    def discard(self) -> None:
        """Remove every staged file and the folders created for them."""
        for tmp in self._staged.values():
            tmp.unlink(missing_ok=True)
        self._staged.clear()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):  # not empty: something else wrote there
                folder.rmdir()
        self._created.clear()

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.discard()


def _restore(done: list[tuple[Path, Path | None]]) -> None:
    """Give each target of ``done`` its previous file back (or remove it if it was new)."""
    for path, previous in reversed(done):
        with contextlib.suppress(OSError):
            if previous is None:
                path.unlink()
            else:
                os.replace(previous, path)


def create_folder(path: Path, files: Mapping[str, bytes]) -> None:
    """Create the folder ``path`` holding ``files`` (name: bytes), complete or not at all.

    The folder is made under a hidden name beside ``path`` and renamed once every file is in
    it; ``FileExistsError`` if ``path`` exists.
    """
    if os.path.lexists(path):
        raise FileExistsError(17, "already exists", str(path))
    try:
        staging = Path(tempfile.mkdtemp(prefix=_prefix(path), suffix=_NEW, dir=path.parent))
    except OSError as exc:
        raise _named(exc, path) from None
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp creates 0700
        if os.path.lexists(path):
            raise FileExistsError(17, "already exists", str(path))
        staging.rename(path)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _named(exc, path) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def replace_folder(finished: Path, path: Path) -> None:
    """Put the folder ``finished`` in place of the folder ``path`` (which may not exist).

    The previous folder is renamed aside, the new one renamed in, and the previous one then
    removed; if the second rename fails, the previous folder is renamed back.
    """
    previous: Path | None = None
    if os.path.lexists(path):
        previous = _sibling(path, _OLD)
        os.rename(path, previous)
    try:
        os.rename(finished, path)
    except BaseException:
        if previous is not None:
            os.rename(previous, path)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def staging_folder(path: Path) -> Path:
    """A new empty hidden folder beside ``path``, to build its next version in."""
    try:
        return Path(tempfile.mkdtemp(prefix=_prefix(path), suffix=_NEW, dir=path.parent))
    except OSError as exc:
        raise _named(exc, path.parent) from None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no safe probe: such files go when they are old
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _is_stale(entry: os.DirEntry[str], now: float) -> bool:
    try:
        age = now - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if match := _STAGING.match(entry.name):
        return age > _STALE_AFTER or not _alive(int(match["pid"]))
    return _LEGACY.match(entry.name) is not None and age > 3600.0


def remove_stale(folder: Path) -> int:
    """Remove what killed runs left in ``folder``: staging files and folders of processes that
    are gone (or that are a day old). Returns how many; a folder that cannot be read is left."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _is_stale(entry, now):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
    return removed
