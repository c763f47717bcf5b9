"""Safe YAML reading that remembers where every value came from.

PyYAML composes the document into nodes (no object is ever constructed from a tag other than the
YAML core types), and this module turns the nodes into plain data while recording the line and
column of every mapping key and sequence item, keyed by its field path. Aliases are followed, but
the number of values a document may expand to is bounded, so an "alias bomb" fails fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Location, Problem

__all__ = [
    "MAX_DEPTH",
    "MAX_VALUES",
    "FieldPath",
    "SourceFile",
    "field_text",
    "invalid_xml_char",
    "read_yaml",
]

#: The most values one document may expand to, aliases included.
MAX_VALUES = 50_000
#: The deepest nesting a document may have.
MAX_DEPTH = 64

FieldPath = tuple[str | int, ...]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def invalid_xml_char(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that an XML document (and so a DOCX) cannot hold."""
    return _INVALID_XML.search(text)


def field_text(path: FieldPath) -> str:
    """``("responses", 2, "position")`` as ``responses[2].position``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class SourceFile:
    """A parsed YAML file: its data and the location of every field path in it.

    Locations are recorded only when first asked for (by reading the file again), and the raw
    data can be released once validated: loading hundreds of modifications keeps neither a mark
    for every value nor a second copy of every value in memory.
    """

    path: Path
    display: str
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def data(self) -> Any:
        """The plain data of the file (read again if it was released)."""
        if "data" not in self._cache:
            self._cache["data"] = _parse(self.path, self.display, record=False)[0]
        return self._cache["data"]

    @property
    def marks(self) -> dict[FieldPath, tuple[int, int]]:
        """The line and column of every mapping key and sequence item, by field path."""
        if "marks" not in self._cache:
            try:
                self._cache["marks"] = _parse(self.path, self.display, record=True)[1]
            except ContentError:
                self._cache["marks"] = {}
        marks: dict[FieldPath, tuple[int, int]] = self._cache["marks"]
        return marks

    def release(self) -> None:
        """Forget the data and marks; they are read again from the file if asked for."""
        self._cache.clear()

    def locate(self, path: FieldPath) -> Location:
        """Where ``path`` (or its nearest recorded ancestor) is written."""
        probe = tuple(path)
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, column = self.marks.get(probe, (1, 1))
        return Location(self.display, line, column)

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A located problem at ``path``."""
        return Problem(self.locate(path), field_text(path), message)


class _Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 booleans: only true/false, so ``on``/``no`` stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


_FAST = getattr(yaml, "CSafeLoader", None)


class _Composer(_FAST or yaml.SafeLoader):  # type: ignore[misc]
    """Composes nodes with libyaml when PyYAML has it (same resolvers as ``_Loader``)."""


_Composer.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_STR = "tag:yaml.org,2002:str"


def _bad_char(match: re.Match[str]) -> str:
    return f"character U+{ord(match.group()):04X} is not allowed (documents cannot hold it)"


class _Builder:
    def __init__(self, display: str, record: bool) -> None:
        self.display = display
        self.record = record
        self.marks: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.scalars = _Loader("")

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fail(self, node: yaml.Node, path: FieldPath, message: str) -> None:
        line, col = self._mark(node)
        self.problems.append(Problem(Location(self.display, line, col), field_text(path), message))

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig(node)
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            out: list[Any] = []
            for i, item in enumerate(node.value):
                if self.record:
                    self.marks.setdefault((*path, i), self._mark(item))
                out.append(self.build(item, (*path, i)))
            return out
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        self.scalars.flatten_mapping(node)  # resolves `<<` merge keys
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            plain = (
                isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"
            )
            key = key_node.value if plain or _is_plain_key(key_node) else None
            if not isinstance(key, str):
                self._fail(key_node, path, "keys must be plain text")
                continue
            if key in seen:
                self._fail(key_node, (*path, key), f"duplicate key (first at line {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            if self.record:
                self.marks.setdefault((*path, key), self._mark(key_node))
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            value: Any = node.value  # the common case, without the constructor's machinery
            if bad := invalid_xml_char(value):
                self._fail(node, path, _bad_char(bad))
            return value
        try:
            value = self.scalars.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self._fail(node, path, f"cannot read value: {exc.problem}")
            return None
        except (ValueError, OverflowError) as exc:  # e.g. 2019-02-30 read as a timestamp
            self._fail(node, path, f"cannot read value {node.value!r}: {exc}")
            return None
        if isinstance(value, str) and (bad := invalid_xml_char(value)):
            self._fail(node, path, _bad_char(bad))
        return value


def _is_plain_key(node: yaml.Node) -> bool:
    """Keys are names: a plain scalar key reads as text whatever it looks like (``on``, ``1``)."""
    return isinstance(node, yaml.ScalarNode) and node.style is None


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _TooDeep(_TooBig):
    pass


def _decode(raw: bytes, display: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            [
                Problem(
                    Location(display, line, column),
                    "",
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _iter_nodes(loader: _Composer) -> Iterator[yaml.Node]:
    node = loader.get_single_node()
    if node is not None:
        yield node


def read_yaml(path: Path, display: str) -> SourceFile:
    """Read ``path`` as YAML, safely; ``ContentError`` lists every problem, located."""
    source = SourceFile(path, display)
    source._cache["data"] = _parse(path, display, record=False)[0]
    return source


def _parse(
    path: Path, display: str, *, record: bool
) -> tuple[Any, dict[FieldPath, tuple[int, int]]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([Problem(Location(display), "", "file is missing")]) from None
    except OSError as exc:
        raise ContentError(
            [Problem(Location(display), "", f"cannot read: {exc.strerror}")]
        ) from None
    text = _decode(raw, display)
    loader = _Composer(text)
    try:
        nodes = list(_iter_nodes(loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "cannot parse"
        raise ContentError(
            [Problem(Location(display, line, col), "", f"YAML syntax error: {what}")]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(Location(display), "", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if not nodes:
        raise ContentError([Problem(Location(display, 1, 1), "", "file is empty")])
    builder = _Builder(display, record)
    try:
        data = builder.build(nodes[0], ())
    except _TooDeep as exc:
        line, col = builder._mark(exc.node)
        raise ContentError(
            [Problem(Location(display, line, col), "", f"nested more than {MAX_DEPTH} levels deep")]
        ) from None
    except _TooBig as exc:
        line, col = builder._mark(exc.node)
        raise ContentError(
            [
                Problem(
                    Location(display, line, col),
                    "",
                    f"expands to more than {MAX_VALUES:,} values (too many aliases?)",
                )
            ]
        ) from None
    if builder.problems:
        raise ContentError(builder.problems)
    return data, builder.marks
