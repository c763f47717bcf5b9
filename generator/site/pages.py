"""The generated pages of the site, made from content/ through the one build pipeline.

For each modification :func:`modification_site` calls
:func:`generator.build.render_modification` once and publishes every output it returns, grouped
by :func:`generator.site.plan.group_documents`: a Markdown output is a page; a Word document is a
download, beside the page it belongs to, and its own Markdown (the Change Board paper's) is the
page when no Markdown output stands for it. What is published is exactly the site's plan,
known from the folder listing (:mod:`generator.site.plan`). The site's own pages (home,
the list of modifications, each modification's overview and responses table, the rules
reference, the calculator) are Jinja templates under ``templates/site/``, filled with values
computed here; the templates only format them.

Nothing here writes to disk: the MkDocs plugin turns :class:`SitePage` and :class:`SiteFile` into
in-memory ``File.generated`` objects. Content-derived text is escaped for Markdown where it is put
into a table; raw HTML anywhere is shown as text by :mod:`generator.site.safe_markdown`. The
documents' Markdown is reshaped for Python-Markdown (:func:`generator.site.dialect.site_markdown`);
the site templates are written so that both dialects read them alike.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator.documents.base import Output
from generator.errors import BuildError, Location, Problem
from generator.folders import modification_folders
from generator.load import Content, load_content
from generator.model import Modification
from generator.render.context import modification_context
from generator.render.lifecycle import implementation_on, lifecycle
from generator.render.templating import long_date, render_prose, render_template
from generator.rules import RULE_SETS, Branch, Portfolio, classify
from generator.rules.consultation import Response, tally
from generator.rules.parameters import PARAMETERS
from generator.rules.wording import count_noun
from generator.site.calculator import REASONS, USED, calculator_json
from generator.site.dialect import markdown_literal, site_markdown, table_cell
from generator.site.plan import (
    MODIFICATIONS,
    SECTION_PAGES,
    ModificationPlan,
    group_documents,
    modification_plan,
    widget_marker,
)
from generator.site.published import SiteFile, SitePage
from generator.source import field_text

__all__ = [
    "MODIFICATIONS",
    "PARALLEL_FROM",
    "GeneratedSite",
    "ModificationSite",
    "SiteCache",
    "SiteFile",
    "SitePage",
    "generate_site",
    "modification_site",
    "render_sites",
    "same_plan",
    "section_pages",
    "widget_marker",
]


@dataclass
class GeneratedSite:
    """Everything the plugin adds to a build, made in this process."""

    pages: list[SitePage] = field(default_factory=list)
    files: list[SiteFile] = field(default_factory=list)


def _front_matter(title: str, markdown: str) -> str:
    # JSON is YAML, so any title survives the front matter.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{markdown}"


def _with_download(markdown: str, downloads: Sequence[Output]) -> str:
    """The document's Markdown with links to its downloads after its first heading."""
    if not downloads:
        return markdown
    links = "\n".join(
        f"- [Download {markdown_literal(o.title)} ({markdown_literal(o.filename)})]({o.filename})"
        for o in downloads
    )
    lines = markdown.split("\n")
    at = 1 if lines and lines[0].startswith("# ") else 0
    return "\n".join([*lines[:at], "", links, "", *lines[at:]])


def _dates(mod: Modification) -> list[tuple[str, dt.date]]:
    steps = lifecycle(mod.modification)
    return [(markdown_literal(step.label), step.end or step.start) for step in steps]


def _implemented(mod: Modification) -> str:
    when = implementation_on(mod.modification)
    return long_date(when) if when else "not yet known"


def _summary(mod: Modification) -> dict[str, Any]:
    """A modification's row in the lists of modifications."""
    data = mod.modification
    return {
        "id": data.id,
        "title": markdown_literal(data.title),
        "status": markdown_literal(data.status),
        "governance": markdown_literal(data.governance.value),
        "proposer": markdown_literal(data.proposer or "not stated"),
        "sections": ", ".join(data.sections),
        "paper_date": long_date(data.paper.date),
        "release_date": _implemented(mod),
        "responses": len(mod.responses),
    }


