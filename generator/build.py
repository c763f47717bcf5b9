"""The one build pipeline: load -> context -> render -> write atomically.

The command line (``secmod build``) and the MkDocs plugin both call ``render_modification``;
neither re-implements it. Every output of every requested modification is rendered in memory
before anything is written, so a failure leaves the previous outputs intact.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import StagedFiles
from generator.documents.base import BuildInput, Output
from generator.documents.consultations import build_forms, build_responses
from generator.documents.guidance import build_guidance
from generator.documents.legal import build_legal
from generator.documents.paper import build_paper
from generator.errors import BuildError, ContentError, Location, Problem, UsageError
from generator.load import Content, load_content
from generator.model import Modification
from generator.render.context import modification_context
from generator.render.templating import TEMPLATES

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
    """A modification's built outputs, and the template context they were rendered from (the
    site's own pages about the modification are rendered from the same context)."""

    mod: Modification
    outputs: list[Output]
    context: dict[str, Any]


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
    *,
    word: bool = True,
) -> RenderedModification:
    """The outputs of ``mod`` (of the documents named in ``only``, default all), in memory.

    With ``word`` false the Word files are not made (their outputs carry only the Markdown).
    """
    context = modification_context(content, mod)
    given = BuildInput(content, mod, context, build_timestamp(mod), templates, word)
    outputs: list[Output] = []
    for name in only or DOCUMENTS:
        outputs.extend(DOCUMENTS[name](given))
    return RenderedModification(mod, outputs, context)


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
    templates: Path = TEMPLATES,
    only: Sequence[str] | None = None,
    progress: bool = False,
) -> BuildResult:
    """Build ``ids`` (default: all) from ``content_dir`` into ``out_dir/<ID>/``.

    Outputs are staged as temporary files beside their targets while rendering goes on (so
    memory stays flat however many modifications are built), and moved into place only once
    every modification has rendered: a failure removes the staged files and leaves every
    previous output as it was.
    """
    started = time.perf_counter()
    unknown = [name for name in only or () if name not in DOCUMENTS]
    if unknown:
        raise UsageError(
            f"--only: unknown document {', '.join(unknown)}; choose from {', '.join(DOCUMENTS)}"
        )
    content = load_content(content_dir, ids)
    from generator.checks.report import publish_problems

    refused = publish_problems(content, templates)
    if refused:  # nothing is published that `secmod check` refuses
        raise ContentError(refused)
    selected = list(content.modifications)
    with StagedFiles() as staged:
        for mod_id in _maybe_progress(selected, progress and len(selected) > 1):
            rendered = render_modification(content, content.modifications[mod_id], templates, only)
            for output in rendered.outputs:
                staged.add(out_dir / mod_id / output.filename, output.content())
        written = staged.commit()
    seconds = time.perf_counter() - started
    if progress:
        import click

        noun = "modification" if len(selected) == 1 else "modifications"
        click.echo(
            f"built {len(selected)} {noun}: {len(written)} files in {out_dir}/ ({seconds:.1f} s)"
        )
        if len(selected) == 1:
            for path in written:
                click.echo(f"  {path}")
    return BuildResult(written, len(selected), seconds)
