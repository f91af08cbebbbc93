"""Reading the cells of one sheet of the power-list workbook: the header lookup and the typed cell values,
each recording its error against (sheet, row, column). Used by ``fazhi.powers.excel.read``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from python_calamine import CalamineSheet

from fazhi.powers.conditions import Condition, ConditionSyntaxError, parse_conditions
from fazhi.powers.excel.layout import (
    RowError,
)

_MONEY_PLACES = 2
_COEF_PLACES = 4


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


def _raw_text(value: Any) -> str:
    """Article text kept as written (verbatim), only the outer whitespace removed."""
    return "" if value is None else str(value).strip()


def _split_list(text: str) -> list[str]:
    for sep in ("，", ",", "；", ";", "/", "\n"):
        text = text.replace(sep, "、")
    return [part.strip() for part in text.split("、") if part.strip()]
