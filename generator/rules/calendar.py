"""Working Days and the dates of a modification's timetable.

A Working Day (SEC Section A1, "Working Day") is any day other than a Saturday, a Sunday or a
bank holiday in England and Wales. Bank holidays, one-off ones such as a coronation or a state
funeral included, come from the maintained ``holidays`` calendar (United Kingdom, England), which
for England and Wales is one and the same list.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from generator.errors import RuleError
from generator.rules import parameters as p

__all__ = [
    "MAX_WORKING_DAYS",
    "add_working_days",
    "implementation_date",
    "is_working_day",
    "objection_period_end",
    "working_days_between",
]


#: The longest count of Working Days any timetable is read with: about ten years. The Code's
#: periods are days or weeks long, so a larger count is a typing mistake, refused before the
#: calendar is walked day by day.
MAX_WORKING_DAYS = 2_600


@lru_cache(maxsize=256)
def _holidays_of(year: int) -> frozenset[dt.date]:
    import holidays  # imported on first use: `secmod assess` never pays for it

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(calendar.keys())


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a Working Day (SEC Section A1): a weekday that is no bank holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date ``n`` Working Days after ``start``, counting from the day after it.

    ``add_working_days(d, 0)`` is ``d`` itself.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise RuleError("working_days: must be a whole number, 0 or more")
    if n > MAX_WORKING_DAYS:
        raise RuleError(f"working_days: {n:,} is more than {MAX_WORKING_DAYS:,} (about ten years)")
    day = start
    remaining = n
    try:
        while remaining:
            day += dt.timedelta(days=1)
            if is_working_day(day):
                remaining -= 1
    except OverflowError:
        raise RuleError(
            f"{n} Working Days after {start.isoformat()} fall after the last date a calendar "
            "holds (31 December 9999)"
        ) from None
    return day


def objection_period_end(decision: dt.date, working_days: int | None = None) -> dt.date:
    """The last day on which a Party may refer a Self-Governance decision to the Panel.

    SEC Section D8: the objection period runs for ``objection_period_working_days`` (10)
    Working Days after the Change Board's decision.
    """
    days = p.OBJECTION_PERIOD_WORKING_DAYS.at(decision) if working_days is None else working_days
    return add_working_days(decision, days)


def implementation_date(
    decision: dt.date, release: dt.date, cutoff: dt.date, fallback_working_days: int
) -> dt.date:
    """When an approved modification takes effect, under the Panel's implementation approach.

    The release date when the decision is made on or before the cutoff; otherwise
    ``fallback_working_days`` Working Days after the decision (SEC Section D9).
    """
    if cutoff > release:
        raise RuleError(
            f"cutoff: {cutoff.isoformat()} is after the release date {release.isoformat()}"
        )
    if decision <= cutoff:
        return release
    return add_working_days(decision, fallback_working_days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many Working Days fall after ``start`` up to and including ``end`` (0 if none)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
