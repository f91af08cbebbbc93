from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from fazhi.core.calendar import holiday_table_refresh
from fazhi.core.models import HolidayOverride, HolidayYear
from fazhi.rules import CalendarUnknownError, add_working_days, is_working_day, set_default_holiday_table


@pytest.fixture(autouse=True)
def _reset_table() -> Iterator[None]:
    yield
    set_default_holiday_table(None)


def test_a_year_nobody_entered_is_refused_not_guessed(db) -> None:
    holiday_table_refresh()
    with pytest.raises(CalendarUnknownError):
        is_working_day(date(2031, 3, 3))


def test_a_year_entered_in_the_editable_table_is_used(db, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        HolidayYear.objects.create(year=2031, source="国务院办公厅关于2031年部分节假日安排的通知（测试）")
        HolidayOverride.objects.create(year=2031, day=date(2031, 1, 1), kind=HolidayOverride.Kind.HOLIDAY, name="元旦")
        HolidayOverride.objects.create(year=2031, day=date(2031, 1, 4), kind=HolidayOverride.Kind.WORKDAY, name="调休")
    # The save signals install the table in this process once the edit commits.
    assert is_working_day(date(2031, 1, 1)) is False  # Wednesday, holiday
    assert is_working_day(date(2031, 1, 4)) is True  # Saturday, make-up working day
    assert is_working_day(date(2031, 1, 2)) is True
    assert add_working_days(date(2031, 1, 3), 1) == date(2031, 1, 4)


def test_days_of_a_year_not_marked_complete_are_not_used(db) -> None:
    HolidayOverride.objects.create(year=2032, day=date(2032, 1, 1), kind=HolidayOverride.Kind.HOLIDAY, name="元旦")
    holiday_table_refresh()
    with pytest.raises(CalendarUnknownError):
        is_working_day(date(2032, 1, 1))


def test_a_process_without_requests_loads_the_table_at_its_first_question(db) -> None:
    """Commands (fazhi supervise, report, import) and task workers start no request: the loader reads the table."""
    from fazhi.rules import calendar as rules_calendar

    HolidayYear.objects.create(year=2031, source="测试")
    HolidayOverride.objects.create(year=2031, day=date(2031, 3, 4), kind=HolidayOverride.Kind.HOLIDAY, name="测试")
    set_default_holiday_table(None)
    rules_calendar._loader_ran = False  # as in a new process
    assert is_working_day(date(2031, 3, 4)) is False
    assert is_working_day(date(2031, 3, 5)) is True
