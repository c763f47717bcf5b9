"""Prose lint: a rule's number typed by hand into prose or a template is an error.

A number in a document has one home, a rule parameter (``generator.rules.parameters``) or a
content field. Prose refers to it, ``{{ params.non_domestic_threshold | number }}``, so that a
change of the Code changes every sentence that states it. This lint finds a number typed
instead, in figures or words, where it states a parameter: the parameter's value next to what
the parameter counts ("more than 50000 Non-Domestic Premises", "ten Working Days"; see
:mod:`generator.checks.parameter_mentions`). A number that counts something else ("a contract
worth £50000", "one of the following") is prose. In templates, an integer literal of 1,000 or
more inside a ``{{ }}`` or ``{% %}`` expression that is near a parameter is flagged too.

Years, dates, versions (v1.15), clause ids (G8.47), ``Year 1``, ids (SECMP0059) and footnote
labels are not numbers of the Code. A line that says ``secmod-lint: ignore`` (in a comment of
any kind) is left alone. Jinja expressions, code spans, fenced code, HTML comments and marked
example tables (``generator.checks.examples``) are not prose. Legal text is exempt: it has its
own check (``generator.checks.legal_text``), which applies the same test to untied numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.checks.parameter_mentions import ever_values, stated_parameters
from generator.errors import Location, Problem, display_path
from generator.rules import parameters
from generator.rules.wording import CARDINALS
from generator.source import FieldPath, field_text, read_text

__all__ = [
    "EXEMPT_FILES",
    "IGNORE",
    "Finding",
    "lint",
    "lint_markdown_file",
    "lint_prose",
    "lint_template",
    "lint_templates",
    "lint_yaml_file",
    "mask",
]

#: libyaml's composer where PyYAML has it (the same nodes, marks and tags, ten times faster).
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Content files the lint leaves alone: legal text has its own check.
EXEMPT_FILES = frozenset({"legal-text.yaml"})
#: Fields that hold names and ids, not prose.
_NOT_PROSE = frozenset({"id", "key", "sections", "version_before", "version_after", "clause"})

#: Number words the lint reads as numbers: zero to twenty, then the tens to fifty.
_WORDS = {word: value for word, value in CARDINALS.items() if value <= 50}
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"

#: A number in figures, or a number word; never part of a word, id, version, date or clause.
_NUMBER = re.compile(
    r"(?<![\w.,/:^#-])"
    r"(?P<figure>\d{1,3}(?:,\d{3})+|\d+)(?P<decimal>\.\d+)?"
    r"(?![\w/-]|,\d|\.\d)"
    r"|(?<![\w-])(?P<word>" + "|".join(_WORDS) + r")(?![\w-])",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(r"\b(?:years?|section|sections|appendix|annex|step|table)\s*$", re.I)
_MONTH_AFTER = re.compile(r"^\s*(?:" + _MONTHS + r")\b", re.I)
_MONTH_BEFORE = re.compile(r"\b(?:" + _MONTHS + r")\s*$", re.I)
_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*(?:#+[ \t]*)?$")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_JINJA_CODE = re.compile(r"\{\{(?P<a>.*?)\}\}|\{%(?P<b>.*?)%\}", re.DOTALL)
_JINJA_INT = re.compile(r"(?<![\w.'\"])(\d[\d_]*)(?![\w.'\"])")
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}).*?^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S
)
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_EXAMPLES_TABLE = re.compile(
    r"<!--\s*secmod:examples\b.*?-->[ \t]*\n(?:[ \t]*\n)*(?:[ \t]*\|.*(?:\n|$))+", re.S
)


#: Written on a line (in a comment), it silences the lint for that line.
IGNORE = "secmod-lint: ignore"


def _kept(problems: Iterable[Problem], text: str) -> list[Problem]:
    """``problems`` less those on a line that carries ``IGNORE``."""
    lines = text.splitlines()
    return [
        p
        for p in problems
        if not (0 < p.location.line <= len(lines) and IGNORE in lines[p.location.line - 1])
    ]


@dataclass(frozen=True, slots=True)
class Finding:
    """A typed number in a text: where it starts (offset), what it reads, and what is wrong."""

    offset: int
    text: str
    message: str


def mask(text: str, *patterns: re.Pattern[str]) -> str:
    """``text`` with every match of ``patterns`` blanked out, newlines and offsets kept."""
    chars = list(text)
    for pattern in patterns:
        for match in pattern.finditer(text):
            for i in range(match.start(), match.end()):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)


def _int_parameters() -> dict[str, tuple[set[int], str]]:
    """Every whole-number parameter: the values it has ever had, and its description."""
    found: dict[str, tuple[set[int], str]] = {}
    for name, parameter in parameters.PARAMETERS.items():
        values = {v for _, v in parameter.values if isinstance(v, int) and not isinstance(v, bool)}
        if values:
            found[name] = (values, parameter.description)
    return found


def _thresholds() -> dict[str, int]:
    """Parameters counted in premises (values of 1,000 or more), by name."""
    return {
        name: value
        for name, (values, _) in _int_parameters().items()
        for value in sorted(values)
        if value >= 1000
    }


def _use(name: str) -> str:
    return "{{ params." + name + " | number }}"


def _message(value: int, shown: str, text: str, start: int, end: int) -> str | None:
    """What is wrong with the number ``shown`` (of ``value``) at ``text[start:end]``, if it
    states a rule parameter: the parameter's value next to its unit
    (:mod:`generator.checks.parameter_mentions`). A number that counts something else, or a
    sum of money, is prose."""
    stated = stated_parameters(text, start, end, value, ever_values())
    if not stated:
        return None
    names = " or ".join(m.parameter for m in stated)
    uses = " or ".join(
        "{{ params." + m.parameter + " | length | words }}" if m.cycle else _use(m.parameter)
        for m in stated
    )
    return f'typed number "{shown}" states {names} ({value:,}): write {uses}'


def lint_prose(text: str) -> list[Finding]:
    """Typed numbers of the Code in ``text`` (Jinja, code, comments and example tables skipped)."""
    if _NUMBER.search(text) is None:
        return []  # masking only blanks text out, so it cannot make a number appear
    masked = mask(text, _EXAMPLES_TABLE, _FENCE, _COMMENT, _JINJA, _CODE_SPAN)
    findings: list[Finding] = []
    for match in _NUMBER.finditer(masked):
        message = typed_number(match, masked)
        if message:
            findings.append(Finding(match.start(), match.group(), message))
    return findings


def typed_number(match: re.Match[str], masked: str) -> str | None:
    """The lint's decision: what is wrong with the number ``match`` found in ``masked`` (the
    text with Jinja, code, comments and example tables blanked out), or ``None`` if nothing."""
    start, end = match.span()
    before = masked[max(0, start - 60) : start]
    after = masked[end : end + 40]
    if match.group("decimal"):
        return None  # a version or a decimal, never a count of the Code
    if _YEAR_BEFORE.search(before):
        return None  # Year 1, years 2 and 3, Section 4, Appendix 2
    if match.group("word"):
        value = _WORDS[match.group("word").casefold()]
    else:
        figure = match.group("figure")
        value = int(figure.replace(",", ""))
        if _MONTH_AFTER.match(after) or _MONTH_BEFORE.search(before):
            return None  # a date: 28 February 2019
        if "," not in figure and 1900 <= value <= 2100:
            return None  # a year
        if _LIST_NUMBER.search(before) and after.startswith("."):
            return None  # a numbered heading or list item: "## 1. Purpose"
    return _message(value, match.group(), masked, start, end)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _prose_problems(text: str, where: str) -> list[Problem]:
    """The findings of :func:`lint_prose` in ``text``, located in the file ``where``."""
    return [
        Problem(Location(where, *_line_col(text, f.offset)), "", f.message)
        for f in lint_prose(text)
    ]


def lint_template(path: Path, display: str | None = None) -> list[Problem]:
    """Typed numbers in the template ``path``: in its text and in its Jinja expressions."""
    where = display or display_path(path)
    text = read_text(path) or ""
    problems = _prose_problems(text, where)
    thresholds = _thresholds()
    for code in _JINJA_CODE.finditer(text):
        inner_start = code.start() + 2
        inner = code.group("a") if code.group("a") is not None else code.group("b")
        body = mask(inner, re.compile(r"'[^']*'|\"[^\"]*\""))
        for literal in _JINJA_INT.finditer(body):
            value = int(literal.group(1).replace("_", ""))
            if value < 1000:
                continue
            near = [n for n, v in thresholds.items() if abs(value - v) <= v / 10]
            if near:
                offset = inner_start + literal.start()
                problems.append(
                    Problem(
                        Location(where, *_line_col(text, offset)),
                        "",
                        f"literal {literal.group(1)} in a template expression: use params."
                        f"{near[0]} (e.g. {_use(near[0])})",
                    )
                )
    return _kept(sorted(problems, key=lambda p: (p.location.line, p.location.column)), text)


def lint_templates(directory: Path) -> list[Problem]:
    """Lint every ``*.j2`` template under ``directory``."""
    problems: list[Problem] = []
    for path in sorted(directory.rglob("*.j2")):
        problems.extend(lint_template(path))
    return problems


def lint_markdown_file(path: Path, display: str | None = None) -> list[Problem]:
    """Typed numbers in a hand-written Markdown page."""
    text = read_text(path) or ""
    return _kept(_prose_problems(text, display or display_path(path)), text)


def _strings(node: yaml.Node, path: FieldPath) -> Iterator[tuple[FieldPath, yaml.ScalarNode]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            if name in _NOT_PROSE:
                continue
            yield from _strings(value, (*path, str(name)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _strings(item, (*path, i))
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield path, node


def _token(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w,.])" + r"\s+".join(map(re.escape, text.split())) + r"(?![\w])")


def _source_offset(raw: str, node: yaml.ScalarNode, value: str, finding: Finding) -> int:
    """Where in the file the finding's number is written (folding only moves whitespace)."""
    pattern = _token(finding.text)
    nth = sum(1 for m in pattern.finditer(value) if m.start() < finding.offset)
    region = raw[node.start_mark.index : node.end_mark.index]
    for i, match in enumerate(pattern.finditer(region)):
        if i == nth:
            return node.start_mark.index + match.start()
    return node.start_mark.index


