"""Tests of fazhi.rules.working_hours: a limit in working hours is due at the right minute."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.rules import (
    PACKAGE_LAST_YEAR,
    CalendarUnknownError,
    RulesError,
    WorkingSchedule,
    add_working_days_end,
    add_working_hours,
    is_working_day,
    late_after,
    parse_working_periods,
    provisional_calendar,
)

CST = timezone(timedelta(hours=8), "Asia/Shanghai")
SCHEDULE = WorkingSchedule()  # 08:30–12:00, 14:00–17:30


def at(y: int, m: int, d: int, h: int, mi: int = 0, s: int = 0) -> datetime:  # noqa: PLR0917 — a date literal
    return datetime(y, m, d, h, mi, s, tzinfo=CST)


def test_two_working_hours_from_half_past_eight_are_due_at_half_past_ten() -> None:
    due = add_working_hours(at(2025, 6, 3, 8, 30), 2, SCHEDULE)
    assert due == at(2025, 6, 3, 10, 30)


def test_a_step_in_the_due_minute_is_in_time_and_the_next_minute_is_late() -> None:
    due = add_working_hours(at(2025, 6, 3, 8, 30), 2, SCHEDULE)
    assert not late_after(due, at(2025, 6, 3, 10, 30))
    assert not late_after(due, at(2025, 6, 3, 10, 30, 59))
    assert late_after(due, at(2025, 6, 3, 10, 31))


def test_the_lunch_break_does_not_count() -> None:
    assert add_working_hours(at(2025, 6, 3, 11, 0), 2, SCHEDULE) == at(2025, 6, 3, 15, 0)


def test_a_complaint_received_at_lunch_starts_its_clock_at_two() -> None:
    assert add_working_hours(at(2025, 6, 3, 12, 30), 2, SCHEDULE) == at(2025, 6, 3, 16, 0)


def test_a_limit_used_up_at_the_end_of_the_morning_is_due_at_noon_not_at_two() -> None:
    assert add_working_hours(at(2025, 6, 3, 10, 0), 2, SCHEDULE) == at(2025, 6, 3, 12, 0)


def test_the_evening_does_not_count() -> None:
    assert add_working_hours(at(2025, 6, 3, 17, 0), 2, SCHEDULE) == at(2025, 6, 4, 10, 0)
    assert add_working_hours(at(2025, 6, 3, 21, 0), 2, SCHEDULE) == at(2025, 6, 4, 10, 30)


def test_the_weekend_does_not_count() -> None:
    # 2025-06-06 is a Friday; Saturday and Sunday are skipped.
    assert add_working_hours(at(2025, 6, 6, 17, 0), 2, SCHEDULE) == at(2025, 6, 9, 10, 0)


def test_the_national_day_holiday_does_not_count_and_its_makeup_saturday_does() -> None:
    # 2025: 10月1日至8日放假, 10月11日（星期六）上班.
    assert add_working_hours(at(2025, 9, 30, 17, 0), 2, SCHEDULE) == at(2025, 10, 9, 10, 0)
    assert add_working_hours(at(2025, 10, 10, 17, 0), 2, SCHEDULE) == at(2025, 10, 11, 10, 0)


def test_a_full_working_day_of_hours_ends_at_the_close_of_the_day() -> None:
    assert SCHEDULE.minutes_per_day == 7 * 60
    assert add_working_hours(at(2025, 6, 3, 8, 30), 7, SCHEDULE) == at(2025, 6, 3, 17, 30)
    assert add_working_hours(at(2025, 6, 3, 8, 30), 8, SCHEDULE) == at(2025, 6, 4, 9, 30)


def test_the_seconds_of_the_start_are_kept() -> None:
    assert add_working_hours(at(2025, 6, 3, 9, 0, 40), 2, SCHEDULE) == at(2025, 6, 3, 11, 0, 40)


def test_a_bureau_schedule_from_the_setting_is_used() -> None:
    summer = parse_working_periods("08:00-12:00，15:00-18:00")
    assert summer.periods == ((time(8), time(12)), (time(15), time(18)))
    assert add_working_hours(at(2025, 6, 3, 11, 0), 2, summer) == at(2025, 6, 3, 16, 0)


@pytest.mark.parametrize("text", ["", "8点-12点", "12:00-08:30", "08:30-12:00,11:00-17:00", "08:30-12:00-13:00"])
def test_a_malformed_schedule_is_refused(text: str) -> None:
    with pytest.raises(RulesError):
        parse_working_periods(text)


def test_a_naive_start_and_a_non_positive_limit_are_refused() -> None:
    with pytest.raises(RulesError, match="带时区"):
        add_working_hours(datetime(2025, 6, 3, 9, 0), 2, SCHEDULE)
    for hours in (0, -1, True):
        with pytest.raises(RulesError, match="正整数"):
            add_working_hours(at(2025, 6, 3, 9, 0), hours, SCHEDULE)


def test_a_year_nobody_entered_is_refused_and_counted_only_provisionally() -> None:
    year = PACKAGE_LAST_YEAR + 5
    start = datetime(year, 6, 3, 9, 0, tzinfo=CST)
    with pytest.raises(CalendarUnknownError):
        add_working_hours(start, 2, SCHEDULE)
    with provisional_calendar() as use:
        due = add_working_hours(start, 2, SCHEDULE)
    assert use.provisional and year in use.years
    assert due.date() >= start.date()


def test_a_limit_in_working_days_is_due_at_the_last_minute_of_the_last_day() -> None:
    # Received 2025-09-30: 10月9、10、11（调休）、13、14日 are the five working days.
    due = add_working_days_end(at(2025, 9, 30, 9, 0), 5)
    assert due == at(2025, 10, 14, 23, 59)
    assert not late_after(due, at(2025, 10, 14, 23, 59, 30))
    assert late_after(due, at(2025, 10, 15, 0, 0))


starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 11, 30)).map(
    lambda d: d.replace(tzinfo=CST)
)


# The machine is shared: a slow run is load, not a property.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(starts, st.integers(1, 40), st.integers(1, 40))
def test_two_limits_run_one_after_the_other_add_up(start: datetime, h1: int, h2: int) -> None:
    assert add_working_hours(add_working_hours(start, h1, SCHEDULE), h2, SCHEDULE) == add_working_hours(
        start, h1 + h2, SCHEDULE
    )


@RELAXED
@given(starts, st.integers(1, 40))
def test_the_due_moment_falls_in_a_working_period_of_a_working_day(start: datetime, hours: int) -> None:
    due = add_working_hours(start, hours, SCHEDULE)
    assert due > start and is_working_day(due.date())
    assert any(s < due.time() <= e for s, e in SCHEDULE.periods)


def test_a_schedule_of_text_or_of_seconds_is_refused_and_its_day_ends_with_its_last_period() -> None:
    with pytest.raises(RulesError, match="须为时刻"):
        WorkingSchedule(periods=(("08:30", "12:00"),))  # type: ignore[arg-type]
    with pytest.raises(RulesError, match="精确到分钟"):
        WorkingSchedule(periods=((time(8, 30, 15), time(12, 0)),))
    assert SCHEDULE.day_end == time(17, 30)


def test_a_limit_of_no_working_day_is_refused() -> None:
    with pytest.raises(RulesError, match="工作日数须为正整数"):
        add_working_days_end(at(2025, 6, 3, 9), 0)


def test_a_limit_that_never_ends_is_refused_rather_than_run_for_ever(monkeypatch: pytest.MonkeyPatch) -> None:
    import fazhi.rules.working_hours as wh

    monkeypatch.setattr(wh, "is_working_day", lambda day, overrides=None: False)  # a calendar with no working day
    with pytest.raises(RulesError, match="工作时超出可计算的范围"):
        add_working_hours(at(2025, 6, 3, 9), 2, SCHEDULE)
    with pytest.raises(RulesError, match="工作日超出可计算的范围"):
        add_working_days_end(at(2025, 6, 3, 9), 2)
