"""The .xlsx reader (python-calamine) against workbooks written by openpyxl: the same rows as openpyxl's own reader
gives, sparse rows keep their line and column, dates are dates, and a file that is not a workbook is refused."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.imports import parsing
from fazhi.imports.parsing import COLUMNS

HEADER = [name for name, _ in COLUMNS]


def _book(rows: list[list[object]], *, write_only: bool = False, sparse: dict[str, object] | None = None) -> bytes:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet() if write_only else wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    if sparse:
        for ref, value in sparse.items():
            ws[ref] = value
    if not write_only:
        # a date format on the date cells, as Excel would write them
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime | date):
                    cell.number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _row(i: int) -> list[object]:
    return [
        f"醴城管罚决字〔2023〕第{i:04d}号",
        "一般",
        "投诉举报",
        "SL-GH-001",
        None,
        "示城管东",
        "个人",
        "张三 & “李四” <测试>",
        None,
        date(2023, 3, 1),
        datetime(2023, 3, 2, 10, 30),
        date(2023, 4, 1),
        "处罚",
        1000.5,
        0,
        "否",
        2,
        "否",
        None,
        None,
        date(2023, 5, 6),
    ]


def _openpyxl_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """What openpyxl's read-only mode gives for the same sheet (the reader used before calamine), as the import's
    rows: the reference the calamine reader is held to."""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    it = wb.worksheets[0].iter_rows(values_only=True)
    _, keep = parsing._mapping(list(next(it)))
    dates = parsing._date_columns(keep)
    out = [
        (line, parsing._row(keep, values, dates))
        for line, values in enumerate(it, start=2)
        if not parsing._blank(values)
    ]
    wb.close()
    return out


def _both(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[tuple[int, dict[str, str]]]]:
    fast = list(parsing._xlsx(data).rows)
    return fast, _openpyxl_rows(data)


@pytest.mark.parametrize("write_only", [False, True])
def test_the_reader_reads_what_openpyxl_reads(write_only):
    data = _book([_row(1), _row(2)], write_only=write_only)
    fast, slow = _both(data)
    assert fast == slow
    line, row = fast[0]
    assert line == 2
    assert row["案号"] == "醴城管罚决字〔2023〕第0001号"
    assert row["当事人名称"] == "张三 & “李四” <测试>"
    assert row["违法行为发生日期"] == "2023-03-01"
    assert row["立案日期"] == "2023-03-02"
    assert row["结案日期"] == "2023-05-06"
    assert row["罚款金额"] == "1000.5"
    assert row["没收金额"] == "0"
    assert row["法制审核意见书份数"] == "2"
    assert row["领域"] == "" and row["证件号码"] == "" and row["送达日期"] == ""


def test_a_sparse_row_after_empty_rows():
    data = _book([_row(1)], sparse={"A5": "孤行", "D5": "SL-SZ-001", "L5": 45000})
    fast, slow = _both(data)
    assert fast == slow
    assert [line for line, _ in fast] == [2, 5]
    sparse = fast[1][1]
    assert sparse["案号"] == "孤行" and sparse["执法事项编码"] == "SL-SZ-001"
    assert sparse["程序"] == "" and sparse["结案日期"] == ""
    # a bare number in a 日期 column is an Excel serial date (45000 = 2023-03-15)
    assert sparse["决定日期"] == "2023-03-15"


def _to_shared_strings(data: bytes) -> bytes:
    """The workbook with its inline strings moved to xl/sharedStrings.xml (as Excel writes them); the first
    string becomes a rich-text entry with a phonetic run, which is not part of the text."""
    src = zipfile.ZipFile(io.BytesIO(data))
    strings: list[bytes] = []

    def share(m: re.Match[bytes]) -> bytes:
        strings.append(m.group(1))
        return b't="s"><v>' + str(len(strings) - 1).encode() + b"</v>"

    sheet = re.sub(rb't="inlineStr"><is><t[^>]*>(.*?)</t></is>', share, src.read("xl/worksheets/sheet1.xml"))
    cut = strings[0].index(b";") + 1 if b";" in strings[0] else 1
    items = [
        b"<si><r><t>" + strings[0][:cut] + b"</t></r><r><rPr/><t>" + strings[0][cut:] + b"</t></r>"
        b'<rPh sb="0" eb="1"><t>AN</t></rPh></si>'
    ]
    items += [b"<si><t>" + t + b"</t></si>" for t in strings[1:]]
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(items)
        + b"</sst>"
    )
    rel = (
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = sheet
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", rel)
            elif info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", override)
            dst.writestr(info.filename, body)
        dst.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def test_shared_strings_rich_text_and_phonetic_runs():
    data = _to_shared_strings(_book([_row(1)], sparse={"A5": "孤行"}))
    assert b"inlineStr" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    fast, slow = _both(data)
    assert fast == slow
    assert fast[0][1]["案号"] == "醴城管罚决字〔2023〕第0001号"
    assert fast[0][1]["当事人名称"] == "张三 & “李四” <测试>"
    assert fast[1] == (5, fast[1][1]) and fast[1][1]["案号"] == "孤行"


def test_custom_date_format_and_the_total():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(_row(1))
    ws["J2"].number_format = 'yyyy"年"m"月"d"日"'
    ws["N2"].number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    source = parsing._xlsx(buf.getvalue())
    rows = list(source.rows)
    assert source.total == 1
    assert rows[0][1]["违法行为发生日期"] == "2023-03-01"
    assert rows[0][1]["罚款金额"] == "1000.5"


def test_excel_serials_are_dates_with_the_phantom_leap_day():
    assert parsing.from_excel_serial(1) == datetime(1900, 1, 1)
    assert parsing.from_excel_serial(61) == datetime(1900, 3, 1)
    assert parsing.from_excel_serial(45000.5) == datetime(2023, 3, 15, 12)
    with pytest.raises(ValueError):
        parsing.from_excel_serial(-1)


def _rezip(data: bytes, name: str, transform) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, transform(body) if info.filename == name else body)
    return out.getvalue()


def test_the_1904_date_system():
    data = _book([_row(1)])
    data = _rezip(data, "xl/workbook.xml", lambda b: b.replace(b"<workbookPr", b'<workbookPr date1904="1"', 1))
    fast, slow = _both(data)
    assert fast == slow


def test_data_starting_right_of_column_a_stays_under_its_header():
    wb = Workbook()
    ws = wb.active
    ws.append(["备注", *HEADER])
    ws.append([None, *_row(1)])
    ws.append([None, *_row(2)])
    ws["A1"] = None  # column A is empty: calamine's range starts at column B
    buf = io.BytesIO()
    wb.save(buf)
    fast, slow = _both(buf.getvalue())
    assert fast == slow
    assert [(line, row["案号"], row["立案日期"]) for line, row in fast] == [
        (2, "醴城管罚决字〔2023〕第0001号", "2023-03-02"),
        (3, "醴城管罚决字〔2023〕第0002号", "2023-03-02"),
    ]


def test_a_file_that_is_not_a_workbook_raises_and_the_import_says_so_in_chinese(db):
    from fazhi.imports.services import ImportFailed, cases_import

    for data in (b"PK\x03\x04 not a zip at all", _book([_row(1)])[:2000]):
        with pytest.raises(Exception):  # noqa: B017 - calamine's own error classes
            parsing.open_rows(data, "坏.xlsx")
        with pytest.raises(ImportFailed) as caught:
            cases_import(actor=None, data=data, filename="坏.xlsx", today=date(2026, 1, 1))
        assert "无法读取文件" in caught.value.errors[0].reason


def test_a_formula_error_stays_its_text_and_is_refused_not_imported_as_zero(db):
    """calamine reads an error cell as empty; 罚款金额 #DIV/0! must not become 0 元."""
    from fazhi.imports.services import ImportFailed, cases_import

    data = _book([_row(1), _row(2)], write_only=True)

    def spoil(sheet: bytes) -> bytes:
        sheet, n = re.subn(rb'<c r="N3"[^>]*>.*?</c>', b'<c r="N3" t="e"><f>1/0</f><v>#DIV/0!</v></c>', sheet)
        assert n == 1
        return sheet

    spoiled = _rezip(data, "xl/worksheets/sheet1.xml", spoil)
    fast, slow = _both(spoiled)
    assert fast == slow
    assert fast[1][1]["罚款金额"] == "#DIV/0!" and fast[0][1]["罚款金额"] == "1000.5"
    with pytest.raises(ImportFailed) as caught:
        cases_import(actor=None, data=spoiled, filename="a.xlsx", today=date(2026, 1, 1))
    assert any(e.line == 3 and "罚款金额“#DIV/0!”不是数字" in e.reason for e in caught.value.errors)


