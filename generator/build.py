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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import StagedFiles, remove_stale
from generator.documents.base import BuildInput, Output
from generator.documents.consultations import build_forms, build_responses
from generator.documents.guidance import build_guidance
from generator.documents.legal import build_legal
from generator.documents.paper import build_paper
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

if TYPE_CHECKING:
    from generator.site.pages import ModificationSite

__all__ = [
    "DOCUMENTS",
    "BuildResult",
    "RenderedModification",
    "build_all",
    "build_timestamp",
    "render_modification",
]

Builder = Callable[[BuildInput], list[Output]]


#: The documents, by name (``--only`` picks some), each with its builder, in the order built.
DOCUMENTS: dict[str, Builder] = {
    "paper": build_paper,
    "guidance": build_guidance,
    "legal": build_legal,
    "forms": build_forms,
    "responses": build_responses,
}


@dataclass(frozen=True)
class RenderedModification:
    """A modification's built outputs by document name, and the template context they were
    rendered from (the site's pages about the modification are rendered from it too)."""

    mod: Modification
    documents: dict[str, list[Output]]
    context: dict[str, Any]

    @property
    def outputs(self) -> list[Output]:
        """Every output, document by document."""
        return [o for outputs in self.documents.values() for o in outputs]


@dataclass(frozen=True)
class BuildResult:
    """What ``build_all`` wrote."""

    written: list[Path]
    modifications: int
    seconds: float
    #: What the author has still to write (see ``CheckReport.unfilled``).
    unfilled: list[str] = field(default_factory=list)


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
    *,
    word: bool = True,
) -> RenderedModification:
    """The outputs of ``mod`` (of the documents named in ``only``, default all), in memory;
    with ``word`` false the Word files are not made (their outputs carry only the Markdown).

    Every prose problem of the modification is reported together (one ``ContentError``).
    """
    with collected_problems():
        context = modification_context(content, mod)
        given = BuildInput(content, mod, context, build_timestamp(mod), templates, word)
        made = {name: DOCUMENTS[name](given) for name in only or DOCUMENTS}
    return RenderedModification(mod, made, context)


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

            def keep(content: Content, rendered: RenderedModification, _: ModificationSite) -> None:
                for name in only or DOCUMENTS:
                    for output in rendered.documents[name]:
                        staged.add(out_dir / rendered.mod.id / output.filename, output.content())

            report = validate(content_dir, ids, templates=templates, pages=False, keep=keep)
            if not report.ok:
                raise ContentError(report.problems)
            written = staged.commit()
    except OSError as exc:
        raise OutputError.from_os_error(exc, out_dir) from None
    built = report.modifications
    seconds = time.perf_counter() - started
    if progress:
        _report_progress(built, written, out_dir, seconds, report.unfilled)
    return BuildResult(written, built, seconds, report.unfilled)


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


def _report_progress(
    built: int, written: list[Path], out_dir: Path, seconds: float, unfilled: list[str]
) -> None:
    import click

    for line in unfilled:
        click.echo(f"warning: {line}", err=True)
    noun = "modification" if built == 1 else "modifications"
    click.echo(f"built {built} {noun}: {len(written)} files in {out_dir}/ ({seconds:.1f} s)")
    if built == 1:
        for path in written:
            click.echo(f"  {path}")
