"""``cases_import``: validate every row of a historical case file, then write all of them or none.

The file is parsed once, as a stream (a .csv is never held whole; docs/import.md, "Large files"). Each row is
validated against in-memory lookups (agencies by code, the power list items of each bureau, delegations) and,
valid, converted and spooled to a temporary file in chunks; its case number goes to a second spool. The case
numbers are then checked by set operations in the database (a temporary table joined with the numbers in use, and
grouped for the file's own duplicates), never loaded. Only a file without any error is written: one transaction
streams the spool into the table (``COPY`` on PostgreSQL), with one audit event for the batch. A file with any bad
row imports nothing. Memory stays bounded whatever the file's size: the lookups, one chunk, and the first
``ERRORS_KEPT`` errors (every error is counted).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.db import connection, models, transaction

from fazhi import rules
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.cases.models import Case, CaseSource, Decision, DecisionOutcome, PartyKind, Procedure
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ValidationError
from fazhi.imports.lookups import ItemVersion, Lookups
from fazhi.imports.models import HistoricalCase, ImportBatch
from fazhi.imports.parsing import COLUMNS, REQUIRED, Data, HeaderError, open_rows
from fazhi.powers.domain import Domain, parse_label

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = ["BATCH_SIZE", "ImportFailed", "ImportReport", "RowError", "cases_import", "row_errors_text"]

BATCH_SIZE = 2000
# The errors listed for a refused file (the message and the run's page); every error is counted beyond them.
ERRORS_KEPT = 1000
# Rows per INSERT: 400 × 23 columns stays under SQLite's 32,766 bound parameters (and PostgreSQL's 65,535).
ROWS_PER_STATEMENT = 400
Progress = Callable[[str, int, int | None], None]  # (phase, rows done, total rows if known)
_Get = Callable[..., Any]  # a row's ``get``

_PROCEDURES = {
    "简易": Procedure.SIMPLE,
    "简易程序": Procedure.SIMPLE,
    "一般": Procedure.GENERAL,
    "一般程序": Procedure.GENERAL,
}
_SOURCES = {label: code for code, label in CaseSource.choices} | {code: code for code in CaseSource.values}
_PARTY_KINDS = {"个人": PartyKind.PERSON, "自然人": PartyKind.PERSON, "单位": PartyKind.ORGANIZATION}
_OUTCOMES = {
    "处罚": DecisionOutcome.PENALTY,
    "给予行政处罚": DecisionOutcome.PENALTY,
    "不予处罚": DecisionOutcome.NO_PENALTY,
    "不予行政处罚": DecisionOutcome.NO_PENALTY,
    "首违不罚": DecisionOutcome.EXEMPTED,
    "移送": DecisionOutcome.TRANSFERRED,
    "撤销立案": DecisionOutcome.WITHDRAWN,
}
_YES_NO = {"是": True, "否": False, "": False, "Y": True, "N": False}
_CENT = Decimal("0.01")
_MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    column: str = ""  # the column the reason is about ("" for the whole row or the file)

    def __str__(self) -> str:
        return f"第{self.line}行：{self.reason}"


@dataclass
class ImportReport:
    batch: ImportBatch | None
    imported: int
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0


class ImportFailed(ValidationError):
    """At least one row is bad; ``errors`` lists every one. Nothing was imported."""

    def __init__(self, errors: list[RowError], what: str = "案件", total: int | None = None) -> None:
        self.errors = errors
        self.total = len(errors) if total is None else total  # errors beyond ERRORS_KEPT are counted, not listed
        shown = "；".join(str(e) for e in errors[:5])
        more = f"……共{self.total}处错误" if self.total > 5 else ""
        super().__init__(f"导入文件有错误，未导入任何{what}。{shown}{more}")


def _date(value: str, column: str, errors: list[str]) -> date | None:
    if not value:
        return None
    day = _read_date(value)
    if day is None:
        errors.append(f"{column}“{value}”不是有效日期，应为YYYY-MM-DD")
    return day


@functools.lru_cache(maxsize=8192)  # a file's dates repeat (ten years are 3,653 days); the cache stays bounded
def _read_date(value: str) -> date | None:
    """The date a cell's text writes (YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年MM月DD日, a time after it ignored),
    or None."""
    if len(value) == 10 and value[4] == value[7] == "-" and value.isascii():  # YYYY-MM-DD, most cells: no rewriting
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # the general reading below decides
    text = value.strip().replace("/", "-").replace(".", "-")
    text = text.replace("年", "-").replace("月", "-").replace("日", "")
    try:
        parts = [int(p) for p in text.split(" ")[0].split("-")]
        return date(parts[0], parts[1], parts[2])
    except (ValueError, IndexError):
        return None


_ZERO = Decimal("0.00")
_AMOUNT_PROBLEMS = {
    "nan": "{column}“{value}”不是数字",
    "range": "{column}“{value}”应为不小于0的金额",
    "cents": "{column}“{value}”最多两位小数（元、角、分）",
}


def _amount(value: str, column: str, errors: list[str]) -> Decimal:
    if not value:
        return _ZERO
    amount, problem = _read_amount(value)
    if problem:
        errors.append(_AMOUNT_PROBLEMS[problem].format(column=column, value=value))
    return amount


@functools.lru_cache(maxsize=8192)  # fines repeat (a discretion table's amounts); the cache stays bounded
def _read_amount(value: str) -> tuple[Decimal, str]:
    """The amount a cell's text writes, to the cent, and the key of its problem in ``_AMOUNT_PROBLEMS`` ("" if
    none; 0.00 for a text that is no amount)."""
    try:
        amount = Decimal(value.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return _ZERO, "nan"
    if not amount.is_finite() or amount < 0 or amount > _MAX_AMOUNT:
        return _ZERO, "range"
    cents = amount.quantize(_CENT)
    return cents, ("cents" if amount != cents else "")


def _check_id_number(id_number: str, party_kind: str | None, today: date, errs: list[str]) -> None:
    if id_number and party_kind == PartyKind.PERSON and not rules.validate_resident_id(id_number, today=today):
        errs.append(f"证件号码“{id_number}”不是有效的身份证号（位数、出生日期或校验位错误）")
    if id_number and party_kind == PartyKind.ORGANIZATION and not rules.validate_uscc(id_number):
        errs.append(f"证件号码“{id_number}”不是有效的统一社会信用代码（位数或校验位错误）")


_DATE_COLUMNS = ("违法行为发生日期", "立案日期", "决定日期", "送达日期", "缴款日期", "结案日期")


def _dates(row: dict[str, str], today: date, errs: list[str]) -> tuple[date | None, ...]:
    """The six dates of a row, in ``_DATE_COLUMNS`` order, and every order between them that is wrong."""
    act, registered, decided, served, paid, closed = (_date(row.get(c, ""), c, errs) for c in _DATE_COLUMNS)
    order = [("违法行为发生日期", act), ("立案日期", registered), ("决定日期", decided)]
    for (a_name, a), (b_name, b) in itertools.pairwise(order):
        if a and b and b < a:
            errs.append(f"{b_name}（{b}）早于{a_name}（{a}）")
    for name, day in (("送达日期", served), ("缴款日期", paid)):
        if day and decided and day < decided:
            errs.append(f"{name}（{day}）早于决定日期（{decided}）")
    for name, day in (("决定日期", decided), ("送达日期", served), ("缴款日期", paid)):
        if closed and day and closed < day:
            errs.append(f"结案日期（{closed}）早于{name}（{day}）")
    for name, day in [*order, ("送达日期", served), ("缴款日期", paid), ("结案日期", closed)]:
        if day and day > today:
            errs.append(f"{name}（{day}）晚于今天")
    return act, registered, decided, served, paid, closed


def _flags(g: _Get, errs: list[str]) -> tuple[dict[str, bool], int, Domain | None]:
    """是否重大 / 是否赋权事项, the number of legal-review opinions and the domain of a row."""
    flags: dict[str, bool] = {}
    for column in ("是否重大", "是否赋权事项"):
        value = g(column, "")
        if value not in _YES_NO:
            errs.append(f"{column}“{value}”应为 是 或 否")
        flags[column] = _YES_NO.get(value, False)
    opinions_text = g("法制审核意见书份数", "") or "0"
    opinions = int(opinions_text) if opinions_text.isascii() and opinions_text.isdigit() else -1
    if opinions < 0 or opinions > 1000:
        errs.append(f"法制审核意见书份数“{opinions_text}”应为0至1000的整数")
    domain_text = g("领域", "")
    domain = parse_label(Domain, domain_text) if domain_text else None
    if domain_text and domain is None:
        errs.append(f"领域“{domain_text}”不是已知的领域（{'、'.join(d.label for d in Domain)}）")
    return flags, opinions, domain


def _item(
    lk: Lookups, agency: Agency | None, code: str, act: date | None, *, delegated: bool, errs: list[str]
) -> ItemVersion | None:
    """The power item in force on the date of the act, and, for a delegated item, the township's delegation."""
    item = None
    if agency is not None and act is not None:
        item, why = lk.item(agency, code, act)
        if item is None:
            errs.append(why)
    if delegated and agency is not None:
        if agency.kind != AgencyKind.TOWNSHIP:
            errs.append("是否赋权事项为“是”，但承办机构不是乡镇（街道）")
        elif act is not None and (problem := lk.delegation_problem(agency, code, act)):
            errs.append(problem)
    return item


