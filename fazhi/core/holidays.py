"""Entering a year's holiday arrangement: parse the State Council's notice, preview it, confirm it.

A system administrator pastes the notice's text (国务院办公厅关于X年部分节假日安排的通知) or uploads a .csv/.xlsx
list of days; fazhi shows the working days of every month and what the arrangement lacks against 《全国年节及
纪念日放假办法》 (``fazhi.rules.check_year``), and only a complete year can be confirmed. Confirming replaces the
year's rows, is audited, installs the table and recomputes every stored deadline that was counted on the
provisional calendar (``fazhi.core.calendar.recompute_provisional``).
"""

from __future__ import annotations

import calendar as std_calendar
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from python_calamine import CalamineWorkbook

from fazhi import rules
from fazhi.core import calendar as core_calendar
from fazhi.core.audit import audit_record
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.core.models import HolidayOverride, HolidayYear

if TYPE_CHECKING:
    from fazhi.accounts.models import User

MAX_UPLOAD_BYTES = 1_000_000
MAX_TEXT_CHARS = 20_000
T = TypeVar("T")
HOLIDAY_WORDS = ("放假", "节假日", "假日", "休息", "holiday")
WORKDAY_WORDS = ("上班", "调休上班", "调休工作日", "工作日", "补班", "workday")


@dataclass
class ParsedYear:
    """Days read from a notice or a file; ``errors`` lists what could not be read (nothing is guessed)."""

    year: int
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, day: date, kind: str, name: str, where: str) -> None:
        if day.year != self.year:
            self.errors.append(f"{where}：{day.isoformat()}不在{self.year}年内")
            return
        target, other = (self.holidays, self.workdays) if kind == "holiday" else (self.workdays, self.holidays)
        if day in other:
            self.errors.append(f"{where}：{day.isoformat()}同时被列为放假和上班")
            return
        if kind == "workday" and day.weekday() < 5:
            self.errors.append(f"{where}：调休上班日{day.isoformat()}是周一至周五，本来就是工作日")
            return
        target.setdefault(day, name)


def check_year_number(value: object) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("请填写四位数的年份，例如 2027。") from None
    if year < rules.HOLIDAY_MEASURES_FIRST_YEAR or year > 2100:
        raise ValidationError(
            f"年份须在{rules.HOLIDAY_MEASURES_FIRST_YEAR}年至2100年之间"
            f"（{rules.HOLIDAY_MEASURES_FIRST_YEAR}年以前的安排随日历数据提供）。"
        )
    return year


# --- the notice's text ---------------------------------------------------------------------------------------

