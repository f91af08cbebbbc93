"""Tests of fazhi.rules.calendar: the official arrangement, override tables, unknown years."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    PACKAGE_FIRST_YEAR,
    PACKAGE_LAST_YEAR,
    CalendarUnknownError,
    HolidayTable,
    RulesError,
    count_working_days,
    get_default_holiday_table,
    is_working_day,
    known_years,
    next_working_day,
    set_default_holiday_table,
)

from .helpers import days_between, known_dates

UNKNOWN_YEAR = PACKAGE_LAST_YEAR + 1


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2024, 10, 1), False, id="2024-10-01_national_day_is_a_holiday"),
        pytest.param(date(2024, 10, 7), False, id="2024-10-07_monday_inside_national_day_block_is_a_rest_day"),
        pytest.param(date(2024, 9, 29), True, id="2024-09-29_sunday_makeup_workday_is_a_working_day"),
        pytest.param(date(2024, 10, 12), True, id="2024-10-12_saturday_makeup_workday_is_a_working_day"),
        pytest.param(date(2025, 1, 26), True, id="2025-01-26_sunday_makeup_before_spring_festival"),
        pytest.param(date(2025, 1, 28), False, id="2025-01-28_spring_festival_eve_is_a_holiday_from_2025"),
        pytest.param(date(2025, 9, 28), True, id="2025-09-28_sunday_makeup_before_national_day"),
        pytest.param(date(2025, 10, 8), False, id="2025-10-08_last_day_of_national_day_block"),
        pytest.param(date(2025, 10, 11), True, id="2025-10-11_saturday_makeup_after_national_day"),
        pytest.param(date(2025, 10, 12), False, id="2025-10-12_ordinary_sunday"),
        pytest.param(date(2025, 10, 9), True, id="2025-10-09_first_working_day_after_national_day"),
        pytest.param(date(2026, 1, 4), True, id="2026-01-04_sunday_makeup_after_new_year"),
        pytest.param(date(2026, 2, 23), False, id="2026-02-23_monday_inside_spring_festival_2026"),
        pytest.param(date(2026, 2, 28), True, id="2026-02-28_saturday_makeup_after_spring_festival_2026"),
        pytest.param(date(2026, 9, 20), True, id="2026-09-20_sunday_makeup_before_national_day_2026"),
        pytest.param(date(2026, 10, 7), False, id="2026-10-07_last_day_of_national_day_2026"),
        pytest.param(date(2026, 10, 10), True, id="2026-10-10_saturday_makeup_after_national_day_2026"),
    ],
)
def test_known_official_arrangement_is_followed(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_the_installed_package_knows_2004_to_2026() -> None:
    assert (PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR) == (2004, 2026)


def test_a_year_after_the_data_raises_calendar_unknown_with_a_chinese_message() -> None:
    with pytest.raises(CalendarUnknownError) as excinfo:
        is_working_day(date(UNKNOWN_YEAR, 3, 2))
    assert excinfo.value.year == UNKNOWN_YEAR
    assert str(excinfo.value) == (
        f"{UNKNOWN_YEAR}年的法定节假日安排尚未录入，无法确定工作日：请系统管理员在「系统管理—节假日安排」中录入{UNKNOWN_YEAR}年的放假安排"
    )
    assert isinstance(excinfo.value, RulesError)
    assert isinstance(excinfo.value, ValueError)


def test_a_year_before_the_data_raises_calendar_unknown() -> None:
    with pytest.raises(CalendarUnknownError):
        is_working_day(date(PACKAGE_FIRST_YEAR - 1, 6, 2))


def test_a_weekday_in_an_unknown_year_is_not_guessed_to_be_a_working_day() -> None:
    with pytest.raises(CalendarUnknownError):
        is_working_day(date(UNKNOWN_YEAR, 1, 5))


def _table_for_unknown_year() -> HolidayTable:
    return HolidayTable.for_year(
        UNKNOWN_YEAR,
        holidays={date(UNKNOWN_YEAR, 1, 1), date(UNKNOWN_YEAR, 10, 1)},
        makeup_workdays={_a_weekend()},
    )


def _a_weekend() -> date:
    d = date(UNKNOWN_YEAR, 1, 1)
    while d.weekday() < 5:
        d += timedelta(days=1)
    return d


def test_an_override_table_supplies_an_unknown_year() -> None:
    table = _table_for_unknown_year()
    makeup = next(iter(table.makeup_workdays))
    assert is_working_day(date(UNKNOWN_YEAR, 10, 1), table) is False
    assert is_working_day(makeup, table) is True
    first_monday = next(
        d for d in days_between(date(UNKNOWN_YEAR, 1, 1), date(UNKNOWN_YEAR, 1, 14)) if d.weekday() == 0
    )
    assert is_working_day(first_monday, table) is True


def test_an_override_year_takes_precedence_over_the_package() -> None:
    # Pretend 2025-10-08 was a working day and 2025-10-09 a holiday.
    table = HolidayTable.for_year(2025, holidays={date(2025, 10, 9)})
    assert is_working_day(date(2025, 10, 8), table) is True
    assert is_working_day(date(2025, 10, 9), table) is False
    # A year the table does not list still comes from the package.
    assert is_working_day(date(2024, 10, 1), table) is False


def test_an_installed_default_table_is_used_by_one_argument_calls() -> None:
    table = _table_for_unknown_year()
    set_default_holiday_table(table)
    assert get_default_holiday_table() is table
    assert is_working_day(date(UNKNOWN_YEAR, 10, 1)) is False
    set_default_holiday_table(None)
    assert get_default_holiday_table() is None
    with pytest.raises(CalendarUnknownError):
        is_working_day(date(UNKNOWN_YEAR, 10, 1))


def test_explicit_overrides_win_over_the_installed_default_table() -> None:
    set_default_holiday_table(HolidayTable.for_year(2025, holidays={date(2025, 3, 3)}))
    explicit = HolidayTable.for_year(2025)
    assert is_working_day(date(2025, 3, 3)) is False
    assert is_working_day(date(2025, 3, 3), explicit) is True


def test_known_years_include_override_and_default_tables() -> None:
    assert known_years() == frozenset(range(PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR + 1))
    set_default_holiday_table(HolidayTable(years=frozenset({UNKNOWN_YEAR + 1})))
    years = known_years(HolidayTable(years=frozenset({UNKNOWN_YEAR})))
    assert {UNKNOWN_YEAR, UNKNOWN_YEAR + 1} <= years


def test_a_table_date_outside_its_years_is_refused() -> None:
    with pytest.raises(RulesError, match="不在该表所覆盖的年份内"):
        HolidayTable(years=frozenset({2030}), holidays=frozenset({date(2031, 1, 1)}))


def test_a_date_that_is_both_holiday_and_makeup_workday_is_refused() -> None:
    saturday = date(2030, 1, 5)
    with pytest.raises(RulesError, match="同时被登记为节假日和调休上班日"):
        HolidayTable.for_year(2030, holidays={saturday}, makeup_workdays={saturday})


def test_a_makeup_workday_on_a_weekday_is_refused() -> None:
    with pytest.raises(RulesError, match="本来就是工作日"):
        HolidayTable.for_year(2030, makeup_workdays={date(2030, 1, 7)})


def test_a_datetime_in_a_table_is_refused() -> None:
    with pytest.raises(RulesError, match="不能是日期时间"):
        HolidayTable.for_year(2030, holidays={datetime(2030, 1, 1)})  # type: ignore[arg-type]


def test_a_datetime_is_refused_because_it_never_equals_a_date() -> None:
    with pytest.raises(RulesError, match="不能是日期时间"):
        is_working_day(datetime(2025, 10, 1, 9, 0))
    with pytest.raises(RulesError):
        is_working_day("2025-10-01")  # type: ignore[arg-type]


def test_a_table_accepts_plain_sets_and_freezes_them() -> None:
    table = HolidayTable(years={2030}, holidays={date(2030, 1, 1)})  # type: ignore[arg-type]
    assert isinstance(table.years, frozenset)
    assert isinstance(table.holidays, frozenset)
    assert table.covers(2030) and not table.covers(2029)


def test_merging_tables_lets_the_second_table_replace_whole_years() -> None:
    first = HolidayTable(
        years=frozenset({2030, 2031}),
        holidays=frozenset({date(2030, 1, 1), date(2031, 1, 1)}),
        makeup_workdays=frozenset({date(2030, 1, 5), date(2031, 1, 4)}),
    )
    second = HolidayTable.for_year(2031, holidays={date(2031, 1, 2)})
    merged = first.merged_with(second)
    assert merged.years == frozenset({2030, 2031})
    assert merged.holidays == frozenset({date(2030, 1, 1), date(2031, 1, 2)})
    assert merged.makeup_workdays == frozenset({date(2030, 1, 5)})


def test_next_working_day_skips_the_national_day_block() -> None:
    assert next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
    assert next_working_day(date(2025, 10, 9)) == date(2025, 10, 9)


def test_count_working_days_excludes_the_start_and_includes_the_end() -> None:
    assert count_working_days(date(2025, 9, 26), date(2025, 10, 13)) == 7
    assert count_working_days(date(2025, 10, 13), date(2025, 10, 13)) == 0
    assert count_working_days(date(2025, 10, 13), date(2025, 10, 1)) == 0


@given(known_dates)
def test_a_working_day_is_a_weekday_or_an_official_makeup_day(d: date) -> None:
    import chinese_calendar

    assert is_working_day(d) is bool(chinese_calendar.is_workday(d))


@given(known_dates)
def test_next_working_day_is_a_working_day_not_before_the_date(d: date) -> None:
    result = next_working_day(d)
    assert result >= d
    assert is_working_day(result)
    assert all(not is_working_day(x) for x in days_between(d - timedelta(days=1), result - timedelta(days=1)))


@given(known_dates, st.integers(min_value=0, max_value=60))
def test_count_working_days_matches_a_day_by_day_count(d: date, span: int) -> None:
    until = d + timedelta(days=span)
    assert count_working_days(d, until) == sum(is_working_day(x) for x in days_between(d, until))