_REQUIRED = tuple(name for name, _ in COLUMNS if name in REQUIRED)  # in the template's order
_NUMBER_MAX: int = HistoricalCase._meta.get_field("case_number").max_length or 80  # characters of a 案号


@dataclass(frozen=True)
class _Head:
    procedure: str | None
    source: str | None
    agency: Agency | None
    party_kind: str | None


def _head(g: _Get, lk: Lookups, errs: list[str]) -> _Head:
    """程序, 案件来源, 承办机构 and 当事人类型 of a row, each None (with its error) when unknown."""
    procedure = _PROCEDURES.get(g("程序", ""))
    if procedure is None:
        errs.append(f"程序“{g('程序')}”应为 简易 或 一般")
    source = _SOURCES.get(g("案件来源", ""))
    if source is None:
        errs.append(f"案件来源“{g('案件来源')}”不是已知的来源（{'、'.join(CaseSource.labels)}）")
    agency = lk.agencies.get(g("承办机构编码", ""))
    if agency is None:
        errs.append(f"承办机构编码“{g('承办机构编码')}”不存在")
    party_kind = _PARTY_KINDS.get(g("当事人类型", ""))
    if party_kind is None:
        errs.append(f"当事人类型“{g('当事人类型')}”应为 个人 或 单位")
    return _Head(procedure, source, agency, party_kind)


