"""The memo of working-day answers (``fazhi.core.holidays.calendar_memo``, behind ``deadlines.soft``): the same
answers as the rules core, the years it assumed reported every time, a new answer as soon as a table is
installed, and an unknown year neither guessed nor remembered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from fazhi import rules
from fazhi.core import holidays
from fazhi.core.calendar import holiday_table_refresh
from fazhi.core.holidays import calendar_memo
from fazhi.core.models import HolidayOverride, HolidayYear
from fazhi.rules import CalendarUnknownError, HolidayTable, set_default_holiday_table


@pytest.fixture(autouse=True)
def _reset_table() -> Iterator[None]:
    yield
    set_default_holiday_table(None)


def _plain(fn, *args):  # type: ignore[no-untyped-def]
    with rules.provisional_calendar() as use:
        value = fn(*args)
    return value, frozenset(use.years)


def test_answers_are_the_rules_answers_and_are_remembered(db, monkeypatch) -> None:
    holiday_table_refresh()
    calls = []
    real = rules.service_deadline

    def counted(day: date) -> date:
        calls.append(day)
        return real(day)

    for day in (date(2025, 9, 26), date(2025, 12, 31), date(2026, 12, 28)):  # 国庆, into 2026, into 2027
        first, again = calendar_memo(counted, day), calendar_memo(counted, day)
        assert first == again == _plain(real, day)
    assert calls == [date(2025, 9, 26), date(2025, 12, 31), date(2026, 12, 28)]  # once each
    assert calendar_memo(counted, date(2026, 12, 28))[1] == frozenset({2027})  # provisional: still said so


def test_installing_a_table_gives_new_answers(db, django_capture_on_commit_callbacks) -> None:
    holiday_table_refresh()
    provisional = calendar_memo(rules.service_deadline, date(2031, 3, 3))
    assert provisional[1] == frozenset({2031})
    with django_capture_on_commit_callbacks(execute=True):  # the year is entered: 3-7 March made holidays
        HolidayYear.objects.create(year=2031, source="国务院办公厅关于2031年部分节假日安排的通知（测试）")
        for d in range(3, 8):
            HolidayOverride.objects.create(year=2031, day=date(2031, 3, d), kind=HolidayOverride.Kind.HOLIDAY)
    entered = calendar_memo(rules.service_deadline, date(2031, 3, 3))
    assert entered == _plain(rules.service_deadline, date(2031, 3, 3))
    assert entered[1] == frozenset() and entered[0] > provisional[0]
    set_default_holiday_table(HolidayTable.for_year(2031))  # installed directly: a new object, a new memo
    assert calendar_memo(rules.service_deadline, date(2031, 3, 3)) == (date(2031, 3, 12), frozenset())


def test_an_unknown_year_is_refused_every_time_and_a_datetime_is_not_a_date(db) -> None:
    holiday_table_refresh()
    for _ in range(2):  # before the 2024 办法 and outside the package: no provisional calendar either
        with pytest.raises(CalendarUnknownError):
            calendar_memo(rules.service_deadline, date(1990, 3, 1))
    for _ in range(2):
        with pytest.raises(rules.RulesError):
            calendar_memo(rules.service_deadline, datetime(2025, 3, 3, 9, 0))
    assert all(key[1][0].year != 1990 for key in holidays._memo)


def test_inside_an_outer_provisional_computation_the_outer_sees_the_years(db) -> None:
    holiday_table_refresh()
    calendar_memo(rules.service_deadline, date(2026, 12, 28))  # remembered
    with rules.provisional_calendar() as outer:
        value, years = calendar_memo(rules.service_deadline, date(2026, 12, 28))
        assert years == frozenset({2027}) and outer.years == {2027}
        # Once the outer computation has assumed a year, the call's own answer cannot be told apart: not memoized.
        assert calendar_memo(rules.payment_deadline, date(2025, 3, 3)) == (
            rules.payment_deadline(date(2025, 3, 3)),
            frozenset({2027}),
        )
    assert value == _plain(rules.service_deadline, date(2026, 12, 28))[0]
