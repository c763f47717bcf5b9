"""What each document makes of a modification, known from the modification's folder alone.

Every builder ``build_<name>`` (in the module of its document) makes exactly the outputs its
``plan_<name>`` here names, through :meth:`Planned.output`, so a plan and a build cannot name
different files. The plans read no file and import nothing heavy (except those of a
consultation's documents, which read the consultations listed): the site plugin lists every
page and download to MkDocs from the folder listing while a worker process is still loading the
content (see :mod:`generator.site.renders`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.folders import ModificationFolder

if TYPE_CHECKING:
    from generator.documents.base import Output

__all__ = [
    "PLANS",
    "Planned",
    "plan_forms",
    "plan_guidance",
    "plan_legal",
    "plan_paper",
    "plan_responses",
    "planned_outputs",
]


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


def _yaml(path: Path) -> Any:
    """The data of a YAML file, or None when it cannot be read (the loader reports why)."""
    import yaml

    try:
        with path.open("rb") as stream:
            return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError):
        return None


def _consultations(folder: ModificationFolder) -> list[dict[str, Any]]:
    """The consultations listed in ``modification.yaml``, each with its ``key`` filled in."""
    data = _yaml(folder.path / "modification.yaml")
    items = data.get("consultations") if isinstance(data, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            kind = str(item.get("kind", "Modification Report Consultation"))
            slug = kind.removesuffix(" Consultation").lower().replace(" ", "-")
            found.append({**item, "key": str(item.get("key") or slug)})
    paper = data.get("paper") if isinstance(data, dict) else None
    chosen = paper.get("consultation") if isinstance(paper, dict) else None
    for item in found:  # the paper's consultation answers responses that name none
        item["default"] = item["key"] == (chosen or found[-1]["key"])
    return found


def plan_forms(folder: ModificationFolder) -> list[Planned]:
    """The response form of each consultation that lists questions.

    Unlike the other plans, this one reads ``modification.yaml`` (which consultations there are
    is not in the folder's listing)."""
    return [
        Planned(f"response-form-{c['key']}", f"{folder.id}-{c['key']}-response-form.docx", False)
        for c in _consultations(folder)
        if c.get("questions")
    ]


def plan_responses(folder: ModificationFolder) -> list[Planned]:
    """The responses appendix of each consultation with responses (reads ``modification.yaml``
    and ``responses.yaml``)."""
    if not folder.has("responses.yaml"):
        return []
    data = _yaml(folder.path / "responses.yaml")
    records = data.get("responses") if isinstance(data, dict) else None
    answered = {r.get("consultation") for r in records or [] if isinstance(r, dict)}
    return [
        Planned(f"responses-{c['key']}", f"{folder.id}-{c['key']}-responses.docx", True)
        for c in _consultations(folder)
        if c["key"] in answered or (c["default"] and None in answered)
    ]


#: The plan of each document, by the name ``generator.build.DOCUMENTS`` gives its builder.
PLANS: dict[str, Callable[[ModificationFolder], list[Planned]]] = {
    "paper": plan_paper,
    "guidance": plan_guidance,
    "legal": plan_legal,
    "forms": plan_forms,
    "responses": plan_responses,
}


def planned_outputs(
    folder: ModificationFolder, names: Iterable[str] | None = None
) -> list[Planned]:
    """The outputs the documents ``names`` (default: all) will make of the modification."""
    return [planned for name in names or PLANS for planned in PLANS[name](folder)]
