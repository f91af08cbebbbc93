"""formula_errors: the error cells calamine reads as empty, by sheet, row and column."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from fazhi.core.xlsx import formula_errors


def _book() -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "甲"
    first.append(["a", "b", "c"])
    first.append([1, 2, 3])
    second = wb.create_sheet("乙")
    second.append(["x"])
    second["AB7"] = 5
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _with_errors(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<c r="C2" t="n"><v>3</v></c>', b'<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
            elif info.filename == "xl/worksheets/sheet2.xml":
                body = body.replace(b'<c r="AB7" t="n"><v>5</v></c>', b'<c t="e" r="AB7"><v>#N/A</v></c>')
            dst.writestr(info, body)
    return out.getvalue()


def test_error_cells_are_found_by_row_from_1_and_column_from_0_in_the_sheet_asked_for():
    data = _with_errors(_book())
    assert formula_errors(data) == {2: {2: "#DIV/0!"}}
    assert formula_errors(data, "乙") == {7: {27: "#N/A"}}
    assert formula_errors(data, "丙") == {}


def test_a_workbook_without_errors_or_not_a_workbook_gives_none():
    assert formula_errors(_book()) == {}
    assert formula_errors(b"PK\x03\x04 not a zip") == {}
