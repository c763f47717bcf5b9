"""Helpers of the tests that feed secmod hostile or careless input.

``secmod`` runs the command in a fresh process with a time limit and a memory limit, so that a
regression (a read that never ends, a number that takes for ever to compute, a string of ten
gigabytes) fails the test instead of hanging or exhausting the machine. ``located`` checks that
what secmod printed is one located line per problem and no traceback. ``edit_yaml`` changes one
field of a content file by its path, whatever the rest of the file holds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

#: ``file:line:col: field: message`` (line, column and field optional), a whole line.
LOCATED = re.compile(r"^[^\s:][^:]*(:\d+(:\d+)?)?: \S.*$")

#: The address space a command run by these tests may use.
MEMORY_LIMIT = 3 * 1024**3

#: Without these capabilities root is held to files' permissions like any user.
_DROP = "--bounding-set=-dac_override,-dac_read_search,-fowner"


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def unprivileged(command: Sequence[str]) -> list[str]:
    """``command``, run so that file permissions apply (root drops the capabilities that
    bypass them; skipped, with the reason, when that is not possible here)."""
    if os.geteuid() != 0:
        return list(command)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    return [setpriv, _DROP, *command]


def secmod(
    *args: str,
    cwd: Path,
    timeout: float = 120,
    env: dict[str, str] | None = None,
    as_user: bool = False,
    preexec: Any = None,
) -> subprocess.CompletedProcess[str]:
    """``secmod ARGS`` in a fresh process in ``cwd``; fails the test if it does not finish in
    ``timeout`` seconds. ``as_user``: with file permissions enforced even for root."""
    command = [sys.executable, "-m", "generator", *args]
    if as_user:
        command = unprivileged(command)
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment.pop("PYTEST_ADDOPTS", None)

    def limits() -> None:  # pragma: no cover - runs in the child
        _limits()
        if preexec is not None:
            preexec()

    try:
        return subprocess.run(
            command,
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limits,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"secmod {' '.join(args)} did not finish in {timeout:g} s")


def located(stderr: str, *, at_least: int = 1) -> list[str]:
    """The lines of ``stderr``, each checked to be one located problem (no traceback)."""
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) >= at_least, stderr
    for line in lines:
        assert LOCATED.match(line), f"not a located line: {line!r}\n{stderr}"
    return lines


def _walk(data: Any, path: Sequence[str | int]) -> tuple[Any, str | int]:
    for part in path[:-1]:
        data = data[part]
    return data, path[-1]


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, as secmod reads them: ``on:`` is a key, not ``true``."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    """``text`` read as secmod reads YAML (``on``, ``yes`` and ``no`` stay text)."""
    return yaml.load(text, Loader=_Loader)


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines as a literal block (``|``), as authors do."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def edit_yaml(file: Path, path: Sequence[str | int], value: Any) -> None:
    """Set the field at ``path`` of the YAML ``file`` to ``value`` (the file is rewritten)."""
    data = load_yaml(file.read_text(encoding="utf-8"))
    parent, key = _walk(data, path)
    parent[key] = value
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    file.write_text(text, encoding="utf-8")


def read_yaml_field(file: Path, path: Sequence[str | int]) -> Any:
    """The value of the field at ``path`` of the YAML ``file``."""
    data = load_yaml(file.read_text(encoding="utf-8"))
    parent, key = _walk(data, path)
    return parent[key]


def line_of(file: Path, needle: str) -> tuple[int, int]:
    """The line and column (from 1) at which ``needle`` first appears in ``file``."""
    text = file.read_text(encoding="utf-8")
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones included), by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
