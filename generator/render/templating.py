"""The Jinja environments: one for the document templates, one (sandboxed) for content prose.

Templates only format: every value they print is computed beforehand (``context.py``). Both
environments use ``StrictUndefined``, so a misspelt name is an error, never an empty string, and
every error names the file and line it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import ContentError, Location, Problem, TemplateError, display_path
from generator.rules.wording import capitalise, number_word

__all__ = [
    "FILTERS",
    "TEMPLATES",
    "long_date",
    "number",
    "render_prose",
    "render_template",
    "template_environment",
    "tidy_markdown",
]

#: The templates shipped with the project (``templates/`` at the repository root).
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _defined(value: Any) -> Any:
    """Make a filter fail on an undefined value with Jinja's own "'x' is undefined" message."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    return value


def number(value: int) -> str:
    """A count in figures with thousands separators: 50000 -> "50,000"."""
    return f"{_defined(value):,}"


def long_date(value: dt.date) -> str:
    """A date as the Code writes it: 28 February 2019."""
    value = _defined(value)
    return f"{value.day} {value:%B %Y}"


def _words(value: int) -> str:
    return number_word(_defined(value))


FILTERS: dict[str, Callable[..., Any]] = {
    "number": number,
    "long_date": long_date,
    "words": _words,
    "capital": capitalise,
}


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=8)
def template_environment(directory: Path = TEMPLATES) -> jinja2.Environment:
    """The environment of the document templates in ``directory``."""
    return _configure(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(directory),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # Markdown out; HTML escaping is the Markdown renderer's job
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=True,
        )
    )


@lru_cache(maxsize=1)
def _prose_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    _configure(env)
    return env


@lru_cache(maxsize=4096)
def _compiled_prose(text: str) -> jinja2.Template:
    """Prose compiled once per distinct text (modifications share much of their wording)."""
    return _prose_environment().from_string(text)


def _template_line(exc: BaseException, filename: str | None) -> int:
    """The line of ``filename`` at which ``exc`` was raised, from Jinja's rewritten traceback."""
    line = getattr(exc, "lineno", None) or 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if filename and frame.filename.endswith(filename) and frame.lineno:
            line = frame.lineno
    return int(line)


def render_template(name: str, context: Mapping[str, Any], directory: Path = TEMPLATES) -> str:
    """Render template ``name``; a ``TemplateError`` names the template file and line."""
    env = template_environment(directory)
    filename = str(directory / name)
    try:
        template = env.get_template(name)
        filename = template.filename or str(directory / name)
        return tidy_markdown(template.render(context))
    except jinja2.TemplateSyntaxError as exc:
        where = display_path(exc.filename or str(directory / name))
        raise TemplateError(
            [Problem(Location(where, exc.lineno or 0), "", f"template syntax error: {exc.message}")]
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            [Problem(Location(display_path(directory / str(exc.name))), "", "template not found")]
        ) from None
    except (jinja2.UndefinedError, jinja2.TemplateError, TypeError, ValueError) as exc:
        where = display_path(filename)
        line = _template_line(exc, filename)
        raise TemplateError(
            [Problem(Location(where, line), "", f"template error: {exc}")]
        ) from None


_BLANK_RUNS = re.compile(r"\n{3,}")


def tidy_markdown(text: str) -> str:
    """Templates may leave runs of blank lines between blocks: keep one, end with a newline."""
    lines = [line.rstrip(" \t") if not line.endswith("\\") else line for line in text.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


def render_prose(
    text: str,
    context: Mapping[str, Any],
    location: Location | Callable[[], Location],
    field: str,
) -> str:
    """Render a prose field of the content, whose ``{{ ... }}`` refer to the context.

    ``location`` is where the field is written (or a function that finds it, called only on
    error); errors point at the line inside the field.
    """
    if "{" not in text:  # plain prose: nothing to evaluate
        return text
    try:
        return _compiled_prose(text).render(context)
    except jinja2.TemplateSyntaxError as exc:
        line = exc.lineno or 1
        message = f"expression error in prose line {line}: {exc.message}"
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as exc:
        line = _template_line(exc, "<template>") or 1
        message = f"expression error in prose line {line}: {exc}"
    where = location() if callable(location) else location
    shifted = Location(where.file, where.line + line, 0) if where.line else where
    raise ContentError([Problem(shifted, field, message)])
