"""Fuzzing: content files mutated by Hypothesis never make ``secmod check`` crash or hang.

A small modification is made (``secmod new``'s own files, with three responses and one table
of examples from the tests' content), then one of its files is mutated: a value replaced by
another of any type (text with any Unicode, control characters, Jinja expressions, huge
numbers, dates, lists, mappings), a key removed, misspelt or added, an item repeated, or the
file's text itself cut, spliced or sprinkled with YAML's own syntax. ``secmod check`` must exit
with status 0 or 2, print no traceback and no internal error, and print each problem as one
located line.

2,000 cases run in every test run; ``SECMOD_FUZZ_EXAMPLES=50000`` runs more (a release check).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.scaffold import scaffold
from tests.conftest import CONTENT
from tests.hostile import LOCATED, load_yaml

MOD = "SECMP0059"
FILES = ("modification.yaml", "responses.yaml", "examples.yaml")
EXAMPLES = int(os.environ.get("SECMOD_FUZZ_EXAMPLES", "2000"))

#: What authors (and attackers) write in prose.
JINJA = [
    "{{ params.non_domestic_threshold | number }}",
    "{{ schedule_phrase('other', before=True) }}",
    "{{ mod.title }}",
    "{{ params.nope }}",
    "{{ 1/0 }}",
    "{{ 2**64 * '' }}",
    "{{ 'x' * 10**10 }}",
    "{{ 10 ** 100000000 }}",
    "{{ lipsum(10**7) }}",
    "{% for i in range(10**9) %}{% endfor %}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{% set x = 1 %}",
    "{% if %}",
    "{{",
    "}}",
    "{{ '%999999999d' % 1 }}",
    "{{ ''.__class__.__mro__ }}",
    "[a link](missing.md)",
    "![an image](x.png)",
    "<script>alert(1)</script>",
    "more than 50000 Non-Domestic Premises",
]
#: What YAML itself can say, spliced into a file's text.
SYNTAX = [
    "\n",
    ": ",
    "- ",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object:os.system ",
    "'",
    '"',
    "\t",
    "{",
    "[",
    "#",
    "|",
    ">-",
    "? ",
    "---\n",
    "...\n",
    "\ufeff",
    "%YAML 1.1\n",
    "\x00",
    "\x85",
]

texts = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(JINJA),
    st.builds(lambda a, b: f"{a} {b}", st.text(max_size=10), st.sampled_from(JINJA)),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    texts,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=5,
)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v))


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node)
    if isinstance(node, list):
        return list(range(len(node)))
    return []


def _pick(data: st.DataObject, tree: Any) -> tuple[Any, Any]:
    """A container of ``tree`` and one of its keys (or indices), chosen by Hypothesis."""
    parent, key = None, None
    node = tree
    while keys := _children(node):
        parent, key = node, data.draw(st.sampled_from(keys))
        node = node[key]
        if data.draw(st.booleans()):
            break
    return parent, key


def _set_value(data: st.DataObject, tree: Any) -> None:
    parent, key = _pick(data, tree)
    if parent is not None:
        parent[key] = data.draw(values)


def _remove(data: st.DataObject, tree: Any) -> None:
    parent, key = _pick(data, tree)
    if parent is not None:
        del parent[key]


def _add_key(data: st.DataObject, tree: Any) -> None:
    parent, key = _pick(data, tree)
    if isinstance(parent, dict):
        name = data.draw(st.one_of(st.text(max_size=12), st.just(f"{key}s"), st.just(str(key)[1:])))
        parent[name] = data.draw(values)


def _repeat(data: st.DataObject, tree: Any) -> None:
    parent, key = _pick(data, tree)
    if isinstance(parent, list):
        parent.append(parent[key])


MUTATIONS: list[Callable[[st.DataObject, Any], None]] = [_set_value, _remove, _add_key, _repeat]


def _splice(data: st.DataObject, text: str) -> str:
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 20))
    insert = data.draw(
        st.one_of(st.sampled_from(SYNTAX), st.sampled_from(JINJA), st.text(max_size=6))
    )
    return text[:at] + insert + text[at + cut :]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The small modification every case starts from, file by file."""
    scaffolded = scaffold(tmp_path_factory.mktemp("new"), MOD, "A modification to fuzz")
    files = {name: (scaffolded / name).read_text(encoding="utf-8") for name in FILES}
    main = load_yaml(files["modification.yaml"])
    main["consultations"] = [{"kind": "Modification Report Consultation"}]  # the responses'
    files["modification.yaml"] = yaml.dump(main, Dumper=_Dumper, sort_keys=False)
    folder = CONTENT / MOD
    responses = load_yaml((folder / "responses.yaml").read_text(encoding="utf-8"))
    discussed = [r for r in responses["responses"] if r.get("discussed")][:1]
    responses["responses"] = responses["responses"][:2] + discussed
    examples = load_yaml((folder / "examples.yaml").read_text(encoding="utf-8"))
    examples["examples"] = examples["examples"][:1]
    files["responses.yaml"] = yaml.dump(responses, Dumper=_Dumper, sort_keys=False)
    files["examples.yaml"] = yaml.dump(examples, Dumper=_Dumper, sort_keys=False)
    return files


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "content" / MOD).mkdir(parents=True)
    shutil.copy(CONTENT / "objectives.yaml", root / "content" / "objectives.yaml")
    return root


def _check(workdir: Path, files: dict[str, bytes]) -> tuple[int, str, BaseException | None]:
    for name, data in files.items():
        (workdir / "content" / MOD / name).write_bytes(data)
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        result = CliRunner().invoke(cli, ["check", "content"])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stderr, result.exception


def test_the_base_passes(base: dict[str, str], workdir: Path) -> None:
    code, stderr, _ = _check(workdir, {n: t.encode() for n, t in base.items()})
    assert code == 0, stderr


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.mark.timeout(60 + EXAMPLES // 5)  # a fifth of a second a case, at the most
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 2000,  # the same cases in every CI run; a release run explores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(data=st.data())
def test_mutated_content_is_checked_without_a_crash(
    base: dict[str, str], workdir: Path, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(FILES))
    files = {n: t.encode("utf-8") for n, t in base.items()}
    if data.draw(st.booleans()):
        tree = load_yaml(base[name])
        for _ in range(data.draw(st.integers(1, 3))):
            data.draw(st.sampled_from(MUTATIONS))(data, tree)
        text = yaml.dump(tree, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    else:
        text = base[name]
        for _ in range(data.draw(st.integers(1, 3))):
            text = _splice(data, text)
    raw = text.encode("utf-8", "surrogatepass")
    if data.draw(st.integers(0, 19)) == 0:  # now and then, bytes that are not UTF-8
        raw = raw[: len(raw) // 2] + b"\xff\xfe" + raw[len(raw) // 2 :]
    files[name] = raw
    code, stderr, exception = _check(workdir, files)
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert code in (0, 2), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = stderr.splitlines()
    assert bool(lines) == (code == 2), stderr
    for line in lines:
        assert LOCATED.match(line), f"not a located line: {line!r}"
        assert not _CONTROL.search(line), f"a control character printed raw: {line!r}"
