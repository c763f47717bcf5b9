"""The ``secmod`` command line.

Every command imports what it needs when it runs, so ``secmod assess`` starts without loading the
content model or the rendering stack. Errors a user can cause print one line each, with no
traceback, and exit with status 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.errors import SecmodError, display_path, one_line
from generator.rules.calendar import MAX_WORKING_DAYS
from generator.rules.governance import GovernancePath

__all__ = ["cli", "main"]


class _Group(click.Group):
    """A group that turns every error into one line per problem, never a traceback.

    ``SecmodError``: its located problems, exit status 2 (1 for an output that cannot be written).
    ``OSError``: the path and the cause, exit status 1. Anything else is a bug: one line saying
    so, exit status 1, and the traceback only with ``secmod --debug``.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SecmodError as exc:
            for line in exc.lines():
                click.echo(f"error: {line}" if not exc.problems else line, err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            ctx.exit(1)  # the reader went away (`secmod check | head`): nothing left to say
        except OSError as exc:
            click.echo(f"error: {one_line(_os_error(exc))}", err=True)
            ctx.exit(1)
        except Exception as exc:
            if ctx.meta.get(_DEBUG):
                raise
            what = one_line(f"{type(exc).__name__}: {exc}")[:300]
            click.echo(
                f"internal error: {what} (a bug in secmod; run `secmod --debug "
                f"{ctx.invoked_subcommand or ''} ...` to see the traceback)",
                err=True,
            )
            ctx.exit(1)


_DEBUG = "secmod.debug"


def _os_error(exc: OSError) -> str:
    """``path: cause`` of an operating-system error, as one line."""
    cause = exc.strerror or str(exc)
    paths = [p for p in (exc.filename, exc.filename2) if isinstance(p, str | bytes | os.PathLike)]
    if not paths:
        return cause
    return f"{display_path(os.fsdecode(paths[0]))}: {cause}"


_DATE = click.DateTime(formats=["%Y-%m-%d"])


F = TypeVar("F", bound=Callable[..., Any])


def _path_option(
    *names: str, default: Path | None, help: str, show_default: bool = False
) -> Callable[[F], F]:
    """An option that takes a file or folder path."""
    return click.option(
        *names,
        type=click.Path(path_type=Path),
        default=default,
        show_default=show_default,
        help=help,
    )


def _premises_option(name: str, help: str) -> Callable[[F], F]:
    """A count of premises: a whole number, 0 or more (default 0)."""
    return click.option(name, type=click.IntRange(min=0), default=0, show_default=True, help=help)


_content_option = _path_option(
    "--content", "content_dir", default=Path("content"), help="Content folder.", show_default=True
)


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="secmod")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Write the documents of Smart Energy Code modifications from content/."""
    ctx.meta[_DEBUG] = debug


@cli.command()
@click.option(
    "--role",
    type=click.Choice(["supplier", "other"]),
    required=True,
    help="supplier: a Supplier Party; other: an Other User.",
)
@_premises_option("--domestic", "Domestic Premises supplied.")
@_premises_option("--non-domestic", "Non-Domestic Premises supplied.")
@click.option(
    "--years",
    type=click.IntRange(min=1, max=100),
    default=3,
    show_default=True,
    help="How many years to schedule.",
)
@click.option(
    "--on",
    "on",
    type=_DATE,
    default=None,
    help="Read the rules in force on this date (YYYY-MM-DD). Default: today.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def assess(
    role: str, domestic: int, non_domestic: int, years: int, on: dt.datetime | None, as_json: bool
) -> None:
    """Which User Security Assessment a User schedules each year (SEC Section G8)."""
    from generator.rules import Portfolio, Role, schedule
    from generator.rules.described import assumed_note

    portfolio = Portfolio(Role(role), domestic, non_domestic)
    result = schedule(portfolio, _date(on) or dt.date.today(), years)
    notes = {name: assumed_note(name, result.on) for name in result.classification.assumed}
    if as_json:
        click.echo(
            json.dumps(
                {
                    "role": role,
                    "domestic": domestic,
                    "non_domestic": non_domestic,
                    "on": result.on.isoformat(),
                    "rules": result.rules,
                    "branch": result.classification.branch.value,
                    "schedule": [
                        {"year": year, "assessment": a.value}
                        for year, a in enumerate(result.assessments, start=1)
                    ],
                    "reason": result.reason,
                    "assumed": [{"parameter": n, "note": note} for n, note in notes.items()],
                },
                indent=2,
            )
        )
        return
    who = Role(role).label
    click.echo(
        f"{who} with {domestic:,} Domestic and {non_domestic:,} Non-Domestic Premises, "
        f"rules {result.rules} (read on {result.on.isoformat()}):"
    )
    for year, assessment in enumerate(result.assessments, start=1):
        click.echo(f"  Year {year}: {assessment.label}")
    click.echo(f"Reason: {result.reason}")
    for note in notes.values():
        click.echo(f"Note: {note}")


@cli.command()
@click.option("--decision", type=_DATE, required=True, help="Date of the decision (YYYY-MM-DD).")
@click.option("--release", type=_DATE, default=None, help="Planned release date (YYYY-MM-DD).")
@click.option(
    "--cutoff", type=_DATE, default=None, help="Last decision date for the release (YYYY-MM-DD)."
)
@click.option(
    "--working-days",
    type=click.IntRange(min=0, max=MAX_WORKING_DAYS),
    default=None,
    help="Working Days after a decision that misses the cutoff "
    "[default: the objection period, 10].",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def dates(
    decision: dt.datetime,
    release: dt.datetime | None,
    cutoff: dt.datetime | None,
    working_days: int | None,
    as_json: bool,
) -> None:
    """Objection period end and implementation date of a decision, in Working Days."""
    from generator.errors import UsageError
    from generator.rules import parameters
    from generator.rules.calendar import implementation_date, objection_period_end

    decided = decision.date()
    if (release is None) != (cutoff is None):
        raise UsageError("--release and --cutoff go together: give both or neither")
    objection_end = objection_period_end(decided)
    fallback = (
        parameters.OBJECTION_PERIOD_WORKING_DAYS.at(decided)
        if working_days is None
        else working_days
    )
    implemented = (
        implementation_date(decided, release.date(), cutoff.date(), fallback)
        if release is not None and cutoff is not None
        else None
    )
    if as_json:
        out: dict[str, Any] = {
            "decision": decided.isoformat(),
            "objection_period_ends": objection_end.isoformat(),
        }
        if implemented is not None:
            out["implementation_date"] = implemented.isoformat()
        click.echo(json.dumps(out, indent=2))
        return
    click.echo(f"Objection period ends: {objection_end.isoformat()}")
    if implemented is not None:
        click.echo(f"Implementation date:   {implemented.isoformat()}")


@cli.command()
@click.argument("content_dir", type=click.Path(path_type=Path), default=Path("content"))
@click.option(
    "--coverage",
    is_flag=True,
    help="List every rule case and the example exercising it; fail if one is not.",
)
@click.option(
    "--assumptions",
    "show_assumptions",
    is_flag=True,
    help="Also list every value stated that no source states (assumed), to confirm.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render every modification, even those unchanged since they checked clean.",
)
@_path_option(
    "--cache-dir",
    default=Path(".cache/secmod/check"),
    help="Where the records of clean modifications are kept.",
    show_default=True,
)
def check(
    content_dir: Path, coverage: bool, show_assumptions: bool, no_cache: bool, cache_dir: Path
) -> None:
    """Validate CONTENT_DIR (default: content), run its examples, lint its prose and the
    templates, and report every problem, located."""
    from generator.checks.report import run_check

    report = run_check(content_dir, coverage=coverage, cache_dir=None if no_cache else cache_dir)
    for line in report.lines:
        click.echo(line)
    for line in report.unfilled:
        click.echo(f"to write: {line}")
    if show_assumptions:
        from generator.checks.assumptions import assumptions
        from generator.load import load_content

        listed = assumptions(load_content(content_dir)) if report.ok else []
        click.echo(f"assumptions to confirm: {len(listed)}")
        for line in listed:
            click.echo(f"  assumed: {line}")
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if not report.ok:
        raise SystemExit(report.exit_code)


@cli.command()
@click.argument("mod_id")
@click.option("--title", default=None, help="The modification's title.")
@click.option(
    "--governance",
    type=click.Choice([p.value for p in GovernancePath]),
    default=GovernancePath.SELF_GOVERNANCE.value,
    show_default=True,
    help="The governance path (who decides; whether an objection period follows).",
)
@click.option(
    "--implementation",
    type=click.Choice(["release", "working-days", "fixed-date", "next-release"]),
    default="release",
    show_default=True,
    help="The implementation approach.",
)
@_content_option
def new(
    mod_id: str, title: str | None, governance: str, implementation: str, content_dir: Path
) -> None:
    """Create content/MOD_ID/ with files that pass `secmod check`, ready to fill in."""
    from generator.scaffold import scaffold

    folder = scaffold(
        content_dir, mod_id, title, governance=governance, implementation=implementation
    )
    click.echo(f"created {folder}/ — edit its YAML files, then run `secmod check`")


@cli.command()
@click.argument("ids", nargs=-1)
@_content_option
@_path_option("--out", "out_dir", default=Path("build"), help="Output folder.", show_default=True)
@_path_option(
    "--templates",
    "templates_dir",
    default=None,
    help="Templates folder [default: the project's templates/].",
)
@click.option(
    "--only",
    multiple=True,
    metavar="DOCUMENT",
    help="Build only this document (paper, guidance, legal); repeatable.",
)
def build(
    ids: Sequence[str],
    content_dir: Path,
    out_dir: Path,
    templates_dir: Path | None,
    only: Sequence[str],
) -> None:
    """Build the documents of modifications IDS (default: all) into OUT/<ID>/."""
    from generator.build import build_all
    from generator.render.templating import TEMPLATES

    build_all(
        content_dir,
        out_dir,
        ids or None,
        templates=templates_dir or TEMPLATES,
        only=only or None,
        progress=True,
    )


@cli.command()
@_path_option(
    "--out",
    "out_dir",
    default=None,
    help="Write one JSON Schema per content file into this folder (e.g. content/schema).",
)
@click.option("--reference", is_flag=True, help="Print the Content reference (Markdown) instead.")
def schema(out_dir: Path | None, reference: bool) -> None:
    """The content model: JSON Schema for editors, or the Content reference for authors.

    Without options, print the JSON Schema of modification.yaml."""
    from generator.content_schema import reference_markdown, schema_files

    if reference:
        click.echo(reference_markdown(), nl=False)
        return
    files = schema_files()
    if out_dir is None:
        click.echo(files["modification.schema.json"], nl=False)
        return
    from generator.atomic import StagedFiles
    from generator.errors import OutputError

    try:
        with StagedFiles() as staged:  # every schema or none
            for name, text in files.items():
                staged.add(out_dir / name, text.encode("utf-8"))
            written = staged.commit()
    except OSError as exc:
        raise OutputError.from_os_error(exc, out_dir) from None
    for path in written:
        click.echo(f"wrote {path}")


@cli.command()
@_path_option(
    "-f",
    "--config-file",
    default=Path("mkdocs.yml"),
    help="The MkDocs configuration.",
    show_default=True,
)
@_path_option(
    "-d",
    "--site-dir",
    default=None,
    help="Output folder [default: the configuration's site_dir, site/].",
)
@click.option("-v", "--verbose", is_flag=True, help="Print MkDocs' progress too.")
def site(config_file: Path, site_dir: Path | None, verbose: bool) -> None:
    """Check the content and build the website (MkDocs, strict); the previous site is replaced
    only when the new one is complete."""
    from generator.publish import build_site

    built = build_site(config_file, site_dir, verbose=verbose)
    click.echo(f"built the site in {display_path(built.site_dir)}/ ({built.seconds:.1f} s)")


@cli.group()
def responses() -> None:
    """Consultation responses: read filled response forms and spreadsheets into content."""


@responses.command("import")
@click.argument("mod_id")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_content_option
@click.option(
    "--consultation",
    "consultation_key",
    default=None,
    help="The key of the consultation answered [default: the paper's].",
)
def import_responses(
    mod_id: str, files: Sequence[Path], content_dir: Path, consultation_key: str | None
) -> None:
    """Merge the responses in FILES (filled .docx forms, .xlsx or .csv spreadsheets) into
    MOD_ID's responses.yaml, or write nothing and report every problem."""
    from generator.forms.importer import import_responses

    result = import_responses(content_dir, mod_id, files, consultation_key)
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    merged = result.merged
    counts = f"{merged.added} added, {merged.updated} updated, {merged.unchanged} unchanged"
    verb = "updated" if result.written else "left unchanged"
    click.echo(f"{verb} {result.path}: {counts}")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``secmod`` command."""
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="secmod")
