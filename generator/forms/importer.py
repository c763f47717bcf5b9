"""``secmod responses import ID FILE...``: filled forms and spreadsheets into ``responses.yaml``.

Every file is read and every answer validated before anything is written; any problem in any
file stops the import with all of them reported (exit status 2) and ``responses.yaml`` as it
was. The merged file is checked against the content model, then written atomically, or not at
all when nothing changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ContentError, Location, Problem, UsageError, display_path
from generator.forms.answers import Imported, validate_response
from generator.forms.layout import form_sections
from generator.forms.merge import Merged, merge_responses
from generator.forms.raw import Reading
from generator.load import Content, load_content
from generator.model import Consultation, ResponseSource

__all__ = ["ImportResult", "import_responses", "read_file"]

#: The largest file read (a form is tens of kilobytes; a spreadsheet of responses a few MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
_KINDS = (".docx", ".xlsx", ".csv")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the file written (None when nothing changed) and the counts."""

    path: Path
    written: bool
    merged: Merged
    warnings: list[Problem] = field(default_factory=list)


def read_file(path: Path, content: Content, consultation: Consultation) -> Reading:
    """The responses in one filled form or spreadsheet, unvalidated."""
    display = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in _KINDS:
        problem = Problem(Location(display), "", "not a .docx form, .xlsx or .csv spreadsheet")
        return Reading(problems=[problem])
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problem = Problem(Location(display), "", f"larger than {MAX_FILE_BYTES // 2**20} MB")
            return Reading(problems=[problem])
        data = path.read_bytes()
    except OSError as error:
        return Reading(problems=[Problem(Location(display), "", f"cannot read: {error.strerror}")])
    digest = hashlib.sha256(data).hexdigest()

    def source(row: int | None = None) -> ResponseSource:
        return ResponseSource(file=path.name, sha256=digest, row=row)

    if suffix == ".docx":
        from generator.forms.read_docx import read_form

        sections = form_sections(consultation, content.objectives)
        return read_form(display, data, sections, source())
    from generator.forms.read_sheet import read_sheet

    return read_sheet(display, data, consultation, source, csv_text=suffix == ".csv")


def _consultation(content: Content, mod_id: str, key: str | None) -> Consultation:
    data = content.modifications[mod_id].modification
    consultation = data.consultation(key)
    listed = ", ".join(c.id for c in data.consultations) or "none"
    if consultation is None:
        wanted = f"no consultation {key!r}" if key else "no consultation"
        raise UsageError(f"{mod_id} has {wanted} (listed: {listed})")
    if not consultation.questions:
        raise UsageError(
            f"{mod_id}: the {consultation.name} ({consultation.id}) lists no questions: add them "
            "under its `questions` in modification.yaml"
        )
    return consultation


def _duplicates(imported: list[Imported]) -> list[Problem]:
    seen: dict[str, Imported] = {}
    problems = []
    for item in imported:
        first = seen.setdefault(item.respondent.casefold(), item)
        if first is not item:
            problems.append(
                Problem(
                    Location(item.origin),
                    "respondent",
                    f"{item.respondent!r} also responds in {first.origin}",
                )
            )
    return problems


def import_responses(
    content_dir: Path, mod_id: str, files: Sequence[Path], consultation_key: str | None = None
) -> ImportResult:
    """Import ``files`` into ``content_dir/mod_id/responses.yaml`` as responses to the
    consultation ``consultation_key`` (default: the paper's); see the module docstring."""
    content = load_content(content_dir, [mod_id])
    consultation = _consultation(content, mod_id, consultation_key)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    imported: list[Imported] = []
    for path in files:
        reading = read_file(path, content, consultation)
        problems += reading.problems
        warnings += reading.warnings
        for raw in reading.responses:
            item = validate_response(raw, consultation, content.objectives, problems.append)
            if item is not None:
                imported.append(item)
    problems += _duplicates(imported)
    if problems:
        raise ContentError(problems)
    target = content.folder(mod_id) / "responses.yaml"
    before = target.read_text(encoding="utf-8") if target.exists() else None
    paper = content.modifications[mod_id].modification.consultation()
    existing = content.modifications[mod_id].responses
    merged = merge_responses(
        before, imported, consultation.id, paper.id if paper else None, existing
    )
    written = merged.text != before
    if written:
        from generator.atomic import StagedFiles

        _check_merged(content_dir, mod_id, merged.text)
        with StagedFiles() as staged:
            staged.add(target, merged.text.encode("utf-8"))
            staged.commit()
    return ImportResult(target, written, merged, warnings)


def _check_merged(content_dir: Path, mod_id: str, text: str) -> None:
    """Raise ``ContentError`` unless the modification loads with ``text`` as its
    ``responses.yaml`` (checked in a scratch copy of its content files, so nothing is written
    before it passes); problems name the real file."""
    import dataclasses
    import shutil
    import tempfile

    from generator.folders import MODIFICATION_FILES

    folder = content_dir / mod_id
    with tempfile.TemporaryDirectory(prefix="secmod-import-") as scratch:
        root = Path(scratch)
        for name in ("objectives.yaml", "releases.yaml"):
            if (content_dir / name).is_file():
                shutil.copyfile(content_dir / name, root / name)
        (root / mod_id).mkdir()
        for name in MODIFICATION_FILES:
            if name != "responses.yaml" and (folder / name).is_file():
                shutil.copyfile(folder / name, root / mod_id / name)
        (root / mod_id / "responses.yaml").write_text(text, encoding="utf-8")
        try:
            load_content(root, [mod_id])
        except ContentError as error:
            shown, real = display_path(root), display_path(content_dir)
            raise ContentError(
                Problem(
                    dataclasses.replace(p.location, file=p.location.file.replace(shown, real, 1)),
                    p.field,
                    f"{p.message} (after the import)",
                )
                for p in error.problems
            ) from None