class _Prose:
    """Renders content prose with ``{{ ... }}`` lazily: the context is computed only if needed."""

    def __init__(self, content: Content, mod: Modification) -> None:
        self._content = content
        self._mod = mod
        self._context: dict[str, Any] | None = None

    def __call__(self, text: str, filename: str, path: tuple[str | int, ...]) -> str:
        if "{{" not in text and "{%" not in text:
            return text.strip()
        if self._context is None:
            self._context = modification_context(self._content, self._mod)
        location = self._content.locate(self._mod.id, filename, path)
        return render_prose(text, self._context, location, field_text(path)).strip()


def _responses_context(mod: Modification, prose: _Prose) -> dict[str, Any]:
    counted = tally(
        Response(r.respondent, r.category, r.position, tuple(r.objectives)) for r in mod.responses
    )
    return {
        "id": mod.id,
        "title": markdown_literal(mod.modification.title),
        "consultation": markdown_literal(
            consultation.name if (consultation := mod.modification.consultation()) else ""
        ),
        "total": counted.responses_phrase(capital=True),
        "positions": [
            {"position": p.capitalize(), "subject": counted.subject(p)}
            for p in ("approve", "reject", "neutral")
            if counted.count(p)
        ],
        "confidential": (
            f"{count_noun(hidden, 'response was', 'responses were', capital=True)} confidential: "
            f"{'it is' if hidden == 1 else 'they are'} counted above and not shown."
            if (hidden := sum(r.confidential for r in mod.responses))
            else ""
        ),
        "rows": [
            {
                "respondent": markdown_literal(r.respondent),
                "category": markdown_literal(r.category.value),
                "position": r.position.value.capitalize(),
                "objectives": ", ".join(f"({letter})" for letter in r.objectives),
                "comments": table_cell(
                    prose(r.comments, "responses.yaml", ("responses", i, "comments"))
                ),
                "secas_response": table_cell(
                    prose(r.secas_response, "responses.yaml", ("responses", i, "secas_response"))
                )
                if r.secas_response
                else "",
            }
            for i, r in enumerate(mod.responses)
            if not r.confidential  # counted, never published
        ],
    }


