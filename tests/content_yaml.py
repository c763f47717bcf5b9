"""Read and write content YAML in tests the way secmod reads it (``on:`` stays a key)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["read_yaml", "with_working_group", "write_yaml"]


class _Loader(yaml.SafeLoader):
    """YAML as secmod reads it: only ``true`` and ``false`` are booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def read_yaml(path: Path) -> Any:
    """The data of the YAML file ``path``."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def write_yaml(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` as YAML."""
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def with_working_group(content: Path, mod_id: str = "SECMP0059") -> tuple[Path, Any]:
    """Give ``mod_id`` a Working Group Consultation before its others; return its
    responses.yaml and that file's data, for the test to add responses to."""
    main = content / mod_id / "modification.yaml"
    data = read_yaml(main)
    data["consultations"].insert(0, {"kind": "Working Group Consultation"})
    write_yaml(main, data)
    path = content / mod_id / "responses.yaml"
    return path, read_yaml(path)
