"""``secmod check``: everything an author needs to know before building, without pytest.

It validates the content (a ``ContentError`` stops it there, every problem located), then
collects the problems of every other check: the legal text against the rules, the documented
examples against the rules, the prose lint and, with ``--coverage``, the rule coverage. Each is
one located line on stderr; the summary goes to stdout; any problem makes the exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.load import Content, load_content

__all__ = ["CheckReport", "publish_problems", "run_check"]


@dataclass
class CheckReport:
    """What ``secmod check`` prints and whether it passed."""

    lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True
    exit_code: int = 0

    def fail(self, problems: list[Problem]) -> None:
        """Add located problems; the check then fails with exit code 2."""
        self.problems.extend(problems)
        if problems:
            self.ok = False
            self.exit_code = 2


def publish_problems(content: Content, templates: Path | None = None) -> list[Problem]:
    """What stops ``secmod build`` and the site from publishing: the checks of ``secmod check``
    that bear on what is published (the prose lint of the content and the templates, the
    legal text against the rules and its clause references, the worked examples of
    ``examples.yaml`` against the rules), for the modifications loaded in ``content``."""
    from generator.checks.examples import Examples, content_examples, run_examples
    from generator.checks.legal_text import legal_problems
    from generator.checks.prose_lint import lint
    from generator.render.templating import TEMPLATES

    loaded = {content.folder(mod_id).resolve() for mod_id in content.modifications}
    typed = [
        p
        for p in lint(content.root, templates or TEMPLATES)
        if not _in_other_modification(p, content.root, loaded)
    ]
    rows = Examples()
    for mod in content.modifications.values():
        rows.rows.extend(content_examples(content, mod))
    return [*typed, *legal_problems(content), *run_examples(rows)]


def _in_other_modification(problem: Problem, root: Path, loaded: set[Path]) -> bool:
    """Whether ``problem`` is in the folder of a modification that was not loaded."""
    where = Path(problem.location.file)
    path = (where if where.is_absolute() else Path.cwd() / where).resolve()
    try:
        inside = path.relative_to(root.resolve())
    except ValueError:
        return False
    folder = root.resolve() / inside.parts[0]
    return (
        len(inside.parts) > 1 and folder not in loaded and (folder / "modification.yaml").exists()
    )


def run_check(
    content_dir: Path, *, coverage: bool = False, templates: Path | None = None
) -> CheckReport:
    """Validate the content (raises ``ContentError`` listing every problem), then check the
    legal text, the documented examples, the prose lint and the rule coverage; ``coverage``
    lists every case and fails when one is not exercised."""
    from generator.render.context import modification_context

    content = load_content(content_dir)
    for mod in content.modifications.values():
        modification_context(content, mod)  # renders prose: a bad {{ expression }} is located
    from generator.checks.legal_text import legal_problems  # the legal text agrees with the rules

    report = CheckReport()
    report.fail(list(legal_problems(content)))
    for mod_id, mod in content.modifications.items():
        report.lines.append(
            f"{mod_id}: valid ({len(mod.responses)} responses, "
            f"{sum(len(t.rows) for t in mod.examples)} examples)"
        )
    _documented(content, report, coverage, templates)
    if report.ok:
        report.lines.append(f"content OK: {len(content.modifications)} modification(s)")
    else:
        report.lines.append(f"check failed: {len(report.problems)} problem(s)")
    return report


def _documented(
    content: Content, report: CheckReport, full_coverage: bool, templates: Path | None
) -> None:
    """Examples, prose lint and rule coverage (generator.checks.examples, .lint, .coverage)."""
    from generator.checks.coverage import coverage
    from generator.checks.examples import collect_examples, content_examples, run_examples
    from generator.checks.prose_lint import lint
    from generator.render.templating import TEMPLATES

    templates = templates or TEMPLATES
    found = collect_examples(content, templates=templates)
    problems = run_examples(found)
    report.fail(problems)
    report.lines.append(
        f"examples: {len(found.rows)} rows and {len(found.blocks)} pycon blocks run, "
        f"{len(problems)} problem(s)"
    )
    typed = lint(content.root, templates)
    report.fail(typed)
    report.lines.append(f"prose lint: {len(typed)} typed number(s)")
    for mod in content.modifications.values():
        if not mod.examples:
            continue  # a modification with no worked examples changes no rule set to cover
        src = content.source(mod.id, "examples.yaml")
        file = src.display if src else str(content.folder(mod.id) / "examples.yaml")
        result = coverage(mod.id, file, content_examples(content, mod))
        if full_coverage:
            report.lines.extend(result.lines())
            report.fail(result.problems())
        else:
            report.lines.append(result.summary())
