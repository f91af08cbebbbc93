"""Checks of input, so a bad value is a clear Chinese message and never a 500.

Two layers use them: ``InputSafetyMiddleware`` refuses unsafe text (NUL, lone surrogates) and integers beyond
bigint anywhere in a request, and services run ``ensure_fits`` on a model instance before they write (lengths,
unsafe text, invisible or direction-changing characters in names). Views taking a year call ``check_year``.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from fazhi.core import clock
from fazhi.core.errors import ValidationError

BIGINT_MAX = 2**63 - 1
# An operating bound, not a legal number: no record of this platform predates the People's Republic, and plans
# (inspection tasks, study hours) reach a few years ahead at most.
YEAR_MIN = 1949
YEAR_AHEAD = 10
# The longest free text any field accepts when its column is unbounded (违法事实, 说明…): about 25 pages of A4.
TEXT_MAX_LENGTH = 20_000
# 违法事实 and similar narratives in a case: a long 调查终结报告 runs to a few thousand characters.
FACTS_MAX_LENGTH = 10_000

_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")
# C0/C1 controls (tab and newlines aside), bidi embeddings/overrides/isolates, zero-width characters, BOM.
_NAME_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Field names (attnames) that hold a name or a title, where invisible characters would deceive a reader.
NAME_FIELDS = frozenset(
    {"name", "title", "party_name", "display_name", "officer_name", "legal_representative", "short_name"}
)


def year_bounds() -> tuple[int, int]:
    return YEAR_MIN, clock.today().year + YEAR_AHEAD


def check_year(value: Any, label: str = "年度") -> int:
    """``value`` (a string or int) as a year within ``year_bounds()``, or a Chinese ``ValidationError``."""
    low, high = year_bounds()
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{label}「{str(value)[:20]}」不是有效的年份。") from exc
    if not low <= year <= high:
        raise ValidationError(f"{label}应为{low}年至{high}年之间的年份（现为{str(value)[:20]}）。")
    return year


def optional_year(value: Any, default: int, label: str = "年度") -> int:
    """A year from a query parameter: ``default`` when absent or empty."""
    if value is None or str(value).strip() == "":
        return default
    return check_year(value, label)


# Paging parameters: no list holds two billion rows, and offset + limit must stay within bigint for the database.
PAGING_PARAMETERS = frozenset({"offset", "page", "limit"})
PAGING_MAX = 2**31 - 1


def check_paging(value: Any, label: str = "分页参数") -> None:
    """An integer paging parameter must not exceed ``PAGING_MAX``; a non-integer is left to the view's parser."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return
    if number > PAGING_MAX:
        raise ValidationError(f"{label}不能超过{PAGING_MAX}（现为{str(value)[:24]}）。")


def check_bigint(value: int, label: str = "编号") -> int:
    if not -BIGINT_MAX - 1 <= value <= BIGINT_MAX:
        raise ValidationError(f"{label}超出范围。")
    return value


def unsafe_text_reason(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (NUL byte, unpaired surrogate), or None when it can."""
    found = _UNSAFE_TEXT.search(value)
    if found is None:
        return None
    return "含有空字符（NUL）" if found.group() == "\x00" else "含有无效的Unicode字符（孤立代理项）"


def check_text(value: str, label: str) -> str:
    reason = unsafe_text_reason(value)
    if reason:
        raise ValidationError(f"{label}{reason}，请删除后重新提交。")
    return value


def name_errors(value: str, label: str) -> str | None:
    found = _NAME_FORBIDDEN.search(value)
    if found is None:
        return None
    return f"{label}含有不可见或改变文字方向的字符（U+{ord(found.group()):04X}），请删除后重新填写"


def check_name(value: str, label: str) -> str:
    error = name_errors(value, label)
    if error:
        raise ValidationError(error + "。")
    return value


def length_errors(*instances: models.Model) -> list[str]:
    """Text longer than its column (or than ``TEXT_MAX_LENGTH`` for an unbounded one), unsafe text, deceptive names.

    SQLite would store them, PostgreSQL would refuse a NUL mid-transaction: checked before anything is written.
    """
    errors = []
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            value = getattr(instance, field.attname)
            if not isinstance(value, str):
                continue
            label = str(field.verbose_name)
            limit = field.max_length or TEXT_MAX_LENGTH
            if len(value) > limit:
                errors.append(f"{label}不能超过{limit}个字符（现有{len(value)}个）")
            reason = unsafe_text_reason(value)
            if reason:
                errors.append(f"{label}{reason}")
            elif field.attname in NAME_FIELDS:
                error = name_errors(value, label)
                if error:
                    errors.append(error)
    return errors


def ensure_fits(*instances: models.Model) -> None:
    errors = length_errors(*instances)
    if errors:
        raise ValidationError("；".join(errors) + "。")
