"""Shared fixtures: the repository's paths and a disposable copy of the content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# Loaded by several test modules (and imported by some before it is loaded as a plugin): its
# assertions are rewritten wherever it is first imported.
pytest.register_assert_rewrite("tests.site_fixtures")

ROOT = Path(__file__).resolve().parents[1]
#: The content the tests own (a modification of each shape they need), never the bundled
#: content/, so adding or removing a modification there breaks no test.
CONTENT = ROOT / "tests" / "fixtures" / "content"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the tests' own content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target