def lint_yaml_file(path: Path, display: str | None = None) -> list[Problem]:
    """Typed numbers in the text values of the YAML file ``path``."""
    where = display or display_path(path)
    raw = (read_text(path) or "").removeprefix("\ufeff")
    try:
        root = yaml.compose(raw, Loader=_COMPOSER)
    except yaml.YAMLError:
        return []  # the loader reports the syntax error, located
    if root is None:
        return []
    problems: list[Problem] = []
    for field, node in _strings(root, ()):
        value = str(node.value)
        for finding in lint_prose(value):
            offset = _source_offset(raw, node, value, finding)
            problems.append(
                Problem(
                    Location(where, *_line_col(raw, offset)), field_text(field), finding.message
                )
            )
    return _kept(problems, raw)


def _content_files(content_root: Path) -> Iterable[Path]:
    for path in sorted(content_root.rglob("*.yaml")):
        if path.name not in EXEMPT_FILES and path.is_file():
            yield path


def lint(content_root: Path, templates: Path | None = None) -> list[Problem]:
    """Lint the content's YAML prose and Markdown pages, and the templates (if given)."""
    problems: list[Problem] = []
    for path in _content_files(content_root):
        problems.extend(lint_yaml_file(path))
    for page in sorted(content_root.rglob("*.md")):
        problems.extend(lint_markdown_file(page))
    if templates is not None:
        problems.extend(lint_templates(templates))
    return problems
