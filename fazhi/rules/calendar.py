"""Working days: the official holiday arrangement, including 调休 make-up workdays.

Why a table and not "Monday to Friday": 《全国年节及纪念日放假办法》 第二条 lists the statutory holidays and
its 第七条 lets the State Council move rest days (调休), so some Saturdays and Sundays are working days and
some weekdays are rest days. The arrangement of a year is published late in the previous year; it cannot be
derived.

Sources, in order of precedence:

1. an ``overrides`` table passed to the call;
2. the default table installed with :func:`set_default_holiday_table` (the Django layer installs the editable
   table it keeps in the database);
3. the data shipped with the ``chinese_calendar`` package (years :data:`PACKAGE_FIRST_YEAR` to
   :data:`PACKAGE_LAST_YEAR`).

A table answers for exactly the years it lists in ``years``: a listed year replaces the package's data for
that whole year. A date that no source covers raises :class:`CalendarUnknownError`; the core never guesses
(RULES.md T-7, status U, hence the editable table).

Provisional days. Inside :func:`provisional_calendar` a year that no source covers is not refused: its working
days are taken as Monday to Friday less the days that 《全国年节及纪念日放假办法》 第二条 fixes by date
(:mod:`fazhi.rules.holidays`), and the year is recorded on the :class:`ProvisionalUse` that the context yields.
The caller must show such a result as provisional and must not store it as final: 补假 (第六条) and 调休
(第七条) are unknown until the year's notice is entered. A date-valued result that needed an unknown year lies
in or after that year, so comparing it with a date before 1 January of the first unknown year is exact.

Note that this module is ``fazhi.rules.calendar``; it does not shadow the standard library's ``calendar``
because imports are absolute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import chinese_calendar
from chinese_calendar import constants as _cc_constants

from .errors import CalendarUnknownError, RulesError
from .holidays import HOLIDAY_MEASURES_FIRST_YEAR, statutory_holidays

__all__ = [
    "PACKAGE_FIRST_YEAR",
    "PACKAGE_LAST_YEAR",
    "HolidayTable",
    "ProvisionalUse",
    "count_working_days",
    "get_default_holiday_table",
    "is_working_day",
    "known_years",
    "next_working_day",
    "provisional_calendar",
    "provisional_working_day",
    "set_default_holiday_table",
    "set_holiday_table_loader",
    "unknown_years_between",
]

_SATURDAY = 5

#: First year whose arrangement the installed ``chinese_calendar`` knows (read from the package's data).
PACKAGE_FIRST_YEAR: int = min(d.year for d in _cc_constants.holidays)
#: Last year whose arrangement the installed ``chinese_calendar`` knows (2026 for chinesecalendar 1.11.0).
PACKAGE_LAST_YEAR: int = max(d.year for d in _cc_constants.holidays)


def _require_date(value: object, name: str = "日期") -> date:
    """Refuse a ``datetime`` where a ``date`` is meant.

    ``datetime`` is a subclass of ``date`` but never compares equal to one, so a datetime would silently miss
    every holiday in a table. Dates of legal acts are ``date`` (STYLE.md convention 5).
    """
    if isinstance(value, datetime) or not isinstance(value, date):
        raise RulesError(f"{name}必须是日期（date），不能是日期时间或其他类型：{value!r}")
    return value


@dataclass(frozen=True)
class HolidayTable:
    """An editable holiday arrangement for some years.

    ``years`` lists the years the table is authoritative for. For such a year a date is a working day when it
    is a make-up workday (调休上班), or when it is Monday to Friday and not a holiday. Holidays that fall on a
    weekend may be listed or not; they are rest days either way.

    The Django layer keeps the table in the database and passes it in (or installs it as the default); tests
    and integrators can build one with :meth:`for_year` and combine tables with :meth:`merged_with`.
    """

    years: frozenset[int] = field(default_factory=frozenset)
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        years = frozenset(self.years)
        holidays = frozenset(_require_date(d, "节假日") for d in self.holidays)
        makeup = frozenset(_require_date(d, "调休上班日") for d in self.makeup_workdays)
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "makeup_workdays", makeup)
        for d in sorted(holidays | makeup):
            if d.year not in years:
                raise RulesError(f"节假日表中的日期{d.isoformat()}不在该表所覆盖的年份内，请先把{d.year}年加入表中")
        both = holidays & makeup
        if both:
            first = min(both).isoformat()
            raise RulesError(f"{first}同时被登记为节假日和调休上班日，请更正节假日表")
        for d in sorted(makeup):
            if d.weekday() < _SATURDAY:
                raise RulesError(f"调休上班日{d.isoformat()}是周一至周五，本来就是工作日，请检查节假日表")

    @classmethod
    def for_year(cls, year: int, holidays: Iterable[date] = (), makeup_workdays: Iterable[date] = ()) -> HolidayTable:
        """A table for one year: its holidays and its 调休 make-up workdays."""
        return cls(years=frozenset({year}), holidays=frozenset(holidays), makeup_workdays=frozenset(makeup_workdays))

    def merged_with(self, other: HolidayTable) -> HolidayTable:
        """Combine two tables; for a year listed in both, ``other`` wins for that whole year."""
        keep_years = self.years - other.years
        return HolidayTable(
            years=keep_years | other.years,
            holidays=frozenset(d for d in self.holidays if d.year in keep_years) | other.holidays,
            makeup_workdays=frozenset(d for d in self.makeup_workdays if d.year in keep_years) | other.makeup_workdays,
        )

    def covers(self, year: int) -> bool:
        """Whether this table is authoritative for ``year``."""
        return year in self.years

    def is_working_day(self, d: date) -> bool:
        """The answer for a date in a covered year (the caller checks :meth:`covers` first)."""
        return d in self.makeup_workdays or (d.weekday() < _SATURDAY and d not in self.holidays)


_default_table: HolidayTable | None = None
_loader: Callable[[], None] | None = None
_loader_ran = False


def set_default_holiday_table(table: HolidayTable | None) -> None:
    """Install the table used when a call passes no ``overrides`` (``None`` removes it).

    Integrators call ``is_working_day(d)`` with one argument; the Django layer installs the database table
    here at start-up and again whenever an administrator edits it.
    """
    global _default_table  # noqa: PLW0603 - a process-wide setting, by design
    _default_table = table


def set_holiday_table_loader(loader: Callable[[], None] | None) -> None:
    """Install a function that installs the default table, called once per process at the first working-day
    question (the Django layer loads its database table this way in commands and task workers, where no request
    starts)."""
    global _loader, _loader_ran
    _loader, _loader_ran = loader, False


def _ensure_loaded() -> None:
    global _loader_ran  # noqa: PLW0603 - a process-wide setting, by design
    if _loader is not None and not _loader_ran:
        _loader_ran = True
        _loader()


def get_default_holiday_table() -> HolidayTable | None:
    """The table installed with :func:`set_default_holiday_table`, if any."""
    return _default_table


@dataclass
class ProvisionalUse:
    """The years whose working days a computation inside :func:`provisional_calendar` had to assume."""

    years: set[int] = field(default_factory=set)

    @property
    def provisional(self) -> bool:
        return bool(self.years)

    @property
    def exact_before(self) -> date | None:
        """1 January of the first assumed year: a date before it compares exactly with the result."""
        return date(min(self.years), 1, 1) if self.years else None


_provisional: ContextVar[ProvisionalUse | None] = ContextVar("fazhi_rules_provisional", default=None)


@contextmanager
def provisional_calendar() -> Iterator[ProvisionalUse]:
    """Compute with provisional working days for years no source covers (see the module docstring).

    Nested uses share the outer record, so a caller sees every year that any inner computation assumed.
    """
    outer = _provisional.get()
    use = outer if outer is not None else ProvisionalUse()
    token = _provisional.set(use)
    try:
        yield use
    finally:
        _provisional.reset(token)


def provisional_working_day(d: date) -> bool:
    """Monday to Friday and not a day fixed by 《全国年节及纪念日放假办法》 第二条 (no 补假, no 调休).

    Raises :class:`CalendarUnknownError` for a year before the 2024 revision took effect (2025): those years are
    known from the package, and an unknown one there is not to be assumed under a later 办法.
    """
    d = _require_date(d)
    if d.year < HOLIDAY_MEASURES_FIRST_YEAR:
        raise CalendarUnknownError(d.year)
    return d.weekday() < _SATURDAY and d not in statutory_holidays(d.year)


def known_years(overrides: HolidayTable | None = None) -> frozenset[int]:
    """Every year whose arrangement is known from any source."""
    _ensure_loaded()
    years = set(range(PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR + 1))
    for table in (overrides, _default_table):
        if table is not None:
            years |= table.years
    return frozenset(years)


def unknown_years_between(start: date, end: date, overrides: HolidayTable | None = None) -> frozenset[int]:
    """The years from ``start`` to ``end`` whose arrangement no source knows: a date stored from a period that
    spans one of them was counted on the provisional calendar."""
    known = known_years(overrides)
    return frozenset(y for y in range(start.year, end.year + 1) if y not in known)


def is_working_day(d: date, overrides: HolidayTable | None = None) -> bool:
    """Whether ``d`` is a working day under the official arrangement, 调休 make-up workdays included.

    行政处罚法 第八十五条 and 行政强制法 第六十九条 count short periods in working days "不含法定节假日"; a
    make-up Saturday is a working day, a weekday inside a holiday block is not.

    Raises :class:`CalendarUnknownError` when no source knows the year of ``d``.
    """
    d = _require_date(d)
    _ensure_loaded()
    for table in (overrides, _default_table):
        if table is not None and table.covers(d.year):
            return table.is_working_day(d)
    if PACKAGE_FIRST_YEAR <= d.year <= PACKAGE_LAST_YEAR:
        return bool(chinese_calendar.is_workday(d))
    use = _provisional.get()
    if use is None:
        raise CalendarUnknownError(d.year)
    answer = provisional_working_day(d)
    use.years.add(d.year)
    return answer


def next_working_day(d: date, overrides: HolidayTable | None = None) -> date:
    """``d`` itself when it is a working day, otherwise the first working day after it.

    This is the rest-day extension of 民事诉讼法 第八十五条第三款 / 民法典 第二百零三条.
    """
    while not is_working_day(d, overrides):
        d += timedelta(days=1)
    return d


def count_working_days(after: date, until: date, overrides: HolidayTable | None = None) -> int:
    """The number of working days in the half-open interval (``after``, ``until``].

    The start day is not counted (民事诉讼法 第八十五条第二款), the end day is. Zero when ``until <= after``.
    """
    count = 0
    d = _require_date(after) + timedelta(days=1)
    until = _require_date(until)
    while d <= until:
        if is_working_day(d, overrides):
            count += 1
        d += timedelta(days=1)
    return count
