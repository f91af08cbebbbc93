"""Reading the power-list workbook with a row-by-row error report.

Reading collects EVERY problem as (sheet, row, column, reason) and never stops at the first, so that a bureau
fixes its file in one pass. The layout is in `fazhi.powers.excel.layout` and docs/power-list.md.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from python_calamine import CalamineSheet, CalamineWorkbook

from fazhi.core.xlsx import formula_errors
from fazhi.powers.conditions import Condition, ConditionSyntaxError, parse_conditions
from fazhi.powers.domain import DiscretionTier, Domain, ExemptionKind, FineMode, PowerKind, parse_label
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
from fazhi.powers.facts import FACTS, FactType, find_fact
from fazhi.rules.kinds import PenaltyKind

__all__ = ["read_workbook"]

_MONEY_PLACES = 2
_COEF_PLACES = 4
_MAX_LOOK_BACK = 120
_NUMERIC = (FactType.NUMBER, FactType.INTEGER)


class _Sheet:
    """Reads one data sheet row by row, recording errors against (sheet, row, column)."""

    def __init__(
        self,
        ws: CalamineSheet,
        name: str,
        columns: Sequence[tuple[str, bool, str]],
        errors: list[RowError],
        formula_errors: dict[int, dict[int, str]],
    ) -> None:
        self.name = name
        self.errors = errors
        self.rows: list[tuple[int, dict[str, Any]]] = []
        # calamine yields every row from row 1 but the columns only from the first one holding data
        pad: list[Any] = [None] * (ws.start[1] if ws.start else 0)

        def sheet_rows() -> Iterator[list[Any]]:
            for number, values in enumerate(ws.iter_rows(), start=1):
                row: list[Any] = [*pad, *values]
                for col, code in formula_errors.get(number, {}).items():  # calamine reads #N/A as empty
                    if col < len(row):
                        row[col] = code
                yield row

        rows = sheet_rows()
        header_row = next(rows, [])
        index: dict[str, int] = {}
        for i, value in enumerate(header_row):
            if not _blank(value):
                key = _norm_header(str(value))
                index.setdefault(key, i)
        self.ok = True
        lookup: dict[str, int] = {}
        for header, required, _ in columns:
            pos = index.get(_norm_header(header))
            if pos is None:
                if required:
                    errors.append(RowError(name, 1, header, "缺少此列（表头须与模板一致）"))
                    self.ok = False
                continue
            lookup[header] = pos
        if not self.ok:
            return
        for number, values in enumerate(rows, start=2):
            cells = {h: (values[p] if p < len(values) else None) for h, p in lookup.items()}
            if all(_blank(v) for v in cells.values()):
                continue
            self.rows.append((number, cells))

    def error(self, row: int, column: str, reason: str) -> None:
        self.errors.append(RowError(self.name, row, column, reason))


def _norm_header(text: str) -> str:
    return text.strip().replace("（", "(").replace("）", ")").replace(" ", "").rstrip("*")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decimal(sheet: _Sheet, row: int, column: str, value: Any, *, places: int) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        sheet.error(row, column, f"应填数字，不能是「{value}」")
        return None
    text = repr(value) if isinstance(value, float) else str(value).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        sheet.error(row, column, f"「{_text(value)}」不是数字")
        return None
    if not number.is_finite():
        sheet.error(row, column, f"「{_text(value)}」不是有效数字")
        return None
    if number < 0:
        sheet.error(row, column, f"不能为负数（{_text(value)}）")
        return None
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        unit = "金额" if places == _MONEY_PLACES else "系数"
        sheet.error(row, column, f"{unit}最多保留{places}位小数（{_text(value)}）")
        return None
    return number.quantize(Decimal(1).scaleb(-places))


def _bool(sheet: _Sheet, row: int, column: str, value: Any) -> bool:
    text = _text(value)
    if text in ("", "否", "N", "n", "0", "FALSE", "False", "false"):
        return False
    if text in ("是", "Y", "y", "1", "TRUE", "True", "true", "示例"):
        return True
    sheet.error(row, column, f"应填“是”或“否”，不能是「{text}」")
    return False


def _conditions(sheet: _Sheet, row: int, text: str) -> tuple[Condition, ...]:
    try:
        return parse_conditions(text)
    except ConditionSyntaxError as exc:
        sheet.error(row, "条件表达式", f"条件表达式有误：{exc}")
        return ()


def _allowed(enum: Iterable[Any]) -> str:
    return "、".join(member.label for member in enum)


def _read_items(sheet: _Sheet, parsed: ParsedWorkbook) -> None:
    first_row: dict[str, int] = {}
    for row, cells in sheet.rows:
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
        fine_min = _decimal(sheet, row, "罚款下限(元)", cells.get("罚款下限(元)"), places=_MONEY_PLACES)
        fine_max = _decimal(sheet, row, "罚款上限(元)", cells.get("罚款上限(元)"), places=_MONEY_PLACES)
        coef_min = _decimal(sheet, row, "计罚系数下限", cells.get("计罚系数下限"), places=_COEF_PLACES)
        coef_max = _decimal(sheet, row, "计罚系数上限", cells.get("计罚系数上限"), places=_COEF_PLACES)
        floor_col = "计罚基数下限(元)"
        base_floor = _decimal(sheet, row, floor_col, cells.get(floor_col), places=_MONEY_PLACES)
        base_text = values.get("计罚基数", "")
        base_fact = find_fact(base_text) if base_text else None
        if kind is PowerKind.PENALTY:
            if not values.get("处罚依据"):
                sheet.error(row, "处罚依据", "行政处罚事项必须填写处罚依据（罚则条款原文）")
            if not values.get("处罚种类"):
                sheet.error(row, "处罚种类", "行政处罚事项必须填写处罚种类")
        if mode is not None:
            if mode is not FineMode.NONE and kind is not None and kind is not PowerKind.PENALTY:
                sheet.error(row, "罚款方式", "只有行政处罚事项可以设定罚款")
            if mode is not FineMode.NONE and penalty_kinds and PenaltyKind.FINE not in penalty_kinds:
                sheet.error(row, "处罚种类", f"罚款方式为{mode.label}，处罚种类中应包含“罚款”")
            if mode is FineMode.NONE and PenaltyKind.FINE in penalty_kinds:
                sheet.error(row, "罚款方式", "处罚种类包含“罚款”，须填写罚款方式及法定幅度")
            if mode is FineMode.FIXED:
                for header, value in (("罚款下限(元)", fine_min), ("罚款上限(元)", fine_max)):
                    if value is None and _blank(cells.get(header)):
                        sheet.error(row, header, "罚款方式为固定数额时必填")
                if fine_min is not None and fine_max is not None and fine_min > fine_max:
                    sheet.error(row, "罚款上限(元)", f"罚款下限{fine_min}元大于上限{fine_max}元")
            elif mode.proportional:
                for header, value in (("计罚系数下限", coef_min), ("计罚系数上限", coef_max)):
                    if value is None and _blank(cells.get(header)):
                        sheet.error(row, header, f"罚款方式为{mode.label}时必填")
                if coef_min is not None and coef_max is not None and coef_min > coef_max:
                    sheet.error(
                        row, "计罚系数上限", f"计罚系数下限{coef_min.normalize()}大于上限{coef_max.normalize()}"
                    )
                if not base_text:
                    sheet.error(row, "计罚基数", f"罚款方式为{mode.label}时必填（如 工程造价、违法所得）")
                elif base_fact is None or base_fact.type not in _NUMERIC:
                    numeric = "、".join(f.name for f in FACTS if f.type in _NUMERIC)
                    sheet.error(row, "计罚基数", f"「{base_text}」不是事实词表中的数量类事实，可选：{numeric}")
            if mode is not FineMode.FIXED and (fine_min is not None or fine_max is not None):
                sheet.error(row, "罚款下限(元)", f"罚款方式为{mode.label}时不填罚款下限、上限（按计罚系数计算）")
            if not mode.proportional and (coef_min is not None or coef_max is not None or base_text):
                sheet.error(row, "计罚系数下限", f"罚款方式为{mode.label}时不填计罚系数和计罚基数")
            if base_floor is not None and not mode.proportional:
                sheet.error(row, "计罚基数下限(元)", "只有按基数计罚的事项可以填写计罚基数下限")
        is_sample = _bool(sheet, row, "示例", cells.get("示例"))
        if len(sheet.errors) == before and domain is not None and kind is not None and mode is not None:
            parsed.items.append(
                ItemRow(
                    row=row,
                    code=code,
                    name=values["事项名称"],
                    domain=domain,
                    kind=kind,
                    violation_basis=_raw_text(cells.get("违法依据")),
                    penalty_basis=_raw_text(cells.get("处罚依据")),
                    penalty_kinds=penalty_kinds,
                    fine_mode=mode,
                    fine_min=fine_min,
                    fine_max=fine_max,
                    coef_min=coef_min,
                    coef_max=coef_max,
                    base_fact=base_fact.code if base_fact else "",
                    base_floor=base_floor,
                    source=values.get("法条来源", ""),
                    is_sample=is_sample,
                    remark=_raw_text(cells.get("备注")),
                )
            )


def _raw_text(value: Any) -> str:
    """Article text kept as written (verbatim), only the outer whitespace removed."""
    return "" if value is None else str(value).strip()


def _split_list(text: str) -> list[str]:
    for sep in ("，", ",", "；", ";", "/", "\n"):
        text = text.replace(sep, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


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


def _read_tiers(sheet: _Sheet, parsed: ParsedWorkbook, items: dict[str, ItemRow], all_codes: set[str]) -> None:
    for row, cells in sheet.rows:
        before = len(sheet.errors)
        code = _text(cells.get("事项编码"))
        tier_text = _text(cells.get("阶次"))
        if not code:
            sheet.error(row, "事项编码", "必填，不能为空")
        elif code not in all_codes:
            sheet.error(row, "事项编码", f"事项编码「{code}」不在“权责清单”表中")
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
        if not code:
            sheet.error(row, "事项编码", "必填，不能为空")
        elif code not in all_codes:
            sheet.error(row, "事项编码", f"事项编码「{code}」不在“权责清单”表中")
        kind = parse_label(ExemptionKind, kind_text) if kind_text else None
        if not kind_text:
            sheet.error(row, "类型", "必填，不能为空")
        elif kind is None:
            sheet.error(row, "类型", f"未知的免罚类型「{kind_text}」，可选：{_allowed(ExemptionKind)}")
        condition_text = _text(cells.get("条件表达式"))
        conditions = _conditions(sheet, row, condition_text)
        look_back: int | None = None
        raw = cells.get("初次认定回溯期(月)")
        if not _blank(raw):
            number = _decimal(sheet, row, "初次认定回溯期(月)", raw, places=0)
            if number is not None:
                if number < 1 or number > _MAX_LOOK_BACK:
                    sheet.error(row, "初次认定回溯期(月)", f"应为1至{_MAX_LOOK_BACK}之间的整数月数")
                else:
                    look_back = int(number)
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
