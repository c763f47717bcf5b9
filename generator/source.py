"""Safe YAML reading that remembers where every value came from.

PyYAML composes the document into nodes (no object is ever constructed from a tag other than the
YAML core types), and this module turns the nodes into plain data while recording the line and
column of every mapping key and sequence item, keyed by its field path. Aliases are followed, but
the number of values a document may expand to is bounded, so an "alias bomb" fails fast.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Location, Problem, display_path

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "FieldLocation",
    "FieldPath",
    "SourceFile",
    "field_text",
    "invalid_xml_char",
    "read_source_bytes",
    "read_text",
    "read_yaml",
]

#: The most values one document may expand to, aliases included.
MAX_VALUES = 50_000
#: The deepest nesting a document may have.
MAX_DEPTH = 64
#: The largest content file read, in bytes.
MAX_BYTES = 5_000_000

FieldPath = tuple[str | int, ...]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def invalid_xml_char(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that an XML document (and so a DOCX) cannot hold."""
    return _INVALID_XML.search(text)


def field_text(path: FieldPath) -> str:
    """``("responses", 2, "position")`` as ``responses[2].position``; a key that is blank or
    holds a dot, a bracket or a quote is shown quoted (``responses[2][' ']``)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not part.strip() or part != part.strip() or any(c in part for c in ".[]'\""):
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True)
class SourceFile:
    """A parsed YAML file: its data and the location of every field path in it.

    Locations are recorded only when first asked for (by reading the file again), and the raw
    data can be released once validated: loading hundreds of modifications keeps neither a mark
    for every value nor a second copy of every value in memory. ``root`` is the content folder
    the file must lie in once symbolic links are followed (None: anywhere).
    """

    path: Path
    display: str
    root: Path | None = None
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def data(self) -> Any:
        """The plain data of the file (read again if it was released)."""
        if "data" not in self._cache:
            self._cache["data"] = _parse(self.path, self.display, self.root, record=False).data
        return self._cache["data"]

    def _recorded(self) -> _Parsed:
        if "recorded" not in self._cache:
            try:
                self._cache["recorded"] = _parse(self.path, self.display, self.root, record=True)
            except ContentError:
                self._cache["recorded"] = _Parsed(None)
        recorded: _Parsed = self._cache["recorded"]
        return recorded

    @property
    def marks(self) -> dict[FieldPath, tuple[int, int]]:
        """The line and column of every mapping key and sequence item, by field path."""
        return self._recorded().marks

    def release(self) -> None:
        """Forget the data and marks; they are read again from the file if asked for."""
        self._cache.clear()

    def locate(self, path: FieldPath) -> Location:
        """Where ``path`` (or its nearest recorded ancestor) is written."""
        probe = tuple(path)
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, column = self.marks.get(probe, (1, 1))
        return FieldLocation(self.display, line, column, source=self, path=tuple(path))

    def locate_text(self, path: FieldPath, needle: str, occurrence: int = 0) -> Location | None:
        """Where the ``occurrence``-th ``needle`` is written inside the text value at ``path``
        (None when the value's source does not hold it verbatim, e.g. across escapes)."""
        recorded = self._recorded()
        span = recorded.spans.get(tuple(path))
        if span is None or not needle:
            return None
        start, end = span
        at = start - 1
        for _ in range(occurrence + 1):
            at = recorded.text.find(needle, at + 1, end)
            if at < 0:
                return None
        line = recorded.text.count("\n", 0, at) + 1
        column = at - (recorded.text.rfind("\n", 0, at) + 1) + 1
        return Location(self.display, line, column)

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A located problem at ``path``."""
        return Problem(self.locate(path), field_text(path), message)


@dataclass(frozen=True, slots=True)
class FieldLocation(Location):
    """Where a field is written, with the file it is in, so that a problem found inside its
    value (an expression in prose) can be located more precisely (:meth:`locate_text`)."""

    source: SourceFile | None = field(default=None, compare=False, repr=False)
    path: FieldPath = field(default=(), compare=False, repr=False)

    def locate_text(self, needle: str, occurrence: int = 0) -> Location | None:
        """Where the ``occurrence``-th ``needle`` is written inside this field's text value."""
        if self.source is None:
            return None
        return self.source.locate_text(self.path, needle, occurrence)


@dataclass
class _Parsed:
    """What parsing a file gives: its data and, when recorded, where each value is written."""

    data: Any
    marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    #: Start and end offsets in ``text`` of each text value, by field path.
    spans: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    text: str = ""


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


_MERGE = "tag:yaml.org,2002:merge"


class _Builder:
    def __init__(self, display: str, record: bool) -> None:
        self.display = display
        self.record = record
        self.marks: dict[FieldPath, tuple[int, int]] = {}
        self.spans: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.scalars = _Loader("")
        self._merging: set[int] = set()

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
        if self.record:
            self.spans.setdefault(path, (node.start_mark.index, node.end_mark.index))
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._merge(value_node, path, merged)
                continue
            plain = isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR
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
        return {**merged, **out}

    def _merge(self, value: yaml.Node, path: FieldPath, into: dict[str, Any]) -> None:
        """A ``<<`` merge key: the keys of a mapping (or of a list of mappings, the first
        winning) that this mapping does not set itself."""
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._fail(source, path, "`<<` merges a mapping or a list of mappings, not this")
                continue
            if id(source) in self._merging:
                self._fail(source, path, "`<<` merges a mapping into itself")
                continue
            self._merging.add(id(source))
            try:
                self.count += 1
                if self.count > MAX_VALUES:
                    raise _TooBig(source)
                for key, item in self._mapping(source, path).items():
                    into.setdefault(key, item)
            finally:
                self._merging.discard(id(source))

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


def read_yaml(path: Path, display: str, root: Path | None = None) -> SourceFile:
    """Read ``path`` as YAML, safely; ``ContentError`` lists every problem, located.

    With ``root``, the file must be a regular file inside that folder once symbolic links are
    followed (see :func:`read_source_bytes`).
    """
    source = SourceFile(path, display, root)
    source._cache["data"] = _parse(path, display, root, record=False).data
    return source


def _unreadable(display: str, message: str) -> ContentError:
    return ContentError([Problem(Location(display), "", message)])


def _resolve(path: Path, display: str, root: Path | None) -> Path:
    """``path`` with symbolic links followed; it must exist and lie inside ``root``."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            message = "is a symbolic link to nothing (its target is missing)"
            raise _unreadable(display, message) from None
        raise _unreadable(display, "file is missing") from None
    except RuntimeError:  # Python before 3.13 reports a symbolic link loop so
        raise _unreadable(display, "is a symbolic link loop") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _unreadable(display, "is a symbolic link loop") from None
        raise _unreadable(display, f"cannot read: {exc.strerror}") from None
    if root is not None and not target.is_relative_to(root.resolve()):
        raise _unreadable(
            display, "is a symbolic link to a file outside the content folder; copy the file"
        )
    return target


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_source_bytes(path: Path, display: str, root: Path | None = None) -> bytes:
    """The bytes of a content file, which must be a regular file of at most ``MAX_BYTES``.

    A symbolic link is followed only when it resolves inside ``root`` (when given); FIFOs,
    devices, folders and dangling or looping links are located errors, and nothing blocks: the
    file is opened without waiting for a writer and checked before it is read.
    """
    target = _resolve(path, display, root)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise _unreadable(display, f"cannot read: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _unreadable(display, f"is {_kind(mode)}, not a file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _unreadable(display, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise _unreadable(display, f"is larger than {MAX_BYTES // 1_000_000} MB")
    return raw


def read_text(path: Path, root: Path | None = None) -> str | None:
    """The text of a content file read as :func:`read_source_bytes` does, or None when it
    cannot be read as UTF-8 text (the loader reports why, located)."""
    try:
        return read_source_bytes(path, display_path(path), root).decode("utf-8")
    except (ContentError, UnicodeDecodeError):
        return None


def _compose(text: str, display: str) -> yaml.Node | None:
    loader = _Composer(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "cannot parse"
        raise ContentError(
            [Problem(Location(display, line, col), "", f"YAML syntax error: {what}")]
        ) from None
    except yaml.YAMLError as exc:
        raise _unreadable(display, f"YAML error: {exc}") from None
    except RecursionError:
        raise _unreadable(display, f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def _parse(path: Path, display: str, root: Path | None, *, record: bool) -> _Parsed:
    text = _decode(read_source_bytes(path, display, root), display)
    node = _compose(text, display)
    if node is None:
        raise ContentError([Problem(Location(display, 1, 1), "", "file is empty")])
    builder = _Builder(display, record)
    try:
        data = builder.build(node, ())
    except _TooDeep as exc:
        line, col = builder._mark(exc.node)
        raise ContentError(
            [Problem(Location(display, line, col), "", f"nested more than {MAX_DEPTH} levels deep")]
        ) from None
    except _TooBig as exc:
        line, col = builder._mark(exc.node)
        message = f"expands to more than {MAX_VALUES:,} values (too many aliases?)"
        raise ContentError([Problem(Location(display, line, col), "", message)]) from None
    if builder.problems:
        raise ContentError(builder.problems)
    return _Parsed(data, builder.marks, builder.spans, text if record else "")
