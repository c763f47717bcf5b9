"""The content model as JSON Schema and as the Content reference: generated, current, complete."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel

from generator.content_schema import CONTENT_FILES, reference_markdown, schema_files, schema_name
from generator.folders import modification_folders
from tests.conftest import CONTENT, ROOT
from tests.content_yaml import read_yaml

BUNDLED = ROOT / "content"
SCHEMAS = BUNDLED / "schema"
REGENERATE = "regenerate with `secmod schema --out content/schema`"


def _jsonable(value: Any) -> Any:
    """YAML data as an editor's YAML server sees it: dates are strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def test_the_committed_schemas_are_current() -> None:
    for name, text in schema_files().items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, f"{name}: {REGENERATE}"
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(schema_files())


def _files(root: Path) -> list[tuple[str, Path]]:
    found = [(n, root / n) for n in ("objectives.yaml", "releases.yaml") if (root / n).exists()]
    for folder in modification_folders(root):
        found += [(n, folder / n) for n in CONTENT_FILES if (folder / n).exists()]
    return found


@pytest.mark.parametrize(
    ("name", "path"),
    [*_files(CONTENT), *_files(BUNDLED)],
    ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v,
)
def test_every_content_file_validates_against_its_schema(name: str, path: Path) -> None:
    schema = json.loads(schema_files()[schema_name(name)])
    jsonschema.validate(_jsonable(read_yaml(path)), schema)


def test_the_schema_refuses_what_the_model_refuses() -> None:
    schema = json.loads(schema_files()["modification.schema.json"])
    data = _jsonable(read_yaml(CONTENT / "SECMP0059" / "modification.yaml"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "colour": "blue"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "governance": "By committee"}, schema)
    bad = {**data, "implementation": {"approach": "release", "release": "x"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_scaffolded_files_name_their_schema(tmp_path: Path) -> None:
    from generator.scaffold import scaffold

    content = tmp_path / "content"
    content.mkdir()
    folder = scaffold(content, "MP123", "A title")
    for name in ("modification.yaml", "responses.yaml", "examples.yaml"):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{schema_name(name)}"
        assert (SCHEMAS / schema_name(name)).is_file()


def _model_fields(
    model: type[BaseModel], prefix: str = "", seen: tuple[type, ...] = ()
) -> set[str]:
    """Every field path of ``model``, by walking the pydantic models themselves."""
    found: set[str] = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        found.add(path)
        annotation = info.annotation
        for inner in _models_in(annotation):
            if inner in seen:
                continue
            members = getattr(inner, "model_fields", {})
            if "approach" in members and len(_models_in(annotation)) > 1:
                tag = members["approach"].annotation.__args__[0]
                found.add(f"{path}.approach")
                sub = {
                    f for f in _model_fields(inner, f"{path} (approach: {tag}).", (*seen, inner))
                }
                found |= {f for f in sub if not f.endswith(").approach")}
            else:
                items = "[]" if "list[" in str(annotation) else ""
                found |= _model_fields(inner, f"{path}{items}.", (*seen, inner))
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def test_the_reference_lists_every_field_of_the_model() -> None:
    sections = reference_markdown().split("\n## ")[1:]
    assert len(sections) == len(CONTENT_FILES)
    for (name, model), section in zip(CONTENT_FILES.items(), sections, strict=True):
        assert section.split("\n", 1)[0].rstrip("`").endswith(name)
        listed = set(re.findall(r"^\| `([^`]+)` \|", section, re.M))
        assert listed == _model_fields(model), name


def test_every_field_an_author_writes_has_an_example() -> None:
    """Each field that holds a value (not other fields) shows one as an author would write it;
    a new field without ``examples=`` on the model fails here."""
    from generator.content_schema import reference_rows

    def holds_fields(kind: str) -> bool:
        return kind in ("mapping", "mapping, by approach") or kind.startswith("list of mapping")

    missing = [
        f"{file}: {row.path}"
        for file in CONTENT_FILES
        for row in reference_rows(file)
        if not row.example and not holds_fields(row.kind)
    ]
    assert missing == []
    section = reference_markdown().split("\n## ")[1]
    row = "| `raised` | date (YYYY-MM-DD) |  |  | The day it was raised. | `2019-12-20` |"
    assert row in section


def test_the_site_page_and_the_readme_carry_the_current_reference() -> None:
    reference = reference_markdown()
    page = (BUNDLED / "pages" / "authors" / "content-reference.md").read_text(encoding="utf-8")
    assert page.endswith(reference), "regenerate content/pages/authors/content-reference.md"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- secmod:content-reference", 1)[1].split("-->", 1)[1]
    block = block.split("<!-- /secmod:content-reference -->", 1)[0]
    assert block.strip() == reference.replace("\n## ", "\n### ").strip(), "regenerate the README"
