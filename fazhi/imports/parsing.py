"""Reading an import file row by row: .xlsx or .csv (UTF-8 or GBK), Chinese headers.

An .xlsx is read with python-calamine (its first sheet; dates come as ``date``/``datetime`` in the workbook's date
system), a .csv with the csv module. It yields ``(line, {column: text})`` and never touches the database; rows
become Python values one at a time. Values are returned as stripped text (dates as ISO text) and interpreted by
``fazhi.imports.services``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO

from python_calamine import CalamineWorkbook

from fazhi.core.archives import office_bytes_problem
from fazhi.core.xlsx import formula_errors

__all__ = [
    "COLUMNS",
    "IMPORT_MAX_UNCOMPRESSED",
    "REQUIRED",
    "Data",
    "HeaderError",
    "RowSource",
    "canonical_header",
    "from_excel_serial",
    "open_rows",
]

# An import workbook may be larger than an evidence document: the bench's 100,000 cases are 119 MB of sheet XML.
# The members and the inflation ratio are bounded as for every Office package (fazhi.core.archives).
IMPORT_MAX_UNCOMPRESSED = 512 * 1024**2
_EPOCH_1900 = datetime(1899, 12, 30)
_MAX_SERIAL = 2958466  # 9999-12-31 + 1

# The template's columns, in order, with the note the template shows under each.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("案号", "必填；全库唯一，如 醴城管罚决字〔2023〕第0001号"),
    ("程序", "必填；简易 或 一般"),
    ("案件来源", "必填；巡查发现、投诉举报、上级交办、移送、非现场执法、双随机检查、数字城管"),
    ("执法事项编码", "必填；本局权责清单中的事项编码"),
    (
        "领域",
        "可空；空则取执法事项的领域；市容环卫、城乡规划、市政公用、园林绿化、建筑垃圾、户外广告、环境保护、占道经营、其他",
    ),
    ("承办机构编码", "必填；机构的案号代字，如 醴城管"),
    ("当事人类型", "必填；个人 或 单位"),
    ("当事人名称", "必填"),
    ("证件号码", "可空；个人为18位身份证号，单位为18位统一社会信用代码，校验位须正确"),
    ("违法行为发生日期", "必填；YYYY-MM-DD"),
    ("立案日期", "必填；不早于违法行为发生日期"),
    ("决定日期", "必填；不早于立案日期"),
    ("决定类型", "必填；处罚、不予处罚、首违不罚、移送、撤销立案"),
    ("罚款金额", "元，最多两位小数；仅“处罚”可大于0"),
    ("没收金额", "元，最多两位小数；仅“处罚”可大于0"),
    ("是否重大", "是 或 否，空为否"),
    ("法制审核意见书份数", "整数，空为0"),
    ("是否赋权事项", "是 或 否，空为否；是 则承办机构须为乡镇（街道），且违法行为发生日期在该事项的赋权有效期内"),
    ("送达日期", "可空；不早于决定日期"),
    ("缴款日期", "可空；不早于决定日期"),
    ("结案日期", "可空；不早于决定、送达、缴款日期"),
)
REQUIRED = frozenset(
    {
        "案号",
        "程序",
        "案件来源",
        "执法事项编码",
        "承办机构编码",
        "当事人类型",
        "当事人名称",
        "违法行为发生日期",
        "立案日期",
        "决定日期",
        "决定类型",
    }
)
_PARENS = re.compile(r"[（(].*?[)）]")


class HeaderError(Exception):
    """The header row lacks a required column: nothing can be read."""


def canonical_header(text: str) -> str:
    """``程序(简易/一般)`` and ``程序（简易/一般）`` are the column ``程序``."""
    return _PARENS.sub("", str(text or "")).strip().replace(" ", "").replace("\u3000", "")


def _text(value: object) -> str:
    if type(value) is str:  # most cells: the checks below cost more than the strip
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class RowSource:
    """The rows of a file and, when cheaply known, how many there are (for the progress bar)."""

    headers: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    total: int | None


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of import file (in template order) and which of them must be present."""

    columns: tuple[tuple[str, str], ...]
    required: frozenset[str]

    @property
    def known(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.columns)


CASES_LAYOUT = Layout(COLUMNS, REQUIRED)


def _mapping(raw_headers: list[object], layout: Layout = CASES_LAYOUT) -> tuple[list[str], list[str | None]]:
    names = [canonical_header(_text(h)) for h in raw_headers]
    missing = [c for c, _ in layout.columns if c in layout.required and c not in names]
    if missing:
        raise HeaderError(f"第1行（表头）缺少必填列：{'、'.join(missing)}。请使用导入模板。")
    known = layout.known
    return names, [n if n in known else None for n in names]


def from_excel_serial(serial: float) -> datetime:
    """An Excel date serial (1900 system) as a datetime; serials before 60 are shifted by Excel's phantom
    29 Feb 1900, as Excel and openpyxl show them."""
    if not (0 <= serial < _MAX_SERIAL):
        raise ValueError(serial)
    if serial < 60:
        serial += 1
    return _EPOCH_1900 + timedelta(days=serial)


