"""The legal text agrees with the rules, and clause references resolve (checks.legal_text)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checks.legal_text import (
    CLAUSE_REFERENCE,
    find_numbers,
    legal_problems,
    legal_references,
    reference_status,
)
from generator.documents.legal import clause_views
from generator.errors import ContentError
from generator.load import load_content
from generator.model import Clause
from generator.rules import parameters

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "tests" / "fixtures" / "content"
LEGAL = Path("SECMP0059") / "legal-text.yaml"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def edit(path: Path, old: str, new: str, count: int | None = None) -> None:
    """Replace ``old`` (which must occur once, or ``count`` first occurrences) with ``new``."""
    text = path.read_text(encoding="utf-8")
    if count is None:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new, count or 1), encoding="utf-8")


def problems_of(content_dir: Path) -> list[str]:
    return [str(p) for p in legal_problems(load_content(content_dir))]


def line_col(path: Path, needle: str, after: str = "") -> tuple[int, int]:
    """1-based line and column of the first ``needle`` after the first ``after``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    at = text.index(needle, start)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# --- numbers in a clause -----------------------------------------------------------------------


def test_number_words_join_only_around_scales() -> None:
    found = [n.value for n in find_numbers("between five and ten years, then five six")]
    assert found == [5, 10, 5, 6]
    assert [n.value for n in find_numbers("one thousand two hundred and fifty-one")] == [1251]


def test_find_numbers_reads_words_figures_and_ordinals_but_not_clause_numbers() -> None:
    text = "Under G8.46A(b), five (5) times 50,000 in the second year; someone often"
    found = [(n.text, n.words, n.figures, n.ordinal) for n in find_numbers(text)]
    assert found == [
        ("five (5)", 5, 5, False),
        ("50,000", None, 50_000, False),
        ("second", 2, None, True),
    ]


# --- the SECMP0059 legal text -----------------------------------------------------------------


def test_secmp0059_legal_text_agrees_with_the_rules() -> None:
    content = load_content(CONTENT)
    assert legal_problems(content) == []
    legal = content.modifications["SECMP0059"].legal_text
    assert legal is not None
    ids = [c.clause for c in legal.clauses]
    # The clauses the rules module cites, and G8.47 which the paper's prose cites.
    assert {"G8.46", "G8.46A(a)", "G8.46A(b)", "G8.47"} <= set(ids)
    assert "illustrative" in legal.note.lower()


def test_every_g8_citation_of_a_parameter_is_a_clause_of_the_legal_text() -> None:
    legal = load_content(CONTENT).modifications["SECMP0059"].legal_text
    assert legal is not None
    clauses = {c.clause: c for c in legal.clauses}
    cited = {
        m.group("ref")
        for p in parameters.PARAMETERS.values()
        for m in CLAUSE_REFERENCE.finditer(p.reference)
        if m.group("ref").startswith("G8.")
    }
    assert cited, "no parameter cites Section G8"
    assert {
        ref for ref in cited if reference_status(ref, clauses) in ("missing", "outside")
    } == set()


def test_every_number_of_the_after_texts_is_tied() -> None:
    legal = load_content(CONTENT).modifications["SECMP0059"].legal_text
    assert legal is not None
    tied = {t.parameter for c in legal.clauses for t in c.states}
    assert {
        "non_domestic_threshold",
        "combined_threshold",
        "non_domestic_weight",
        "supplier_cycle",
        "other_user_cycle",
    } <= tied


# --- mutations: the check fails, located ------------------------------------------------------


