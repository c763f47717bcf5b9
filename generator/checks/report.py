"""The one validation path: every problem of the content in one run, each once, by heading.

``secmod check``, ``secmod build`` and ``secmod site`` all run :func:`validate`. It reads every
file of every modification, then renders every output of each modification that reads
cleanly exactly as the build and the site do (the documents, their Word files, the site's
pages: every prose field any of them shows), runs the examples, the legal-text check and the
prose lint. So whatever would stop a build or the site stops the check, and the other way
round. Problems are reported once each, under the first heading that finds them:

* ``content``: reading and validating the files (syntax, fields, values, cross-file checks);
* ``legal text``: the legal text against the rules, and its clause references;
* ``documents``: prose expressions, templates, Word files and site pages;
* ``examples``: decision tables, marked tables and pycon blocks run against the rules;
* ``prose lint``: numbers typed into prose that state a rule parameter;
* ``coverage``: rule cases no example exercises (with ``--coverage``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.checks.check_cache import CheckCache
from generator.documents.base import Output
from generator.errors import Location, Problem, SecmodError, display_path
from generator.load import Content, read_content
from generator.model import Modification

if TYPE_CHECKING:
    from generator.build import RenderedModification
    from generator.checks.examples import Examples
    from generator.site.pages import ModificationSite

__all__ = ["HEADINGS", "CheckReport", "Keep", "run_check", "validate"]

HEADINGS = ("content", "legal text", "documents", "examples", "prose lint", "coverage")

#: What the build and the site do with a modification once it is rendered, with its site: the
#: build stages the outputs, the site keeps its pages.
Keep = Callable[[Content, "RenderedModification", "ModificationSite"], None]


@dataclass
class CheckReport:
    """What a check found: problems by heading (each problem once) and the summary lines."""

    lines: list[str] = field(default_factory=list)
    #: What the author has still to write (not a problem: ``secmod new``'s files check clean).
    unfilled: list[str] = field(default_factory=list)
    #: How many modifications read cleanly (and were rendered).
    modifications: int = 0
    found: dict[str, list[Problem]] = field(default_factory=lambda: {h: [] for h in HEADINGS})
    _seen: set[Problem] = field(default_factory=set, repr=False)

    def add(self, heading: str, problems: Iterable[Problem]) -> int:
        """Add the problems not reported yet under ``heading``; return how many were new."""
        new = [p for p in dict.fromkeys(problems) if p not in self._seen]
        self._seen.update(new)
        self.found[heading].extend(new)
        return len(new)

    @property
    def problems(self) -> list[Problem]:
        """Every problem, heading by heading."""
        return [p for h in HEADINGS for p in self.found[h]]

    @property
    def ok(self) -> bool:
        """Whether nothing was found."""
        return not self._seen

    @property
    def exit_code(self) -> int:
        """0 when the content is sound, else 2."""
        return 0 if self.ok else 2

    def counts(self) -> str:
        """E.g. "2 content, 1 examples"."""
        return ", ".join(f"{len(self.found[h])} {h}" for h in HEADINGS if self.found[h])


def _render(
    content: Content, mod: Modification, templates: Path, report: CheckReport
) -> tuple[RenderedModification, ModificationSite] | None:
    """Every output of ``mod`` and its site pages, as the build and the site make them; None
    (and the problems reported) when any fails. Word files are made once, here."""
    from generator.build import render_modification
    from generator.render.templating import collected_problems
    from generator.site.pages import modification_site
    from generator.site.timeline import build_date

    try:
        with collected_problems():
            rendered = render_modification(content, mod, templates)
            # A responses page where responses are recorded for a consultation that was held
            # (``secmod new`` writes an empty responses.yaml for every modification).
            has_responses = content.files(mod.id).has("responses.yaml") and bool(
                mod.responses or mod.modification.consultations
            )
            site = modification_site(
                rendered, templates, has_responses=has_responses, today=build_date()
            )
    except SecmodError as exc:
        where = Location(display_path(content.folder(mod.id)))
        report.add("documents", exc.problems or [Problem(where, "", str(exc))])
        return None
    return rendered, site


def _lint(
    content: Content, templates: Path, pages: Sequence[Path], skip: set[Path]
) -> list[Problem]:
    """Typed numbers in the files that parsed (a file that did not is reported by the loader),
    except in the folders ``skip``, the hand-written pages and the templates."""
    from generator.checks.prose_lint import EXEMPT_FILES, lint_yaml_file

    problems: list[Problem] = []
    for path in sorted(content.sources):
        if path.name not in EXEMPT_FILES and _real(path.parent) not in skip:
            problems.extend(lint_yaml_file(path))
    from generator.checks.prose_lint import lint_markdown_file

    for page in pages:
        problems.extend(lint_markdown_file(page))
    problems.extend(_template_problems(templates, _stamp(templates)))
    return problems


def _stamp(templates: Path) -> tuple[tuple[str, int, int], ...]:
    """What the templates' lint depends on: each template's name, size and time."""
    found = []
    for path in sorted(templates.rglob("*.j2")):
        with contextlib.suppress(OSError):
            info = path.stat()
            found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=8)
def _template_problems(templates: Path, stamp: tuple[tuple[str, int, int], ...]) -> list[Problem]:
    """The templates' lint, again only when a template changed (``stamp``)."""
    from generator.checks.prose_lint import lint_templates

    return lint_templates(templates)


