"""The holidays that 《全国年节及纪念日放假办法》 fixes by date, and the check of an entered year against them.

The 办法 in force is the 2024 revision (国务院令第795号, 2024年11月10日公布, 自2025年1月1日起施行). Its 第二条
gives every citizen 13 days off a year:

(一) 元旦 1 day (1月1日); (二) 春节 4 days (农历除夕、正月初一至初三); (三) 清明节 1 day (农历清明当日);
(四) 劳动节 2 days (5月1日、2日); (五) 端午节 1 day (农历端午当日); (六) 中秋节 1 day (农历中秋当日);
(七) 国庆节 3 days (10月1日至3日).

第六条: a holiday that falls on a Saturday or Sunday is made up on a working day (补假); 第七条: the State Council
may move rest days (调休) to make longer breaks. Neither can be derived: which weekday is given as 补假 and which
weekends are worked is published each year in the State Council's notice. So fazhi computes a *provisional*
calendar for a year whose notice is not entered — weekends plus these fixed days — and never takes it for final.

The lunar days (除夕, 正月初一至初三, 端午, 中秋) and the solar term 清明 are placed by ``lunar_python`` (the
6tail lunar calendar, which computes the new moons and solar terms astronomically), so no table of years is
needed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar

from .errors import RulesError

__all__ = [
    "HOLIDAY_MEASURES_FIRST_YEAR",
    "STATUTORY_HOLIDAY_DAYS",
    "YearCheck",
    "check_year",
    "statutory_holidays",
]

#: The first year governed by the 2024 revision (国务院令第795号, 自2025年1月1日起施行).
HOLIDAY_MEASURES_FIRST_YEAR = 2025  # 全国年节及纪念日放假办法（2024年修订）第八条 and 国务院令第795号
#: Days off for every citizen a year: 1 + 4 + 1 + 2 + 1 + 1 + 3 (全国年节及纪念日放假办法 第二条).
STATUTORY_HOLIDAY_DAYS = 13  # 全国年节及纪念日放假办法 第二条

_SATURDAY = 5
_LUNAR_DAYS = 15  # the first lunar month of a year is long past before the 15th of the next Gregorian year


def _lunar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    # The solar-term table of lunar year ``year`` holds the 清明 that falls in Gregorian ``year``.
    solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> tuple[tuple[date, str], ...]:
    spring = _lunar(year, 1, 1)  # 正月初一
    days: list[tuple[date, str]] = [
        (date(year, 1, 1), "元旦"),
        (spring - timedelta(days=1), "春节（除夕）"),
        (spring, "春节（正月初一）"),
        (spring + timedelta(days=1), "春节（正月初二）"),
        (spring + timedelta(days=2), "春节（正月初三）"),
        (_qingming(year), "清明节"),
        (date(year, 5, 1), "劳动节"),
        (date(year, 5, 2), "劳动节"),
        (_lunar(year, 5, 5), "端午节"),
        (_lunar(year, 8, 15), "中秋节"),
        (date(year, 10, 1), "国庆节"),
        (date(year, 10, 2), "国庆节"),
        (date(year, 10, 3), "国庆节"),
    ]
    return tuple(sorted(days))


def statutory_holidays(year: int) -> dict[date, str]:
    """The 13 days that 第二条 fixes for ``year``, each with its festival's name.

    Only the 2024 revision is modelled: a year before :data:`HOLIDAY_MEASURES_FIRST_YEAR` (11 days under the
    2013 revision) raises :class:`RulesError`; those years are shipped with the calendar package anyway.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise RulesError(f"年份必须是整数：{year!r}")
    if year < HOLIDAY_MEASURES_FIRST_YEAR or year > date.max.year - 1:
        raise RulesError(
            f"{year}年不适用2024年修订的《全国年节及纪念日放假办法》（自{HOLIDAY_MEASURES_FIRST_YEAR}年1月1日起施行）"
        )
    return dict(_statutory_holidays(year))


@dataclass(frozen=True)
class YearCheck:
    """What an entered arrangement lacks against the 办法; ``complete`` when nothing."""

    year: int
    missing: tuple[tuple[date, str], ...]
    rest_weekdays: int
    problems: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.problems


def check_year(year: int, holidays: Iterable[date], makeup_workdays: Iterable[date]) -> YearCheck:
    """Whether an arrangement entered for ``year`` can be the State Council's (全国年节及纪念日放假办法).

    Two checks, both necessary:

    * every day that 第二条 fixes is a rest day: listed as a holiday, or a Saturday/Sunday not listed as a
      make-up workday (a fixed day on a weekend is made up on a weekday, 第六条, which the next check counts);
    * the year gives at least the 13 days of 第二条 off on weekdays: the holidays listed on Monday to Friday,
      less the weekends worked in exchange (调休, 第七条), are at least :data:`STATUTORY_HOLIDAY_DAYS`. A
      holiday on a weekend gives no weekday off, so its 补假 (第六条) must appear as a listed weekday.

    The State Council's arrangements for 2025 and 2026 pass with exactly 13; a year with one holiday fails both.
    """
    fixed = statutory_holidays(year)
    hol = frozenset(holidays)
    work = frozenset(makeup_workdays)
    problems: list[str] = []
    outside = sorted(d for d in hol | work if d.year != year)
    if outside:
        problems.append(f"{outside[0].isoformat()}不在{year}年内")
    missing = tuple(
        (d, name) for d, name in sorted(fixed.items()) if d not in hol and (d.weekday() < _SATURDAY or d in work)
    )
    if missing:
        listed = "、".join(f"{name}{d.month}月{d.day}日" for d, name in missing)
        problems.append(f"缺少《全国年节及纪念日放假办法》第二条规定的法定节日：{listed}")
    rest_weekdays = sum(1 for d in hol if d.weekday() < _SATURDAY) - len(work)
    if rest_weekdays < STATUTORY_HOLIDAY_DAYS:
        problems.append(
            f"工作日放假天数（放假的周一至周五共{rest_weekdays + len(work)}天，减去调休上班{len(work)}天）为"
            f"{rest_weekdays}天，少于《全国年节及纪念日放假办法》第二条规定的{STATUTORY_HOLIDAY_DAYS}天"
            "（节日适逢周六、周日的，应当在工作日补假，第六条）"
        )
    return YearCheck(year, missing, rest_weekdays, tuple(problems))
