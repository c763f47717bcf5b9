"""``secmod new``: a modification folder with every required field, ready to fill in."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from generator.errors import ContentError, Location, Problem, UsageError, display_path
from generator.model import ID_PATTERN, ID_RULE

__all__ = ["scaffold"]

_MODIFICATION = """\
# {id}: describe the modification once; every document is generated from this folder.
# Prose is Markdown. Refer to rule parameters with {{{{ params.NAME | number }}}}
# (see `secmod check`); never type the Code's numbers into prose.
id: {id}
title: {title}
status: Draft
proposer: To be confirmed
governance: Self-Governance
sections: [G]
proposer_objectives: []

issue:
  - audience: All Users
    text: |
      Describe the issue this modification addresses.

solution:
  - audience: All Users
    text: |
      Describe the proposed solution.

determination:
  decided_by: Change Board

implementation:
  release: {release_name} SEC Release
  release_date: {release}
  cutoff: {cutoff}
  fallback_working_days: 10

paper:
  author: To be confirmed
  team: SECAS Team
  date: {today}
  recommendations:
    - "**DETERMINE** whether {{{{ mod.id }}}} should be **APPROVED** or **REJECTED**."

attachments: []
"""

_RESPONSES = """\
# Consultation responses, one record per respondent:
#   - respondent: Name
#     category: Large Supplier | Small Supplier | Network Party | DCC | Other Party
#     position: approve | reject | neutral
#     objectives: [a, f]
#     comments: A summary of their comments.
responses: []
"""

_EXAMPLES = """\
# Worked examples: decision tables run as tests against the rules (see `secmod check`).
examples: []
"""


def scaffold(content_dir: Path, mod_id: str, title: str | None = None) -> Path:
    """Create ``content_dir/mod_id`` with starter files; refuse to overwrite anything."""
    if not ID_PATTERN.fullmatch(mod_id):
        raise UsageError(
            [Problem(Location(display_path(content_dir)), "id", f"{mod_id}: {ID_RULE}")]
        )
    if not content_dir.is_dir():
        raise ContentError(
            [Problem(Location(display_path(content_dir)), "", "content folder not found")]
        )
    folder = content_dir / mod_id
    if folder.exists():
        raise UsageError([Problem(Location(display_path(folder)), "", "already exists")])
    today = dt.date.today()
    release = today + dt.timedelta(days=90)
    text = _MODIFICATION.format(
        id=mod_id,
        title=_yaml_text(title or f"{mod_id} (title to be confirmed)"),
        release_name=release.strftime("%B %Y"),
        release=release.isoformat(),
        cutoff=(release - dt.timedelta(days=14)).isoformat(),
        today=today.isoformat(),
    )
    staging = Path(tempfile.mkdtemp(prefix=f".{mod_id}.", dir=content_dir))
    try:
        (staging / "modification.yaml").write_text(text, encoding="utf-8")
        (staging / "responses.yaml").write_text(_RESPONSES, encoding="utf-8")
        (staging / "examples.yaml").write_text(_EXAMPLES, encoding="utf-8")
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _yaml_text(value: str) -> str:
    """``value`` as a double-quoted YAML scalar."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
