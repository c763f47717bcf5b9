"""``secmod new``: a modification folder with every required field, ready to fill in."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from generator.atomic import create_folder, remove_stale
from generator.errors import (
    ContentError,
    Location,
    OutputError,
    Problem,
    UsageError,
    display_path,
)
from generator.model import ID_PATTERN, ID_RULE

__all__ = ["scaffold"]

#: What a title may not hold: control characters (newlines and tabs included), which the
#: documents cannot show, and the line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

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


def _check_title(title: str, where: Location) -> None:
    """A title is one line of text: refused before anything is written."""
    if not title.strip():
        raise UsageError([Problem(where, "title", "must not be blank")])
    if bad := _CONTROL.search(title):
        found = f"U+{ord(bad.group()):04X}"
        message = f"must be one line of text, without control characters (found {found})"
        raise UsageError([Problem(where, "title", message)])


def scaffold(content_dir: Path, mod_id: str, title: str | None = None) -> Path:
    """Create ``content_dir/mod_id`` with starter files; refuse to overwrite anything.

    The folder appears complete or not at all (:func:`generator.atomic.create_folder`); what
    a ``secmod new`` stopped half-way left behind is removed first.
    """
    where = Location(display_path(content_dir))
    if not ID_PATTERN.fullmatch(mod_id):
        raise UsageError([Problem(where, "id", f"{mod_id}: {ID_RULE}")])
    if title is not None:
        _check_title(title, where)
    if not content_dir.is_dir():
        raise ContentError([Problem(where, "", "content folder not found")])
    folder = content_dir / mod_id
    if os.path.lexists(folder):
        raise UsageError([Problem(Location(display_path(folder)), "", "already exists")])
    today = dt.date.today()
    release = today + dt.timedelta(days=90)
    text = _MODIFICATION.format(
        id=mod_id,
        title=_yaml_text(title.strip() if title else f"{mod_id} (title to be confirmed)"),
        release_name=release.strftime("%B %Y"),
        release=release.isoformat(),
        cutoff=(release - dt.timedelta(days=14)).isoformat(),
        today=today.isoformat(),
    )
    files = {
        "modification.yaml": text.encode("utf-8"),
        "responses.yaml": _RESPONSES.encode("utf-8"),
        "examples.yaml": _EXAMPLES.encode("utf-8"),
    }
    remove_stale(content_dir)
    try:
        create_folder(folder, files)
    except FileExistsError:
        raise UsageError([Problem(Location(display_path(folder)), "", "already exists")]) from None
    except OSError as exc:
        raise OutputError.from_os_error(exc, folder) from None
    return folder


def _yaml_text(value: str) -> str:
    """``value`` as a double-quoted YAML scalar."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
