"""Parsing the posted forms of the 渣土准运 and 专项行动 pages into service arguments (Chinese refusals)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fazhi.core.errors import ValidationError
from fazhi.core.forms import parse_date


def text(data: Any, name: str) -> str:
    return str(data.get(name, "") or "")


def required_date(data: Any, name: str, label: str) -> date:
    raw = text(data, name).strip()
    if not raw:
        raise ValidationError(f"请填写{label}。")
    return parse_date(raw, label)


def optional_id(data: Any, name: str, label: str) -> int | None:
    raw = text(data, name).strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValidationError(f"请选择{label}。") from exc
    if value <= 0:
        raise ValidationError(f"请选择{label}。")
    return value


def ids(data: Any, name: str, label: str) -> list[int]:
    """A multiple select's ids, in order, once each."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
    out: list[int] = []
    for raw in values:
        try:
            value = int(str(raw).strip())
        except ValueError as exc:
            raise ValidationError(f"{label}的选择无效。") from exc
        if value > 0 and value not in out:
            out.append(value)
    return out


def decimal(data: Any, name: str, label: str) -> Decimal:
    raw = text(data, name).strip()
    if not raw:
        raise ValidationError(f"请填写{label}。")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError(f"{label}「{raw}」不是有效数字。") from exc
    if not value.is_finite():
        raise ValidationError(f"{label}「{raw}」不是有效数字。")
    return value


def integer(data: Any, name: str, label: str) -> int:
    raw = text(data, name).strip()
    if not raw:
        raise ValidationError(f"请填写{label}。")
    try:
        return int(raw)
    except ValueError as exc:
        raise ValidationError(f"{label}「{raw}」不是整数。") from exc
