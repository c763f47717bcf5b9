"""Which pages and downloads the site has, known from the content folder's listing alone.

MkDocs must be told every file of the site before it reads any page. The plugin asks this
module, which reads no file and imports nothing heavy, so the main process can answer at once
while a worker process loads and renders the content (:mod:`generator.site.renders`). The
worker checks that what it made is exactly this plan, page for page.

Each modification has, under ``modifications/<ID>/``:

* a page for each document that has Markdown (the Change Board paper's page is the Markdown of
  its Word file), with its Word files as downloads beside it (see :func:`group_documents`);
* ``index.md``, its overview;
* ``responses.md``, when its folder holds ``responses.yaml``.

The site's own pages (:data:`SECTION_PAGES`) come after every modification's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from generator.documents.plans import planned_outputs
from generator.folders import ModificationFolder, modification_folders, read_folder

__all__ = [
    "MODIFICATIONS",
    "SECTION_PAGES",
    "Document",
    "ModificationPlan",
    "PlannedPage",
    "SitePlan",
    "group_documents",
    "modification_plan",
    "site_plan",
    "widget_marker",
]

#: The folder of the site under which each modification has its own folder.
MODIFICATIONS = "modifications"


def widget_marker(name: str) -> str:
    """The paragraph a generated page carries where the plugin puts trusted markup."""
    return f"secmod-widget-{name}"


class _Output(Protocol):
    """What grouping needs of an output, made (``Output``) or only planned (``Planned``)."""

    @property
    def key(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def has_markdown(self) -> bool: ...


OutputT = TypeVar("OutputT", bound=_Output)


@dataclass
class Document(Generic[OutputT]):
    """One document of a modification: the output its page shows (if any) and its downloads.

    ``first`` is the output that names the document (its title, once made).
    """

    key: str
    first: OutputT
    page: OutputT | None
    downloads: list[OutputT] = field(default_factory=list)


def group_documents(outputs: Sequence[OutputT]) -> list[Document[OutputT]]:
    """Group a modification's outputs into documents.

    An output whose file is Markdown is a page. Any other file (a DOCX) is a download: of the
    Markdown page whose key prefixes its own (``legal-text-docx`` belongs to ``legal-text``), or
    else a document of its own, whose page is the Markdown it was made from, if any (the Change
    Board paper's page is the Markdown of its DOCX).
    """
    pages = {o.key for o in outputs if o.filename.endswith(".md") and o.has_markdown}
    documents: dict[str, Document[OutputT]] = {}
    for o in outputs:
        if o.filename.endswith(".md"):
            documents[o.key] = Document(o.key, o, o if o.has_markdown else None)
            continue
        owner = next((k for k in pages if o.key.startswith(f"{k}-")), None)
        if owner is None:
            documents[o.key] = Document(o.key, o, o if o.has_markdown else None, [o])
        else:
            documents.setdefault(owner, Document(owner, o, None)).downloads.append(o)
    return list(documents.values())


@dataclass(frozen=True)
class ModificationPlan:
    """The URIs of one modification's pages and downloads, in the order they are published."""

    pages: list[str]
    files: list[str]


def modification_plan(folder: ModificationFolder) -> ModificationPlan:
    """What the site publishes of the modification in ``folder``."""
    base = f"{MODIFICATIONS}/{folder.id}"
    documents = group_documents(planned_outputs(folder))
    pages = [f"{base}/{d.key}.md" for d in documents if d.page is not None]
    pages.append(f"{base}/index.md")
    if folder.has("responses.yaml"):
        pages.append(f"{base}/responses.md")
    files = [f"{base}/{o.filename}" for d in documents for o in d.downloads]
    return ModificationPlan(pages, files)


@dataclass(frozen=True)
class PlannedPage:
    """A page of the site's own, and whether the global navigation lists it."""

    uri: str
    in_nav: bool = True


#: The site's own pages, after every modification's: the home page, the list of modifications,
#: the rules reference and the calculator.
SECTION_PAGES = (
    PlannedPage("index.md"),
    PlannedPage(f"{MODIFICATIONS}/index.md"),
    PlannedPage("rules/index.md"),
    PlannedPage("calculator/index.md"),
)


@dataclass(frozen=True)
class SitePlan:
    """Every generated page and download of the site, by modification id, then the sections."""

    modifications: dict[str, ModificationPlan]
    sections: tuple[PlannedPage, ...] = SECTION_PAGES

    @property
    def ids(self) -> list[str]:
        """The modifications, in the order their pages are published."""
        return list(self.modifications)


def site_plan(content_dir: Path) -> SitePlan:
    """The plan of the site for the content in ``content_dir`` (none when it does not exist)."""
    folders = modification_folders(content_dir) if content_dir.is_dir() else []
    return SitePlan({f.name: modification_plan(read_folder(f)) for f in folders})
