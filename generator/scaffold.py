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
from generator.model import ID_PATTERN, ID_RULE, ModificationFile
from generator.rules.consultation import Category
from generator.rules.governance import GovernancePath

__all__ = ["IMPLEMENTATIONS", "scaffold", "unfilled"]

#: What a title may not hold: control characters (newlines and tabs included), which the
#: documents cannot show, and the line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

#: What ``secmod new`` writes where only the author knows the answer; :func:`unfilled` finds it.
TO_CONFIRM = "To be confirmed"
ISSUE_PLACEHOLDER = "Describe the issue this modification addresses."
SOLUTION_PLACEHOLDER = "Describe the proposed solution."

_MODIFICATION = """\
# yaml-language-server: $schema=../schema/modification.schema.json
# {id}: describe the modification once; every document is generated from this folder.
# Every field is explained in the Content reference (docs: README.md, and the site's
# "For authors" pages). Prose is Markdown: refer to rule parameters with
# {{{{ params.NAME | number }}}} and never type the Code's numbers into prose.
id: {id}
title: {title}
status: Draft
proposer: {to_confirm}
# raised: {today}                  # the day it was raised
# The governance path decides who decides, what the Change Board is asked and whether an
# objection period follows: {paths}.
governance: {governance}
sections: [G]                       # the SEC Sections it changes, by letter
proposer_objectives: []             # the SEC Objectives the Proposer cites, e.g. [a, f]

# One passage for everyone. For several audiences, give each passage an `audience:` (its
# sub-heading); `schedule: supplier` (or other) follows a passage with that role's cycle.
issue:
  - text: |
      {issue}

solution:
  - text: |
      {solution}

# The consultations held, in order; the paper reports the last (or `paper: consultation: KEY`).
consultations: []
#  - kind: Modification Report Consultation   # or Working Group / Refinement Consultation
#    opens: {today}
#    closes: {today}
#    summary:                       # what each position's respondents said in common
#      approve: They welcomed ...
#      reject: They were concerned that ...
#    objective_reasons:             # why supporters cited an objective beyond the Proposer's
#      g: as it would ...
#    questions:                     # with questions, `secmod build` writes a response form and
#      - id: 1                      # `secmod responses import` reads the filled forms back
#        kind: position-with-reasons   # or objectives-with-reasons, yes-no-with-reasons,
#        text: Do you believe that {id} should be approved?   # free-text
#    columns:                       # a spreadsheet export's column headings, by field
#      respondent: Name

# timetable:
#   change_board: {today}           # the Change Board's meeting
#   decision: {today}               # the decision (the Authority's, on paths it decides)

# How it is implemented: {approaches}.
implementation:
{implementation}
paper:
  author: {to_confirm}
  team: SECAS Team
  date: {today}
  # recommendations: the governance path gives them; list your own here to replace them

attachments: []
#  - label: Appendix A
#    title: {id} Modification Report
#    key: modification-report
#  - label: Appendix B
#    title: {id} Modification Report Consultation responses
#    key: consultation-responses

# sources:                          # where the facts come from
#   - title: {id} Modification Report
#     date: {today}
# illustrative: What in this folder was written for illustration, not taken from a source.
"""

_IMPLEMENTATIONS = {
    "release": """\
  approach: release
  release: {release_name} SEC Release
  release_date: {release}
  cutoff: {cutoff}                  # the last day a decision to approve makes the release
  fallback_working_days: 10         # Working Days after a later approval
""",
    "working-days": """\
  approach: working-days
  working_days: 10                  # Working Days after the decision is final
""",
    "fixed-date": """\
  approach: fixed-date
  date: {release}
""",
    "next-release": """\
  approach: next-release            # the first release in content/releases.yaml after the decision
""",
}

_RESPONSES = """\
# yaml-language-server: $schema=../schema/responses.schema.json
# Consultation responses, one record per respondent:
#   - respondent: Name
#     category: {categories}
#     position: approve | reject | neutral
#     objectives: [a, f]            # SEC Objectives they believe it better facilitates
#     objectives_against: [d]       # SEC Objectives they believe it would not
#     comments: Their comments, in their words or summarised.
#     discussed: true               # the paper discusses this response on its own...
#     discussion: commented that ... # ...in these words, after "One Large Supplier that ..."
#     secas_response: Our reply, printed after it.
responses: []
"""

_EXAMPLES = """\
# yaml-language-server: $schema=../schema/examples.schema.json
# Worked examples: decision tables run as tests against the rules (see `secmod check`).
examples: []
"""

#: The implementation approaches ``secmod new --implementation`` offers.
IMPLEMENTATIONS = tuple(_IMPLEMENTATIONS)


def _check_title(title: str, where: Location) -> None:
    """A title is one line of text: refused before anything is written."""
    if not title.strip():
        raise UsageError([Problem(where, "title", "must not be blank")])
    if bad := _CONTROL.search(title):
        found = f"U+{ord(bad.group()):04X}"
        message = f"must be one line of text, without control characters (found {found})"
        raise UsageError([Problem(where, "title", message)])


def scaffold(
    content_dir: Path,
    mod_id: str,
    title: str | None = None,
    *,
    governance: str = GovernancePath.SELF_GOVERNANCE.value,
    implementation: str = "release",
) -> Path:
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
    if implementation == "next-release" and not (content_dir / "releases.yaml").is_file():
        raise UsageError(
            "--implementation next-release: content/releases.yaml (the calendar of SEC "
            "Releases) is needed first"
        )
    text = _modification_text(mod_id, title, governance, implementation)
    categories = " | ".join(c.value for c in Category)
    files = {
        "modification.yaml": text.encode("utf-8"),
        "responses.yaml": _RESPONSES.format(categories=categories).encode("utf-8"),
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


def _modification_text(mod_id: str, title: str | None, governance: str, implementation: str) -> str:
    """The starter ``modification.yaml``: placeholders, and dates from today."""
    today = dt.date.today()
    release = today + dt.timedelta(days=90)
    dates = {
        "release_name": release.strftime("%B %Y"),
        "release": release.isoformat(),
        "cutoff": (release - dt.timedelta(days=28)).isoformat(),
    }
    return _MODIFICATION.format(
        id=mod_id,
        title=_yaml_text(title.strip() if title else f"{mod_id} (title to be confirmed)"),
        today=today.isoformat(),
        governance=GovernancePath(governance).value,
        paths=", ".join(p.value for p in GovernancePath),
        approaches=", ".join(IMPLEMENTATIONS),
        implementation=_IMPLEMENTATIONS[implementation].format(**dates),
        to_confirm=TO_CONFIRM,
        issue=ISSUE_PLACEHOLDER,
        solution=SOLUTION_PLACEHOLDER,
    )


def _yaml_text(value: str) -> str:
    """``value`` as a double-quoted YAML scalar."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def unfilled(data: ModificationFile) -> list[str]:
    """The fields of ``data`` that still hold what ``secmod new`` wrote there."""
    found = [name for name, value in [("proposer", data.proposer)] if value == TO_CONFIRM]
    for name in ("issue", "solution"):
        placeholder = ISSUE_PLACEHOLDER if name == "issue" else SOLUTION_PLACEHOLDER
        for i, passage in enumerate(getattr(data, name)):
            if passage.text.strip() == placeholder:
                found.append(f"{name}[{i}].text")
    if data.paper.author == TO_CONFIRM:
        found.append("paper.author")
    return found
