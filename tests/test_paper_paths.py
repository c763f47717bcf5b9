"""The paper reads right for every governance path and implementation approach, and a timetable
that cannot stand is a located error."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.documents.paper import paper_markdown
from generator.errors import ContentError
from generator.load import load_content
from generator.render.context import modification_context
from generator.rules.calendar import add_working_days
from tests.conftest import CONTENT
from tests.content_yaml import read_yaml, write_yaml

Edit = Callable[[dict[str, Any]], None]


def _content(tmp_path: Path, edit: Edit, mod_id: str = "SECMP0059") -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    path = target / mod_id / "modification.yaml"
    data = read_yaml(path)
    edit(data)
    write_yaml(path, data)
    return target


def _paper(content_dir: Path, mod_id: str = "SECMP0059") -> str:
    content = load_content(content_dir)
    mod = content.modifications[mod_id]
    return paper_markdown(modification_context(content, mod))


def _section(paper: str, heading: str) -> str:
    start = paper.index(heading)
    end = paper.find("\n## ", start + len(heading))
    return paper[start : end if end != -1 else None]


def _path(governance: str, implementation: dict[str, Any] | None = None, **timetable: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["governance"] = governance
        data["paper"].pop("recommendations", None)  # the path's own
        if implementation is not None:
            data["implementation"] = implementation
        if timetable:
            data["timetable"] = timetable

    return edit


def test_self_governance_paper(tmp_path: Path) -> None:
    paper = _paper(_content(tmp_path, _path("Self-Governance")))
    assert (
        "The Change Board is invited to determine whether SECMP0059 should be approved or "
        "rejected under Self-Governance." in paper
    )
    steps = _section(paper, "## 4. Next steps")
    assert "is a Self-Governance Modification" in steps
    assert "The Change Board’s vote will therefore form a decision on the modification." in steps
    assert "subject to a 10 Working Day objection period" in steps
    assert (
        "This means that if the Change Board approves SECMP0059 and no objections are raised "
        "within 10 Working Days, SECMP0059 would be implemented on 28 February 2019." in steps
    )
    recommendations = _section(paper, "## 5. Recommendations")
    assert "**DETERMINE** whether SECMP0059 should be **APPROVED** or **REJECTED** under " in (
        recommendations
    )
    assert "[^path]" not in paper


def test_fast_track_paper_says_what_is_assumed(tmp_path: Path) -> None:
    paper = _paper(_content(tmp_path, _path("Fast-Track Self-Governance")))
    assert "rejected under Fast-Track Self-Governance.[^path]" in paper
    assert "is a Fast-Track Self-Governance Modification" in paper
    assert "[^path]: Assumed by secmod, to be confirmed before this paper is sent:" in paper
    assert "no source we hold states the Fast-Track procedure" in paper


@pytest.mark.parametrize(
    ("governance", "procedure"),
    [("Urgent", "the Urgent procedure"), ("Authority-led", "the Authority-led procedure")],
)
def test_paths_named_by_an_adjective_read_as_a_procedure(
    tmp_path: Path, governance: str, procedure: str
) -> None:
    """ "under Urgent" is not English: the purpose names the procedure, and the assumption the
    path rests on is footnoted."""
    paper = _paper(_content(tmp_path, _path(governance)))
    assert f"should be approved or rejected under {procedure}.[^path]" in paper
    assert f"under {governance}." not in paper
    assert f"is an {governance} Modification" in paper
    assert "[^path]: Assumed by secmod, to be confirmed before this paper is sent:" in paper


def test_authority_determination_paper_recommends_and_has_no_objection_period(
    tmp_path: Path,
) -> None:
    edit = _path("Authority Determination", {"approach": "working-days", "working_days": 10})
    paper = _paper(_content(tmp_path, edit, "MP112"), "MP112")
    assert (
        "The Change Board is invited to recommend to the Authority whether MP112 should be "
        "approved or rejected under Authority Determination." in paper
    )
    steps = _section(paper, "## 4. Next steps")
    assert "is an Authority Determination Modification" in steps
    assert "The Change Board’s vote will form a recommendation to the Authority" in steps
    assert "No objection period follows the Authority’s decision." in steps
    assert "objection period in which" not in paper and "no objections are raised" not in paper
    assert (
        "The Panel has agreed that MP112 will be implemented ten Working Days after the "
        "Authority’s decision." in steps
    )
    # No release is invented, and no date is stated for an unknown decision.
    assert "SEC Release" not in steps and "This means that" not in steps
    recommendations = _section(paper, "## 5. Recommendations")
    assert "**RECOMMEND** to the Authority whether MP112 should be **APPROVED**" in (
        recommendations
    )
    assert "DETERMINE" not in recommendations and "**Change Board**" not in recommendations


def test_authority_decision_day_gives_the_implementation_date(tmp_path: Path) -> None:
    edit = _path(
        "Authority Determination",
        {"approach": "working-days", "working_days": 10},
        change_board="2019-01-23",
        decision="2019-03-11",
    )
    paper = _paper(_content(tmp_path, edit))
    when = add_working_days(__import__("datetime").date(2019, 3, 11), 10)
    assert (
        f"This means that if the Authority approves SECMP0059 on 11 March 2019, SECMP0059 would "
        f"be implemented on {when.day} {when:%B %Y}." in paper
    )


def test_authority_determination_with_a_release(tmp_path: Path) -> None:
    paper = _paper(_content(tmp_path, _path("Authority Determination")))
    assert (
        "This means that if the Authority approves SECMP0059 by 14 February 2019, SECMP0059 "
        "would be implemented on 28 February 2019." in paper
    )
    assert "- 28 February 2019 (February 2019 SEC Release) if a decision to approve" in paper


def test_fixed_date_and_next_release(tmp_path: Path) -> None:
    fixed = _paper(
        _content(
            tmp_path / "a",
            _path("Self-Governance", {"approach": "fixed-date", "date": "2019-03-29"}),
        )
    )
    assert "The Panel has agreed that SECMP0059 will be implemented on 29 March 2019." in fixed
    nxt = _paper(
        _content(
            tmp_path / "b",
            _path("Self-Governance", {"approach": "next-release"}, change_board="2019-01-23"),
        )
    )
    assert (
        "will be implemented in the first scheduled SEC Release after the decision becomes final."
        in nxt
    )
    assert "SECMP0059 would be implemented on 28 February 2019." in nxt  # from releases.yaml


def test_one_audience_prints_no_sub_heading(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["issue"] = [{"text": "One issue for everyone."}]

    paper = _paper(_content(tmp_path, edit))
    issue = _section(paper, "### What is the issue?")
    assert "####" not in issue.split("### What is the Proposed Solution?")[0]
    assert "One issue for everyone." in issue


def test_no_consultation_renumbers_the_sections(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["consultations"] = []

    content = _content(tmp_path, edit)
    (content / "SECMP0059" / "responses.yaml").unlink()
    paper = _paper(content)
    assert "## 3. Next steps" in paper and "## 4. Recommendations" in paper
    assert "Consultation responses\n\nWe received" not in paper and "has undergone" not in paper


@pytest.mark.parametrize("mod_id", ["SECMP0059", "MP112", "MP071"])
@pytest.mark.parametrize("consulted", [True, False])
def test_every_footnote_the_paper_defines_is_referenced(
    tmp_path: Path, mod_id: str, consulted: bool
) -> None:
    """A footnote nobody cites is a strict site build's error (and a stray note in Word): with
    or without a consultation, the Proposer's objectives are noted only where text cites them."""

    def edit(data: dict[str, Any]) -> None:
        data["proposer_objectives"] = ["a", "f"]
        if not consulted:
            data["consultations"] = []
            data["paper"].pop("consultation", None)

    content = _content(tmp_path, edit, mod_id)
    if not consulted:
        (content / mod_id / "responses.yaml").unlink(missing_ok=True)
    paper = _paper(content, mod_id)
    defined = re.findall(r"^\[\^([^\]]+)\]:", paper, re.M)
    for label in defined:
        assert re.search(rf"\[\^{re.escape(label)}\](?!:)", paper), label
    if not consulted:
        assert not [x for x in defined if len(x) == 1], defined


