"""A pytest plugin that runs every documented example as its own test.

Registered through the ``pytest11`` entry point ``secmod_examples`` (or ``-p
generator.pytest_plugin``). Each example row of ``content/<ID>/examples.yaml``, each row of a
marked table and each ``pycon`` block in the Markdown pages under ``content/`` and in the
generated Markdown (rendered in memory through ``generator.build.render_modification``, never
read from a stale ``build/``) becomes one test item named ``file:line``, e.g.
``content/SECMP0059/examples.yaml:14``; a failure prints the located message of
``generator.checks.examples``.

Where the content is: ``--secmod-content DIR``, else the ini option ``secmod_content``, else
``content/`` under the rootdir. The examples are added when pytest runs the whole project (no
path arguments, or a path that contains or lies in the content folder), or always with
``--secmod-examples``. A rootdir without secmod content (no ``objectives.yaml`` and no
``*/modification.yaml``) adds nothing, so other projects' test runs are left alone.

The items hang from one collector, ``secmod-examples``, added to the session's own collection,
so ``--collect-only``, ``-k``, ``--deselect``, ``--last-failed`` and the counts all see them.
Invalid content, a malformed marked table or a document that fails to render becomes one
failing item at the problem's location rather than a collection error.
"""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from generator.checks.examples import ExecutableExample, PyconBlock
    from generator.errors import Problem

__all__ = [
    "ExampleFailure",
    "ExampleItem",
    "ProblemItem",
    "PyconItem",
    "SecmodExamples",
    "pytest_addoption",
    "pytest_configure",
    "pytest_make_collect_report",
    "pytest_plugin_registered",
]

#: The name of the ``pytest11`` entry point that loads this module.
ENTRY_POINT = "secmod_examples"


def pytest_plugin_registered(plugin: object, manager: pytest.PytestPluginManager) -> None:
    """Register once, whichever way the module is named (entry point, ``-p``, ``pytest_plugins``).

    ``-p generator.pytest_plugin`` registers the module before the entry points load; without
    this, loading the entry point would register the same module a second time and fail.
    """
    if plugin is not sys.modules.get(__name__):
        return
    name = manager.get_name(plugin)
    other = __name__ if name == ENTRY_POINT else ENTRY_POINT
    if manager.get_plugin(other) is None and not manager.is_blocked(other):
        manager.set_blocked(other)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--secmod-content``, ``--secmod-examples`` and the ini option ``secmod_content``."""
    group = parser.getgroup("secmod", "secmod documented examples")
    group.addoption(
        "--secmod-content",
        dest="secmod_content",
        metavar="DIR",
        default=None,
        help="secmod content folder whose examples run as tests (default: content/ under rootdir).",
    )
    group.addoption(
        "--secmod-examples",
        dest="secmod_examples",
        action="store_true",
        default=False,
        help="Run the documented examples even when pytest is given other paths.",
    )
    parser.addini(
        "secmod_content",
        "secmod content folder, relative to the rootdir (default: content).",
        default="content",
    )


class ExampleFailure(Exception):
    """An example disagrees with the rules; carries the located problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Item(pytest.Item):
    """An item whose failure is reported as located problems, without a traceback."""

    line: int = 0
    source_path: Path | None = None

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, ExampleFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return (self.source_path or self.path, max(0, self.line - 1), self.name)


ItemT = TypeVar("ItemT", bound="_Item")


class ExampleItem(_Item):
    """One example row, run against the rules."""

    example: ExecutableExample

    def runtest(self) -> None:
        problem = self.example.run()
        if problem is not None:
            raise ExampleFailure([problem])


class PyconItem(_Item):
    """One pycon block, run as a doctest."""

    block: PyconBlock

    def runtest(self) -> None:
        problems = self.block.run()
        if problems:
            raise ExampleFailure(problems)


class ProblemItem(_Item):
    """A problem met while collecting (invalid content, a malformed table): always fails."""

    problems: list[Problem]

    def runtest(self) -> None:
        raise ExampleFailure(self.problems)


class SecmodExamples(pytest.Collector):
    """The examples of a content folder (a collector that only groups the items)."""

    content_root: Path

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        return list(_items(self))


