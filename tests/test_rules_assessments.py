"""The User Security Assessment schedule (SEC Section G8) at every branch and boundary."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import RuleError
from generator.rules import RULE_SETS, Assessment, Portfolio, Role, classify, parameters, schedule
from generator.rules.declaration import COUNTS, MAX_PREMISES, placeholders

F, V, S, U = Assessment.FULL, Assessment.VERIFICATION, Assessment.SELF, Assessment.UNSPECIFIED
AFTER = dt.date(2019, 3, 1)
BEFORE = dt.date(2019, 1, 16)
ND = parameters.NON_DOMESTIC_THRESHOLD.at(AFTER)
COMBINED = parameters.COMBINED_THRESHOLD.at(AFTER)
WEIGHT = parameters.NON_DOMESTIC_WEIGHT.at(AFTER)
DOMESTIC = parameters.DOMESTIC_THRESHOLD.at(BEFORE)


def sched(
    role: Role, domestic: int = 0, non_domestic: int = 0, on: dt.date = AFTER, years: int = 3
):
    return schedule(Portfolio(role, domestic, non_domestic), on, years).assessments


def test_parameters_hold_the_seed_figures() -> None:
    assert (ND, COMBINED, DOMESTIC) == (50_000, 250_000, 250_000)
    assert dt.date(2019, 2, 28) == parameters.SECMP0059_IN_FORCE


def test_weight_makes_the_two_thresholds_agree() -> None:
    assert WEIGHT * ND == COMBINED


@pytest.mark.parametrize(
    ("non_domestic", "expected"),
    [(ND - 1, (F, V, S)), (ND, (F, V, S)), (ND + 1, (F, F, F))],
    ids=["49,999", "50,000", "50,001"],
)
def test_non_domestic_threshold_is_strict(
    non_domestic: int, expected: tuple[Assessment, ...]
) -> None:
    assert sched(Role.SUPPLIER, 0, non_domestic) == expected


@pytest.mark.parametrize(
    ("domestic", "non_domestic", "expected", "branch"),
    [
        (COMBINED, 0, (F, V, S), "SECMP0059.supplier.cycle"),
        (COMBINED + 1, 0, (F, F, F), "SECMP0059.supplier.combined-above-threshold"),
        (100_000, 30_000, (F, V, S), "SECMP0059.supplier.cycle"),  # 100,000 + 5 x 30,000 = 250,000
        (100_000, 30_001, (F, F, F), "SECMP0059.supplier.combined-above-threshold"),  # 250,005
        (COMBINED - WEIGHT, 1, (F, V, S), "SECMP0059.supplier.cycle"),  # exactly 250,000
        (COMBINED - WEIGHT + 1, 1, (F, F, F), "SECMP0059.supplier.combined-above-threshold"),
    ],
)
def test_combined_threshold_is_strict(
    domestic: int, non_domestic: int, expected: tuple[Assessment, ...], branch: str
) -> None:
    assert sched(Role.SUPPLIER, domestic, non_domestic) == expected
    assert classify(Portfolio(Role.SUPPLIER, domestic, non_domestic), AFTER).branch.value == branch


def test_non_domestic_rule_is_checked_before_the_combined_one() -> None:
    result = classify(Portfolio(Role.SUPPLIER, 10**6, ND + 1), AFTER)
    assert result.branch.value == "SECMP0059.supplier.non-domestic-above-threshold"
    assert "G8.46A(a)" in result.reason


def test_other_users_after_secmp0059() -> None:
    assert sched(Role.OTHER) == (F, V, S)
    assert classify(Portfolio(Role.OTHER), AFTER).branch.value == "SECMP0059.other.cycle"


def test_other_users_premises_do_not_matter() -> None:
    assert sched(Role.OTHER, 10**6, 10**6) == (F, V, S)


def test_cycle_repeats_from_year_four() -> None:
    assert sched(Role.SUPPLIER, 1000, 10, years=7) == (F, V, S, F, V, S, F)
    assert sched(Role.OTHER, years=6) == (F, V, S, F, V, S)
    assert sched(Role.SUPPLIER, 0, ND + 1, years=5) == (F,) * 5


@pytest.mark.parametrize(
    ("domestic", "non_domestic", "expected", "branch"),
    [
        (DOMESTIC + 1, 0, (F, F, F), "SEC-G8-2018.supplier.domestic-above-threshold"),
        (DOMESTIC + 1, 5, (F, F, F), "SEC-G8-2018.supplier.domestic-above-threshold"),
        (DOMESTIC, 0, (F, V, S), "SEC-G8-2018.supplier.domestic-only-cycle"),
        (0, 0, (F, V, S), "SEC-G8-2018.supplier.domestic-only-cycle"),
        (DOMESTIC, 1, (F, U, U), "SEC-G8-2018.supplier.non-domestic-silent"),
        (DOMESTIC, 1, (F, U, U, U, U), "SEC-G8-2018.supplier.non-domestic-silent"),
        (0, ND + 1, (F, U, U), "SEC-G8-2018.supplier.non-domestic-silent"),
    ],
)
def test_baseline_supplier(
    domestic: int, non_domestic: int, expected: tuple[Assessment, ...], branch: str
) -> None:
    assert sched(Role.SUPPLIER, domestic, non_domestic, on=BEFORE, years=len(expected)) == expected
    result = classify(Portfolio(Role.SUPPLIER, domestic, non_domestic), BEFORE)
    assert result.branch.value == branch
    assert result.rule_set.id == "SEC-G8-2018"


def test_baseline_other_users() -> None:
    assert sched(Role.OTHER, on=BEFORE) == (F, S, S)
    assert sched(Role.OTHER, on=BEFORE, years=4) == (F, S, S, F)


def test_rule_set_changes_on_the_day_secmp0059_takes_effect() -> None:
    eve = parameters.SECMP0059_IN_FORCE - dt.timedelta(days=1)
    assert sched(Role.OTHER, on=eve) == (F, S, S)
    assert sched(Role.OTHER, on=parameters.SECMP0059_IN_FORCE) == (F, V, S)
    assert schedule(Portfolio(Role.OTHER), parameters.SECMP0059_IN_FORCE).rules == "SECMP0059"


def test_every_branch_is_reachable() -> None:
    seen = {
        classify(Portfolio(role, d, n), on).branch.value
        for role in Role
        for d in (0, DOMESTIC + 1, 100_000)
        for n in (0, 1, ND + 1, 30_001)
        for on in (BEFORE, AFTER)
    }
    assert seen == {b.value for r in RULE_SETS for b in r.branches}


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Portfolio(Role.SUPPLIER, -1, 0),
        lambda: Portfolio(Role.SUPPLIER, 0, -5),
        lambda: Portfolio(Role.SUPPLIER, True, 0),  # type: ignore[arg-type]
        lambda: schedule(Portfolio(Role.OTHER), AFTER, 0),
        lambda: parameters.NON_DOMESTIC_THRESHOLD.at(dt.date(2000, 1, 1)),
        lambda: Portfolio(Role.SUPPLIER, MAX_PREMISES + 1, 0),
        lambda: classify(Portfolio(Role.OTHER), dt.date(2000, 1, 1)),
    ],
)
def test_bad_questions_raise_rule_errors(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError):
        bad()


premises = st.integers(min_value=0, max_value=2_000_000)
dates = st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2035, 12, 31))
roles = st.sampled_from(list(Role))


@given(role=roles, d=premises, n=premises, extra_d=premises, extra_n=premises, on=dates)
def test_more_premises_never_lighten_an_assessment(
    role: Role, d: int, n: int, extra_d: int, extra_n: int, on: dt.date
) -> None:
    small = sched(role, d, n, on=on, years=6)
    large = sched(role, d + extra_d, n + extra_n, on=on, years=6)
    for a, b in zip(small, large, strict=True):
        if a.weight is not None and b.weight is not None:
            assert b.weight >= a.weight


@given(role=roles, d=premises, n=premises, on=dates)
def test_schedule_has_period_three_and_year_one_is_full(
    role: Role, d: int, n: int, on: dt.date
) -> None:
    years = sched(role, d, n, on=on, years=9)
    assert years[0] is F
    if U in years:  # the Code's silence (before SECMP0059) covers every year after the first
        assert years[1:] == (U,) * 8
    else:
        assert years[:3] == years[3:6] == years[6:9]


@given(role=roles, d=premises, n=premises)
def test_secmp0059_never_leaves_a_year_unspecified(role: Role, d: int, n: int) -> None:
    assert U not in sched(role, d, n, on=AFTER, years=6)


def test_a_date_before_the_rules_says_which_dates_are_covered() -> None:
    with pytest.raises(RuleError) as caught:
        classify(Portfolio(Role.SUPPLIER, 1, 1), parameters.BEGINNING - dt.timedelta(days=1))
    assert str(caught.value) == (
        "The rules cover dates from 23 September 2013 onwards: "
        "choose 23 September 2013 or a later date."
    )


def test_more_premises_than_great_britain_has_are_refused() -> None:
    assert Portfolio(Role.SUPPLIER, MAX_PREMISES, MAX_PREMISES).domestic == MAX_PREMISES
    with pytest.raises(RuleError, match="non_domestic: at most 40,000,000 premises"):
        Portfolio(Role.SUPPLIER, 0, MAX_PREMISES + 1)


def test_a_classification_names_the_assumed_values_it_read() -> None:
    combined = classify(Portfolio(Role.SUPPLIER, 100_000, 30_001), AFTER)
    assert combined.assumed == ["non_domestic_weight"]
    above = classify(Portfolio(Role.SUPPLIER, 0, ND + 1), AFTER)
    assert above.assumed == []
    assert [c.threshold for c in combined.compared] == [
        "non_domestic_threshold",
        "combined_threshold",
    ]
    assert [c.threshold for c in above.compared] == ["non_domestic_threshold"]


def test_every_declared_rule_set_is_well_formed() -> None:
    """Each role's last branch is the otherwise; every name a branch uses is declared."""
    for rule_set in RULE_SETS:
        quantities = {q.name for q in rule_set.quantities}
        for role in Role:
            branches = rule_set.branches_for(role)
            assert branches and branches[-1].when == (), (rule_set.id, role)
            assert all(b.when for b in branches[:-1]), (rule_set.id, role)
        for branch in rule_set.branches:
            for test in branch.when:
                assert test.quantity in COUNTS or test.quantity in quantities
                assert test.threshold is None or test.threshold in parameters.PARAMETERS
            assert branch.outcome in {a.value for a in Assessment} or (
                branch.outcome in parameters.PARAMETERS
            )
            for name in placeholders(branch.reason):
                assert name in COUNTS or name in quantities or name in parameters.PARAMETERS
        for quantity in rule_set.quantities:
            assert all(t.count in COUNTS for t in quantity.terms)
            assert all(t.weight in parameters.PARAMETERS for t in quantity.terms if t.weight)


def test_every_parameter_says_where_its_value_comes_from() -> None:
    for p in parameters.PARAMETERS.values():
        assert p.reference or p.source or p.assumed, p.name
    assert [p.name for p in parameters.assumptions()] == ["non_domestic_weight"]