@dataclass(frozen=True)
class _Tail:
    outcome: str | None
    fine: Decimal
    confiscation: Decimal
    is_major: bool
    is_delegated: bool
    opinions: int
    domain: Domain | None


def _tail(g: _Get, head: _Head, errs: list[str]) -> _Tail:
    """决定类型, the amounts, the flags, the opinions and 领域 of a row, with the errors between them."""
    outcome = _OUTCOMES.get(g("决定类型", ""))
    if outcome is None:
        errs.append(f"决定类型“{g('决定类型')}”应为 处罚、不予处罚、首违不罚、移送 或 撤销立案")
    fine = _amount(g("罚款金额", ""), "罚款金额", errs)
    confiscation = _amount(g("没收金额", ""), "没收金额", errs)
    if outcome is not None and outcome != DecisionOutcome.PENALTY and (fine or confiscation):
        errs.append(f"决定类型为“{g('决定类型')}”的案件罚款金额和没收金额应为0")
    party_kind = head.party_kind
    if (
        head.procedure == Procedure.SIMPLE
        and party_kind is not None
        and fine > rules.simple_procedure_fine_cap(party_kind)
    ):
        errs.append(f"简易程序罚款{fine}元超过行政处罚法第五十一条的上限")
    flags, opinions, domain = _flags(g, errs)
    return _Tail(outcome, fine, confiscation, flags["是否重大"], flags["是否赋权事项"], opinions, domain)