_PAREN = re.compile(r"（[^）]*）|\([^)]*\)")
_SECTION = re.compile(r"[一二三四五六七八九十]+、\s*([^：:，,。]{1,10})[：:]")
_DAY = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_RANGE = re.compile(_DAY + r"\s*(?:至|到|—|－|-|~|～)\s*(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
_ONE = re.compile(_DAY)
_CLAUSE = re.compile(r"[。；;，,\n]")


def _day(parsed: ParsedYear, where: str, y: str | None, m: str, d: str) -> date | None:
    try:
        return date(int(y) if y else parsed.year, int(m), int(d))
    except ValueError:
        parsed.errors.append(f"{where}：日期{m}月{d}日无效")
        return None


def _read_clause(parsed: ParsedYear, clause: str, kind: str, name: str, where: str) -> None:
    """Add the days of one clause: its ranges (1月1日至3日) first, then the single days left in it."""
    rest = clause
    for m in _RANGE.finditer(clause):
        first = _day(parsed, where, m.group(1), m.group(2), m.group(3))
        last = _day(parsed, where, m.group(4) or m.group(1), m.group(5) or m.group(2), m.group(6))
        if first is None or last is None:
            continue
        if last < first or (last - first).days > 31:
            parsed.errors.append(f"{where}：起止日期{first.isoformat()}至{last.isoformat()}不合理")
            continue
        day = first
        while day <= last:
            parsed.add(day, kind, name, where)
            day = date.fromordinal(day.toordinal() + 1)
        rest = rest.replace(m.group(0), " ")
    for m in _ONE.finditer(rest):
        single = _day(parsed, where, m.group(1), m.group(2), m.group(3))
        if single is not None:
            parsed.add(single, kind, name, where)


def parse_notice_text(year: int, text: str) -> ParsedYear:
    """Read the days of a notice such as "一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。1月4日（周日）上班。".

    Every clause that names dates must say 放假 or 上班; one that says neither is reported, not guessed.
    """
    parsed = ParsedYear(year)
    if len(text) > MAX_TEXT_CHARS:
        parsed.errors.append(f"通知文本过长（超过{MAX_TEXT_CHARS}字）")
        return parsed
    text = _PAREN.sub("", text.replace("\x00", ""))
    name = ""
    for raw in _CLAUSE.split(text):
        clause = raw.strip()
        if not clause:
            continue
        if section := _SECTION.search(clause):
            name = section.group(1).strip()
        is_work = "上班" in clause
        is_rest = "放假" in clause or "休息" in clause
        where = f"「{clause[:30]}」"
        if not _ONE.search(clause):
            continue
        if is_work == is_rest:
            parsed.errors.append(f"{where}：无法判断是放假还是上班，请改写后重试")
            continue
        _read_clause(parsed, clause, "workday" if is_work else "holiday", name, where)
    if not parsed.holidays and not parsed.workdays and not parsed.errors:
        parsed.errors.append("没有读到任何日期：请粘贴通知中“一、元旦：……放假……上班”各条的原文")
    return parsed


# --- a list of days (.csv / .xlsx) ---------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _cell_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE_TEXT.match(str(value or ""))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _kind(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    if any(w in text for w in WORKDAY_WORDS):  # "调休上班" before "放假": it contains neither rest word
        return "workday"
    if any(w in text for w in HOLIDAY_WORDS):
        return "holiday"
    return None


def parse_rows(year: int, rows: list[list[Any]]) -> ParsedYear:
    """Rows of (日期, 类别[, 名称]); a first row that is not a date is a header. 类别: 放假 or 上班."""
    parsed = ParsedYear(year)
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        if not any(str(c or "").strip() for c in cells):
            continue
        day = _cell_date(cells[0]) if cells else None
        if day is None:
            if number == 1:
                continue  # header
            parsed.errors.append(f"第{number}行：日期「{str(cells[0])[:20]}」无法识别（应为2027-01-01）")
            continue
        kind = _kind(cells[1] if len(cells) > 1 else "")
        if kind is None:
            parsed.errors.append(f"第{number}行：类别应为“放假”或“上班”")
            continue
        name = str(cells[2]).strip()[:32] if len(cells) > 2 and cells[2] is not None else ""
        parsed.add(day, kind, name, f"第{number}行")
    if not parsed.holidays and not parsed.workdays and not parsed.errors:
        parsed.errors.append("文件中没有任何日期")
    return parsed


def parse_upload(year: int, filename: str, content: bytes) -> ParsedYear:
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError("文件过大（不超过1MB）。")
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(content))
            rows = book.get_sheet_by_index(0).to_python()
        except Exception as exc:
            raise ValidationError(f"无法读取该 .xlsx 文件：{str(exc)[:100]}") from exc
        return parse_rows(year, [list(r) for r in rows])
    if lower.endswith(".csv") or lower.endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError("无法识别文件编码（请用 UTF-8 或 GBK）。")
        if lower.endswith(".txt"):
            return parse_notice_text(year, text)
        return parse_rows(year, [list(r) for r in csv.reader(io.StringIO(text.replace("\x00", "")))])
    raise ValidationError("请上传 .xlsx、.csv 或 .txt（通知原文）文件。")


# --- preview and confirm -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthPreview:
    month: int
    working_days: int
    rest_days: int
    holidays: tuple[tuple[date, str], ...]
    workdays: tuple[tuple[date, str], ...]

    @property
    def holiday_spans(self) -> list[str]:
        """Consecutive holidays of one name as one span: "2月5日至13日（春节）"."""
        spans: list[list[Any]] = []
        for day, name in self.holidays:
            if spans and spans[-1][2] == name and (day - spans[-1][1]).days == 1:
                spans[-1][1] = day
            else:
                spans.append([day, day, name])
        out = []
        for first, last, name in spans:
            text = f"{first.month}月{first.day}日" + (f"至{last.day}日" if last != first else "")
            out.append(text + (f"（{name}）" if name else ""))
        return out


@dataclass(frozen=True)
class YearPreview:
    parsed: ParsedYear
    months: tuple[MonthPreview, ...]
    check: rules.YearCheck | None
    problems: tuple[str, ...]

    @property
    def confirmable(self) -> bool:
        return not self.problems


