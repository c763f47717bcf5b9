"""Synthetic content for benchmarks: N copies of SECMP0059 under new ids, each slightly varied."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["ROOT", "synthetic_content"]


def synthetic_content(target: Path, count: int, first: int = 1000) -> list[str]:
    """Write ``count`` modifications SECMP<first>.. into ``target``; return their ids."""
    source = ROOT / "content"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "objectives.yaml", target / "objectives.yaml")
    ids = []
    for n in range(first, first + count):
        mod_id = f"SECMP{n:04d}"
        folder = target / mod_id
        shutil.copytree(source / "SECMP0059", folder)
        main = folder / "modification.yaml"
        text = main.read_text(encoding="utf-8").replace("id: SECMP0059", f"id: {mod_id}")
        text = text.replace(
            "title: Amendments to SEC Security Assessments",
            f"title: Synthetic modification {n}, Amendments to SEC Security Assessments",
        )
        main.write_text(text, encoding="utf-8")
        ids.append(mod_id)
    return ids
