"""Case and document numbers (案号/文号) from a configurable template.

GB/T 9704-2012 §7.2.5 writes a 发文字号 as 机关代字 + 〔年份〕 + 序号 + 号, with no 第 and no zero padding
(RULES.md N-1, V2); enforcement practice often adds 第 and padding (N-2, e.g. 醴城管罚决字〔2024〕第0001号).
So the template is a setting. Placeholders: ``{agency}`` (the agency's short name/代字), ``{year}`` (full
year), ``{seq}`` (the sequence number, an int, so ``{seq:04d}`` pads). ``{year}`` and ``{seq}`` are required,
because one sequence runs per agency, document type and year and a number without them would repeat.
"""

from __future__ import annotations

import string

from .errors import RulesError

__all__ = [
    "CASE_NUMBER_PLACEHOLDERS",
    "DEFAULT_CASE_NUMBER_TEMPLATE",
    "case_number",
    "check_case_number_template",
]

#: The default follows enforcement practice (RULES.md N-2): 第 before the sequence, no padding.
DEFAULT_CASE_NUMBER_TEMPLATE = "{agency}罚决字〔{year}〕第{seq}号"
CASE_NUMBER_PLACEHOLDERS: frozenset[str] = frozenset({"agency", "year", "seq"})
_REQUIRED_PLACEHOLDERS = ("year", "seq")
_MIN_YEAR = 1949
_MAX_YEAR = 9999


def check_case_number_template(template: str) -> None:
    """Raise :class:`RulesError` unless ``template`` is usable; for validating the setting when it is
    saved."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise RulesError(f"案号模板格式错误：{template!r}（{exc}）") from None
    for name in fields:
        if name not in CASE_NUMBER_PLACEHOLDERS:
            raise RulesError(
                f"案号模板中含有未知占位符“{{{name}}}”，"
                "只能使用 {agency}（机关代字）、{year}（年份）、{seq}（序号）"
            )
    for name in _REQUIRED_PLACEHOLDERS:
        if name not in fields:
            raise RulesError(f"案号模板必须包含{{{name}}}，否则案号会重复：{template!r}")


def case_number(template: str, agency_code: str, year: int, seq: int) -> str:
    """Fill the template, e.g. ``case_number(DEFAULT_CASE_NUMBER_TEMPLATE, "醴城管", 2024, 1)`` →
    ``醴城管罚决字〔2024〕第1号``. A bad template, a year outside 1949-9999 or a sequence below 1 raises
    :class:`RulesError`.
    """
    check_case_number_template(template)
    if isinstance(year, bool) or not isinstance(year, int) or not _MIN_YEAR <= year <= _MAX_YEAR:
        raise RulesError(f"案号年份必须是四位年份：{year!r}")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise RulesError(f"案号序号必须是正整数：{seq!r}")
    try:
        return template.format(agency=agency_code, year=year, seq=seq)
    except (ValueError, KeyError) as exc:
        # e.g. "{agency:d}" (a number format on text) or a nested "{seq:{width}}".
        raise RulesError(f"案号模板的格式说明无效：{template!r}（{exc}）") from None
