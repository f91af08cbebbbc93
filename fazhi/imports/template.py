"""The documented import templates, one per kind: the header row, one example row, and a sheet of instructions."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from fazhi.core.cells import safe_row
from fazhi.imports.kinds import KINDS
from fazhi.imports.models import ImportKind
from fazhi.imports.parsing import COLUMNS, REQUIRED, Layout

EXAMPLE = (
    "示城管罚决字〔2023〕第0001号",
    "一般",
    "巡查发现",
    "SL-GH-001",
    "城乡规划",
    "示城管东",
    "个人",
    "张三",
    "11010519491231002X",
    "2023-02-20",
    "2023-03-01",
    "2023-04-10",
    "处罚",
    "50000.00",
    "0",
    "否",
    "1",
    "否",
    "2023-04-12",
    "2023-04-20",
    "2023-04-30",
)


def layout_of(kind: str) -> Layout:
    return Layout(COLUMNS, REQUIRED) if kind == ImportKind.CASES else KINDS[kind].layout


def template_filename(kind: str) -> str:
    return f"{ImportKind(kind).label}导入模板.xlsx"


def import_template(kind: str = ImportKind.CASES) -> bytes:
    """The template of ``kind`` as .xlsx bytes (the first sheet is what the import reads)."""
    layout = layout_of(kind)
    example: tuple[str, ...] = EXAMPLE
    notes_text: tuple[str, ...] = ()
    per_row = "每行一件案件"
    if kind != ImportKind.CASES:
        example, notes_text, per_row = KINDS[kind].example, KINDS[kind].notes, "每行一条记录"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = ImportKind(kind).label
    ws.append([name for name, _ in layout.columns])
    for cell in ws[1]:
        if cell.value in layout.required:
            cell.font = Font(bold=True)
    ws.append(safe_row(example, ws))
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    for name, note in layout.columns:
        notes.append(safe_row([name, "必填" if name in layout.required else "可空", note], notes))
    notes.append([])
    notes.append(["说明", "", f"第1行为表头，自第2行起{per_row}；也可另存为CSV（UTF-8或GBK编码）。"])
    for text in notes_text:
        notes.append(safe_row(["", "", text], notes))
    notes.append(["", "", "任何一行有错误，整个文件都不导入，并列出每一错误行的行号、列和原因；请改正后重新导入。"])
    notes.append(["", "", "请删除示例行后再导入。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
