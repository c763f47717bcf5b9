"""The one build pipeline: load -> context -> render -> write atomically.

The command line (``secmod build``) and the MkDocs plugin both call ``render_modifications``;
neither re-implements it. Every output of every requested modification is rendered in memory
before anything is written, so a failure leaves the previous outputs intact.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import write_all_atomic
from generator.documents.base import BuildInput, Output
from generator.errors import BuildError, Location, Problem
from generator.load import Content, load_content
from generator.model import Modification
from generator.render.context import modification_context

__all__ = [
    "BUILDERS",
    "BuildResult",
    "RenderedModification",
    "build_all",
    "build_timestamp",
    "render_modification",
    "render_modifications",
]

Builder = Callable[[BuildInput], list[Output]]


def _builders() -> list[Builder]:
    from generator.documents.paper import build_paper

    return [build_paper]


#: The document builders, in the order their outputs are listed.
BUILDERS: Callable[[], list[Builder]] = _builders


@dataclass(frozen=True)
class RenderedModification:
    """A modification's built outputs."""

    mod: Modification
    outputs: list[Output]


@dataclass(frozen=True)
class BuildResult:
    """What ``build_all`` wrote."""

    written: list[Path]
    modifications: int
    seconds: float


def build_timestamp(mod: Modification) -> dt.datetime:
    """The documents' date: ``SOURCE_DATE_EPOCH`` when set, else midnight UTC of the paper's date.

    Either way two builds of the same content give byte-identical files.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildError(
                [Problem(Location("SOURCE_DATE_EPOCH"), "", f"not a Unix time: {epoch!r}")]
            ) from None
    return dt.datetime.combine(mod.modification.paper.date, dt.time(), tzinfo=dt.UTC)


def render_modification(content: Content, mod: Modification) -> RenderedModification:
    """Every output of ``mod``, in memory."""
    given = BuildInput(content, mod, modification_context(content, mod), build_timestamp(mod))
    outputs: list[Output] = []
    for builder in BUILDERS():
        outputs.extend(builder(given))
    return RenderedModification(mod, outputs)


def render_modifications(
    content: Content, ids: Iterable[str] | None = None
) -> Iterator[RenderedModification]:
    """Render the modifications ``ids`` (default: all) of ``content``, one at a time."""
    for mod_id in ids if ids is not None else content.modifications:
        yield render_modification(content, content.modifications[mod_id])


def _maybe_progress(items: list[str], show: bool) -> Iterator[str]:
    if not show:
        yield from items
        return
    import click

    with click.progressbar(items, label="Building", item_show_func=lambda i: i or "") as bar:
        yield from bar


def build_all(
    content_dir: Path,
    out_dir: Path,
    ids: Sequence[str] | None = None,
    *,
    progress: bool = False,
) -> BuildResult:
    """Build ``ids`` (default: all) from ``content_dir`` into ``out_dir/<ID>/``."""
    import click

    started = time.perf_counter()
    content = load_content(content_dir, ids)
    selected = list(content.modifications)
    files: dict[Path, bytes] = {}
    for mod_id in _maybe_progress(selected, progress and len(selected) > 1):
        rendered = render_modification(content, content.modifications[mod_id])
        for output in rendered.outputs:
            files[out_dir / mod_id / output.filename] = output.data
    write_all_atomic(files)
    seconds = time.perf_counter() - started
    if progress:
        noun = "modification" if len(selected) == 1 else "modifications"
        click.echo(
            f"built {len(selected)} {noun}: {len(files)} files in {out_dir}/ ({seconds:.1f} s)"
        )
        if len(selected) == 1:
            for path in files:
                click.echo(f"  {path}")
    return BuildResult(list(files), len(selected), seconds)