def _content_root(config: pytest.Config) -> tuple[Path, bool]:
    """The content folder and whether the user named it."""
    given = config.getoption("secmod_content")
    if given:
        return Path(config.invocation_params.dir, given).resolve(), True
    ini = str(config.getini("secmod_content") or "content")
    base = config.inipath.parent if config.inipath else config.rootpath
    return (base / ini).resolve(), False


def _looks_like_content(root: Path) -> bool:
    if not root.is_dir():
        return False
    if (root / "objectives.yaml").is_file():
        return True
    return any(p.is_file() for p in root.glob("*/modification.yaml"))


def _within(path: Path, other: Path) -> bool:
    return path == other or other in path.parents


def _wanted(config: pytest.Config, root: Path, named: bool) -> bool:
    if named or config.getoption("secmod_examples"):
        return True
    if not _looks_like_content(root):
        return False
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return True
    for arg in config.args:
        target = Path(config.invocation_params.dir, arg.split("::", 1)[0]).resolve()
        if _within(root, target) or _within(target, root):
            return True
    return False


def _relative(path: Path | None, fallback: str, rootpath: Path) -> str:
    if path is None:
        return fallback
    try:
        return path.resolve().relative_to(rootpath).as_posix()
    except ValueError:
        return fallback


def _name(file: str, line: int, column: int, seen: set[str]) -> str:
    name = f"{file}:{line}"
    if name in seen:
        name = f"{file}:{line}:{column}"
    n = 2
    base = name
    while name in seen:
        name = f"{base}#{n}"
        n += 1
    seen.add(name)
    return name


def _problem_item(parent: SecmodExamples, name: str, problems: list[Problem]) -> ProblemItem:
    item = ProblemItem.from_parent(parent, name=name, nodeid=name)
    item.problems = problems
    first = problems[0].location if problems else None
    item.line = first.line if first else 0
    return item


def _items(parent: SecmodExamples) -> Iterable[pytest.Item]:
    from generator.checks.examples import collect_examples
    from generator.errors import Location, Problem, SecmodError
    from generator.load import load_content

    root = parent.content_root
    rootpath = parent.config.rootpath
    seen: set[str] = set()
    try:
        content = load_content(root)
    except SecmodError as exc:
        by_file: dict[str, list[Problem]] = {}
        for problem in exc.problems:
            by_file.setdefault(problem.location.file, []).append(problem)
        if not by_file:
            where = Location(_relative(root, str(root), rootpath))
            yield _problem_item(parent, str(where), [Problem(where, "", str(exc))])
        for file, problems in by_file.items():
            name = _name(file, problems[0].location.line, problems[0].location.column, seen)
            yield _problem_item(parent, name, problems)
        return
    found = collect_examples(content)
    for problem in found.problems:
        where = problem.location
        yield _problem_item(parent, _name(where.file, where.line, where.column, seen), [problem])
    for row in found.rows:
        example_item = _located(ExampleItem, parent, row.location, row.path, rootpath, seen)
        example_item.example = row
        yield example_item
    for block in found.blocks:
        pycon_item = _located(PyconItem, parent, block.location, block.path, rootpath, seen)
        pycon_item.block = block
        yield pycon_item


def _located(
    kind: type[ItemT],
    parent: Any,
    location: Any,
    path: Path | None,
    rootpath: Path,
    seen: set[str],
) -> ItemT:
    """An item of ``kind`` named by the file, line and column it was written at."""
    file = _relative(path, location.file, rootpath)
    name = _name(file, location.line, location.column, seen)
    item = kind.from_parent(parent, name=name, nodeid=name)
    item.line = location.line
    item.source_path = path
    return item


def pytest_configure(config: pytest.Config) -> None:
    """Refuse a ``--secmod-content`` that is not a folder, before collecting anything."""
    root, named = _content_root(config)
    if named and not root.is_dir():
        raise pytest.UsageError(f"--secmod-content: {root} is not a folder")


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """Add the examples' collector to the session's, so pytest collects (and counts) them."""
    report = yield
    if isinstance(collector, pytest.Session) and report.passed:
        config = collector.config
        root, named = _content_root(config)
        if _wanted(config, root, named):
            examples = SecmodExamples.from_parent(
                collector, name="secmod-examples", path=root, nodeid="secmod-examples"
            )
            examples.content_root = root
            report.result.append(examples)
    return report