def validate(
    content_dir: Path,
    ids: Sequence[str] | None = None,
    *,
    templates: Path | None = None,
    pages: bool = True,
    coverage: bool = False,
    keep: Keep | None = None,
    cache: CheckCache | None = None,
) -> CheckReport:
    """Check ``ids`` (default: all) of ``content_dir``; ``pages``: the hand-written pages too;
    ``coverage``: list every rule case and fail on one no example exercises; ``keep`` is
    given the outputs of each modification that renders."""
    from generator.checks.examples import Examples, page_examples, page_files
    from generator.render.templating import TEMPLATES

    templates = templates or TEMPLATES
    report = CheckReport()
    content, problems = read_content(content_dir, ids)
    report.add("content", problems)
    found = Examples()
    if pages and content.root.is_dir():
        on_pages = page_examples(content.root)
        report.add("content", on_pages.problems)
        found.rows.extend(on_pages.rows)
        found.blocks.extend(on_pages.blocks)
    # Unchanged since they checked clean: the checks that read only their own files and the
    # rules (rendering, worked examples, legal text, lint) would find what they found then.
    cached = {
        m for m in content.modifications if cache is not None and keep is None and cache.clean(m)
    }
    report.add("legal text", _legal_problems(content, cached))
    report.modifications = len(content.modifications)
    report.unfilled = _unfilled(content)
    for mod in content.modifications.values():
        if mod.id in cached:
            continue
        made = _render(content, mod, templates, report)
        outputs = made[0].outputs if made else None
        found.extend(_modification_examples(content, mod, templates, outputs))
        if made is not None and keep is not None:
            keep(content, *made)
    skip = {_real(content.folder(m)) for m in cached}
    listed = page_files(content.root) if pages else []
    _summarise(content, report, found, templates, listed, skip)
    _coverage(content, report, coverage)
    if cache is not None:
        cache.record(_clean(content, report))
        if cache.hits:
            report.lines.append(
                f"cache: {cache.hits} modification(s) unchanged since they checked clean, "
                "not rendered again (--no-cache renders every one)"
            )
    if report.ok:
        report.lines.append(f"content OK: {len(content.modifications)} modification(s)")
    else:
        report.lines.append(f"check failed: {len(report.problems)} problem(s): {report.counts()}")
    return report


def _unfilled(content: Content) -> list[str]:
    """One line for each modification with fields that still hold ``secmod new``'s text."""
    from generator.scaffold import unfilled

    lines = []
    for mod_id, mod in content.modifications.items():
        if names := unfilled(mod.modification):
            lines.append(
                f"{mod_id}: still as `secmod new` wrote them: {', '.join(names)} "
                f"(in {display_path(content.folder(mod_id) / 'modification.yaml')}); "
                "write them before the paper is sent"
            )
    return lines