def preview(parsed: ParsedYear) -> YearPreview:
    problems = list(parsed.errors)
    try:
        table = rules.HolidayTable.for_year(parsed.year, parsed.holidays, parsed.workdays)
    except rules.RulesError as exc:
        return YearPreview(parsed, (), None, (*problems, str(exc)))
    check = rules.check_year(parsed.year, parsed.holidays, parsed.workdays)
    problems.extend(check.problems)
    months = []
    for month in range(1, 13):
        last = std_calendar.monthrange(parsed.year, month)[1]
        days = [date(parsed.year, month, d) for d in range(1, last + 1)]
        working = sum(1 for d in days if table.is_working_day(d))
        months.append(
            MonthPreview(
                month,
                working,
                last - working,
                tuple(sorted((d, n) for d, n in parsed.holidays.items() if d.month == month)),
                tuple(sorted((d, n) for d, n in parsed.workdays.items() if d.month == month)),
            )
        )
    return YearPreview(parsed, tuple(months), check, tuple(problems))


def encode(parsed: ParsedYear) -> str:
    """The parsed days as one line of text, carried by the confirm form (re-checked on confirm)."""
    parts = [f"H{d.isoformat()}:{n}" for d, n in sorted(parsed.holidays.items())]
    parts += [f"W{d.isoformat()}:{n}" for d, n in sorted(parsed.workdays.items())]
    return "|".join(parts)


def decode(year: int, value: str) -> ParsedYear:
    parsed = ParsedYear(year)
    for part in (value or "").split("|"):
        if not part:
            continue
        kind, rest = part[:1], part[1:]
        day_text, _, name = rest.partition(":")
        day = _cell_date(day_text)
        if kind not in ("H", "W") or day is None:
            parsed.errors.append("确认数据已损坏，请重新预览")
            return parsed
        parsed.add(day, "holiday" if kind == "H" else "workday", name[:32], "确认数据")
    return parsed


def ensure_calendar_admin(actor: User) -> None:
    if not actor.is_system_admin:
        raise PermissionDenied("节假日安排只能由系统管理员录入。")


@dataclass(frozen=True)
class ConfirmResult:
    year: int
    holidays: int
    workdays: int
    recomputed: int


@transaction.atomic
def holiday_year_confirm(*, actor: User, parsed: ParsedYear, source: str) -> ConfirmResult:
    """Replace ``parsed.year``'s arrangement with the parsed days, if complete; audit it; recompute deadlines."""

    ensure_calendar_admin(actor)
    source = (source or "").strip().replace("\x00", "")
    if not source:
        raise ValidationError("请填写依据（如：国务院办公厅关于2027年部分节假日安排的通知）。")
    if len(source) > 200:
        raise ValidationError("依据不超过200字。")
    result = preview(parsed)
    if not result.confirmable:
        raise ValidationError("该年安排不完整，不能确认：" + "；".join(result.problems) + "。")
    year = parsed.year
    old_rows = HolidayOverride.objects.filter(year=year).values_list("day", "kind")
    before = {
        "holidays": sorted(d.isoformat() for d, k in old_rows if k == HolidayOverride.Kind.HOLIDAY),
        "workdays": sorted(d.isoformat() for d, k in old_rows if k == HolidayOverride.Kind.WORKDAY),
    }
    HolidayOverride.objects.filter(year=year).delete()
    HolidayOverride.objects.bulk_create(
        [
            HolidayOverride(year=year, day=d, kind=HolidayOverride.Kind.HOLIDAY, name=n)
            for d, n in parsed.holidays.items()
        ]
        + [
            HolidayOverride(year=year, day=d, kind=HolidayOverride.Kind.WORKDAY, name=n)
            for d, n in parsed.workdays.items()
        ]
    )
    entry, _ = HolidayYear.objects.update_or_create(year=year, defaults={"source": source})
    audit_record(
        actor=actor,
        entity=entry,
        action="holiday.year_confirm",
        summary=f"录入{year}年节假日安排：放假{len(parsed.holidays)}天、调休上班{len(parsed.workdays)}天（{source}）",
        before=before,
        after={
            "source": source,
            "holidays": sorted(d.isoformat() for d in parsed.holidays),
            "workdays": sorted(d.isoformat() for d in parsed.workdays),
        },
    )
    previous = rules.get_default_holiday_table()
    try:
        core_calendar.install_table_now()  # the recomputation below counts with the year as entered
        recomputed = core_calendar.recompute_provisional(actor=actor, year=year)
    except BaseException:
        rules.set_default_holiday_table(previous)  # rolled back: the table in force stays in force
        raise
    return ConfirmResult(year, len(parsed.holidays), len(parsed.workdays), recomputed)