def test_changed_threshold_parameter_fails_the_check(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = parameters.NON_DOMESTIC_THRESHOLD
    changed = dataclasses.replace(old, values=((parameters.SECMP0059_IN_FORCE, 60_000),))
    monkeypatch.setitem(parameters.PARAMETERS, "non_domestic_threshold", changed)
    problems = problems_of(content_dir)
    assert len(problems) == 1, problems
    line, _ = line_col(content_dir / LEGAL, "text: fifty thousand (50,000)")
    assert problems[0].startswith(f"{content_dir / LEGAL}:{line}:")
    assert "clauses[2].states[0].text: G8.46A(a): non_domestic_threshold" in problems[0]
    assert "60,000" in problems[0] and "'sixty thousand (60,000)'" in problems[0]


def test_secmod_check_on_a_copy_with_another_threshold_fails(tmp_path: Path) -> None:
    """The most direct mutation: edit the rules' declarations in a copy of the project and run
    the CLI."""
    for name in ("generator", "templates", "content"):
        source = CONTENT if name == "content" else ROOT / name
        shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    edit(
        tmp_path / "generator" / "rules" / "declarations.toml",
        "values = [[2019-02-28, 50_000]]",
        "values = [[2019-02-28, 40_000]]",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    code = (
        "import generator, sys; assert generator.__file__.startswith(sys.argv[1]), "
        "generator.__file__; from generator.cli import main; main(['check', 'content'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    line, _ = line_col(tmp_path / "content" / LEGAL, "text: fifty thousand (50,000)")
    assert re.search(
        rf"^content/SECMP0059/legal-text\.yaml:{line}:\d+: clauses\[2\]\.states\[0\]\.text: "
        r"G8\.46A\(a\): non_domestic_threshold .* is 40,000, but the clause states 50,000",
        result.stderr,
        re.M,
    ), result.stderr
    assert "Traceback" not in result.stderr


def test_changed_legal_text_fails_against_the_unchanged_parameter(content_dir: Path) -> None:
    path = content_dir / LEGAL
    edit(
        path,
        "exceeds fifty thousand\n      (50,000); or",
        "exceeds sixty thousand\n      (60,000); or",
    )
    edit(path, "text: fifty thousand (50,000)", "text: sixty thousand (60,000)")
    problems = problems_of(content_dir)
    assert len(problems) == 1, problems
    assert "G8.46A(a): non_domestic_threshold" in problems[0]
    assert "is 50,000, but the clause states 60,000; write 'fifty thousand (50,000)'" in problems[0]


def test_words_and_figures_must_agree(content_dir: Path) -> None:
    path = content_dir / LEGAL
    edit(
        path,
        "exceeds fifty thousand\n      (50,000); or",
        "exceeds fifty thousand\n      (60,000); or",
    )
    edit(path, "text: fifty thousand (50,000)", "text: fifty thousand (60,000)")
    (problem,) = problems_of(content_dir)
    assert "the words say 50,000 but the figures say 60,000" in problem


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("fifty thousand (50000)", "the Code writes it 'fifty thousand (50,000)'"),
        ("(50,000)", "write the number in words followed by figures"),
        ("fifty thousand", "the Code writes it 'fifty thousand (50,000)'"),
    ],
)
def test_the_codes_number_convention_is_enforced(
    content_dir: Path, written: str, expected: str
) -> None:
    path = content_dir / LEGAL
    edit(path, "exceeds fifty thousand\n      (50,000); or", f"exceeds {written}; or")
    edit(path, "text: fifty thousand (50,000)", f'text: "{written}"')
    problems = problems_of(content_dir)
    assert len(problems) == 1, problems
    assert "G8.46A(a): non_domestic_threshold" in problems[0] and expected in problems[0]


def test_an_untied_number_that_states_a_parameter_is_caught_with_its_line(
    content_dir: Path,
) -> None:
    path = content_dir / LEGAL
    edit(
        path,
        "either or both of the following conditions are met:",
        "either or both of the following conditions are met (each about more than fifty\n"
        "      thousand (50,000) Non-Domestic Premises):",
    )
    (problem,) = problems_of(content_dir)
    line, col = line_col(path, "fifty\n")
    assert problem.startswith(f"{path}:{line}:{col}: clauses[1].after: G8.46A: 'fifty")
    assert "states non_domestic_threshold (50,000) but is not tied to it" in problem


def test_an_untied_cycle_length_is_caught(content_dir: Path) -> None:
    edit(
        content_dir / LEGAL,
        "the cycle then\n      repeating.\n    states_before:",
        "the cycle then\n      repeating every 3 years.\n    states_before:",
    )
    (problem,) = problems_of(content_dir)
    assert "clauses[0].before: G8.46: '3' in the before-text states supplier_cycle" in problem


def test_numbers_and_references_of_ordinary_legal_prose_pass(content_dir: Path) -> None:
    """One of the following, a second assessment, six (6) months, an unchanged Section C4."""
    edit(
        content_dir / LEGAL,
        "either or both of the following conditions are met:",
        "one of the following conditions is met, in accordance with Section C4, within six (6)\n"
        "      months of a second Full User Security Assessment, reported within 10 Working\n"
        "      Days of the month's end:",
    )
    assert problems_of(content_dir) == []
    content = load_content(content_dir)
    (line,) = [x for x in legal_references(content) if x.startswith("SECMP0059")]
    assert line.startswith("SECMP0059: refers to unchanged ") and "C4" in line


def test_cycle_year_must_name_the_rules_assessment(content_dir: Path) -> None:
    path = content_dir / LEGAL
    text = path.read_text(encoding="utf-8")
    after = text.index("clause: G8.47")
    tail = text[after:]
    tail = tail.replace(
        "a Verification User Security Assessment in the\n      second year",
        "a User Security Self-Assessment in the\n      second year",
    ).replace(
        "year: 2\n        text: Verification User Security Assessment in the second year",
        "year: 2\n        text: User Security Self-Assessment in the second year",
    )
    path.write_text(text[:after] + tail, encoding="utf-8")
    problems = problems_of(content_dir)
    # G8.47 now reads as it does today, which is reported too.
    assert any("G8.47: before and after read the same" in p for p in problems), problems
    (problem,) = [p for p in problems if "states[" in p]
    assert "clauses[4].states[2].text: G8.47: other_user_cycle" in problem
    assert (
        "year 2 is a Verification User Security Assessment, but the clause states a "
        "User Security Self-Assessment" in problem
    )


def test_cycle_tie_must_name_its_year(content_dir: Path) -> None:
    edit(
        content_dir / LEGAL,
        "    states:\n      - parameter: other_user_cycle\n        text: three years\n"
        "      - parameter: other_user_cycle\n        year: 1",
        "    states:\n      - parameter: other_user_cycle\n        text: three years\n"
        "      - parameter: other_user_cycle\n        year: 2",
    )
    problems = problems_of(content_dir)
    assert any(
        "clauses[4].states[1].text: G8.47: other_user_cycle" in p
        and "names year 1 ('first'), but the tie is for year 2" in p
        for p in problems
    ), problems


def test_unknown_parameter_and_wrong_clause(content_dir: Path) -> None:
    path = content_dir / LEGAL
    edit(path, "parameter: non_domestic_weight", "parameter: non_domestic_weigth")
    edit(path, "clause: G8.47\n", "clause: G8.48\n")
    problems = problems_of(content_dir)
    assert any(
        "clauses[3].states[0].parameter: G8.46A(b): unknown rule parameter "
        "'non_domestic_weigth'; known: " in p
        for p in problems
    ), problems
    assert any(
        "G8.48: other_user_cycle cites 'SEC Section G8.47', not G8.48" in p for p in problems
    ), problems
    # The paper's prose cites G8.47, which is now a clause the legal text does not change.
    assert not any("reference to G8.47" in p for p in problems), problems


def test_tie_not_in_the_text(content_dir: Path) -> None:
    edit(content_dir / LEGAL, "text: five (5)", "text: six (6)")
    problems = problems_of(content_dir)
    assert any(
        "clauses[3].states[0].text: G8.46A(b): 'six (6)' (tied to non_domestic_weight) is not "
        "in the after-text" in p
        for p in problems
    ), problems
    assert any(
        "'five (5)' in the after-text states non_domestic_weight (5) but is not tied" in p
        for p in problems
    ), problems


def test_parameter_not_in_force_before(content_dir: Path) -> None:
    edit(content_dir / LEGAL, "parameter: domestic_threshold", "parameter: combined_threshold")
    problems = problems_of(content_dir)
    assert any(
        "clauses[0].states_before[0].parameter: G8.46: combined_threshold is not in force on "
        "2019-02-27" in p
        for p in problems
    ), problems


def test_duplicate_and_unchanged_clauses(content_dir: Path) -> None:
    path = content_dir / LEGAL
    edit(path, "  - clause: G8.46A(b)\n", "  - clause: G8.46A(a)\n")
    problems = problems_of(content_dir)
    assert any("G8.46A(a) is listed twice (first at line" in p for p in problems), problems


def test_clause_with_no_text_is_a_located_content_error(content_dir: Path) -> None:
    path = content_dir / LEGAL
    text = path.read_text(encoding="utf-8")
    dropped = re.sub(
        r"(  - clause: G8\.46A\n    heading: [^\n]*\n)    after: >-\n(?:      [^\n]*\n)+",
        r"\1",
        text,
    )
    assert dropped != text
    path.write_text(dropped, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    line, col = line_col(path, "- clause: G8.46A\n")
    assert f"{path}:{line}:{col + 2}: clauses[1]: a clause needs before" in str(caught.value)


# --- clause references ------------------------------------------------------------------------


def test_a_sub_paragraph_the_legal_text_does_not_set_out_is_located(content_dir: Path) -> None:
    mod = content_dir / "SECMP0059" / "modification.yaml"
    edit(mod, "Other Users in SEC Section G8.47", "Other Users in SEC Section G8.46A(c)")
    problems = problems_of(content_dir)
    line, col = line_col(mod, "G8.46A(c)")
    assert problems == [
        f"{mod}:{line}:{col}: solution[1].text: reference to G8.46A(c), which legal-text.yaml "
        "does not set out (it sets out G8.46A, G8.46A(a), G8.46A(b))"
    ]


def test_a_reference_to_an_unchanged_clause_passes_and_is_listed(content_dir: Path) -> None:
    mod = content_dir / "SECMP0059" / "modification.yaml"
    edit(mod, "Other Users in SEC Section G8.47", "Other Users in SEC Section G8.14 and G8.47")
    assert problems_of(content_dir) == []
    lines = legal_references(load_content(content_dir))
    assert [x for x in lines if x.startswith("SECMP0059")] == [
        "SECMP0059: refers to unchanged G8.14"
    ]
    assert "MP071: refers to unchanged H7, K3" in lines


def test_a_wrong_sub_paragraph_in_the_guidance_is_located(content_dir: Path) -> None:
    guidance = content_dir / "SECMP0059" / "guidance.yaml"
    edit(guidance, "This section replaces", "Section G8.46A(d) replaces")
    problems = problems_of(content_dir)
    line, col = line_col(guidance, "G8.46A(d)")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{guidance}:{line}:{col}: summary: reference to G8.46A(d)")


def test_wrong_sub_paragraph_in_a_response_and_deleted_clause_in_the_legal_text(
    content_dir: Path,
) -> None:
    responses = content_dir / "SECMP0059" / "responses.yaml"
    edit(
        responses,
        "comments: Supports the modification and the clarity it gives Supplier Parties.",
        "comments: Supports the modification and the clarity G8.46A(c) gives Supplier Parties.",
    )
    legal = content_dir / LEGAL
    edit(legal, "clauses:\n", "clauses:\n  - clause: G8.45\n    before: Repealed text.\n", 1)
    edit(legal, "Where Section G8.46A does not apply", "Where Section G8.45 does not apply")
    problems = problems_of(content_dir)
    line, col = line_col(responses, "G8.46A(c)")
    assert any(
        p.startswith(f"{responses}:{line}:{col}: responses[0].comments: reference to G8.46A(c)")
        for p in problems
    ), problems
    legal_line, legal_col = line_col(legal, "G8.45 does not")
    assert any(
        p.startswith(
            f"{legal}:{legal_line}:{legal_col}: clauses[1].after: reference to G8.45, "
            "which this modification deletes"
        )
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("ref", "status"),
    [
        ("G8.47", "amended"),
        ("G8.46A", "inserted"),
        ("G8.46A(a)", "amended"),
        ("G8.46A(c)", "missing"),
        ("G8", "amended"),
        ("G8.45", "deleted"),
        ("G8.44", "unchanged"),
        ("G9", "outside"),
        ("G8.48", "outside"),
    ],
)
def test_reference_status(ref: str, status: str) -> None:
    clauses = {
        "G8.44": Clause(clause="G8.44", unchanged="A lead-in:"),
        "G8.45": Clause(clause="G8.45", before="old"),
        "G8.46A": Clause(clause="G8.46A", after="Where (a) or (b):"),
        "G8.47": Clause(clause="G8.47", before="old", after="new"),
    }
    assert reference_status(ref, clauses) == status


def test_an_unchanged_clause_is_shown_for_context(content_dir: Path) -> None:
    legal = content_dir / LEGAL
    edit(
        legal,
        "clauses:\n",
        "clauses:\n  - clause: G8.45\n    unchanged: Each User shall comply with one of the "
        "following.\n",
        1,
    )
    assert problems_of(content_dir) == []
    content = load_content(content_dir)
    mod = content.modifications["SECMP0059"]
    assert mod.legal_text is not None
    views = clause_views(mod.legal_text)
    assert views[0].kind == "unchanged" and "*(unchanged)*" in views[0].redline
    assert "<ins>" not in views[0].redline and "<del>" not in views[0].redline


def test_other_sections_and_lookalikes_are_not_references() -> None:
    text = "SECMP0059 cites SEC Section G8.47, v1.15, D8.3 and G8.46A(a); not xG8 nor G8x."
    refs = [(m.group("ref"), m.group("section")) for m in CLAUSE_REFERENCE.finditer(text)]
    assert refs == [("G8.47", "G"), ("D8.3", "D"), ("G8.46A(a)", "G")]


def test_secmod_build_writes_nothing_when_the_legal_text_disagrees(
    content_dir: Path, tmp_path: Path
) -> None:
    edit(content_dir / LEGAL, "text: five (5)", "text: six (6)")
    out = tmp_path / "build"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(content_dir),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert (
        "G8.46A(b): 'six (6)' (tied to non_domestic_weight) is not in the after-text"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*"))
