"""Read ``content/``: parse every file safely, validate it, and report every problem at once.

The folder holds ``objectives.yaml`` (the SEC General Objectives) and one folder per
modification, named by its id, with ``modification.yaml`` (required), ``responses.yaml``,
``examples.yaml``, ``guidance.yaml`` and ``legal-text.yaml`` (optional; see
:mod:`generator.folders`). Problems are collected across all files and
raised together as one ``ContentError``, each as ``file:line:col: field.path: what is wrong``.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
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
    is_present,
    modification_folders,
)
from generator.forms.recorded import recorded_answer_problems
from generator.hints import child, messages
from generator.model import (
    PROSE_FORM,
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
from generator.source import FieldPath, SourceFile, field_text, read_yaml

__all__ = [
    "FILE_MODELS",
    "FIRST_DATE",
    "LAST_DATE",
    "Content",
    "load_content",
    "load_modification_folder",
    "read_content",
]

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


#: The dates content may hold: a date outside them is a typing mistake, refused before any
#: Working Day is counted from it.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)


def _out_of_range(value: Any, path: FieldPath) -> Iterable[tuple[FieldPath, str]]:
    """Every date in a validated model outside ``FIRST_DATE``..``LAST_DATE``."""
    if isinstance(value, dt.date):
        if not FIRST_DATE <= value <= LAST_DATE:
            yield path, f"{value.isoformat()} is not a date between 1900 and 2999"
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _out_of_range(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _out_of_range(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _out_of_range(item, (*path, str(key)))


def _located(src: SourceFile, path: FieldPath, message: str) -> Problem:
    """The problem ``message`` at ``path``; a prose expression of the wrong form is located
    at the expression itself, as rendering would locate it."""
    if message.startswith(PROSE_FORM):
        from generator.render.templating import prose_form_problem

        text: Any = src.data
        for part in path:
            text = child(text, part)
        if isinstance(text, str):
            found = prose_form_problem(text, src.locate(path), field_text(path))
            if found is not None:
                return found
    return src.problem(path, message.removeprefix(PROSE_FORM))


def _validate(
    model: type[M],
    src: SourceFile,
    problems: list[Problem],
    objectives: dict[str, Objective] | None = None,
) -> M | None:
    if not isinstance(src.data, dict):
        problems.append(src.problem((), "must be a mapping of fields"))
        return None
    try:
        validated = model.model_validate(src.data, context={"objectives": objectives})
    except ValidationError as first:
        # Again, with the form of prose expressions checked too (only a file with problems pays
        # for compiling them here; the others' are compiled when they are rendered).
        errors = first.errors()
        try:
            model.model_validate(src.data, context={"objectives": objectives, "prose_form": True})
        except ValidationError as exc:
            errors = exc.errors()
        for path, message in messages(errors, model, src.data):
            problems.append(_located(src, path, message))
        return None
    wrong = [src.problem(path, message) for path, message in _out_of_range(validated, ())]
    problems.extend(wrong)
    src.release()  # the model holds the values now
    return None if wrong else validated


def _read(
    path: Path, root: Path | None, problems: list[Problem], sources: dict[Path, SourceFile]
) -> SourceFile | None:
    try:
        src = read_yaml(path, display_path(path), root)
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
    root: Path | None = None,
) -> Modification | None:
    """Read and validate one modification folder, adding problems to ``problems``.

    Every file is read and checked, and every check that spans fields or files runs on the
    files that are valid, so one run reports every problem; the modification is returned only
    when there was none. Files must lie inside ``root`` (default: the folder's parent, the
    content folder) once symbolic links are followed.
    """
    root = folder.parent if root is None else root
    parts: dict[str, BaseModel | None] = {}
    before = len(problems)
    for name, required in MODIFICATION_FILES.items():
        model = FILE_MODELS[name]
        path = folder / name
        if not required and not is_present(path):
            parts[name] = None
            continue
        src = _read(path, root, problems, sources)
        parts[name] = _validate(model, src, problems, objectives or None) if src else None
    mod = parts["modification.yaml"]
    responses = parts["responses.yaml"]
    main = sources.get(folder / "modification.yaml")
    if isinstance(mod, ModificationFile) and main is not None:
        problems.extend(_consistency(mod, folder, main, releases))
    if isinstance(responses, ResponsesFile):
        paper = mod.consultation() if isinstance(mod, ModificationFile) else None
        default = paper.id if paper is not None else ""
        problems.extend(_respondents(responses, sources[folder / "responses.yaml"], default))
    if len(problems) > before:
        return None
    examples = parts["examples.yaml"]
    guidance = parts["guidance.yaml"]
    legal = parts["legal-text.yaml"]
    assert isinstance(mod, ModificationFile) and main is not None
    modification = Modification(
        modification=mod,
        responses=responses.responses if isinstance(responses, ResponsesFile) else [],
        examples=examples.examples if isinstance(examples, ExamplesFile) else [],
        guidance=guidance if isinstance(guidance, Guidance) else None,
        legal_text=legal if isinstance(legal, LegalTextFile) else None,
    )
    responses_src = sources.get(folder / "responses.yaml")
    problems.extend(_consultation_keys(modification, main, responses_src))
    if modification.responses and responses_src is not None:
        problems.extend(recorded_answer_problems(modification, responses_src))
    return modification if len(problems) == before else None


def _respondents(data: ResponsesFile, src: SourceFile, default: str) -> Iterable[Problem]:
    """Each respondent answers each consultation once (a response that names no consultation
    answers ``default``, the paper's)."""
    seen: dict[tuple[str, str], int] = {}
    for i, response in enumerate(data.responses):
        key = (response.consultation or default, response.respondent.strip().casefold())
        if key in seen:
            line = src.locate(("responses", seen[key])).line
            answered = f" to the {key[0]} consultation" if key[0] else ""
            yield src.problem(
                ("responses", i, "respondent"),
                f"duplicate respondent {response.respondent!r}{answered} (first at line {line})",
            )
        else:
            seen[key] = i


def _consistency(
    data: ModificationFile, folder: Path, main: SourceFile, releases: Sequence[Release]
) -> Iterable[Problem]:
    """Checks that span the fields of modification.yaml: its id, its timetable, its keys.

    (Objective letters are checked against the catalogue as each file is validated.)
    """
    if data.id != folder.name:
        yield main.problem(("id",), f"is {data.id} but the folder is named {folder.name}")
    yield from timetable_problems(data, main, releases)
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
    src = _read(root / "objectives.yaml", root, problems, sources)
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
    if not is_present(path):
        return ()
    src = _read(path, root, problems, sources)
    calendar = _validate(ReleasesFile, src, problems) if src else None
    return tuple(calendar.releases) if calendar else ()


def _folder_problem(folder: Path, root: Path) -> Problem | None:
    """Why ``folder`` cannot be read as a modification folder, if it cannot."""
    where = Location(display_path(folder))
    if not ID_PATTERN.fullmatch(folder.name):
        return Problem(where, "id", f"folder name {folder.name}: {ID_RULE}")
    try:
        target = folder.resolve(strict=True)
        if not target.is_relative_to(root.resolve()):
            return Problem(where, "", "is a symbolic link to a folder outside the content folder")
        if not target.is_dir():
            return Problem(where, "", "is not a folder")
        os.listdir(target)
    except FileNotFoundError:
        return Problem(where, "", "is a symbolic link to nothing (its target is missing)")
    except RuntimeError:  # a symbolic link loop, before Python 3.13
        return Problem(where, "", "is a symbolic link loop")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(where, "", "is a symbolic link loop")
        return Problem(where, "", f"cannot read the folder: {exc.strerror}")
    return None


def _selected(
    root: Path, folders: list[Path], ids: Iterable[str], problems: list[Problem]
) -> list[Path]:
    by_name = {f.name: f for f in folders}
    chosen = []
    for mod_id in dict.fromkeys(ids):
        if not ID_PATTERN.fullmatch(mod_id):
            problems.append(Problem(Location(display_path(root)), "id", f"{mod_id}: {ID_RULE}"))
        elif mod_id not in by_name:
            problems.append(
                Problem(Location(display_path(root / mod_id)), "", "no such modification")
            )
        else:
            chosen.append(by_name[mod_id])
    return chosen


def read_content(
    root: Path | str = "content", ids: Iterable[str] | None = None
) -> tuple[Content, list[Problem]]:
    """Load and validate ``root``: the modifications without problems, and every problem.

    ``ids`` restricts loading to those modifications (each must exist). Every file of every
    modification is read, so one run finds every problem.
    """
    root = Path(root)
    problems: list[Problem] = []
    sources: dict[Path, SourceFile] = {}
    where = Location(display_path(root))
    try:
        folders = modification_folders(root)
    except FileNotFoundError:
        return Content(root, {}, {}, sources), [Problem(where, "", "content folder not found")]
    except NotADirectoryError:
        return Content(root, {}, {}, sources), [Problem(where, "", "is not a folder")]
    except OSError as exc:
        problem = Problem(where, "", f"cannot read the content folder: {exc.strerror}")
        return Content(root, {}, {}, sources), [problem]
    objectives = _load_objectives(root, problems, sources)
    releases = _load_releases(root, problems, sources)
    if ids is not None:
        folders = _selected(root, folders, ids, problems)
    modifications: dict[str, Modification] = {}
    for folder in folders:
        if (wrong := _folder_problem(folder, root)) is not None:
            problems.append(wrong)
            continue
        mod = load_modification_folder(folder, objectives, problems, sources, releases, root)
        if mod is not None:
            modifications[mod.id] = mod
    return Content(root, objectives, modifications, sources, releases), problems


def load_content(
    root: Path | str = "content",
    ids: Iterable[str] | None = None,
    *,
    on_problem: Callable[[Problem], None] | None = None,
) -> Content:
    """Load and validate ``root``; raise ``ContentError`` with every problem found.

    ``ids`` restricts loading to those modifications (each must exist).
    """
    content, problems = read_content(root, ids)
    if on_problem:
        for problem in problems:
            on_problem(problem)
    if problems:
        raise ContentError(problems)
    return content