def _legal_problems(content: Content, cached: set[str]) -> list[Problem]:
    """The legal-text problems of the modifications not in ``cached``."""
    from generator.checks.legal_text import modification_legal_problems

    return [
        p
        for mod_id, mod in content.modifications.items()
        if mod_id not in cached
        for p in modification_legal_problems(content, mod)
    ]


def _real(path: Path) -> Path:
    """``path`` with its symbolic links followed as far as they go; a loop or a dangling link
    (reported by the loader) is left as it is rather than raised."""
    return Path(os.path.realpath(path))


def _clean(content: Content, report: CheckReport) -> list[str]:
    """The modifications in whose folder no problem was found."""
    where = set()
    for problem in report.problems:
        path = Path(problem.location.file)
        where.add(_real(path if path.is_absolute() else Path.cwd() / path))
    return [
        mod_id
        for mod_id in content.modifications
        if not any(p.is_relative_to(_real(content.folder(mod_id))) for p in where)
    ]


def _modification_examples(
    content: Content, mod: Modification, templates: Path, outputs: list[Output] | None
) -> Examples:
    from generator.checks.examples import Examples as Found
    from generator.checks.examples import content_examples, generated_examples

    found = Found()
    found.rows.extend(content_examples(content, mod))
    found.extend(generated_examples(content, mod, templates, outputs))
    return found


def _summarise(
    content: Content,
    report: CheckReport,
    found: Examples,
    templates: Path,
    pages: Sequence[Path],
    skip: set[Path],
) -> None:
    from generator.checks.examples import run_examples

    for mod_id, mod in content.modifications.items():
        report.lines.append(
            f"{mod_id}: valid ({len(mod.responses)} responses, "
            f"{sum(len(t.rows) for t in mod.examples)} examples)"
        )
    report.add("documents", found.problems)
    report.lines.append(f"content: {len(report.found['content'])} problem(s)")
    report.lines.append(f"legal text: {len(report.found['legal text'])} problem(s)")
    report.lines.append(
        f"documents: {len(content.modifications)} modification(s) rendered, "
        f"{len(report.found['documents'])} problem(s)"
    )
    failed = report.add("examples", run_examples(found))
    report.lines.append(
        f"examples: {len(found.rows)} rows and {len(found.blocks)} pycon blocks run, "
        f"{failed} problem(s)"
    )
    typed = report.add("prose lint", _lint(content, templates, pages, skip))
    report.lines.append(f"prose lint: {typed} typed number(s)")


def _coverage(content: Content, report: CheckReport, full: bool) -> None:
    from generator.checks.coverage import coverage
    from generator.checks.examples import content_examples

    for mod in content.modifications.values():
        src = content.source(mod.id, "examples.yaml")
        file = src.display if src else str(content.folder(mod.id) / "examples.yaml")
        rule_sets = mod.modification.rule_sets  # a modification covers only those it changes
        # The summary line needs no example's line: only the full listing prints them.
        rows = content_examples(content, mod, located=full)
        result = coverage(mod.id, file, rows, rule_sets)
        if full:
            report.lines.extend(result.lines())
            report.add("coverage", result.problems())
        else:
            report.lines.append(result.summary())


def run_check(
    content_dir: Path,
    *,
    coverage: bool = False,
    templates: Path | None = None,
    cache_dir: Path | None = None,
) -> CheckReport:
    """``secmod check``: :func:`validate` every modification and the hand-written pages;
    with ``cache_dir``, modifications unchanged since they checked clean are not rendered again
    (:mod:`generator.checks.check_cache`)."""
    from generator.render.templating import TEMPLATES
    from generator.site.timeline import build_date

    cache = (
        CheckCache(cache_dir, content_dir, templates or TEMPLATES, build_date())
        if cache_dir is not None
        else None
    )
    return validate(content_dir, templates=templates, coverage=coverage, cache=cache)
