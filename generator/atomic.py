"""Writing outputs so that a failure never leaves a partial file behind.

Each file is written to a temporary sibling and moved over its target with ``os.replace``, which
is atomic on POSIX: readers see the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from types import TracebackType

__all__ = ["StagedFiles"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``; return the temporary's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; outputs are ordinary files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


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
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        self._created.extend(reversed(missing))
        previous = self._staged.pop(path, None)
        if previous is not None:
            previous.unlink(missing_ok=True)
        self._staged[path] = _stage(path, data)

    def commit(self) -> list[Path]:
        """Move every staged file over its target; return the targets."""
        for path, tmp in self._staged.items():
            os.replace(tmp, path)
        done = list(self._staged)
        self._staged.clear()
        self._created.clear()
        return done

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
