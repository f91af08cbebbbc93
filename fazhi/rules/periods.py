"""Counting periods (期间): working-day periods, calendar-day periods, month and year periods.

Conventions (docs/rules.md, "Day counting"):

* The start day is never counted; day 1 is the day after ``start`` (民事诉讼法 第八十五条第二款
  "期间开始的时和日，不计算在期间内"; 民法典 第二百零一条). A function returns the LAST day of the period; an
  act on that day is in time, an act on the next day is late.
* Working-day periods count only working days (行政处罚法 第八十五条 for 二日/三日/五日/七日; 行政强制法
  第六十九条 for periods of ten days or less; 行政复议法 第八十八条第二款 for 三日/五日/七日/十日). Their last
  day is a working day by construction.
* Calendar periods whose last day is a rest day or holiday end on the next working day (民事诉讼法
  第八十五条第三款 "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期"; 民法典
  第二百零三条). Weekends count as 法定休假日 here, as in court practice; a 调休 make-up Saturday is a working
  day and ends a period normally.
* A zero-length period ends on its start day, untouched (no rest-day extension: there is no period to extend).
  Negative lengths raise :class:`RulesError`.
"""

from __future__ import annotations

from datetime import date, timedelta

from .calendar import HolidayTable, _require_date, is_working_day, next_working_day
from .errors import RulesError

__all__ = [
    "add_calendar_months",
    "add_working_days",
    "anniversary",
    "months_end",
    "period_end",
]

_MONTHS_PER_YEAR = 12


def _require_length(n: int, unit: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise RulesError(f"期间长度必须是整数{unit}数：{n!r}")
    if n < 0:
        raise RulesError(f"期间长度不能为负数：{n}{unit}")


def add_working_days(start: date, n: int, *, overrides: HolidayTable | None = None) -> date:
    """The last day of a period of ``n`` working days that starts after ``start``.

    Used for the 三日/五日/七日/十日 periods (行政处罚法 第八十五条; 行政强制法 第六十九条; 行政复议法
    第八十八条). Exactly ``n`` working days lie in (``start``, result], and the result is a working day. ``n
    == 0`` returns ``start`` unchanged (see the module docstring); ``n < 0`` raises :class:`RulesError`.
    """
    start = _require_date(start, "起算日")
    _require_length(n, "个工作日")
    d = start
    remaining = n
    while remaining:
        d += timedelta(days=1)
        if is_working_day(d, overrides):
            remaining -= 1
    return d


def period_end(start: date, days: int, *, overrides: HolidayTable | None = None) -> date:
    """The last day of a period of ``days`` calendar days counted from the day after ``start``.

    If that day is a rest day or holiday the period ends on the next working day (民事诉讼法
    第八十五条第三款). So the result is ``>= start + days`` and, for ``days >= 1``, a working day.
    """
    start = _require_date(start, "起算日")
    _require_length(days, "日")
    if days == 0:
        return start
    return next_working_day(start + timedelta(days=days), overrides)


def _last_day_of_month(year: int, month: int) -> int:
    if month == _MONTHS_PER_YEAR:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def add_calendar_months(start: date, months: int) -> date:
    """The corresponding day ``months`` months after ``start``, or that month's last day if none corresponds.

    This is 民法典 第二百零二条 "到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日",
    without the rest-day extension (use :func:`months_end` for that). Jan 31 + 1 month is Feb 28 (Feb 29 in a
    leap year).
    """
    start = _require_date(start, "起算日")
    _require_length(months, "个月")
    index = start.year * _MONTHS_PER_YEAR + (start.month - 1) + months
    year, month0 = divmod(index, _MONTHS_PER_YEAR)
    month = month0 + 1
    if year > date.max.year:
        raise RulesError(f"期间届满日超出可计算的日期范围：{start.isoformat()}起{months}个月")
    return date(year, month, min(start.day, _last_day_of_month(year, month)))


def anniversary(start: date, years: int) -> date:
    """The same month and day ``years`` years later; Feb 29 maps to Feb 28 in a common year.

    Year periods follow the month rule of 民法典 第二百零二条 (a year is twelve months), hence Feb 28.
    """
    _require_length(years, "年")
    return add_calendar_months(start, years * _MONTHS_PER_YEAR)


def months_end(start: date, months: int, *, overrides: HolidayTable | None = None) -> date:
    """The last day of a period of ``months`` months (民法典 第二百零一条至第二百零三条; 民事诉讼法
    第八十五条).

    Ends on the corresponding day of the final month, or on that month's last day when it has no such day,
    then moves to the next working day if that day is a rest day or holiday.
    """
    end = add_calendar_months(start, months)
    if months == 0:
        return end
    return next_working_day(end, overrides)
