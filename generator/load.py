"""Read ``content/``: parse every file safely, validate it, and report every problem at once.

The folder holds ``objectives.yaml`` (the SEC General Objectives) and one folder per
modification, named by its id, with ``modification.yaml`` (required), ``responses.yaml``,
``examples.yaml``, ``guidance.yaml`` and ``legal-text.yaml`` (optional; see
:mod:`generator.folders`). Problems are collected across all files and
raised together as one ``ContentError``, each as ``file:line:col: field.path: what is wrong``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.checks.timetable import timetable_problems
from generator.errors import ContentError, Location, Problem, display_path
from generator.folders import (
    ID_PATTERN,
    ID_RULE,
    MODIFICATION_FILES,
    ModificationFolder,
    modification_folders,
)
from generator.forms.recorded import recorded_answer_problems
from generator.model import (
    Attachment,
    ExamplesFile,
    Guidance,
    LegalTextFile,
    Modification,
    ModificationFile,
    Objective,
    ObjectivesFile,
    Release,
    ReleasesFile,
    ResponsesFile,
)
from generator.source import FieldPath, SourceFile, read_yaml

__all__ = ["FILE_MODELS", "Content", "load_content", "load_modification_folder"]

M = TypeVar("M", bound=BaseModel)

#: The model of each file of a modification folder.
FILE_MODELS: dict[str, type[BaseModel]] = {
    "modification.yaml": ModificationFile,
    "responses.yaml": ResponsesFile,
    "examples.yaml": ExamplesFile,
    "guidance.yaml": Guidance,
    "legal-text.yaml": LegalTextFile,
}


@dataclass(frozen=True)
class Content:
    """Everything under ``content/``, validated, with where each value was written."""

    root: Path
    objectives: dict[str, Objective]
    modifications: dict[str, Modification]
    sources: dict[Path, SourceFile]
    #: The calendar of scheduled SEC Releases (``content/releases.yaml``), if any.
    releases: tuple[Release, ...] = ()

    def folder(self, mod_id: str) -> Path:
        """The folder of modification ``mod_id``."""
        return self.root / mod_id

    def source(self, mod_id: str, name: str) -> SourceFile | None:
        """The parsed file ``name`` (e.g. "examples.yaml") of ``mod_id``, if it exists."""
        return self.sources.get(self.folder(mod_id) / name)

    def files(self, mod_id: str) -> ModificationFolder:
        """The folder of ``mod_id`` with the content files that were loaded from it."""
        folder = self.folder(mod_id)
        return ModificationFolder(
            folder, frozenset(n for n in MODIFICATION_FILES if folder / n in self.sources)
        )

    def locate(self, mod_id: str, name: str, path: FieldPath) -> Location:
        """Where ``path`` is written in file ``name`` of ``mod_id``."""
        src = self.source(mod_id, name)
        if src is None:
            return Location(display_path(self.folder(mod_id) / name))
        return src.locate(path)


#: Keys that have a file of their own now, and what to do with them.
_MOVED = {
    ("guidance",): "the guidance update is described in guidance.yaml, beside this file",
}


def _messages(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        moved = _MOVED.get(tuple(error["loc"]))
        return f"unknown key ({moved})" if moved else "unknown key"
    if kind == "missing":
        return "required field is missing"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"must be one of {expected}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"does not match the pattern {ctx.get('pattern')}"
    if kind in ("greater_than_equal", "greater_than") and ctx.get("ge") == 0:
        return "must be 0 or more"
    msg = str(error["msg"])
    return msg[:1].lower() + msg[1:]


def _data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """An error's location as a path through the data.

    Inside a discriminated union (``implementation``), pydantic puts the member's tag first
    (``implementation.release.cutoff``); the tag is the value of ``approach``, not a key.
    """
    path: list[str | int] = []
    node = data
    entered = True
    for part in loc:
        if not isinstance(part, str | int):
            continue
        if entered and isinstance(node, dict) and node.get("approach") == part:
            entered = False
            continue  # the union member's tag
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        entered = True
    return tuple(path)


def _validate(model: type[M], src: SourceFile, problems: list[Problem]) -> M | None:
    if not isinstance(src.data, dict):
        problems.append(src.problem((), "must be a mapping of fields"))
        return None
    try:
        validated = model.model_validate(src.data)
    except ValidationError as exc:
        for error in exc.errors():
            path = _data_path(src.data, error["loc"])
            problems.append(src.problem(path, _messages(error)))
        return None
    src.release()  # the model holds the values now
    return validated


def _read(
    path: Path, problems: list[Problem], sources: dict[Path, SourceFile]
) -> SourceFile | None:
    try:
        src = read_yaml(path, display_path(path))
    except ContentError as exc:
        problems.extend(exc.problems)
        return None
    sources[path] = src
    return src


def load_modification_folder(
    folder: Path,
    objectives: dict[str, Objective],
    problems: list[Problem],
    sources: dict[Path, SourceFile],
    releases: Sequence[Release] = (),
) -> Modification | None:
    """Read and validate one modification folder, adding problems to ``problems``."""
    parts: dict[str, BaseModel | None] = {}
    before = len(problems)
    for name, required in MODIFICATION_FILES.items():
        model = FILE_MODELS[name]
        path = folder / name
        if not required and not path.exists():
            parts[name] = None
            continue
        src = _read(path, problems, sources)
        parts[name] = _validate(model, src, problems) if src else None
    if len(problems) > before:
        return None
    mod = parts["modification.yaml"]
    responses = parts["responses.yaml"]
    examples = parts["examples.yaml"]
    guidance = parts["guidance.yaml"]
    legal = parts["legal-text.yaml"]
    assert isinstance(mod, ModificationFile)
    modification = Modification(
        modification=mod,
        responses=responses.responses if isinstance(responses, ResponsesFile) else [],
        examples=examples.examples if isinstance(examples, ExamplesFile) else [],
        guidance=guidance if isinstance(guidance, Guidance) else None,
        legal_text=legal if isinstance(legal, LegalTextFile) else None,
    )
    problems.extend(_consistency(modification, folder, objectives, sources, releases))
    return modification


def _consistency(
    mod: Modification,
    folder: Path,
    objectives: dict[str, Objective],
    sources: dict[Path, SourceFile],
    releases: Sequence[Release],
) -> Iterable[Problem]:
    """Checks that span fields or files: ids, objective letters, duplicates, date order."""
    main = sources[folder / "modification.yaml"]
    data = mod.modification
    if data.id != folder.name:
        yield main.problem(("id",), f"is {data.id} but the folder is named {folder.name}")
    known = ", ".join(sorted(objectives))

    def letters(src: SourceFile, path: FieldPath, values: list[str]) -> Iterable[Problem]:
        for i, letter in enumerate(values):
            if letter not in objectives:
                yield src.problem((*path, i), f"unknown SEC Objective ({letter}); known: {known}")

    yield from letters(main, ("proposer_objectives",), data.proposer_objectives)
    for i, consultation in enumerate(data.consultations):
        here = ("consultations", i, "objective_reasons")
        for letter in consultation.objective_reasons:
            if letter not in objectives:
                yield main.problem(
                    (*here, letter), f"unknown SEC Objective ({letter}); known: {known}"
                )
    if mod.responses:
        responses = sources[folder / "responses.yaml"]
        seen: dict[str, int] = {}
        for i, response in enumerate(mod.responses):
            yield from letters(responses, ("responses", i, "objectives"), response.objectives)
            yield from letters(
                responses, ("responses", i, "objectives_against"), response.objectives_against
            )
            name = response.respondent.strip().casefold()
            if name in seen:
                line = responses.locate(("responses", seen[name])).line
                yield responses.problem(
                    ("responses", i, "respondent"),
                    f"duplicate respondent {response.respondent!r} (first at line {line})",
                )
            else:
                seen[name] = i
    if mod.responses:
        yield from recorded_answer_problems(mod, sources[folder / "responses.yaml"])
    yield from timetable_problems(data, main, releases)
    yield from _consultation_keys(mod, main, sources.get(folder / "responses.yaml"))
    yield from _attachment_keys(main, data.attachments, ("attachments",), set())


def _consultation_keys(
    mod: Modification, main: SourceFile, responses: SourceFile | None
) -> Iterable[Problem]:
    """Consultation keys are unique; the paper and each response name one that exists."""
    data = mod.modification
    keys: dict[str, int] = {}
    for i, consultation in enumerate(data.consultations):
        if consultation.id in keys:
            yield main.problem(
                ("consultations", i),
                f"a second consultation with the key {consultation.id!r}; give each its own key",
            )
        keys.setdefault(consultation.id, i)
    listed = ", ".join(keys) or "none"
    if data.paper.consultation is not None and data.paper.consultation not in keys:
        yield main.problem(
            ("paper", "consultation"),
            f"no consultation has the key {data.paper.consultation!r} (listed: {listed})",
        )
    if mod.responses and not keys and responses is not None:
        yield responses.problem(
            ("responses",),
            "responses to a consultation that modification.yaml does not list: add it under "
            "consultations (e.g. `- kind: Modification Report Consultation`)",
        )
    for i, response in enumerate(mod.responses):
        if response.consultation is not None and response.consultation not in keys:
            assert responses is not None
            yield responses.problem(
                ("responses", i, "consultation"),
                f"no consultation has the key {response.consultation!r} (listed: {listed})",
            )


def _attachment_keys(
    src: SourceFile, items: list[Attachment], path: FieldPath, seen: set[str]
) -> Iterable[Problem]:
    for i, item in enumerate(items):
        if item.key is not None:
            if item.key in seen:
                yield src.problem((*path, i, "key"), f"duplicate attachment key {item.key!r}")
            seen.add(item.key)
        yield from _attachment_keys(src, item.attachments, (*path, i, "attachments"), seen)


def _load_objectives(
    root: Path, problems: list[Problem], sources: dict[Path, SourceFile]
) -> dict[str, Objective]:
    src = _read(root / "objectives.yaml", problems, sources)
    catalogue = _validate(ObjectivesFile, src, problems) if src else None
    if catalogue is None or src is None:
        return {}
    found: dict[str, Objective] = {}
    for i, objective in enumerate(catalogue.objectives):
        if objective.letter in found:
            problems.append(src.problem(("objectives", i, "letter"), "duplicate objective letter"))
        found[objective.letter] = objective
    return found


def _load_releases(
    root: Path, problems: list[Problem], sources: dict[Path, SourceFile]
) -> tuple[Release, ...]:
    """The calendar of SEC Releases in ``content/releases.yaml`` (none when there is no file)."""
    path = root / "releases.yaml"
    if not path.exists():
        return ()
    src = _read(path, problems, sources)
    calendar = _validate(ReleasesFile, src, problems) if src else None
    return tuple(calendar.releases) if calendar else ()


def load_content(
    root: Path | str = "content",
    ids: Iterable[str] | None = None,
    *,
    on_problem: Callable[[Problem], None] | None = None,
) -> Content:
    """Load and validate ``root``; raise ``ContentError`` with every problem found.

    ``ids`` restricts loading to those modifications (each must exist).
    """
    root = Path(root)
    problems: list[Problem] = []
    sources: dict[Path, SourceFile] = {}
    if not root.is_dir():
        raise ContentError([Problem(Location(display_path(root)), "", "content folder not found")])
    objectives = _load_objectives(root, problems, sources)
    releases = _load_releases(root, problems, sources)
    folders = modification_folders(root)
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        by_name = {f.name: f for f in folders}
        folders = []
        for mod_id in wanted:
            if not ID_PATTERN.fullmatch(mod_id):
                problems.append(Problem(Location(display_path(root)), "id", f"{mod_id}: {ID_RULE}"))
            elif mod_id not in by_name:
                problems.append(
                    Problem(Location(display_path(root / mod_id)), "", "no such modification")
                )
            else:
                folders.append(by_name[mod_id])
    modifications: dict[str, Modification] = {}
    for folder in folders:
        if not ID_PATTERN.fullmatch(folder.name):
            problems.append(
                Problem(
                    Location(display_path(folder)), "id", f"folder name {folder.name}: {ID_RULE}"
                )
            )
            continue
        mod = load_modification_folder(folder, objectives, problems, sources, releases)
        if mod is not None:
            modifications[mod.id] = mod
    if on_problem:
        for problem in problems:
            on_problem(problem)
    if problems:
        raise ContentError(problems)
    return Content(root, objectives, modifications, sources, releases)
