"""Tests of fazhi.rules.periods: working-day, calendar-day and month periods."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    PACKAGE_LAST_YEAR,
    CalendarUnknownError,
    HolidayTable,
    RulesError,
    add_calendar_months,
    add_working_days,
    anniversary,
    count_working_days,
    is_working_day,
    months_end,
    period_end,
)

from .helpers import days_between, known_dates


def test_five_working_days_after_a_friday_skip_the_weekend() -> None:
    assert add_working_days(date(2025, 3, 7), 5) == date(2025, 3, 14)


def test_working_days_across_national_day_2025_use_the_makeup_days() -> None:
    # Fri 26 Sep; Sun 28 Sep is a make-up workday; 1-8 Oct are holidays; Sat 11 Oct is a make-up workday.
    start = date(2025, 9, 26)
    assert add_working_days(start, 1) == date(2025, 9, 28)
    assert add_working_days(start, 3) == date(2025, 9, 30)
    assert add_working_days(start, 4) == date(2025, 10, 9)
    assert add_working_days(start, 6) == date(2025, 10, 11)
    assert add_working_days(start, 7) == date(2025, 10, 13)


def test_zero_working_days_end_on_the_start_day_even_on_a_holiday() -> None:
    assert add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 1)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_a_negative_or_non_integer_length_is_refused(bad: object) -> None:
    with pytest.raises(RulesError):
        add_working_days(date(2025, 3, 3), bad)  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        period_end(date(2025, 3, 3), bad)  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        months_end(date(2025, 3, 3), bad)  # type: ignore[arg-type]


def test_a_datetime_start_is_refused() -> None:
    with pytest.raises(RulesError, match="不能是日期时间"):
        add_working_days(datetime(2025, 3, 3, 8, 0), 1)


def test_a_working_day_period_reaching_an_unknown_year_raises() -> None:
    with pytest.raises(CalendarUnknownError):
        add_working_days(date(PACKAGE_LAST_YEAR, 12, 28), 5)


def test_a_working_day_period_in_an_unknown_year_works_with_an_override_table() -> None:
    year = PACKAGE_LAST_YEAR + 1
    table = HolidayTable.for_year(year, holidays={date(year, 1, 1)})
    result = add_working_days(date(PACKAGE_LAST_YEAR, 12, 31), 1, overrides=table)
    assert result.year == year and result > date(year, 1, 1)
    assert is_working_day(result, table)


def test_a_calendar_period_ending_on_a_sunday_moves_to_monday() -> None:
    # 2025-03-01 (Sat) + 15 days = 2025-03-16 (Sun) → Mon 17th.
    assert period_end(date(2025, 3, 1), 15) == date(2025, 3, 17)


def test_a_calendar_period_ending_in_the_national_day_block_moves_past_it() -> None:
    assert period_end(date(2025, 9, 16), 15) == date(2025, 10, 9)


def test_a_calendar_period_ending_on_a_makeup_saturday_ends_that_day() -> None:
    assert period_end(date(2025, 9, 26), 15) == date(2025, 10, 11)


def test_a_zero_day_calendar_period_ends_on_the_start_day() -> None:
    assert period_end(date(2025, 10, 1), 0) == date(2025, 10, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2025, 1, 31), 1, date(2025, 2, 28), id="jan31_plus_1_month_is_feb28"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="jan31_plus_1_month_is_feb29_in_a_leap_year"),
        pytest.param(date(2025, 3, 31), 1, date(2025, 4, 30), id="mar31_plus_1_month_is_apr30"),
        pytest.param(date(2025, 11, 30), 2, date(2026, 1, 30), id="crosses_the_year_end"),
        pytest.param(date(2025, 12, 31), 2, date(2026, 2, 28), id="dec31_plus_2_months_is_feb28"),
        pytest.param(date(2025, 12, 15), 0, date(2025, 12, 15), id="zero_months_is_the_start"),
    ],
)
def test_adding_calendar_months_uses_the_corresponding_day_or_the_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_calendar_months(start, months) == expected


def test_adding_months_beyond_the_last_representable_year_is_refused() -> None:
    with pytest.raises(RulesError, match="超出可计算的日期范围"):
        add_calendar_months(date(9999, 12, 1), 1)


def test_an_anniversary_of_feb_29_is_feb_28_in_a_common_year() -> None:
    assert anniversary(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_a_month_period_ending_on_a_rest_day_moves_to_the_next_working_day() -> None:
    # 2025-03-31 + 6 months = 2025-09-30 (Tue, working); 2025-04-01 + 6 months = 2025-10-01 → 2025-10-09.
    assert months_end(date(2025, 3, 31), 6) == date(2025, 9, 30)
    assert months_end(date(2025, 4, 1), 6) == date(2025, 10, 9)


def test_a_zero_month_period_is_the_start_day() -> None:
    assert months_end(date(2025, 10, 1), 0) == date(2025, 10, 1)


@given(known_dates, st.integers(min_value=1, max_value=30))
def test_add_working_days_lands_on_a_working_day_with_exactly_n_working_days(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)
    assert count_working_days(start, result) == n
    assert count_working_days(start, result - timedelta(days=1)) == n - 1


@given(known_dates, st.integers(min_value=1, max_value=20))
def test_add_working_days_is_monotonic_in_n(start: date, n: int) -> None:
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@given(known_dates, st.integers(min_value=1, max_value=120))
def test_period_end_is_the_first_working_day_on_or_after_start_plus_days(start: date, days: int) -> None:
    result = period_end(start, days)
    naive_end = start + timedelta(days=days)
    assert result >= naive_end
    assert is_working_day(result)
    assert all(not is_working_day(d) for d in days_between(naive_end - timedelta(days=1), result - timedelta(days=1)))


@given(known_dates, st.integers(min_value=1, max_value=6))
def test_months_end_is_a_working_day_on_or_after_the_corresponding_day(start: date, months: int) -> None:
    corresponding = add_calendar_months(start, months)
    result = months_end(start, months)
    assert result >= corresponding
    assert is_working_day(result)
    assert all(
        not is_working_day(d) for d in days_between(corresponding - timedelta(days=1), result - timedelta(days=1))
    )


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=240),
)
def test_adding_months_keeps_the_day_unless_the_month_is_too_short(start: date, months: int) -> None:
    result = add_calendar_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    if result.day != start.day:
        assert result.day < start.day
        assert (result + timedelta(days=1)).day == 1
