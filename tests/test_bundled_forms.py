"""Bundled modifications that keep their filled response forms (``content/<ID>/forms/``):
their ``responses.yaml`` is what importing those forms gives, so re-importing changes nothing.

Parametrized over whatever content/ holds: a modification without forms adds no test, and one
with forms must be in step with them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_responses_import import imported

BUNDLED = ROOT / "content"
WITH_FORMS = sorted(p.parent for p in BUNDLED.glob("*/forms") if any(p.glob("*.docx")))


@pytest.mark.parametrize("folder", WITH_FORMS, ids=lambda p: p.name)
def test_the_bundled_forms_are_what_responses_yaml_holds(folder: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("objectives.yaml", "releases.yaml"):
        if (BUNDLED / name).exists():
            shutil.copy(BUNDLED / name, content / name)
    shutil.copytree(folder, content / folder.name)
    forms = sorted((content / folder.name / "forms").glob("*.docx"))
    before = (content / folder.name / "responses.yaml").read_bytes()
    code, out, err = imported(content, folder.name, *forms)
    assert code == 0, err
    assert f"0 added, 0 updated, {len(forms)} unchanged" in out
    assert (content / folder.name / "responses.yaml").read_bytes() == before


def test_the_example_forms_script_regenerates_the_committed_forms() -> None:
    """``python -m generator.tools.make_example_forms`` gives the committed bytes back."""
    from generator.tools.make_example_forms import filled_forms

    for folder in WITH_FORMS:
        if folder.name != "SECMP0059":
            continue  # the script writes SECMP0059's example only
        made = filled_forms(BUNDLED, folder.name)
        committed = {p.name: p.read_bytes() for p in (folder / "forms").glob("*.docx")}
        assert made == committed