def _xlsx(data: bytes, layout: Layout = CASES_LAYOUT) -> RowSource:
    """The first worksheet, read by calamine (Rust): the sheet is parsed at once into calamine's cells, then each
    row becomes Python values only when the import asks for it."""
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        sheet = book.get_sheet_by_index(0)
    errors = formula_errors(data)
    # iter_rows yields every row from row 1 (the absent ones as blank rows) but the columns only from the first
    # column holding data: the columns left of it are put back so that a value stays under its header.
    pad: list[object] = [None] * (sheet.start[1] if sheet.start else 0)
    it = enumerate(sheet.iter_rows(), start=1)
    # the header is the first row holding anything (as the reader before calamine took it)
    first = next(((line, values) for line, values in it if not _blank(values)), None)
    if first is None:
        raise HeaderError("文件是空的：第1行应为表头。")
    header_line, header = first
    names, keep = _mapping([*pad, *header], layout)
    total = max(sheet.end[0] + 1 - header_line, 0) if sheet.end else None
    dates = _date_columns(keep)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for line, cells in it:
            values: Sequence[object] = cells
            if pad or line in errors:
                fixed: list[object] = [*pad, *cells]
                for col, code in errors.get(line, {}).items():
                    if col < len(fixed):
                        fixed[col] = code
                values = fixed
            if not _blank(values):
                yield line, _row(keep, values, dates)

    return RowSource(names, rows(), total)


def _blank(values: Sequence[object]) -> bool:
    return all(v is None or _text(v) == "" for v in values)


def _date_columns(keep: list[str | None]) -> frozenset[int]:
    return frozenset(i for i, k in enumerate(keep) if k is not None and k.endswith("日期"))


def _row(keep: list[str | None], values: Sequence[object], dates: frozenset[int]) -> dict[str, str]:
    """The known columns of a row; a bare number in a 日期 column (a date cell that lost its format) is read as an
    Excel serial date."""
    out = {}
    for i, (k, v) in enumerate(zip(keep, values, strict=False)):
        if k is None:
            continue
        if i in dates and isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v < _MAX_SERIAL:
            out[k] = _text(from_excel_serial(v))
        else:
            out[k] = _text(v)
    return out


Data = bytes | IO[bytes]  # the bytes of a file, or a binary file open at its start (read, never kept whole)
_CHUNK = 1 << 20


def _stream(data: Data) -> IO[bytes]:
    return io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data


def _sniff(stream: IO[bytes]) -> tuple[str, int]:
    """The encoding of a CSV stream and its count of line feeds, read once in chunks (nothing kept): UTF-8 (with or
    without BOM) when every byte decodes as UTF-8, else GB18030 (a superset of GBK; its bytes never hold 0x0A but
    as a line feed)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, newlines = True, 0
    while chunk := stream.read(_CHUNK):
        newlines += chunk.count(b"\n")
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    stream.seek(0)
    return ("utf-8-sig" if utf8 else "gb18030"), newlines


def _csv(data: Data, layout: Layout = CASES_LAYOUT) -> RowSource:
    """A CSV read as a stream: memory stays bounded whatever the file's size."""
    stream = _stream(data)
    encoding, newlines = _sniff(stream)
    reader = csv.reader(io.TextIOWrapper(stream, encoding=encoding, newline=""))
    header = next(reader, None)
    if header is None:
        raise HeaderError("文件是空的：第1行应为表头。")
    names, keep = _mapping(list(header), layout)
    total = max(newlines - 1, 0)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            yield reader.line_num, {k: v.strip() for k, v in zip(keep, values, strict=False) if k is not None}

    return RowSource(names, rows(), total)


def open_rows(data: Data, filename: str, layout: Layout = CASES_LAYOUT) -> RowSource:
    """The rows of ``data`` (bytes, or a binary file at its start): an .xlsx workbook (first sheet) or a .csv text,
    by name or by content. A .csv is streamed; an .xlsx is read whole (its size is bounded below).

    An .xlsx is a ZIP package: before calamine opens it, its central directory is checked (``fazhi.core.archives``)
    and a file that is no ZIP, or a zip bomb (too many members, too large inflated, too high a ratio), is refused
    with the reason as a ``HeaderError``; nothing is inflated."""
    stream = _stream(data)
    magic = stream.read(2)
    stream.seek(0)
    if filename.lower().endswith(".xlsx") or magic == b"PK":
        whole = data if isinstance(data, bytes) else stream.read()
        problem = office_bytes_problem(whole, max_uncompressed=IMPORT_MAX_UNCOMPRESSED)
        if problem is not None:
            raise HeaderError(f"无法读取文件（{problem}）：请上传用导入模板填写的 .xlsx 或 .csv 文件。")
        return _xlsx(whole, layout)
    return _csv(stream, layout)
