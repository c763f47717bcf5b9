"""Writing outputs so that a failure never leaves a partial file behind.

Each file is written to a temporary sibling and moved over its target with ``os.replace``, which
is atomic on POSIX: readers see the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["write_all_atomic", "write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, creating parent folders as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write every file of ``files``; each one atomically.

    Callers produce all contents in memory first, so a rendering error stops the build before
    anything is written.
    """
    for path, data in files.items():
        write_atomic(path, data)
