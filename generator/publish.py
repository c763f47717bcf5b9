"""``secmod site``: the website, built by MkDocs in this process and swapped in when complete.

The content is checked first, as ``secmod check`` does (:func:`generator.checks.report.validate`,
hand-written pages included), so the site refuses to publish what the check rejects. MkDocs then
builds the site (``mkdocs.commands.build.build``, strict) into a hidden folder beside the site
folder, which replaces the previous site only once the build has succeeded: a failed build
leaves the previous ``site/`` as it was. With ``SOURCE_DATE_EPOCH`` set, the dates MkDocs
writes (the sitemap's, the gzip header of ``sitemap.xml.gz``) are that time, not the day of
the build.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import remove_stale, replace_folder, staging_folder
from generator.errors import (
    BuildError,
    ContentError,
    Location,
    OutputError,
    Problem,
    display_path,
)

__all__ = ["PublishedSite", "build_site"]


@dataclass(frozen=True)
class PublishedSite:
    """Where the site was built, and how long it took."""

    site_dir: Path
    seconds: float


@contextmanager
def _mkdocs_messages(verbose: bool) -> Iterator[None]:
    """MkDocs' warnings (and, with ``verbose``, its progress) on stderr, as its own command
    prints them."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    level = logging.INFO if verbose else logging.WARNING
    handler.setLevel(level)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def _mkdocs_error(exc: Exception, config_file: Path) -> BuildError:
    lines = [line for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
    where = Location(display_path(config_file))
    return BuildError([Problem(where, "", f"mkdocs: {line}") for line in lines])


def _check(config: Any) -> None:
    """The content of the ``secmod`` plugin, checked as ``secmod check`` does."""
    from generator.checks.report import validate

    plugin = config.plugins.get("secmod")
    if plugin is None or not plugin.config.enabled:
        return
    report = validate(plugin.content_dir, templates=plugin.templates_dir, pages=True)
    if not report.ok:
        error = ContentError(report.problems)
        config.plugins.on_build_error(error=error)  # stops what the plugin started
        raise error


def build_site(
    config_file: Path = Path("mkdocs.yml"), site_dir: Path | None = None, *, verbose: bool = False
) -> PublishedSite:
    """Check the content, build the site of ``config_file`` (strict) and put it in place of
    ``site_dir`` (default: the configuration's ``site_dir``), all or nothing."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    with _mkdocs_messages(verbose):
        try:
            config = load_config(str(config_file), strict=True)
        except MkDocsException as exc:
            raise _mkdocs_error(exc, config_file) from None
        target = Path(site_dir or config.site_dir).absolute()
        _check(config)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(target.parent)
            staging = staging_folder(target)
        except OSError as exc:
            raise OutputError.from_os_error(exc, target) from None
        try:
            config["site_dir"] = str(staging)
            build(config)
            replace_folder(staging, target)
        except MkDocsException as exc:
            raise _mkdocs_error(exc, config_file) from None
        except OSError as exc:
            raise OutputError.from_os_error(exc, target) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return PublishedSite(target, time.perf_counter() - started)
