"""Working Days (bank holidays of England and Wales) and the timetable dates."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import RuleError
from generator.rules.calendar import (
    add_working_days,
    implementation_date,
    is_working_day,
    objection_period_end,
)

D = dt.date


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert not is_working_day(D(2019, 1, 26))  # Saturday
    assert not is_working_day(D(2019, 1, 27))  # Sunday
    assert not is_working_day(D(2019, 1, 1))  # New Year's Day
    assert is_working_day(D(2019, 1, 2))


def test_counting_starts_the_next_day() -> None:
    assert add_working_days(D(2019, 1, 23), 1) == D(2019, 1, 24)
    assert add_working_days(D(2019, 1, 25), 1) == D(2019, 1, 28)  # Friday -> Monday
    assert add_working_days(D(2019, 1, 26), 1) == D(2019, 1, 28)  # from a Saturday
    assert add_working_days(D(2019, 1, 23), 0) == D(2019, 1, 23)


def test_across_easter() -> None:
    # Good Friday 19 April and Easter Monday 22 April 2019 are bank holidays.
    assert add_working_days(D(2019, 4, 18), 1) == D(2019, 4, 23)
    assert add_working_days(D(2019, 4, 17), 3) == D(2019, 4, 24)


def test_across_christmas_and_new_year() -> None:
    # 25, 26 December 2019 and 1 January 2020 are bank holidays.
    assert add_working_days(D(2019, 12, 24), 1) == D(2019, 12, 27)
    assert add_working_days(D(2019, 12, 20), 10) == D(2020, 1, 8)


def test_christmas_substitute_days() -> None:
    # 2022: Christmas on a Sunday, so Tuesday 27 December is the substitute holiday.
    assert not is_working_day(D(2022, 12, 27))
    assert add_working_days(D(2022, 12, 23), 1) == D(2022, 12, 28)


@pytest.mark.parametrize(
    ("holiday", "name"),
    [
        (D(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (D(2023, 5, 8), "Coronation of King Charles III"),
        (D(2022, 6, 3), "Platinum Jubilee"),
    ],
)
def test_one_off_bank_holidays(holiday: dt.date, name: str) -> None:
    assert holiday.weekday() < 5, name
    assert not is_working_day(holiday), name
    before = holiday - dt.timedelta(days=1 if holiday.weekday() else 3)
    assert add_working_days(before, 1) > holiday


def test_objection_period_of_the_acceptance_example() -> None:
    assert objection_period_end(D(2019, 1, 23)) == D(2019, 2, 6)


def test_implementation_on_release_when_decided_by_cutoff() -> None:
    release, cutoff = D(2019, 2, 28), D(2019, 2, 14)
    assert implementation_date(D(2019, 1, 23), release, cutoff, 10) == release
    assert implementation_date(cutoff, release, cutoff, 10) == release


def test_implementation_falls_back_after_cutoff() -> None:
    assert implementation_date(D(2019, 2, 15), D(2019, 2, 28), D(2019, 2, 14), 10) == D(2019, 3, 1)


def test_bad_arguments() -> None:
    with pytest.raises(RuleError):
        add_working_days(D(2019, 1, 1), -1)
    with pytest.raises(RuleError):
        implementation_date(D(2019, 1, 1), D(2019, 2, 1), D(2019, 3, 1), 10)