def year_status(today: date) -> list[dict[str, Any]]:
    """Each year from this one to next: whether its arrangement is known, and from where."""

    entered = {y.year: y.source for y in HolidayYear.objects.all()}
    out = []
    for year in sorted({today.year, today.year + 1, *entered}):
        if year in entered:
            source = f"已录入：{entered[year]}"
        elif rules.PACKAGE_FIRST_YEAR <= year <= rules.PACKAGE_LAST_YEAR:
            source = "随日历数据提供（chinesecalendar）"
        else:
            source = ""
        out.append({"year": year, "known": bool(source), "source": source or "尚未录入"})
    return out


#: From this month on, next year's missing arrangement is announced (the State Council publishes it about then).
ANNOUNCE_FROM_MONTH = 11


def missing_years(today: date) -> list[int]:
    """This year when its arrangement is not known, and from 1 November next year too (banner, alert)."""
    known = rules.known_years()
    years = [today.year] if today.year not in known else []
    if today.month >= ANNOUNCE_FROM_MONTH and today.year + 1 not in known:
        years.append(today.year + 1)
    return years


# --- the working-day calendar, memoized ------------------------------------------------------------------------
#
# A deadline counted in working days (送达 seven working days, a period ending on a rest day…) is a function of
# its start date and of the calendar, and a county's cases share a few thousand start dates: a scan of a million
# cases asks the same questions again and again, and each answer walks the calendar day by day (for the years
# shipped with ``chinese_calendar`` its ``is_workday`` takes the minimum and maximum of its whole table on every
# call). :func:`calendar_memo` remembers each answer, with the years it had to assume, for as long as the table in
# force is the same object: installing a table (entering or correcting a year, the periodic refresh) installs a
# new object and so starts a new memo. Nothing about an unknown year is guessed here: the answer is the rules
# core's, computed once on the provisional calendar, and carries the years it assumed; a call that raises is not
# remembered and raises again.

_MEMO_LIMIT = 100_000  # answers kept; beyond, the memo starts again (a decade of start dates is far fewer)
_memo_table: object = object()  # the table in force when the memo was started
_memo: dict[tuple[Any, ...], tuple[Any, frozenset[int]]] = {}
_MEMO_TYPES = (date, int, str, type(None))


def _memo_reset(table: object) -> None:
    global _memo_table  # noqa: PLW0603 - one memo per process, like the table it follows
    _memo_table = table
    _memo.clear()


def calendar_memo(fn: Callable[..., T], *args: object, **kwargs: object) -> tuple[T, frozenset[int]]:
    """``fn(*args, **kwargs)`` on the provisional calendar: its value and the years it had to assume — exactly
    what ``fazhi.cases.deadlines.soft`` returns — remembered while the holiday table in force is unchanged.

    Only calls whose arguments are dates, numbers, strings or None are remembered (a datetime is not a date here:
    the rules refuse it, and so does the call); inside an outer provisional computation that has already assumed
    years, the call is made as it is (its answer includes the outer years, so it is not the call's own).
    """
    values = (*args, *kwargs.values())
    plain = all(type(v) in _MEMO_TYPES or type(v) is bool for v in values)
    with rules.provisional_calendar() as use:
        if not plain or use.years:
            value = fn(*args, **kwargs)
            return value, frozenset(use.years)
        key = (fn, args, tuple(sorted(kwargs.items())))
        if rules.get_default_holiday_table() is not _memo_table:
            _memo_reset(rules.get_default_holiday_table())
        found = _memo.get(key)
        if found is not None:
            use.years.update(found[1])
            return found
        value = fn(*args, **kwargs)
        answer = (value, frozenset(use.years))
    table = rules.get_default_holiday_table()  # the first question may have loaded the table
    if table is not _memo_table or len(_memo) >= _MEMO_LIMIT:
        _memo_reset(table)
    _memo[key] = answer
    return answer
