"""The one build pipeline: load -> context -> render -> write atomically.

The command line (``secmod build``), ``secmod check`` and the MkDocs plugin all call
``render_modification``; none re-implements it. ``build_all`` checks the content as
``secmod check`` does and writes the outputs all or nothing, so a failure leaves the previous
outputs intact.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import StagedFiles, remove_stale
from generator.documents.base import BuildInput, Output
from generator.documents.plans import planned_outputs
from generator.errors import (
    BuildError,
    ContentError,
    Location,
    OutputError,
    Problem,
    UsageError,
)
from generator.load import Content
from generator.model import Modification
from generator.render.context import modification_context
from generator.render.templating import TEMPLATES, collected_problems

__all__ = [
    "DOCUMENTS",
    "BuildResult",
    "RenderedModification",
    "build_all",
    "build_timestamp",
    "documents",
    "planned_outputs",
    "render_modification",
]

Builder = Callable[[BuildInput], list[Output]]


#: The documents, by name: the builder of each, imported only when that document is built. The
#: plan of each (what it makes, known before anything is loaded) is
#: ``generator.documents.plans.PLANS[name]``.
DOCUMENTS: dict[str, str] = {
    "paper": "generator.documents.paper:build_paper",
    "guidance": "generator.documents.guidance:build_guidance",
    "legal": "generator.documents.legal:build_legal",
    "forms": "generator.documents.consultations:build_forms",
    "responses": "generator.documents.consultations:build_responses",
}


def documents(names: Iterable[str] | None = None) -> dict[str, Builder]:
    """The builders of the documents ``names`` (default: all), in the order listed."""
    import importlib

    found: dict[str, Builder] = {}
    for name in names or DOCUMENTS:
        module, _, function = DOCUMENTS[name].partition(":")
        found[name] = getattr(importlib.import_module(module), function)
    return found


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


def render_modification(
    content: Content,
    mod: Modification,
    templates: Path = TEMPLATES,
    only: Sequence[str] | None = None,
) -> RenderedModification:
    """The outputs of ``mod`` (of the documents named in ``only``, default all), in memory.

    Every prose problem of the modification is reported together (one ``ContentError``).
    """
    with collected_problems():
        given = BuildInput(
            content, mod, modification_context(content, mod), build_timestamp(mod), templates
        )
        outputs: list[Output] = []
        for builder in documents(only).values():
            outputs.extend(builder(given))
    return RenderedModification(mod, outputs)


def build_all(
    content_dir: Path,
    out_dir: Path,
    ids: Sequence[str] | None = None,
    *,
    templates: Path = TEMPLATES,
    only: Sequence[str] | None = None,
    progress: bool = False,
) -> BuildResult:
    """Build ``ids`` (default: all) from ``content_dir`` into ``out_dir/<ID>/``.

    The content goes through the same checks as ``secmod check`` (see
    :func:`generator.checks.report.validate`), which renders every output; the outputs of the
    documents ``only`` names (default all) are staged as hidden files beside their targets
    meanwhile (so memory stays flat however many modifications are built). Only when nothing
    failed are they moved into place, all or nothing: any problem or error leaves every
    previous output as it was. What a killed build left behind is removed first.
    """
    from generator.checks.report import validate

    started = time.perf_counter()
    unknown = [name for name in only or () if name not in DOCUMENTS]
    if unknown:
        raise UsageError(
            f"--only: unknown document {', '.join(unknown)}; choose from {', '.join(DOCUMENTS)}"
        )
    _remove_stale(out_dir)
    try:
        with StagedFiles() as staged:

            def keep(content: Content, mod: Modification, outputs: list[Output]) -> None:
                wanted = {p.filename for p in planned_outputs(content.files(mod.id), only)}
                for output in outputs:
                    if output.filename in wanted:
                        staged.add(out_dir / mod.id / output.filename, output.content())

            report = validate(content_dir, ids, templates=templates, pages=False, keep=keep)
            if not report.ok:
                raise ContentError(report.problems)
            written = staged.commit()
    except OSError as exc:
        raise OutputError.from_os_error(exc, out_dir) from None
    built = report.modifications
    seconds = time.perf_counter() - started
    if progress:
        _report_progress(built, written, out_dir, seconds)
    return BuildResult(written, built, seconds)


def _remove_stale(out_dir: Path) -> None:
    """What a killed build left in ``out_dir`` and its folders (one per modification)."""
    if not out_dir.is_dir():
        return
    remove_stale(out_dir)
    try:
        folders = [p for p in out_dir.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return
    for folder in folders:
        remove_stale(folder)


def _report_progress(built: int, written: list[Path], out_dir: Path, seconds: float) -> None:
    import click

    noun = "modification" if built == 1 else "modifications"
    click.echo(f"built {built} {noun}: {len(written)} files in {out_dir}/ ({seconds:.1f} s)")
    if built == 1:
        for path in written:
            click.echo(f"  {path}")
