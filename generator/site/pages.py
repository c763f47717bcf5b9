"""The generated pages of the site, made from the outputs and context of the one build pipeline.

For each modification :func:`modification_site` takes what
:func:`generator.build.render_modification` returned: each Markdown output is a page, each Word
file a download beside its page (the Change Board paper's page is the Markdown of its Word
file). The overview, responses and worked examples are templates under ``templates/site/``
rendered from the documents' own template context, so the site computes no fact of its own;
the site's own pages (home, modifications, rules reference, calculator) come from every
modification's summary row and from the rules' declaration. Content is escaped for Markdown
where a template puts it in a table (``md``, ``cell``). Nothing here writes to disk.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build import RenderedModification
from generator.checks.report import validate
from generator.documents.base import Output
from generator.errors import ContentError
from generator.folders import modification_folders
from generator.load import Content
from generator.render.templating import render_template
from generator.rules.described import declaration, rules_reference
from generator.site.dialect import markdown_literal, site_markdown, table_cell
from generator.site.timeline import timeline

if TYPE_CHECKING:
    from generator.site.cache import RenderCache

__all__ = [
    "CALCULATOR_YEARS",
    "MODIFICATIONS",
    "ModificationSite",
    "SiteFile",
    "SitePage",
    "generate_site",
    "modification_site",
    "section_pages",
    "widget_marker",
]

CALCULATOR_YEARS = 3  # how many years the calculator shows: one cycle

#: The folder of the site under which each modification has its own folder.
MODIFICATIONS = "modifications"
#: What the site templates may call to escape content for Markdown.
_ESCAPES = {"md": markdown_literal, "cell": table_cell}


def widget_marker(name: str) -> str:
    """The paragraph a generated page carries where the plugin puts trusted markup."""
    return f"secmod-widget-{name}"


@dataclass(frozen=True)
class SitePage:
    """A generated page: where it goes, its Markdown, whether the global nav lists it, and the
    trusted HTML to put in place of each marker paragraph (:func:`widget_marker`)."""

    uri: str
    markdown: str
    in_nav: bool = False
    widgets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteFile:
    """A generated download (a Word document), published at ``uri`` as is."""

    uri: str
    data: bytes


@dataclass(frozen=True)
class ModificationSite:
    """What one modification adds to the site: its pages, its downloads, its row in the lists
    of modifications and its worked examples as Markdown for the rules reference (JSON-ready, so a
    cached modification need not be loaded again)."""

    pages: list[SitePage]
    files: list[SiteFile]
    summary: dict[str, Any]
    examples: str | None


@dataclass
class _Document:
    """One document: the output its page shows (if any) and its Word downloads."""

    key: str
    title: str
    page: Output | None
    downloads: list[Output] = field(default_factory=list)


def _documents(outputs: list[Output]) -> list[_Document]:
    """Group outputs: a Markdown file is a page; a Word file is a download of the page whose key
    prefixes its own (``legal-text-docx`` of ``legal-text``), or else a document of its own
    whose page is the Markdown it was made from (the Change Board paper)."""
    pages = {o.key for o in outputs if o.filename.endswith(".md")}
    documents: dict[str, _Document] = {}
    for o in outputs:
        owner = next((k for k in pages if o.key.startswith(f"{k}-")), None)
        if o.filename.endswith(".md"):
            documents[o.key] = _Document(o.key, o.title, o)
        elif owner is None:
            documents[o.key] = _Document(o.key, o.title, o if o.markdown else None, [o])
        else:
            documents.setdefault(owner, _Document(owner, o.title, None)).downloads.append(o)
    return list(documents.values())


def _size(data: bytes) -> str:
    return f"{max(1, round(len(data) / 1024))} KB"


def _with_downloads(markdown: str, downloads: list[Output]) -> str:
    """The document's Markdown with links to its downloads after its first heading."""
    if not downloads:
        return markdown
    links = "\n".join(
        f"- [{markdown_literal(o.title)}]({o.filename}) (Word document, {_size(o.content())})"
        for o in downloads
    )
    lines = markdown.split("\n")
    at = 1 if lines and lines[0].startswith("# ") else 0
    return "\n".join([*lines[:at], "", "Download:", "", links, "", *lines[at:]])


def _link_attachments(
    markdown: str, attachments: list[dict[str, Any]], pages: set[str], paper_consultation: str
) -> str:
    """The paper's list of attachments with a link on each attachment that has a page here:
    an attachment's key names its document (``legal-text``), and ``consultation-responses``
    (or ``<consultation>-responses``) a consultation's responses appendix."""
    head, found, tail = markdown.partition("\n## Attachments\n")
    if not found:
        return markdown
    lines = tail.split("\n")
    for a in _flat(attachments):
        page = a["key"] or ""
        if page.endswith("-responses"):
            consulted = page.removesuffix("-responses")
            page = f"responses-{paper_consultation if consulted == 'consultation' else consulted}"
        item = f"- {a['text']}"
        if page in pages:
            lines = [
                f"{line[: -len(item)]}- [{a['text']}]({page}.md)" if line.lstrip() == item else line
                for line in lines
            ]
    return head + found + "\n".join(lines)