def test_empty_workbook_is_a_header_error():
    wb = Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(parsing.HeaderError):
        parsing._xlsx(buf.getvalue())


def test_unusual_cell_markup_reads_as_openpyxl_reads_it():
    """Attributes in another order, a formula, a rich inline string: the same values as openpyxl's."""
    data = _book([_row(1), _row(2), _row(3)], write_only=True)

    def rewrite(sheet: bytes) -> bytes:
        sheet = sheet.replace(b'<c r="B2" t="inlineStr">', b'<c t="inlineStr" r="B2">')  # generic cell path
        sheet = re.sub(
            rb'<c r="O3" t="n"><v>0</v></c>|<c r="O3"><v>0</v></c>', b'<c r="O3"><f>1-1</f><v>0</v></c>', sheet
        )
        return re.sub(  # rich text: the XML path
            rb'<c r="G4" t="inlineStr"><is><t>([^<]*)</t></is></c>',
            rb'<c r="G4" t="inlineStr"><is><r><t>\1</t></r></is></c>',
            sheet,
        )

    changed = _rezip(data, "xl/worksheets/sheet1.xml", rewrite)
    assert changed != data
    fast, slow = _both(changed)
    assert fast == slow and len(fast) == 3
    assert fast[0][1]["程序"] == "一般" and fast[2][1]["当事人类型"] == "个人"
