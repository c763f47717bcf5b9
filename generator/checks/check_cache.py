"""Which modifications passed ``secmod check`` unchanged since: the expensive part is skipped.

Checking a modification renders every document it publishes (the Word files included) and runs
the worked examples of the generated guidance: about 80 ms each, so half a minute for 300
modifications although an author usually changed one. A modification that checked clean is
recorded under a digest of everything its check depends on (its folder, the shared content
files, the templates, secmod's source and version with the rules, and the day, which the
timeline reads); found again under the same digest, its rendering is skipped. It is still
loaded and validated with the others (ids, cross-file rules) and its coverage reported; the
checks that read only its own files and the rules (rendering, worked examples, legal text, prose
lint) are skipped, since they would find what they found then. A record is an empty file named
by the digest, written only after a run in which nothing in the modification's folder had a
problem; ``--no-cache`` checks everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from generator.atomic import write_file
from generator.digests import code_digest, digest_files, tree_digest

__all__ = ["CheckCache"]
#: Bump when what a record vouches for changes.
FORMAT = "1"


class CheckCache:
    """Records of modifications that checked clean, in ``folder``."""

    def __init__(self, folder: Path, content_dir: Path, templates: Path, today: dt.date) -> None:
        self.folder = folder
        self.content_dir = content_dir
        shared = digest_files(
            [content_dir / "objectives.yaml", content_dir / "releases.yaml"], content_dir
        )
        self._common = f"{FORMAT}\0{code_digest()}\0{tree_digest(templates)}\0{shared}\0{today}"
        self.hits = 0
        self._keys: dict[str, str] = {}

    def key(self, mod_id: str) -> str:
        """The digest of everything the check of ``mod_id`` depends on (read once a run: the
        record written after the run vouches for the files as they were checked)."""
        if mod_id not in self._keys:
            own = tree_digest(self.content_dir / mod_id)
            self._keys[mod_id] = hashlib.sha256(
                f"{self._common}\0{mod_id}\0{own}".encode()
            ).hexdigest()
        return self._keys[mod_id]

    def clean(self, mod_id: str) -> bool:
        """Whether ``mod_id``, as it is now, checked clean before."""
        found = (self.folder / self.key(mod_id)).is_file()
        self.hits += found
        return found

    def record(self, mod_ids: Iterable[str]) -> None:
        """Record that ``mod_ids`` checked clean (a record that cannot be written is lost)."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            for mod_id in mod_ids:
                write_file(self.folder / self.key(mod_id), b"")