def test_raised_and_proposer_are_in_the_purpose(tmp_path: Path) -> None:
    paper = _paper(_content(tmp_path, lambda data: None))
    assert "raised by Gordon Hextall on 31 August 2018, has undergone" in paper


# --- the timetable ------------------------------------------------------------------------------


def _problems(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return caught.value.lines()


def test_a_release_before_the_objection_period_ends_is_located(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["raised"] = "2019-11-01"
        data["paper"]["date"] = "2020-01-16"
        data["implementation"].update(release_date="2020-02-27", cutoff="2020-02-14")

    (problem,) = _problems(_content(tmp_path, edit))
    assert ": implementation.release_date: 2020-02-27 is before a decision made on the cutoff" in (
        problem
    )
    assert "its objection period ends on 28 February 2020" in problem


def test_impossible_orders_are_located(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["timetable"] = {"change_board": "2019-01-10"}  # before the paper (16 January)
        data["consultations"][0].update(opens="2018-12-20", closes="2018-12-01")
        data["implementation"]["cutoff"] = "2019-03-01"  # after the release

    problems = _problems(_content(tmp_path, edit))
    text = "\n".join(problems)
    assert (
        "timetable.change_board: the Change Board's meeting (2019-01-10) is before the paper"
        in (text)
    )
    assert (
        "consultations[0].closes: the Modification Report Consultation's close (2018-12-01) "
        in text
    )
    assert "implementation.cutoff: 2019-03-01 is after the release date 2019-02-28" in text
    assert len(problems) == 3, problems


def test_a_fixed_date_before_the_decision_is_final_is_located(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["implementation"] = {"approach": "fixed-date", "date": "2019-01-25"}
        data["timetable"] = {"change_board": "2019-01-23"}

    (problem,) = _problems(_content(tmp_path, edit))
    assert "implementation.date: 2019-01-25 is before the decision is final (2019-02-06)" in problem


def test_next_release_needs_a_release_calendar(tmp_path: Path) -> None:
    content = _content(tmp_path, _path("Self-Governance", {"approach": "next-release"}))
    (content / "releases.yaml").unlink()
    problems = _problems(content)
    assert any(
        "/SECMP0059/modification.yaml:" in p
        and "implementation.approach: next-release: content/releases.yaml lists no release" in p
        for p in problems
    ), problems
