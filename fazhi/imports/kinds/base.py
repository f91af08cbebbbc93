"""What every import beyond cases shares: the kind (its sheet layout, who may import it, how a row is read and
written) and the reader of one row, which collects every problem of the row as (column, reason) in Chinese.

A kind reads a row in two steps. ``read`` turns the row's text into Python values and checks what can be checked
without writing (formats, check digits, dates, labels, the natural key against what is stored and what the file
already had); ``write`` calls the owning app's service for the row, inside the one transaction of the whole file.
A refusal of the service in ``write`` is reported for the row like any other problem, and the file is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fazhi import rules
from fazhi.core.validation import name_errors, unsafe_text_reason
from fazhi.imports.parsing import Layout

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency
    from fazhi.imports.models import ImportBatch

__all__ = ["SHANGHAI", "Context", "Kind", "RowReader", "WriteResult", "yes_no_note"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
_YES = {"是", "Y", "y", "1", "true", "True", "TRUE"}
_NO = {"否", "N", "n", "0", "false", "False", "FALSE", ""}


def yes_no_note(default: str = "否") -> str:
    return f"是 或 否，空为{default}"


class WriteResult:
    CREATED = "created"
    UNCHANGED = "unchanged"


@dataclass
class Context:
    """One import: who imports into which agency, on which day, and what the kind loaded once for every row."""

    actor: User
    agency: Agency
    today: date
    lookups: dict[str, Any] = field(default_factory=dict)
    seen: dict[Any, int] = field(default_factory=dict)

    def first_seen(self, key: Any, line: int) -> int | None:
        """The line that already had ``key`` in this file, or None (and ``line`` is remembered for it)."""
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = line
        return earlier


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    layout: Layout
    example: tuple[str, ...]
    roles: tuple[str, ...]  # besides system administrators, who may import this kind (into their own agency)
    prepare: Callable[[Context], None]
    read: Callable[[Context, RowReader], Any]
    write: Callable[[Context, Any], str]
    notes: tuple[str, ...] = ()
    # Called once the file's batch exists, in the same transaction: a kind whose rows belong to the batch saves
    # them here (what ``write`` made is kept in ``ctx.lookups``).
    finish: Callable[[Context, ImportBatch], None] | None = None


class RowReader:
    """The text of one row and the problems found in it, each with its column."""

    def __init__(self, line: int, values: dict[str, str], today: date) -> None:
        self.line = line
        self.values = values
        self.today = today
        self.errors: list[tuple[str, str]] = []

    def error(self, column: str, reason: str) -> None:
        self.errors.append((column, reason))

    def raw(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def text(self, column: str, *, required: bool = False, max_length: int | None = None, name: bool = False) -> str:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, f"{column}为空")
            return ""
        if (reason := unsafe_text_reason(value)) is not None:
            self.error(column, f"{column}{reason}")
        elif name and (bad := name_errors(value, column)) is not None:
            self.error(column, bad)
        if max_length is not None and len(value) > max_length:
            self.error(column, f"{column}超过{max_length}个字符")
        return value

    def choice(self, column: str, labels: Mapping[str, str], *, required: bool = False, default: str = "") -> str:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, f"{column}为空")
            return default
        code = labels.get(value)
        if code is None:
            known = "、".join(dict.fromkeys(k for k in labels if not k.isascii()))
            self.error(column, f"{column}“{value}”不是可选的值（{known}）")
            return default
        return code

    def yes_no(self, column: str, *, default: bool = False) -> bool:
        value = self.raw(column)
        if not value:
            return default
        if value in _YES:
            return True
        if value not in _NO:
            self.error(column, f"{column}“{value}”应为 是 或 否")
        return False

    def day(self, column: str, *, required: bool = False, not_after_today: bool = True) -> date | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, f"{column}为空")
            return None
        day = _parse_date(value)
        if day is None:
            self.error(column, f"{column}“{value}”不是有效日期，应为YYYY-MM-DD")
        elif not_after_today and day > self.today:
            self.error(column, f"{column}（{day}）晚于今天")
        return day

    def moment(self, column: str, *, required: bool = False) -> datetime | None:
        """A date with an optional time (``2024-03-01 09:30``), in Asia/Shanghai; a bare date is its midnight."""
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, f"{column}为空")
            return None
        day_text, _, time_text = value.replace("T", " ").partition(" ")
        day = _parse_date(day_text)
        at: time | None = time(0, 0)
        if time_text.strip():
            try:
                at = time.fromisoformat(time_text.strip())
            except ValueError:
                at = None
        if day is None or at is None:
            self.error(column, f"{column}“{value}”不是有效时间，应为YYYY-MM-DD或YYYY-MM-DD HH:MM")
            return None
        moment = datetime.combine(day, at.replace(tzinfo=None), tzinfo=SHANGHAI)
        if day > self.today:
            self.error(column, f"{column}（{day}）晚于今天")
        return moment

    def decimal(
        self, column: str, *, required: bool = False, places: int = 1, low: Decimal, high: Decimal
    ) -> Decimal | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, f"{column}为空")
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(column, f"{column}“{value}”不是数字")
            return None
        step = Decimal(1).scaleb(-places)
        if not number.is_finite() or not (low <= number <= high) or number != number.quantize(step):
            self.error(column, f"{column}“{value}”应为{low}至{high}之间、最多{places}位小数的数")
            return None
        return number.quantize(step)

    def resident_id(self, column: str, *, required: bool = False) -> str:
        value = self.raw(column).upper()
        if not value:
            if required:
                self.error(column, f"{column}为空")
            return ""
        if not rules.validate_resident_id(value, today=self.today):
            self.error(column, f"{column}“{value}”不是有效的身份证号（位数、出生日期或校验位错误，GB 11643）")
        return value

    def uscc(self, column: str) -> str:
        value = rules.normalize_uscc(self.raw(column))
        if value and not rules.validate_uscc(value):
            self.error(column, f"{column}“{value}”不是有效的统一社会信用代码（位数或校验位错误，GB 32100）")
        return value

    def phone(self, column: str) -> str:
        value = self.raw(column)
        if value and not rules.validate_phone(value):
            self.error(column, f"{column}“{value}”格式不正确（手机号11位，固话带区号）")
        return value

    def not_before(self, later: date | None, earlier: date | None, later_col: str, earlier_col: str) -> None:
        if later is not None and earlier is not None and later < earlier:
            self.error(later_col, f"{later_col}（{later}）早于{earlier_col}（{earlier}）")


def _parse_date(value: str) -> date | None:
    text = value.strip().replace("/", "-").replace(".", "-")
    text = text.replace("年", "-").replace("月", "-").replace("日", "")
    try:
        parts = [int(p) for p in text.split(" ")[0].split("-")]
        if len(parts) != 3:
            return None
        return date(parts[0], parts[1], parts[2])
    except (ValueError, IndexError):
        return None
