"""What each document makes of a modification, known from the modification's folder alone.

Every builder ``build_<name>`` (in the module of its document) makes exactly the outputs its
``plan_<name>`` here names, through :meth:`Planned.output`, so a plan and a build cannot name
different files. The plans read no file and import nothing heavy: the site plugin lists every
page and download to MkDocs from the folder listing while a worker process is still loading the
content (see :mod:`generator.site.renders`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.folders import ModificationFolder

if TYPE_CHECKING:
    from generator.documents.base import Output

__all__ = ["PLANS", "Planned", "plan_guidance", "plan_legal", "plan_paper", "planned_outputs"]


@dataclass(frozen=True)
class Planned:
    """An output a builder will make: its key, its file name, and whether it has Markdown."""

    key: str
    filename: str
    has_markdown: bool

    def output(self, data: bytes | Callable[[], bytes], markdown: str | None, title: str) -> Output:
        """The output this plan promised."""
        from generator.documents.base import Output

        assert (markdown is not None) == self.has_markdown, self.key
        return Output(self.key, self.filename, data, title, markdown)


def plan_paper(folder: ModificationFolder) -> list[Planned]:
    """The Change Board paper: one Word file, made from Markdown (the site shows the Markdown)."""
    return [Planned("change-board-paper", f"{folder.id}-change-board-paper.docx", True)]


def plan_guidance(folder: ModificationFolder) -> list[Planned]:
    """The guidance update, when the folder holds ``guidance.yaml``."""
    if not folder.has("guidance.yaml"):
        return []
    return [Planned("scf-guidance", f"{folder.id}-scf-guidance.md", True)]


def plan_legal(folder: ModificationFolder) -> list[Planned]:
    """Annex A, when the folder holds ``legal-text.yaml``: its page and two Word files."""
    if not folder.has("legal-text.yaml"):
        return []
    return [
        Planned("legal-text", f"{folder.id}-legal-text.md", True),
        Planned("legal-text-docx", f"{folder.id}-annex-a-legal-text.docx", True),
        Planned("legal-text-clean-docx", f"{folder.id}-annex-a-legal-text-clean.docx", True),
    ]


#: The plan of each document, by the name ``generator.build.DOCUMENTS`` gives its builder.
PLANS: dict[str, Callable[[ModificationFolder], list[Planned]]] = {
    "paper": plan_paper,
    "guidance": plan_guidance,
    "legal": plan_legal,
}


def planned_outputs(
    folder: ModificationFolder, names: Iterable[str] | None = None
) -> list[Planned]:
    """The outputs the documents ``names`` (default: all) will make of the modification."""
    return [planned for name in names or PLANS for planned in PLANS[name](folder)]
