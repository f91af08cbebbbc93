"""Reading the power-list workbook with a row-by-row error report.

Reading collects EVERY problem as (sheet, row, column, reason) and never stops at the first, so that a bureau
fixes its file in one pass. The layout is in `fazhi.powers.excel.layout` and docs/power-list.md.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook

from fazhi.core.xlsx import formula_errors
from fazhi.powers.domain import DiscretionTier, Domain, ExemptionKind, FineMode, PowerKind, parse_label
from fazhi.powers.excel.cells import (
    _COEF_PLACES,
    _MONEY_PLACES,
    _allowed,
    _blank,
    _bool,
    _conditions,
    _decimal,
    _raw_text,
    _Sheet,
    _split_list,
    _text,
)
from fazhi.powers.excel.layout import (
    EXEMPTION_COLUMNS,
    ITEM_COLUMNS,
    SHEET_EXEMPTIONS,
    SHEET_ITEMS,
    SHEET_TIERS,
    TIER_COLUMNS,
    ExemptionRow,
    ItemRow,
    ParsedWorkbook,
    RowError,
    TierRow,
)
from fazhi.powers.facts import FACTS, Fact, FactType, find_fact
from fazhi.rules.kinds import PenaltyKind

__all__ = ["read_workbook"]

_MAX_LOOK_BACK = 120
_NUMERIC = (FactType.NUMBER, FactType.INTEGER)


def _read_items(sheet: _Sheet, parsed: ParsedWorkbook) -> None:
    first_row: dict[str, int] = {}
    for row, cells in sheet.rows:
        item = _read_item(sheet, row, cells, first_row)
        if item is not None:
            parsed.items.append(item)


@dataclass(frozen=True)
class _ItemFine:
    """The fine columns of one 权责清单 row, as read (None where blank or unreadable)."""

    fine_min: Decimal | None
    fine_max: Decimal | None
    coef_min: Decimal | None
    coef_max: Decimal | None
    base_floor: Decimal | None
    base_text: str
    base_fact: Fact | None


def _read_item(sheet: _Sheet, row: int, cells: dict[str, Any], first_row: dict[str, int]) -> ItemRow | None:
    """One 权责清单 row; None when it has an error (every error of the row is recorded)."""
    before = len(sheet.errors)
    values = {h: _text(cells.get(h)) for h in cells}
    for header, required, _ in ITEM_COLUMNS:
        if required and not values.get(header):
            sheet.error(row, header, "必填，不能为空")
    code = values.get("事项编码", "")
    if code:
        if code in first_row:
            sheet.error(row, "事项编码", f"事项编码「{code}」与第{first_row[code]}行重复")
        else:
            first_row[code] = row
    domain, kind, penalty_kinds, mode = _item_labels(sheet, row, values)
    fine = _item_fine(sheet, row, cells, values)
    if kind is PowerKind.PENALTY:
        if not values.get("处罚依据"):
            sheet.error(row, "处罚依据", "行政处罚事项必须填写处罚依据（罚则条款原文）")
        if not values.get("处罚种类"):
            sheet.error(row, "处罚种类", "行政处罚事项必须填写处罚种类")
    if mode is not None:
        _check_fine_mode(sheet, row, mode, kind, penalty_kinds)
        if mode is FineMode.FIXED:
            _check_fixed_fine(sheet, row, cells, fine)
        elif mode.proportional:
            _check_proportional_fine(sheet, row, cells, mode, fine)
        _check_unused_fine_columns(sheet, row, mode, fine)
    is_sample = _bool(sheet, row, "示例", cells.get("示例"))
    if len(sheet.errors) != before or domain is None or kind is None or mode is None:
        return None
    return ItemRow(
        row=row,
        code=code,
        name=values["事项名称"],
        domain=domain,
        kind=kind,
        violation_basis=_raw_text(cells.get("违法依据")),
        penalty_basis=_raw_text(cells.get("处罚依据")),
        penalty_kinds=penalty_kinds,
        fine_mode=mode,
        fine_min=fine.fine_min,
        fine_max=fine.fine_max,
        coef_min=fine.coef_min,
        coef_max=fine.coef_max,
        base_fact=fine.base_fact.code if fine.base_fact else "",
        base_floor=fine.base_floor,
        source=values.get("法条来源", ""),
        is_sample=is_sample,
        remark=_raw_text(cells.get("备注")),
    )


def _item_labels(
    sheet: _Sheet, row: int, values: dict[str, str]
) -> tuple[Domain | None, PowerKind | None, list[PenaltyKind], FineMode | None]:
    """The labelled columns of a row (领域, 事项类别, 处罚种类, 罚款方式), each refused when unknown."""
    domain = parse_label(Domain, values.get("领域", "")) if values.get("领域") else None
    if values.get("领域") and domain is None:
        sheet.error(row, "领域", f"未知的领域「{values['领域']}」，可选：{_allowed(Domain)}")
    kind = parse_label(PowerKind, values.get("事项类别", "")) if values.get("事项类别") else None
    if values.get("事项类别") and kind is None:
        sheet.error(row, "事项类别", f"未知的事项类别「{values['事项类别']}」，可选：{_allowed(PowerKind)}")
    penalty_kinds: list[PenaltyKind] = []
    for label in _split_list(values.get("处罚种类", "")):
        pk = next((k for k in PenaltyKind if label in (k.label, k.value)), None)
        if pk is None:
            sheet.error(
                row, "处罚种类", f"未知的处罚种类「{label}」，应为行政处罚法第九条所列种类：{_allowed(PenaltyKind)}"
            )
        elif pk not in penalty_kinds:
            penalty_kinds.append(pk)
    mode_text = values.get("罚款方式", "")
    mode = parse_label(FineMode, mode_text) if mode_text else FineMode.NONE
    if mode is None:
        sheet.error(row, "罚款方式", f"未知的罚款方式「{mode_text}」，可选：{_allowed(FineMode)}")
    return domain, kind, penalty_kinds, mode


def _item_fine(sheet: _Sheet, row: int, cells: dict[str, Any], values: dict[str, str]) -> _ItemFine:
    floor_col = "计罚基数下限(元)"
    base_text = values.get("计罚基数", "")
    return _ItemFine(
        fine_min=_decimal(sheet, row, "罚款下限(元)", cells.get("罚款下限(元)"), places=_MONEY_PLACES),
        fine_max=_decimal(sheet, row, "罚款上限(元)", cells.get("罚款上限(元)"), places=_MONEY_PLACES),
        coef_min=_decimal(sheet, row, "计罚系数下限", cells.get("计罚系数下限"), places=_COEF_PLACES),
        coef_max=_decimal(sheet, row, "计罚系数上限", cells.get("计罚系数上限"), places=_COEF_PLACES),
        base_floor=_decimal(sheet, row, floor_col, cells.get(floor_col), places=_MONEY_PLACES),
        base_text=base_text,
        base_fact=find_fact(base_text) if base_text else None,
    )


def _check_fine_mode(
    sheet: _Sheet, row: int, mode: FineMode, kind: PowerKind | None, penalty_kinds: list[PenaltyKind]
) -> None:
    if mode is not FineMode.NONE and kind is not None and kind is not PowerKind.PENALTY:
        sheet.error(row, "罚款方式", "只有行政处罚事项可以设定罚款")
    if mode is not FineMode.NONE and penalty_kinds and PenaltyKind.FINE not in penalty_kinds:
        sheet.error(row, "处罚种类", f"罚款方式为{mode.label}，处罚种类中应包含“罚款”")
    if mode is FineMode.NONE and PenaltyKind.FINE in penalty_kinds:
        sheet.error(row, "罚款方式", "处罚种类包含“罚款”，须填写罚款方式及法定幅度")


def _check_fixed_fine(sheet: _Sheet, row: int, cells: dict[str, Any], fine: _ItemFine) -> None:
    for header, value in (("罚款下限(元)", fine.fine_min), ("罚款上限(元)", fine.fine_max)):
        if value is None and _blank(cells.get(header)):
            sheet.error(row, header, "罚款方式为固定数额时必填")
    if fine.fine_min is not None and fine.fine_max is not None and fine.fine_min > fine.fine_max:
        sheet.error(row, "罚款上限(元)", f"罚款下限{fine.fine_min}元大于上限{fine.fine_max}元")


def _check_proportional_fine(sheet: _Sheet, row: int, cells: dict[str, Any], mode: FineMode, fine: _ItemFine) -> None:
    coef_min, coef_max = fine.coef_min, fine.coef_max
    for header, value in (("计罚系数下限", coef_min), ("计罚系数上限", coef_max)):
        if value is None and _blank(cells.get(header)):
            sheet.error(row, header, f"罚款方式为{mode.label}时必填")
    if coef_min is not None and coef_max is not None and coef_min > coef_max:
        sheet.error(row, "计罚系数上限", f"计罚系数下限{coef_min.normalize()}大于上限{coef_max.normalize()}")
    if not fine.base_text:
        sheet.error(row, "计罚基数", f"罚款方式为{mode.label}时必填（如 工程造价、违法所得）")
    elif fine.base_fact is None or fine.base_fact.type not in _NUMERIC:
        numeric = "、".join(f.name for f in FACTS if f.type in _NUMERIC)
        sheet.error(row, "计罚基数", f"「{fine.base_text}」不是事实词表中的数量类事实，可选：{numeric}")


def _check_unused_fine_columns(sheet: _Sheet, row: int, mode: FineMode, fine: _ItemFine) -> None:
    if mode is not FineMode.FIXED and (fine.fine_min is not None or fine.fine_max is not None):
        sheet.error(row, "罚款下限(元)", f"罚款方式为{mode.label}时不填罚款下限、上限（按计罚系数计算）")
    if not mode.proportional and (fine.coef_min is not None or fine.coef_max is not None or fine.base_text):
        sheet.error(row, "计罚系数下限", f"罚款方式为{mode.label}时不填计罚系数和计罚基数")
    if fine.base_floor is not None and not mode.proportional:
        sheet.error(row, "计罚基数下限(元)", "只有按基数计罚的事项可以填写计罚基数下限")


def _check_range(
    sheet: _Sheet,
    row: int,
    tier: DiscretionTier,
    item: ItemRow,
    *,
    low: Decimal | None,
    high: Decimal | None,
    coef: bool,
) -> None:
    low_col, high_col = ("计罚系数下限", "计罚系数上限") if coef else ("罚款下限(元)", "罚款上限(元)")
    legal_low, legal_high = (item.coef_min, item.coef_max) if coef else (item.fine_min, item.fine_max)
    if low is None or high is None:
        if low is None:
            sheet.error(row, low_col, "必填，不能为空")
        if high is None:
            sheet.error(row, high_col, "必填，不能为空")
        return
    if low > high:
        sheet.error(row, high_col, f"下限{_show(low, coef)}大于上限{_show(high, coef)}")
        return
    if legal_low is None or legal_high is None:
        return
    legal = f"法定幅度{_show(legal_low, coef)}至{_show(legal_high, coef)}"
    if tier is DiscretionTier.MITIGATED:
        if legal_low == 0:
            sheet.error(row, "阶次", f"该事项法定下限为0（{legal}），不存在低于法定下限的减轻幅度")
        elif high >= legal_low:
            sheet.error(
                row,
                high_col,
                f"减轻阶次须低于法定下限（行政处罚法第三十二条），上限{_show(high, coef)}不低于{legal}的下限",
            )
        return
    if low < legal_low:
        sheet.error(row, low_col, f"下限{_show(low, coef)}低于{legal}；低于法定下限的应列为“减轻”阶次")
    if high > legal_high:
        sheet.error(row, high_col, f"上限{_show(high, coef)}超出{legal}")


def _show(value: Decimal, coef: bool) -> str:
    return format(value.normalize(), "f") if coef else f"{value}元"


def _check_item_code(sheet: _Sheet, row: int, code: str, all_codes: set[str]) -> None:
    """A 裁量基准 or 免罚清单 row names an item of the 权责清单 sheet."""
    if not code:
        sheet.error(row, "事项编码", "必填，不能为空")
    elif code not in all_codes:
        sheet.error(row, "事项编码", f"事项编码「{code}」不在“权责清单”表中")


def _look_back(sheet: _Sheet, row: int, raw: Any) -> int | None:
    """初次认定回溯期(月): a whole number of months from 1 to the maximum, or None when blank or refused."""
    if _blank(raw):
        return None
    number = _decimal(sheet, row, "初次认定回溯期(月)", raw, places=0)
    if number is None:
        return None
    if number < 1 or number > _MAX_LOOK_BACK:
        sheet.error(row, "初次认定回溯期(月)", f"应为1至{_MAX_LOOK_BACK}之间的整数月数")
        return None
    return int(number)


def _read_tiers(sheet: _Sheet, parsed: ParsedWorkbook, items: dict[str, ItemRow], all_codes: set[str]) -> None:
    for row, cells in sheet.rows:
        before = len(sheet.errors)
        code = _text(cells.get("事项编码"))
        tier_text = _text(cells.get("阶次"))
        _check_item_code(sheet, row, code, all_codes)
        tier = parse_label(DiscretionTier, tier_text) if tier_text else None
        if not tier_text:
            sheet.error(row, "阶次", "必填，不能为空")
        elif tier is None:
            sheet.error(row, "阶次", f"未知的阶次「{tier_text}」，可选：{_allowed(DiscretionTier)}")
        condition_text = _text(cells.get("条件表达式"))
        conditions = _conditions(sheet, row, condition_text)
        fine_min = _decimal(sheet, row, "罚款下限(元)", cells.get("罚款下限(元)"), places=_MONEY_PLACES)
        fine_max = _decimal(sheet, row, "罚款上限(元)", cells.get("罚款上限(元)"), places=_MONEY_PLACES)
        coef_min = _decimal(sheet, row, "计罚系数下限", cells.get("计罚系数下限"), places=_COEF_PLACES)
        coef_max = _decimal(sheet, row, "计罚系数上限", cells.get("计罚系数上限"), places=_COEF_PLACES)
        item = items.get(code)
        if item is not None and tier is not None and len(sheet.errors) == before:
            if item.kind is not PowerKind.PENALTY:
                sheet.error(row, "事项编码", "只有行政处罚事项可以设定裁量基准")
            elif item.fine_mode is FineMode.FIXED:
                if coef_min is not None or coef_max is not None:
                    sheet.error(row, "计罚系数下限", "该事项按固定数额罚款，阶次应填写罚款下限、上限而非计罚系数")
                _check_range(sheet, row, tier, item, low=fine_min, high=fine_max, coef=False)
            elif item.fine_mode.proportional:
                if fine_min is not None or fine_max is not None:
                    sheet.error(row, "罚款下限(元)", f"该事项按{item.fine_mode.label}计罚，阶次应填写计罚系数而非金额")
                _check_range(sheet, row, tier, item, low=coef_min, high=coef_max, coef=True)
            elif any(v is not None for v in (fine_min, fine_max, coef_min, coef_max)):
                sheet.error(row, "罚款下限(元)", "该事项无罚款，阶次不填罚款幅度")
        is_sample = _bool(sheet, row, "示例", cells.get("示例"))
        if len(sheet.errors) == before and tier is not None:
            parsed.tiers.append(
                TierRow(
                    row=row,
                    item_code=code,
                    tier=tier,
                    description=_text(cells.get("适用条件(说明)")),
                    condition_text=condition_text,
                    conditions=conditions,
                    fine_min=fine_min,
                    fine_max=fine_max,
                    coef_min=coef_min,
                    coef_max=coef_max,
                    is_sample=is_sample,
                )
            )


def _read_exemptions(sheet: _Sheet, parsed: ParsedWorkbook, items: dict[str, ItemRow], all_codes: set[str]) -> None:
    seen: dict[tuple[str, ExemptionKind], int] = {}
    for row, cells in sheet.rows:
        before = len(sheet.errors)
        code = _text(cells.get("事项编码"))
        kind_text = _text(cells.get("类型"))
        _check_item_code(sheet, row, code, all_codes)
        kind = parse_label(ExemptionKind, kind_text) if kind_text else None
        if not kind_text:
            sheet.error(row, "类型", "必填，不能为空")
        elif kind is None:
            sheet.error(row, "类型", f"未知的免罚类型「{kind_text}」，可选：{_allowed(ExemptionKind)}")
        condition_text = _text(cells.get("条件表达式"))
        conditions = _conditions(sheet, row, condition_text)
        raw = cells.get("初次认定回溯期(月)")
        look_back = _look_back(sheet, row, raw)
        if kind is ExemptionKind.FIRST_VIOLATION and _blank(raw):
            sheet.error(row, "初次认定回溯期(月)", "首违不罚必须填写初次认定回溯期（月）")
        item = items.get(code)
        if item is not None and item.kind is not PowerKind.PENALTY:
            sheet.error(row, "事项编码", "只有行政处罚事项可以列入免罚清单")
        if kind is not None and code:
            if (code, kind) in seen:
                sheet.error(row, "类型", f"事项「{code}」的{kind.label}已在第{seen[(code, kind)]}行列出")
            else:
                seen[(code, kind)] = row
        is_sample = _bool(sheet, row, "示例", cells.get("示例"))
        if len(sheet.errors) == before and kind is not None:
            parsed.exemptions.append(
                ExemptionRow(
                    row=row,
                    item_code=code,
                    kind=kind,
                    description=_text(cells.get("适用条件(说明)")),
                    condition_text=condition_text,
                    conditions=conditions,
                    look_back_months=look_back,
                    is_sample=is_sample,
                )
            )


def _sheet(
    data: bytes,
    sheets: dict[str, CalamineSheet],
    name: str,
    columns: Sequence[tuple[str, bool, str]],
    errors: list[RowError],
) -> _Sheet:
    return _Sheet(sheets[name], name, columns, errors, formula_errors(data, name))


def read_workbook(data: bytes) -> ParsedWorkbook:
    """Parse every row of every sheet; the result carries all rows that read well and every error found."""
    parsed = ParsedWorkbook()
    unreadable = RowError("", 0, "", "文件无法读取：请上传 Excel 2007 及以上格式（.xlsx）的权责清单文件")
    sheets: dict[str, CalamineSheet] = {}
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as wb:
            names = [n for n in (SHEET_ITEMS, SHEET_TIERS, SHEET_EXEMPTIONS) if n in wb.sheet_names]
            # a sheet's XML is parsed here: a malformed one is an unreadable file too
            sheets = {n: wb.get_sheet_by_name(n) for n in names}
    except Exception:  # calamine raises several kinds of errors (zip, XML, password) for a file it cannot read
        parsed.errors.append(unreadable)
        return parsed
    if SHEET_ITEMS not in sheets:
        parsed.errors.append(RowError(SHEET_ITEMS, 0, "", f"缺少工作表“{SHEET_ITEMS}”（工作表名须与模板一致）"))
        return parsed
    item_sheet = _sheet(data, sheets, SHEET_ITEMS, ITEM_COLUMNS, parsed.errors)
    _read_items(item_sheet, parsed)
    all_codes = {_text(cells.get("事项编码")) for _, cells in item_sheet.rows} - {""}
    items = {item.code: item for item in parsed.items}
    if item_sheet.ok and not item_sheet.rows:
        parsed.errors.append(RowError(SHEET_ITEMS, 2, "", "权责清单没有任何事项"))
    if SHEET_TIERS in sheets:
        tier_sheet = _sheet(data, sheets, SHEET_TIERS, TIER_COLUMNS, parsed.errors)
        _read_tiers(tier_sheet, parsed, items, all_codes)
    if SHEET_EXEMPTIONS in sheets:
        ex_sheet = _sheet(data, sheets, SHEET_EXEMPTIONS, EXEMPTION_COLUMNS, parsed.errors)
        _read_exemptions(ex_sheet, parsed, items, all_codes)
    return parsed