def _flat(attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for a in attachments for x in (a, *_flat(a["attachments"]))]


def _front_matter(title: str, markdown: str) -> str:
    # JSON is YAML, so any title survives the front matter.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{markdown}"


def _summary(context: dict[str, Any], stage: dict[str, str]) -> dict[str, Any]:
    """A modification's row in the lists of modifications, escaped for a table."""
    data = context["mod"]
    return {
        "id": data.id,
        "title": markdown_literal(data.title),
        "status": markdown_literal(data.status),
        "governance": markdown_literal(data.governance.value),
        **{key: markdown_literal(text) for key, text in stage.items()},
    }


def modification_site(
    rendered: RenderedModification, templates: Path, *, has_responses: bool, today: dt.date
) -> ModificationSite:
    """The pages, downloads and listings of one modification, from one run of the pipeline
    (``today``: the build's date, which the timeline reads)."""
    context = rendered.context
    mod_id = rendered.mod.id
    folder = f"{MODIFICATIONS}/{mod_id}"
    documents = _documents(rendered.outputs)
    keys = {d.key for d in documents if d.page} | ({"responses"} if has_responses else set())
    pages = []
    for d in documents:
        if d.page is None or d.page.markdown is None:
            continue
        consulted = context["mod"].consultation()
        markdown = _link_attachments(
            d.page.markdown, context["attachments"], keys, consulted.id if consulted else ""
        )
        markdown = _with_downloads(site_markdown(markdown), d.downloads)
        pages.append(SitePage(f"{folder}/{d.key}.md", _front_matter(d.title, markdown)))
    steps = timeline(context, today)
    site = templates / "site"
    marker = widget_marker("timeline")
    shown = {
        **context,
        **_ESCAPES,
        "documents": documents,
        "has_responses": has_responses,
        "timeline": steps.rows(),
        "timeline_marker": marker,
        "size": lambda o: _size(o.content()),
    }
    overview = render_template("modification.md.j2", shown, site)
    pages.append(SitePage(f"{folder}/index.md", overview, widgets={marker: steps.svg()}))
    if has_responses:
        page = render_template("responses.md.j2", shown, site)
        pages.append(SitePage(f"{folder}/responses.md", page))
    files = [
        SiteFile(f"{folder}/{o.filename}", o.content()) for d in documents for o in d.downloads
    ]
    examples = render_template("examples.md.j2", shown, site) if context["examples"] else None
    return ModificationSite(pages, files, _summary(context, steps.summary()), examples)


def _calculator() -> dict[str, Any]:
    """The calculator's data (the rules' declaration) as JSON safe inside a ``<script>``, and the
    rule sets and parameters its page lists."""
    data = {**declaration(), "years": CALCULATOR_YEARS}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    escaped = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return {"data": escaped, **data, "parameters": data["parameters"].values()}


def section_pages(sites: list[ModificationSite], templates: Path) -> list[SitePage]:
    """The site's own pages, from every modification's summary row and worked examples."""
    site = templates / "site"
    listing = {
        "modifications": [s.summary for s in sites],
        "folder": MODIFICATIONS,
        "filter": widget_marker("filter"),
    }
    calculator = _calculator()
    rules = {**rules_reference(), "examples": [s.examples for s in sites if s.examples]}
    return [
        SitePage("index.md", render_template("home.md.j2", listing, site), True),
        SitePage(
            f"{MODIFICATIONS}/index.md",
            render_template("modifications.md.j2", listing, site),
            True,
            {widget_marker("filter"): render_template("filter.html.j2", {}, site)},
        ),
        SitePage("rules/index.md", render_template("rules.md.j2", rules, site), True),
        SitePage(
            "calculator/index.md",
            render_template(
                "calculator.md.j2", {**calculator, "marker": widget_marker("calculator")}, site
            ),
            True,
            {widget_marker("calculator"): render_template("calculator.html.j2", calculator, site)},
        ),
    ]


def generate_site(
    content_dir: Path, templates: Path, cache: RenderCache
) -> tuple[list[SitePage], list[SiteFile]]:
    """Every generated page and download of the site for the content in ``content_dir``.

    A modification whose inputs are unchanged comes from ``cache``, neither loaded nor rendered;
    the others go through the checks ``secmod check`` and ``secmod build`` run
    (:func:`generator.checks.report.validate`, which renders them), and any problem stops the
    site.
    """
    ids = [f.name for f in modification_folders(content_dir)] if content_dir.is_dir() else []
    keys = {i: cache.key(i) for i in ids}
    sites = {i: hit for i in ids if (hit := cache.get(keys[i])) is not None}
    missing = [i for i in ids if i not in sites]
    if missing or not ids:

        def keep(content: Content, rendered: RenderedModification, made: ModificationSite) -> None:
            cache.put(keys[rendered.mod.id], made)
            sites[rendered.mod.id] = made

        report = validate(content_dir, missing, templates=templates, keep=keep)
        if not report.ok:
            raise ContentError(report.problems)
    ordered = [sites[i] for i in ids]
    pages = [p for s in ordered for p in s.pages] + section_pages(ordered, templates)
    return pages, [f for s in ordered for f in s.files]