def _validate(
    line: int, row: dict[str, str], lk: Lookups, today: date
) -> tuple[dict[str, Any] | None, list[str], bool]:
    """The row's case (None if it has any error), its errors, and whether its required columns are all filled
    (only then is its case number checked for uniqueness). Every error is found and named; ``_Checker`` takes the
    short way for a row without any and falls back to this."""
    g = row.get
    if not all(g(column) for column in _REQUIRED):
        return None, [f"{column}为空" for column in _REQUIRED if not g(column, "")], False
    errs: list[str] = []
    number = g("案号", "")
    if len(number) > _NUMBER_MAX:  # its uniqueness is checked in the database (_number_problems)
        errs.append(f"案号超过{_NUMBER_MAX}个字符")
    head = _head(g, lk, errs)
    id_number = g("证件号码", "").upper()
    _check_id_number(id_number, head.party_kind, today, errs)
    act, registered, decided, served, paid, closed = _dates(row, today, errs)
    tail = _tail(g, head, errs)
    code = g("执法事项编码", "")
    item = _item(lk, head.agency, code, act, delegated=tail.is_delegated, errs=errs)
    if errs or head.agency is None or item is None:
        return None, errs or ["无法识别"], True
    assert act and registered and decided
    days = (act, registered, decided, served, paid, closed)
    return _case(line, g, head, tail, item=item, id_number=id_number, days=days), [], True


def _case(
    line: int,
    g: _Get,
    head: _Head,
    tail: _Tail,
    *,
    item: ItemVersion,
    id_number: str,
    days: tuple[date | None, ...],
) -> dict[str, Any]:
    """A valid row's case: its columns by attribute name."""
    assert head.agency is not None
    act, registered, decided, served, paid, closed = days
    return {
        "line": line,
        "case_number": g("案号", ""),
        "procedure": head.procedure,
        "source": head.source,
        "item_code": g("执法事项编码", ""),
        "power_item_id": item.pk,
        "domain": str(tail.domain or item.domain),
        "agency_id": head.agency.pk,
        "party_kind": head.party_kind,
        "party_name": g("当事人名称", "")[:200],
        "party_id_number": id_number[:18],
        "act_date": act,
        "registered_on": registered,
        "decided_on": decided,
        "outcome": tail.outcome,
        "fine": tail.fine,
        "confiscation": tail.confiscation,
        "is_major": tail.is_major,
        "review_opinions": tail.opinions,
        "is_delegated": tail.is_delegated,
        "served_on": served,
        "paid_on": paid,
        "closed_on": closed,
    }


# The columns a row's 程序, 来源, 机构, 当事人类型, 决定, amounts, flags, 领域 and item are read from: few distinct
# combinations in a file (a county's agencies, items and discretion amounts), so each is checked once.
_KIND_COLUMNS = (
    "程序",
    "案件来源",
    "承办机构编码",
    "当事人类型",
    "决定类型",
    "罚款金额",
    "没收金额",
    "是否重大",
    "是否赋权事项",
    "法制审核意见书份数",
    "领域",
    "执法事项编码",
)
_KINDS_KEPT = 65536  # combinations remembered at most (then forgotten and checked again): memory stays bounded


@dataclass(frozen=True)
class _Kind:
    """A combination of ``_KIND_COLUMNS`` without any error, and the power-item versions its date is looked in."""

    head: _Head
    tail: _Tail
    versions: tuple[ItemVersion, ...]


