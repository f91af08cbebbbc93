"""Working hours: the due moment of a limit counted in working hours (数字城管 处置时限).

GB/T 30428 (数字化城市管理信息系统) gives each 部件/事件 小类 a 处置时限 counted in 工作时 or 工作日: "2个工作时"
runs only while the bureau is at work. Which hours those are is the bureau's own rule (作息时间), not the
standard's, so the schedule is an argument (a setting of the Django layer; status U, RULES.md: no national
作息时间 applies to every bureau). Which days are worked comes from :mod:`fazhi.rules.calendar`, with its 调休 and
its refusal to guess a year nobody entered (:class:`~fazhi.rules.errors.CalendarUnknownError`, or the provisional
days inside :func:`~fazhi.rules.calendar.provisional_calendar`).

Conventions, chosen so that a limit reads the way a dispatcher reads a clock:

* counting starts at ``start`` when it falls inside a working period, otherwise at the next period's start
  (a complaint received at 12:10 starts its clock at 14:00);
* a limit that is used up exactly at a period's end is due at that end (12:00), not at the next start;
* lateness is judged to the minute: a step at any second of the due minute is in time, the next minute is late
  (due 10:30: 10:30:59 is in time, 10:31:00 is late) — see :func:`late_after`.

The rules core has no time zone database: the datetimes are aware and the schedule is read in ``start``'s own
time zone (the caller passes Asia/Shanghai local time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .calendar import HolidayTable, is_working_day
from .errors import RulesError

__all__ = [
    "DEFAULT_WORKING_PERIODS",
    "WorkingSchedule",
    "add_working_days_end",
    "add_working_hours",
    "late_after",
    "parse_working_periods",
]

#: The default 作息时间, 08:30–12:00 and 14:00–17:30 (status U, RULES.md: each bureau sets its own; a setting).
DEFAULT_WORKING_PERIODS: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)), (time(14, 0), time(17, 30)))

_MAX_DAYS = 3660  # a limit that runs for more than ten years of calendar days is an input error, not a limit


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class WorkingSchedule:
    """The working periods of a working day, in order and not overlapping (each ``(start, end)``, end > start)."""

    periods: tuple[tuple[time, time], ...] = DEFAULT_WORKING_PERIODS

    def __post_init__(self) -> None:
        periods = tuple((s, e) for s, e in self.periods)
        if not periods:
            raise RulesError("作息时间至少要有一个工作时段")
        previous_end: time | None = None
        for s, e in periods:
            if not isinstance(s, time) or not isinstance(e, time):
                raise RulesError("作息时间的起止须为时刻（如08:30）")
            if s.second or s.microsecond or e.second or e.microsecond or s.tzinfo or e.tzinfo:
                raise RulesError("作息时间精确到分钟，且不带时区")
            if e <= s:
                raise RulesError(f"工作时段{s:%H:%M}—{e:%H:%M}的结束须晚于开始")
            if previous_end is not None and s < previous_end:
                raise RulesError(f"工作时段{s:%H:%M}开始于上一时段结束（{previous_end:%H:%M}）之前")
            previous_end = e
        object.__setattr__(self, "periods", periods)

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(e) - _minutes(s) for s, e in self.periods)

    @property
    def day_end(self) -> time:
        return self.periods[-1][1]


def parse_working_periods(text: str) -> WorkingSchedule:
    """``"08:30-12:00,14:00-17:30"`` → a schedule (the form of the setting); refuses anything else in Chinese."""
    periods: list[tuple[time, time]] = []
    for raw in text.replace("，", ",").split(","):
        part = raw.strip().replace("—", "-").replace("–", "-")
        if not part:
            continue
        try:
            a, b = (time.fromisoformat(x.strip()) for x in part.split("-"))
        except ValueError as exc:
            raise RulesError(f"作息时间「{part}」格式不正确，应如 08:30-12:00") from exc
        periods.append((a, b))
    return WorkingSchedule(tuple(periods))


def _require_aware(value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise RulesError(f"起算时刻须为带时区的日期时间：{value!r}")
    return value


def add_working_hours(
    start: datetime, hours: int, schedule: WorkingSchedule, overrides: HolidayTable | None = None
) -> datetime:
    """The moment at which ``hours`` working hours counted from ``start`` are used up (see the module docstring).

    Raises :class:`CalendarUnknownError` for a day of a year no calendar source covers (outside
    ``provisional_calendar``), as every working-day rule does.
    """
    start = _require_aware(start)
    if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
        raise RulesError(f"工作时数须为正整数：{hours!r}")
    tz = start.tzinfo
    left = timedelta(hours=hours)
    day = start.date()
    for _ in range(_MAX_DAYS):
        if is_working_day(day, overrides):
            for s, e in schedule.periods:
                begin = max(datetime.combine(day, s, tzinfo=tz), start)
                end = datetime.combine(day, e, tzinfo=tz)
                if end <= begin:
                    continue
                if end - begin >= left:
                    return begin + left
                left -= end - begin
        day += timedelta(days=1)
    raise RulesError(f"{hours}个工作时超出可计算的范围")


def add_working_days_end(start: datetime, days: int, overrides: HolidayTable | None = None) -> datetime:
    """A limit of ``days`` working days counted from ``start``: due at the last minute (23:59) of the Nth working
    day after the day of ``start`` (that day not counted, as 民事诉讼法 第八十五条第二款 counts periods)."""
    start = _require_aware(start)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise RulesError(f"工作日数须为正整数：{days!r}")
    d: date = start.date()
    left = days
    for _ in range(_MAX_DAYS):
        d += timedelta(days=1)
        if is_working_day(d, overrides):
            left -= 1
            if left == 0:
                return datetime.combine(d, time(23, 59), tzinfo=start.tzinfo)
    raise RulesError(f"{days}个工作日超出可计算的范围")


def late_after(due: datetime, at: datetime) -> bool:
    """Whether a step at ``at`` is late for a limit due at ``due``, judged to the minute (the due minute is in
    time: due 10:30, a step at 10:30:59 is in time, at 10:31:00 late)."""
    due, at = _require_aware(due), _require_aware(at)
    at_minute = at.replace(second=0, microsecond=0)
    due_minute = due.astimezone(at.tzinfo).replace(second=0, microsecond=0)
    return at_minute > due_minute
