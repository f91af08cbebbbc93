"""The days 《全国年节及纪念日放假办法》 (2024年修订, 国务院令第795号) fixes, the completeness check of an entered year,
and the provisional calendar for a year whose arrangement is not entered."""

from __future__ import annotations

from datetime import date

import pytest
from chinese_calendar import constants as cc

from fazhi import rules
from fazhi.rules import CalendarUnknownError, RulesError


def _package_year(year: int) -> tuple[set[date], set[date]]:
    return {d for d in cc.holidays if d.year == year}, {d for d in cc.workdays if d.year == year}


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_fixed_days_are_rest_days_in_the_state_councils_arrangements(year: int) -> None:
    holidays, _ = _package_year(year)
    fixed = rules.statutory_holidays(year)
    assert len(fixed) == rules.STATUTORY_HOLIDAY_DAYS == 13
    assert set(fixed) <= holidays


def test_2027s_fixed_days_come_from_the_lunar_calendar_and_the_solar_terms() -> None:
    fixed = rules.statutory_holidays(2027)
    assert fixed[date(2027, 2, 5)] == "春节（除夕）" and fixed[date(2027, 2, 6)] == "春节（正月初一）"
    assert fixed[date(2027, 4, 5)] == "清明节"
    assert fixed[date(2027, 6, 9)] == "端午节" and fixed[date(2027, 9, 15)] == "中秋节"
    assert {date(2027, 1, 1), date(2027, 5, 1), date(2027, 5, 2), date(2027, 10, 3)} <= set(fixed)


@pytest.mark.parametrize("year", [2024, True, "2027"])
def test_a_year_the_2024_revision_does_not_govern_is_refused(year: object) -> None:
    with pytest.raises(RulesError):
        rules.statutory_holidays(year)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_real_arrangements_are_complete_with_exactly_13_weekdays_off(year: int) -> None:
    holidays, workdays = _package_year(year)
    check = rules.check_year(year, holidays, workdays)
    assert check.complete and check.rest_weekdays == 13 and check.missing == ()


def test_one_weekday_less_is_refused_at_the_boundary() -> None:
    holidays, workdays = _package_year(2026)
    # 2026-02-20 (Friday of the 春节 block) is not one of the fixed days: dropping it leaves 12 weekdays off.
    check = rules.check_year(2026, holidays - {date(2026, 2, 20)}, workdays)
    assert not check.complete and check.rest_weekdays == 12 and check.missing == ()
    assert "少于《全国年节及纪念日放假办法》第二条规定的13天" in check.problems[0]


def test_a_year_with_one_holiday_is_incomplete_and_names_what_is_missing() -> None:
    check = rules.check_year(2027, [date(2027, 1, 1)], [])
    assert not check.complete and len(check.problems) == 2
    assert "春节（除夕）2月5日" in check.problems[0] and "国庆节10月1日" in check.problems[0]
    # 初一 and 初二 fall on a weekend: rest days anyway, so not "missing" — their 补假 is what the count asks for.
    assert date(2027, 2, 6) not in dict(check.missing)


def test_a_fixed_weekend_day_worked_by_tiaoxiu_counts_as_missing_and_other_years_days_are_named() -> None:
    holidays, workdays = _package_year(2026)
    check = rules.check_year(2026, holidays - {date(2026, 4, 5)} | {date(2027, 1, 1)}, workdays | {date(2026, 4, 5)})
    assert (date(2026, 4, 5), "清明节") in check.missing
    assert check.problems[0] == "2027-01-01不在2026年内"


def test_outside_the_provisional_context_an_unknown_year_still_raises() -> None:
    with pytest.raises(CalendarUnknownError):
        rules.add_working_days(date(2026, 12, 30), 3)


def test_the_provisional_calendar_counts_weekends_and_the_fixed_days_and_records_the_year() -> None:
    with rules.provisional_calendar() as use:
        assert not use.provisional and use.exact_before is None
        # 2026-12-30 (Wed) + 3 working days: 12-31, (1-1 元旦, 1-2/1-3 weekend), 1-4, 1-5.
        assert rules.add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 5)
    assert use.provisional and use.years == {2027} and use.exact_before == date(2027, 1, 1)
    with rules.provisional_calendar() as use:
        assert rules.add_working_days(date(2026, 3, 2), 3) == date(2026, 3, 5)
    assert not use.provisional


def test_nested_provisional_contexts_share_one_record() -> None:
    with rules.provisional_calendar() as outer:
        with rules.provisional_calendar() as inner:
            rules.is_working_day(date(2028, 1, 3))
        assert inner is outer
    assert outer.years == {2028}


def test_a_provisional_working_day_boundary() -> None:
    assert rules.provisional_working_day(date(2027, 10, 4))  # Monday after the three fixed 国庆 days
    assert not rules.provisional_working_day(date(2027, 10, 1))  # Friday, 国庆节
    assert not rules.provisional_working_day(date(2027, 10, 2))  # Saturday
    # 初四 (Tuesday 2027-02-09) is usually inside the 春节 block by 调休, which cannot be known: provisionally worked.
    assert rules.provisional_working_day(date(2027, 2, 9))
    with pytest.raises(CalendarUnknownError):
        rules.provisional_working_day(date(2003, 5, 6))


def test_a_provisional_date_is_never_before_the_first_assumed_year() -> None:
    with rules.provisional_calendar() as use:
        due = rules.payment_deadline(date(2026, 12, 20))  # 2027-01-04, a Monday
    assert due == date(2027, 1, 4) and use.exact_before is not None and due >= use.exact_before


def test_the_loader_runs_once_at_the_first_question() -> None:
    calls: list[int] = []

    def load() -> None:
        calls.append(1)
        rules.set_default_holiday_table(rules.HolidayTable.for_year(2031, [date(2031, 3, 4)]))

    rules.set_holiday_table_loader(load)
    try:
        assert 2031 in rules.known_years()
        assert not rules.is_working_day(date(2031, 3, 4)) and rules.is_working_day(date(2031, 3, 5))
        assert calls == [1]
    finally:
        rules.set_holiday_table_loader(None)
        rules.set_default_holiday_table(None)


def test_unknown_years_between_names_the_years_no_source_knows() -> None:
    assert rules.unknown_years_between(date(2026, 12, 28), date(2028, 1, 5)) == {2027, 2028}
    assert rules.unknown_years_between(date(2025, 1, 1), date(2026, 12, 31)) == frozenset()
    table = rules.HolidayTable.for_year(2027)
    assert rules.unknown_years_between(date(2026, 12, 28), date(2027, 1, 5), table) == frozenset()
