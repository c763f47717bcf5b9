"""The Jinja environments: one for the document templates, one (sandboxed) for content prose.

Templates only format: every value they print is computed beforehand (``context.py``). Both
environments use ``StrictUndefined``, so a misspelt name is an error, never an empty string, and
every error names the file and line it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator.errors import ContentError, Location, Problem, TemplateError, display_path
from generator.links import link_problem
from generator.render.sandbox import BoundedEnvironment, ProseRefused, compile_prose, render_bounded
from generator.rules.wording import capitalise, number_word

__all__ = [
    "FILTERS",
    "TEMPLATES",
    "collected_problems",
    "locate_expression",
    "long_date",
    "number",
    "prose_form_problem",
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
def _prose_environment() -> BoundedEnvironment:
    return BoundedEnvironment(FILTERS)


@lru_cache(maxsize=4096)
def _compiled_prose(text: str) -> tuple[jinja2.Template, bool]:
    """Prose compiled once per distinct text (modifications share much of their wording)."""
    return compile_prose(_prose_environment(), text)


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


_COLLECTED: ContextVar[list[Problem] | None] = ContextVar("secmod_prose_problems", default=None)


@contextmanager
def collected_problems() -> Iterator[list[Problem]]:
    """Collect the problems of content prose rendered inside the block instead of stopping at
    the first, and raise them together (one ``ContentError``) when the block ends.

    A field that fails renders as its own text meanwhile, so everything else is still rendered
    and checked. Blocks nest: an inner block adds to the outermost one, which raises.
    """
    outer = _COLLECTED.get()
    if outer is not None:
        yield outer
        return
    found: list[Problem] = []
    token = _COLLECTED.set(found)
    try:
        yield found
    finally:
        _COLLECTED.reset(token)
    if found:
        raise ContentError(list(dict.fromkeys(found)))


def render_prose(
    text: str,
    context: Mapping[str, Any],
    location: Location | Callable[[], Location],
    field: str,
) -> str:
    """Render a prose field of the content, whose ``{{ ... }}`` refer to the context.

    ``location`` is where the field is written (or a function that finds it, called only on
    error); an error points at the expression, by line and column, when ``location`` is a
    :class:`~generator.source.FieldLocation`. Prose runs in a bounded sandbox
    (:mod:`generator.render.sandbox`): whatever it holds, the result is its text or a located
    ``ContentError``.
    """
    if "{" not in text:  # plain prose: nothing to evaluate
        return _linked(text, text, location, field)
    try:
        compiled, loops = _compiled_prose(text)
        return _linked(render_bounded(compiled, context, loops), text, location, field)
    except ContentError:
        raise
    except Exception as exc:  # whatever content prose can raise, it is the content's problem
        line, message, statement = _failure(exc)
    where = location() if callable(location) else location
    problem = Problem(locate_expression(text, line, where, context, statement), field, message)
    return _report(problem, text)


def _failure(exc: Exception) -> tuple[int, str, str]:
    """The line of the prose at which ``exc`` arose, what to say, and the refused statement."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno or 1, f"expression error: {exc.message}", ""
    if isinstance(exc, ProseRefused):
        line = exc.lineno or _template_line(exc, "<template>") or 1
        return line, f"not allowed in prose: {exc}", exc.statement
    return _template_line(exc, "<template>") or 1, f"expression error: {_described(exc)}", ""


def prose_form_problem(text: str, where: Location, field: str) -> Problem | None:
    """What is wrong with the form of prose ``text`` written at ``where`` (a syntax error, an
    unknown filter, a statement prose may not use), found without rendering it, located and
    worded as :func:`render_prose` would; None when it compiles."""
    if "{" not in text:
        return None
    try:
        _compiled_prose(text)
    except (jinja2.TemplateSyntaxError, ProseRefused) as exc:
        line, message, statement = _failure(exc)
        return Problem(locate_expression(text, line, where, {}, statement), field, message)
    return None


def _linked(
    rendered: str, text: str, location: Location | Callable[[], Location], field: str
) -> str:
    """``rendered``, unless it holds a link or an image prose may not (generator.links)."""
    wrong = link_problem(rendered)
    if wrong is None:
        return rendered
    where = location() if callable(location) else location
    locate_text = getattr(where, "locate_text", None)
    found = locate_text(wrong[0]) if locate_text is not None else None
    return _report(Problem(found or where, field, wrong[1]), text)


def _report(problem: Problem, text: str) -> str:
    """Raise ``problem``, or collect it and go on with ``text`` (see collected_problems)."""
    collected = _COLLECTED.get()
    if collected is None:
        raise ContentError([problem])
    collected.append(problem)
    return text


def _described(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, jinja2.TemplateError) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


#: A ``{{ ... }}`` or ``{% ... %}``, not running into the next one when it is not closed.
_TAG = re.compile(r"\{\{(?:(?!\{[{%]).)*?\}\}|\{%(?:(?!\{[{%]).)*?%\}", re.S)


def _tags_on(text: str, line: int) -> list[re.Match[str]]:
    """The ``{{ ... }}`` and ``{% ... %}`` of ``text`` that span its line ``line``."""
    found = []
    for match in _TAG.finditer(text):
        first = text.count("\n", 0, match.start()) + 1
        last = first + match.group().count("\n")
        if first <= line <= last:
            found.append(match)
    return found


def _is_statement(tag: str, name: str) -> bool:
    return tag.startswith("{%") and tag[2:].lstrip("-+ \t\n").startswith(name.split()[0])


def _fails_alone(tag: str, context: Mapping[str, Any]) -> bool:
    if not tag.startswith("{{"):
        return False
    try:
        compiled, loops = _compiled_prose(tag)
        render_bounded(compiled, context, loops)
    except Exception:
        return True
    return False


def locate_expression(
    text: str, line: int, where: Location, context: Mapping[str, Any], statement: str = ""
) -> Location:
    """Where the expression of prose ``text`` that failed on its line ``line`` is written.

    Of several expressions on that line, the first that fails on its own is the one (or the
    first ``{% statement %}``, when a statement was refused); the expression is then found
    verbatim in the field's source (the ``n``-th of its kind), giving the line and column of
    its ``{{``. Without a source to search, the field's location.
    """
    tags = _tags_on(text, line)
    if not tags:
        lines = text.splitlines()
        start = lines[line - 1].find("{") if 0 < line <= len(lines) else -1
        if start < 0:
            return where
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + start
        needle = lines[line - 1][start:]
    else:
        chosen = tags[0]
        if len(tags) > 1:
            chosen = next(
                (
                    m
                    for m in tags
                    if (statement and _is_statement(m.group(), statement))
                    or (not statement and _fails_alone(m.group(), context))
                ),
                tags[0],
            )
        offset, needle = chosen.start(), chosen.group()
    needle = needle.split("\n", 1)[0]  # a block scalar's source indents the lines that follow
    locate_text = getattr(where, "locate_text", None)
    if locate_text is None:
        return where
    found: Location | None = locate_text(needle, text.count(needle, 0, offset))
    return found or where