def _examples_context(mod: Modification, prose: _Prose) -> list[dict[str, Any]]:
    tables = []
    for t, table in enumerate(mod.examples):
        width = max(len(row.expect) for row in table.rows)
        rows = []
        for row in table.rows:
            on = row.on or table.on
            portfolio = Portfolio(row.role, row.domestic, row.non_domestic)
            rows.append(
                {
                    "role": row.role.label,
                    "domestic": row.domestic,
                    "non_domestic": row.non_domestic,
                    "on": long_date(on),
                    "expect": [a.short for a in row.expect] + [""] * (width - len(row.expect)),
                    "branch": classify(portfolio, on).branch.value,
                    "note": markdown_literal(row.note) if row.note else "",
                }
            )
        description = (
            table_cell(prose(table.description, "examples.yaml", ("examples", t, "description")))
            if table.description
            else ""
        )
        tables.append(
            {
                "title": markdown_literal(table.title),
                "description": description,
                "on": long_date(table.on),
                "years": list(range(1, width + 1)),
                "rows": rows,
            }
        )
    return tables


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(getattr(a, "short", str(a)) for a in value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _rules_context() -> dict[str, Any]:
    return {
        "rule_sets": [
            {
                "id": r.id,
                "title": r.title,
                "effective_from": r.effective_from,
                "branches": [
                    {"id": b.value, "reason": markdown_literal(REASONS[b])}
                    for b in Branch
                    if b.rule_set == r.id
                ],
            }
            for r in RULE_SETS
        ],
        "parameters": [
            {
                "name": p.name,
                "description": markdown_literal(p.description),
                "reference": markdown_literal(p.reference),
                "note": markdown_literal(p.note) if p.note else "",
                "history": [{"from": when, "value": _shown(value)} for when, value in p.values],
            }
            for p in PARAMETERS.values()
        ],
    }


def _calculator_context() -> dict[str, Any]:
    return {
        "marker": widget_marker("calculator"),
        "rule_sets": [{"title": r.title, "effective_from": r.effective_from} for r in RULE_SETS],
        "parameters": [
            {
                "name": name,
                "description": markdown_literal(PARAMETERS[name].description),
                "from": when,
                "value": _shown(value),
            }
            for name in USED
            for when, value in PARAMETERS[name].values
        ],
    }


@dataclass(frozen=True)
class ModificationSite:
    """What one modification adds to the site.

    ``summary`` is its row in the lists of modifications and ``examples`` its decision tables
    for the rules reference (None without examples): plain JSON-ready data, so that a cached
    modification need not be loaded again.
    """

    pages: list[SitePage]
    files: list[SiteFile]
    summary: dict[str, Any]
    examples: dict[str, Any] | None


def modification_site(
    content: Content,
    mod: Modification,
    templates: Path,
    *,
    downloads: bool = True,
    outputs: Sequence[Output] | None = None,
) -> ModificationSite:
    """The pages, downloads and listings of one modification, from one run of the pipeline.

    With ``downloads`` false the downloads are listed but not made (their data is None).
    ``outputs`` are the pipeline's outputs when the caller has rendered them already. The pages
    and downloads are exactly those of the modification's plan
    (:func:`generator.site.plan.modification_plan`), or ``BuildError`` says how they differ.
    """
    from generator.build import render_modification

    folder = f"{MODIFICATIONS}/{mod.id}"
    if outputs is None:
        outputs = render_modification(content, mod, templates).outputs
    documents = group_documents(outputs)
    prose = _Prose(content, mod)
    pages = []
    for d in documents:
        if d.page is None:
            continue
        assert d.page.markdown is not None  # a page is an output with Markdown
        markdown = _with_download(site_markdown(d.page.markdown), d.downloads)
        pages.append(SitePage(f"{folder}/{d.key}.md", _front_matter(d.first.title, markdown)))
    listed = [
        {
            "title": markdown_literal(d.first.title),
            "page": f"{d.key}.md" if d.page is not None else None,
            "downloads": [
                {"title": markdown_literal(o.title), "file": markdown_literal(o.filename)}
                for o in d.downloads
            ],
        }
        for d in documents
    ]
    files_in = content.files(mod.id)
    summary = _summary(mod)
    overview = {
        **summary,
        "dates": _dates(mod),
        "documents": listed,
        "has_responses": files_in.has("responses.yaml"),
        "examples": len(mod.examples),
    }
    site = Path(templates) / "site"
    pages.append(
        SitePage(f"{folder}/index.md", render_template("modification.md.j2", overview, site))
    )
    if files_in.has("responses.yaml"):
        pages.append(
            SitePage(
                f"{folder}/responses.md",
                render_template("responses.md.j2", _responses_context(mod, prose), site),
            )
        )
    files = [
        SiteFile(f"{folder}/{o.filename}", o.content() if downloads else None)
        for d in documents
        for o in d.downloads
    ]
    examples = (
        {"id": mod.id, "title": summary["title"], "tables": _examples_context(mod, prose)}
        if mod.examples
        else None
    )
    made = ModificationSite(pages, files, summary, examples)
    same_plan(modification_plan(files_in), made)
    return made


#: Below this many modifications to render, starting worker processes costs more than it saves.
PARALLEL_FROM = 16

_SHARED: tuple[Content, Path, bool] | None = None  # what forked workers render from


def _render_shared(mod_id: str) -> ModificationSite:
    assert _SHARED is not None
    content, templates, downloads = _SHARED
    return modification_site(content, content.modifications[mod_id], templates, downloads=downloads)


def _fork_pool(processes: int) -> Any:
    return multiprocessing.get_context("fork").Pool(processes)


def _parallel(count: int) -> int:
    """How many worker processes to use for ``count`` modifications (0: none)."""
    workers = min(os.cpu_count() or 1, 8)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return workers if count >= PARALLEL_FROM and workers >= 2 and forkable else 0


def render_sites(
    content: Content, templates: Path, *, downloads: bool = True
) -> dict[str, ModificationSite]:
    """The site of every modification of ``content``, by id.

    Many modifications are rendered by one worker process per core (forked, so they share the
    loaded content without pickling it); a few, or a machine with one core, in this process.
    Both ways call :func:`modification_site`, so the pages are the same.
    """
    global _SHARED
    ids = list(content.modifications)
    workers = _parallel(len(ids))
    if not workers:
        return {
            i: modification_site(content, content.modifications[i], templates, downloads=downloads)
            for i in ids
        }
    # The first one here: the workers then inherit compiled templates and warmed caches.
    first, rest = ids[0], ids[1:]
    sites = {
        first: modification_site(
            content, content.modifications[first], templates, downloads=downloads
        )
    }
    _SHARED = (content, templates, downloads)
    try:
        with _fork_pool(workers) as pool:
            chunk = max(1, len(rest) // (workers * 4))
            sites.update(zip(rest, pool.map(_render_shared, rest, chunksize=chunk), strict=True))
    finally:
        _SHARED = None
    return sites


def same_plan(planned: ModificationPlan, made: ModificationSite) -> None:
    """The rendered site must have exactly the pages and files its plan announced."""
    expected = (planned.pages, planned.files)
    found = ([p.uri for p in made.pages], [f.uri for f in made.files])
    if expected != found:
        raise BuildError(
            [Problem(Location("generator/site/plan.py"), "", f"planned {expected}, made {found}")]
        )


class SiteCache(Protocol):
    """Where :func:`generate_site` keeps rendered modifications (see ``generator.site.cache``)."""

    def key(self, content_dir: Path, mod_id: str, templates: Path) -> str:
        """A digest of everything the modification's site is made from."""

    def get(self, key: str) -> ModificationSite | None:
        """The cached site of ``key``, if any."""

    def put(self, key: str, site: ModificationSite) -> None:
        """Keep ``site`` under ``key``."""


def section_pages(
    rows: list[dict[str, Any]], examples: list[dict[str, Any]], templates: Path
) -> list[SitePage]:
    """The site's own pages (:data:`generator.site.plan.SECTION_PAGES`), from every
    modification's summary row and worked examples."""
    site = Path(templates) / "site"
    listing = {"modifications": rows, "folder": MODIFICATIONS}
    home, listed, rules, calculator = SECTION_PAGES
    return [
        SitePage(home.uri, render_template("home.md.j2", listing, site), home.in_nav),
        SitePage(
            listed.uri,
            render_template(
                "modifications.md.j2", {**listing, "filter": widget_marker("filter")}, site
            ),
            listed.in_nav,
            widgets={widget_marker("filter"): render_template("filter.html.j2", {}, site)},
        ),
        SitePage(
            rules.uri,
            render_template("rules.md.j2", {**_rules_context(), "examples": examples}, site),
            rules.in_nav,
        ),
        SitePage(
            calculator.uri,
            render_template("calculator.md.j2", _calculator_context(), site),
            calculator.in_nav,
            widgets={
                widget_marker("calculator"): render_template(
                    "calculator.html.j2", {"data": calculator_json()}, site
                )
            },
        ),
    ]


def generate_site(
    content_dir: Path, templates: Path, *, cache: SiteCache | None = None
) -> GeneratedSite:
    """Every generated page and download of the site for the content in ``content_dir``.

    With a ``cache``, a modification whose inputs are unchanged is neither loaded nor rendered;
    the others are loaded (and validated) together, and rendered. (The MkDocs plugin renders in
    a worker process instead, as MkDocs reads: see :mod:`generator.site.renders`.)
    """
    ids = (
        [folder.name for folder in modification_folders(content_dir)]
        if content_dir.is_dir()
        else []
    )
    keys = {i: cache.key(content_dir, i, templates) for i in ids} if cache else {}
    sites: dict[str, ModificationSite] = {}
    for mod_id, key in keys.items():
        if cache and (hit := cache.get(key)) is not None:
            sites[mod_id] = hit
    missing = [i for i in ids if i not in sites]
    if missing or not ids:
        content = load_content(content_dir, missing)
        for mod_id, rendered in render_sites(content, templates).items():
            sites[mod_id] = rendered
            if cache:
                cache.put(keys[mod_id], rendered)
    ordered = [sites[i] for i in ids if i in sites]
    site = GeneratedSite()
    for part in ordered:
        site.pages.extend(part.pages)
        site.files.extend(part.files)
    site.pages.extend(
        section_pages(
            [p.summary for p in ordered],
            [p.examples for p in ordered if p.examples is not None],
            templates,
        )
    )
    return site