class _Checker:
    """``_validate`` for every row of one import, the short way for a row without any error: its combination of
    ``_KIND_COLUMNS`` checked once (``_head``, ``_tail``), then only what differs per row (the 案号's length, the
    证件号码, the dates, the item version in force on the date of the act, a delegation). Any row the short way
    does not accept goes to ``_validate``, which finds and names its errors."""

    def __init__(self, lk: Lookups, today: date) -> None:
        self.lk, self.today = lk, today
        self.kinds: dict[tuple[Any, ...], _Kind | None] = {}

    def _kind(self, key: tuple[Any, ...]) -> _Kind | None:
        values = {c: v or "" for c, v in zip(_KIND_COLUMNS, key, strict=True)}
        g = values.get
        errs: list[str] = []
        head = _head(g, self.lk, errs)
        tail = _tail(g, head, errs)
        if errs or head.agency is None:
            return None
        if tail.is_delegated and head.agency.kind != AgencyKind.TOWNSHIP:
            return None
        versions = self.lk.versions(head.agency, values["执法事项编码"])
        return _Kind(head, tail, tuple(versions)) if versions else None

    def __call__(self, line: int, row: dict[str, str]) -> tuple[dict[str, Any] | None, list[str], bool]:
        g = row.get
        if not all(map(g, _REQUIRED)):
            return _validate(line, row, self.lk, self.today)
        key = tuple(map(g, _KIND_COLUMNS))
        try:
            kind = self.kinds[key]
        except KeyError:
            if len(self.kinds) >= _KINDS_KEPT:
                self.kinds.clear()
            kind = self.kinds[key] = self._kind(key)
        days = self._days(row) if kind is not None and len(row["案号"]) <= _NUMBER_MAX else None
        item = self._version(kind, row, days[0]) if days is not None and kind is not None else None
        id_number = (g("证件号码") or "").upper()
        if item is None or kind is None or days is None or (id_number and not self._id_valid(id_number, kind)):
            return _validate(line, row, self.lk, self.today)
        return _case(line, g, kind.head, kind.tail, item=item, id_number=id_number, days=days), [], True

    def _days(self, row: dict[str, str]) -> tuple[date | None, ...] | None:
        """The six dates, when each reads and they are in order and none is after today; else None."""
        days = tuple(_read_date(t) if t else None for t in map(row.get, _DATE_COLUMNS))
        act, registered, decided, served, paid, closed = days
        if act is None or registered is None or decided is None or not (act <= registered <= decided <= self.today):
            return None
        texts = tuple(map(row.get, _DATE_COLUMNS[3:]))
        for text, day in zip(texts, (served, paid, closed), strict=True):
            if text and (day is None or day < decided or day > self.today):
                return None
        if closed is not None and ((served is not None and closed < served) or (paid is not None and closed < paid)):
            return None
        return days

    def _version(self, kind: _Kind, row: dict[str, str], act: date | None) -> ItemVersion | None:
        assert act is not None and kind.head.agency is not None
        version = next((v for v in kind.versions if v.covers(act)), None)
        if version is None or not kind.tail.is_delegated:
            return version
        return None if self.lk.delegation_problem(kind.head.agency, row["执法事项编码"], act) else version

    def _id_valid(self, id_number: str, kind: _Kind) -> bool:
        errs: list[str] = []
        _check_id_number(id_number, kind.head.party_kind, self.today, errs)
        return not errs


def _no_progress(phase: str, done: int, total: int | None) -> None:
    return None


class _Errors:
    """The first ``ERRORS_KEPT`` errors of a file, in line order within each source, and the count of all."""

    def __init__(self) -> None:
        self.kept: list[RowError] = []
        self.total = 0

    def add(self, error: RowError) -> None:
        self.total += 1
        if len(self.kept) < ERRORS_KEPT:
            self.kept.append(error)


