"""Small helpers shared by the web views."""

from __future__ import annotations

from datetime import date

from fazhi.core.errors import ValidationError


def parse_date(value: str, label: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError(f"{label}「{value}」不是有效日期，请按 年-月-日 填写，如 2026-01-31。") from exc


def parse_id(value: str | None, label: str) -> int:
    try:
        number = int(str(value or "").strip())
    except ValueError as exc:
        raise ValidationError(f"请选择{label}。") from exc
    if number <= 0:
        raise ValidationError(f"请选择{label}。")
    return number
