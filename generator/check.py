"""``secmod check``: everything an author needs to know before building, without pytest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.load import load_content

__all__ = ["CheckReport", "run_check"]


@dataclass
class CheckReport:
    """What ``secmod check`` prints and whether it passed."""

    lines: list[str] = field(default_factory=list)
    ok: bool = True
    exit_code: int = 0


def run_check(content_dir: Path) -> CheckReport:
    """Validate the content; raises ``ContentError`` listing every problem."""
    from generator.render.context import modification_context

    content = load_content(content_dir)
    for mod in content.modifications.values():
        modification_context(content, mod)  # renders prose: a bad {{ expression }} is located
    report = CheckReport()
    for mod_id, mod in content.modifications.items():
        report.lines.append(
            f"{mod_id}: valid ({len(mod.responses)} responses, "
            f"{sum(len(t.rows) for t in mod.examples)} examples)"
        )
    report.lines.append(f"content OK: {len(content.modifications)} modification(s)")
    return report
