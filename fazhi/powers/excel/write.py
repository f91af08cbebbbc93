"""Writing the power-list workbook in the documented layout (`fazhi.powers.excel.layout`, docs/power-list.md)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fazhi.core.cells import safe_row
from fazhi.powers.conditions import format_conditions
from fazhi.powers.domain import DiscretionTier, Domain, ExemptionKind, FineMode, PowerKind
from fazhi.powers.excel.layout import (
    EXEMPTION_COLUMNS,
    ITEM_COLUMNS,
    SHEET_EXEMPTIONS,
    SHEET_HELP,
    SHEET_ITEMS,
    SHEET_TIERS,
    TIER_COLUMNS,
    ExemptionRow,
    ItemRow,
    TierRow,
)
from fazhi.powers.facts import FACTS, FactType, find_fact
from fazhi.rules.kinds import PenaltyKind

__all__ = ["write_workbook"]

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_REQUIRED_FILL = PatternFill("solid", fgColor="F9D9D6")
_WIDE = {
    "违法依据": 60,
    "处罚依据": 60,
    "事项名称": 30,
    "适用条件(说明)": 36,
    "条件表达式": 30,
    "法条来源": 30,
    "备注": 24,
}


def _header(ws: Worksheet, columns: Sequence[tuple[str, bool, str]]) -> None:
    for i, (header, required, _) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=header)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if required else _HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = _WIDE.get(header, 14)
    ws.freeze_panes = "A2"


def _yes(value: bool) -> str:
    return "是" if value else ""


def _wrap(ws: Worksheet) -> None:
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _help_sheet(ws: Worksheet, title: str) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    lines: list[tuple[str, str]] = [
        (title, ""),
        ("", ""),
        (
            "使用方法",
            "在“权责清单”“裁量基准”“免罚清单”三张表中逐行填写，表头不要改动；红色表头为必填列。"
            "导入时系统逐行检查，发现任何错误都会列出全部错误（工作表、行号、列、原因），且一条都不导入。",
        ),
        ("", ""),
        ("【权责清单】列", ""),
        *[(h, d) for h, _, d in ITEM_COLUMNS],
        ("", ""),
        ("【裁量基准】列", ""),
        *[(h, d) for h, _, d in TIER_COLUMNS],
        ("", ""),
        ("【免罚清单】列", ""),
        *[(h, d) for h, _, d in EXEMPTION_COLUMNS],
        ("", ""),
        ("领域可选值", "、".join(d.label for d in Domain)),
        ("事项类别可选值", "、".join(k.label for k in PowerKind)),
        ("处罚种类可选值", "、".join(k.label for k in PenaltyKind if k is not PenaltyKind.DETENTION)),
        ("罚款方式可选值", "、".join(m.label for m in FineMode)),
        ("阶次可选值", "、".join(t.label for t in DiscretionTier) + "（减轻须低于法定下限，行政处罚法第三十二条）"),
        ("免罚类型可选值", "、".join(k.label for k in ExemptionKind)),
        ("", ""),
        (
            "条件表达式语法",
            "若干条件用“；”（或“且”）分隔，须同时满足。每个条件写成“事实 运算符 值”。"
            "运算符：= != < <= > >= 属于 不属于（也可写 ≥ ≤ ≠）。“属于”的值用“、”分隔。"
            "是/否类事实可只写事实名，表示“=是”。不支持“或”：不同情形请分行填写。",
        ),
        ("示例", "面积>=30；面积<100"),
        ("示例", "危害后果 属于 无、轻微；及时改正=是"),
        ("示例", "前次违法次数>=1"),
        ("", ""),
        ("事实词表（名称｜代码｜类型｜单位）", ""),
    ]
    type_label = {
        FactType.NUMBER: "数量",
        FactType.INTEGER: "整数",
        FactType.BOOL: "是/否",
        FactType.CHOICE: "选项",
        FactType.DATE: "日期",
    }
    for fact in FACTS:
        extra = "；选项：" + "、".join(label for _, label in fact.choices) if fact.choices else ""
        alias = "；也可写作：" + "、".join(fact.aliases) if fact.aliases else ""
        lines.append(
            (
                fact.name,
                f"{fact.code}｜{type_label[fact.type]}｜{fact.unit or '—'}"
                f"{extra}{alias}{'；' + fact.help if fact.help else ''}",
            )
        )
    for row, (a, b) in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=a).font = _HEADER_FONT if not b or row == 1 else Font()
        ws.cell(row=row, column=2, value=b).alignment = Alignment(wrap_text=True, vertical="top")


def write_workbook(
    items: Sequence[ItemRow],
    tiers: Sequence[TierRow],
    exemptions: Sequence[ExemptionRow],
    *,
    title: str,
) -> bytes:
    """The workbook in the documented layout; reading it back gives the same rows."""
    wb = Workbook()
    help_ws = wb.active
    assert help_ws is not None
    help_ws.title = SHEET_HELP
    _help_sheet(help_ws, title)

    ws = wb.create_sheet(SHEET_ITEMS)
    _header(ws, ITEM_COLUMNS)
    for item in items:
        ws.append(
            safe_row(
                [
                    item.code,
                    item.name,
                    item.domain.label,
                    item.kind.label,
                    item.violation_basis,
                    item.penalty_basis,
                    "、".join(k.label for k in item.penalty_kinds),
                    item.fine_mode.label,
                    item.fine_min,
                    item.fine_max,
                    _coef(item.coef_min),
                    _coef(item.coef_max),
                    _fact_name(item.base_fact),
                    item.base_floor,
                    item.source,
                    _yes(item.is_sample),
                    item.remark,
                ],
                ws,
            )
        )
    _wrap(ws)
    ws = wb.create_sheet(SHEET_TIERS)
    _header(ws, TIER_COLUMNS)
    for tier in tiers:
        ws.append(
            safe_row(
                [
                    tier.item_code,
                    tier.tier.label,
                    tier.description,
                    tier.condition_text or format_conditions(tier.conditions),
                    tier.fine_min,
                    tier.fine_max,
                    _coef(tier.coef_min),
                    _coef(tier.coef_max),
                    _yes(tier.is_sample),
                ],
                ws,
            )
        )
    _wrap(ws)
    ws = wb.create_sheet(SHEET_EXEMPTIONS)
    _header(ws, EXEMPTION_COLUMNS)
    for ex in exemptions:
        ws.append(
            safe_row(
                [
                    ex.item_code,
                    ex.kind.label,
                    ex.description,
                    ex.condition_text or format_conditions(ex.conditions),
                    ex.look_back_months,
                    _yes(ex.is_sample),
                ],
                ws,
            )
        )
    _wrap(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _coef(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.normalize()


def _fact_name(code: str) -> str:
    fact = find_fact(code) if code else None
    return fact.name if fact else code