class _Spool:
    """Rows pickled in chunks to a temporary file, read back in the same order."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 — closed by close(), after the import
        self.count = 0
        self._chunk: list[Any] = []

    def add(self, row: Any) -> None:
        self._chunk.append(row)
        self.count += 1
        if len(self._chunk) >= BATCH_SIZE:
            self._flush()
            self._chunk = []

    def _flush(self) -> None:
        if self._chunk:
            pickle.dump(self._chunk, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def _rewind(self) -> None:
        self._flush()
        self._chunk = []
        self.file.seek(0)

    def chunks(self) -> Iterator[list[tuple[Any, ...]]]:
        self._rewind()
        while True:
            try:
                yield pickle.load(self.file)
            except EOFError:
                return

    def close(self) -> None:
        self.file.close()


class _CopySpool(_Spool):
    """Rows as lines of PostgreSQL's ``COPY`` text format (without the batch column), written to the temporary file
    a chunk at a time and read back in blocks: nothing is pickled, and the write is ``COPY`` of these bytes."""

    def _flush(self) -> None:
        if self._chunk:
            self.file.write("".join(self._chunk).encode())

    def blocks(self, tail: bytes) -> Iterator[tuple[bytes, int]]:
        """Blocks of whole lines, each line ending in ``tail`` (the batch column) then its line feed, with their
        count. A line feed ends a row only: COPY text writes one inside a value as ``\\n``."""
        self._rewind()
        rest = b""
        while block := self.file.read(1 << 20):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            block, rest = block[:cut], block[cut:]
            yield block.replace(b"\n", tail + b"\n"), block.count(b"\n")


def _digest(data: Data) -> str:
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    while chunk := data.read(1 << 20):
        digest.update(chunk)
    data.seek(0)
    return digest.hexdigest()


def _fields() -> list[models.Field[Any, Any]]:
    """The columns written, the batch last (it is known only when the batch row exists)."""
    fields = [f for f in HistoricalCase._meta.concrete_fields if not f.primary_key and f.attname != "batch_id"]
    return [*fields, HistoricalCase._meta.get_field("batch")]


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_NULL = "\\N"


_COPY_TYPES = (models.BooleanField, models.CharField, models.DateField, models.DecimalField, models.IntegerField)


def _copy_line() -> Callable[[dict[str, Any]], str]:
    """A validated case as its line of COPY text (without the batch column).

    Each value is written by ``str``: ``True``/``False`` (PostgreSQL's boolean input takes them), ISO dates,
    decimals already to the cent, integers, text; ``None`` as ``\\N``. Text is escaped only in the rare line that
    needs it (a tab, line feed, carriage return or backslash in a value), found on the joined line at C speed.
    """
    fields = _fields()[:-1]
    for f in fields:
        if not isinstance(f, _COPY_TYPES) and not isinstance(f, models.ForeignKey):
            raise TypeError(f"no COPY text for {f!r}")  # a new column's type: say how it is written
    values = operator.itemgetter(*(f.attname for f in fields))
    tabs = len(fields) - 1

    def line(case: dict[str, Any]) -> str:
        row = values(case)
        texts = [_COPY_NULL if v is None else str(v) for v in row]
        text = "\t".join(texts)
        # each \N holds one backslash: any other is a value's, to be escaped
        if text.count("\t") != tabs or text.count("\\") != row.count(None) or "\n" in text or "\r" in text:
            text = "\t".join([t if t is _COPY_NULL else t.translate(_COPY_ESCAPES) for t in texts])
        return text + "\n"

    return line


def _converter() -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A validated case as the tuple of its column values (without the batch), adapted by the backend's own
    ``adapt_*`` functions as Django would."""
    ops = connection.ops

    def as_date(v: Any) -> Any:
        return None if v is None else ops.adapt_datefield_value(v)

    def as_decimal(v: Any) -> Any:
        return ops.adapt_decimalfield_value(v, 14, 2)  # both amount fields are DecimalField(14, 2)

    pairs: list[tuple[str, Callable[[Any], Any] | None]] = []
    for f in _fields()[:-1]:
        if isinstance(f, models.DateField):
            pairs.append((f.attname, as_date))
        elif isinstance(f, models.DecimalField):
            pairs.append((f.attname, as_decimal))
        else:
            pairs.append((f.attname, None))

    def convert(case: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(case[name] if adapt is None else adapt(case[name]) for name, adapt in pairs)

    return convert


def _read(data: Data, filename: str, lk: Lookups, today: date, progress: Progress) -> tuple[_Spool, _Spool, _Errors]:
    """One pass over the file: every row validated; the valid ones spooled (while the file has no error): as COPY
    text on PostgreSQL, as tuples elsewhere; every case number spooled with its line."""
    cases: _Spool = _CopySpool() if connection.vendor == "postgresql" else _Spool()
    numbers, errors = _Spool(), _Errors()
    try:
        source = open_rows(data, filename)
    except HeaderError as exc:
        errors.add(RowError(1, str(exc)))
        return cases, numbers, errors
    except Exception as exc:
        errors.add(RowError(1, f"无法读取文件（{type(exc).__name__}）：请上传 .xlsx 或 .csv 文件"))
        return cases, numbers, errors
    convert: Callable[[dict[str, Any]], Any] = _copy_line() if isinstance(cases, _CopySpool) else _converter()
    add_case, add_number = cases.add, numbers.add
    check = _Checker(lk, today)
    n = 0
    try:
        for n, (line, row) in enumerate(source.rows, start=1):
            case, errs, complete = check(line, row)
            if complete:
                add_number((line, row["案号"]))
            for e in errs:
                errors.add(RowError(line, e))
            if case is not None and not errors.total:
                add_case(convert(case))
            if n % 1000 == 0:
                progress("validate", n, source.total)
    except Exception as exc:  # a file that opened but cannot be read to its end (a broken encoding, a bad sheet)
        errors.add(RowError(n + 2, f"无法读取文件（{type(exc).__name__}）：请上传 .xlsx 或 .csv 文件"))
    progress("validate", n, n)
    return cases, numbers, errors


_NUMBERS = "fazhi_import_numbers"


def _number_problems(numbers: _Spool) -> tuple[list[tuple[int, str]], int]:
    """The file's case numbers that repeat an earlier row's or are already in use (imported, a decision's 文号 or
    a case's 立案编号), found by joins on a temporary table: the first ``ERRORS_KEPT`` as (line, reason), and
    their count. Runs inside the caller's transaction."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_NUMBERS} (line integer NOT NULL, number text NOT NULL) ON COMMIT DROP"
            )
            with cursor.copy(f"COPY {_NUMBERS} (line, number) FROM STDIN") as copy:
                for chunk in numbers.chunks():
                    for row in chunk:
                        copy.write_row(row)
        else:
            cursor.execute(f"CREATE TEMPORARY TABLE {_NUMBERS} (line integer NOT NULL, number text NOT NULL)")
            for chunk in numbers.chunks():
                cursor.executemany(f"INSERT INTO {_NUMBERS} (line, number) VALUES (%s, %s)", chunk)
        cursor.execute(f"CREATE INDEX {_NUMBERS}_number ON {_NUMBERS} (number, line)")
        repeated = (
            f"SELECT n.line, n.number, f.first FROM {_NUMBERS} n JOIN (SELECT number, MIN(line) AS first "
            f"FROM {_NUMBERS} GROUP BY number HAVING COUNT(*) > 1) f ON f.number = n.number WHERE n.line > f.first"
        )
        in_use = (
            f"SELECT MIN(line) AS line, number FROM ("
            f"SELECT n.line, n.number FROM {_NUMBERS} n JOIN {qn(HistoricalCase._meta.db_table)} h "
            f"ON h.case_number = n.number "
            f"UNION ALL SELECT n.line, n.number FROM {_NUMBERS} n JOIN {qn(Decision._meta.db_table)} d "
            f"ON d.number = n.number "
            f"UNION ALL SELECT n.line, n.number FROM {_NUMBERS} n JOIN {qn(Case._meta.db_table)} c "
            f"ON c.register_number = n.number) used GROUP BY number"
        )
        problems: list[tuple[int, str]] = []
        cursor.execute(f"SELECT COUNT(*) FROM ({repeated}) r")
        total = cursor.fetchone()[0]
        cursor.execute(f"{repeated} ORDER BY n.line LIMIT %s", [ERRORS_KEPT])
        problems += [(line, f"案号“{number}”与第{first}行重复") for line, number, first in cursor.fetchall()]
        cursor.execute(f"SELECT COUNT(*) FROM ({in_use}) u")
        total += cursor.fetchone()[0]
        cursor.execute(f"SELECT line, number FROM ({in_use}) u ORDER BY line LIMIT %s", [ERRORS_KEPT])
        problems += [(line, f"案号“{number}”已存在（已导入或系统内已有该案号）") for line, number in cursor.fetchall()]
        cursor.execute(f"DROP TABLE {_NUMBERS}")
    return problems, total


def _refuse(errors: _Errors, problems: list[tuple[int, str]], number_total: int) -> ImportFailed:
    """Every error in line order, a row's case-number problem before its others (as a reader checks the 案号 first)."""
    ranked = [((e.line, 1, i), e) for i, e in enumerate(errors.kept)]
    ranked += [((line, 0, i), RowError(line, reason)) for i, (line, reason) in enumerate(problems)]
    ranked.sort(key=lambda pair: pair[0])
    return ImportFailed([e for _, e in ranked[:ERRORS_KEPT]], total=errors.total + number_total)


def cases_import(
    *,
    actor: User | None,
    data: Data,
    filename: str,
    today: date | None = None,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Import historical cases from ``data`` (bytes, or a seekable binary file at its start). Raises
    ``ImportFailed`` listing the bad rows (the first ``ERRORS_KEPT``; all counted); then nothing is saved."""
    today = today or clock.today()
    lk = Lookups()
    sha256 = _digest(data)
    cases, numbers, errors = _read(data, filename, lk, today, progress)
    try:
        if errors.total:
            with transaction.atomic():
                problems, number_total = _number_problems(numbers)
            raise _refuse(errors, problems, number_total)
        if not cases.count:
            raise ImportFailed([RowError(2, "文件没有数据行")])
        total = cases.count
        progress("write", 0, total)
        with transaction.atomic():
            problems, number_total = _number_problems(numbers)
            if problems:
                raise _refuse(errors, problems, number_total)
            batch = ImportBatch.objects.create(
                filename=filename[:200],
                sha256=sha256,
                imported_by=actor if actor is not None and actor.pk else None,
                imported_at=clock.now(),
                row_count=total,
            )
            _insert(batch, cases, total, progress)
            audit_record(
                actor=actor,
                entity=batch,
                action="imports.cases",
                summary=f"导入历史案件{total}件（{filename}）",
                after={"rows": total, "sha256": batch.sha256},
            )
    finally:
        cases.close()
        numbers.close()
    return ImportReport(batch=batch, imported=total)


def _insert(batch: ImportBatch, cases: _Spool, total: int, progress: Progress) -> None:
    """Stream the spooled rows into the table: ``COPY`` on PostgreSQL, multi-row ``INSERT … VALUES (…), (…)``
    statements elsewhere (``bulk_create`` spent most of its time compiling SQL per row)."""
    ops = connection.ops
    fields = _fields()
    table = ops.quote_name(HistoricalCase._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    done = 0
    with connection.cursor() as cursor:
        if isinstance(cases, _CopySpool):  # COPY: an order of magnitude faster than INSERT on PostgreSQL
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for block, lines in cases.blocks(f"\t{batch.pk}".encode()):
                    copy.write(block)
                    done += lines
                    progress("write", done, total)
            return
        for chunk in cases.chunks():
            for at in range(0, len(chunk), ROWS_PER_STATEMENT):
                part = chunk[at : at + ROWS_PER_STATEMENT]
                params: list[Any] = []
                for row in part:
                    params.extend(row)
                    params.append(batch.pk)
                values = ", ".join([row_sql] * len(part))
                cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)
            done += len(chunk)
            progress("write", done, total)


def row_errors_text(errors: list[RowError]) -> str:
    return "\n".join(str(e) for e in errors)
