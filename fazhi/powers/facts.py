"""The fact vocabulary: the facts of a case that discretion and exemption conditions may test.

Each fact has a stable code (API, JSON conditions), a Chinese name (the Excel condition cell and every
message), a type and a unit. A bureau writes ``面积>=30；面积<100`` in its sheet; the system stores
``[{"fact": "area_m2", "op": ">=", "value": "30"}, …]``. Adding a fact is a code change on purpose: a
condition that names a fact nobody records could never be met, and the import must say so instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from fazhi.core.formatting import cn_date

__all__ = [
    "FACTS",
    "Fact",
    "FactError",
    "FactType",
    "FactValue",
    "find_fact",
    "format_value",
    "normalize_facts",
    "parse_fact_value",
]

FactValue = Decimal | int | bool | str | date


class FactError(ValueError):
    """A fact value cannot be read; the message is Chinese."""


class FactType(StrEnum):
    NUMBER = "number"
    INTEGER = "integer"
    BOOL = "bool"
    CHOICE = "choice"
    DATE = "date"


@dataclass(frozen=True)
class Fact:
    code: str
    name: str
    type: FactType
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (code, label)
    aliases: tuple[str, ...] = ()
    help: str = ""

    def choice_label(self, code: str) -> str:
        return dict(self.choices).get(code, code)

    def parse_choice(self, text: str) -> str | None:
        text = text.strip()
        for code, label in self.choices:
            if text in (code, label):
                return code
        return _CHOICE_ALIASES.get((self.code, text))


_YES = frozenset({"是", "有", "true", "True", "TRUE", "1", "y", "yes", "Y"})
_NO = frozenset({"否", "无", "false", "False", "FALSE", "0", "n", "no", "N"})

FACTS: tuple[Fact, ...] = (
    Fact(
        "area_m2",
        "面积",
        FactType.NUMBER,
        "㎡",
        aliases=("违法建设面积", "占用面积", "建筑面积"),
        help="违法建设、占用道路或绿地等的面积（平方米）",
    ),
    Fact("construction_cost", "工程造价", FactType.NUMBER, "元", aliases=("建设工程造价",)),
    Fact("temp_construction_cost", "临时建设工程造价", FactType.NUMBER, "元"),
    Fact("illegal_gains", "违法所得", FactType.NUMBER, "元"),
    Fact("disposal_cost", "处置费用", FactType.NUMBER, "元", aliases=("所需处置费用",)),
    Fact("goods_value", "货值金额", FactType.NUMBER, "元"),
    Fact("volume_m3", "方量", FactType.NUMBER, "m³", aliases=("体积",), help="渣土、建筑垃圾等的数量（立方米）"),
    Fact("units", "计罚单位数", FactType.NUMBER, "", aliases=("数量",), help="按单位计罚时的单位数（如车辆数）"),
    Fact("duration_days", "持续天数", FactType.INTEGER, "天"),
    Fact(
        "prior_violations",
        "前次违法次数",
        FactType.INTEGER,
        "次",
        aliases=("违法次数",),
        help="本次以前因同类违法行为受到处理的次数",
    ),
    Fact("prior_violation_date", "前次违法日期", FactType.DATE, "", help="最近一次同类违法行为的发生日期；没有则不填"),
    Fact(
        "harm",
        "危害后果",
        FactType.CHOICE,
        "",
        choices=(("none", "无"), ("minor", "轻微"), ("ordinary", "一般"), ("serious", "严重")),
    ),
    Fact("corrected", "及时改正", FactType.BOOL, aliases=("已及时改正",)),
    Fact("refused_correction", "拒不改正", FactType.BOOL, aliases=("逾期不改正",)),
    Fact("obstructed", "阻碍执法", FactType.BOOL, aliases=("阻挠执法",)),
    Fact("no_fault", "无主观过错", FactType.BOOL, help="当事人有证据足以证明没有主观过错"),
    Fact("key_area", "重点区域", FactType.BOOL, help="主次干道、重点区域、重要时段等本局裁量基准所定区域"),
    Fact(
        "party_kind",
        "当事人类型",
        FactType.CHOICE,
        "",
        choices=(("person", "公民"), ("organization", "法人或者其他组织")),
    ),
    Fact("age", "年龄", FactType.INTEGER, "周岁", help="违法行为发生时的周岁年龄"),
    Fact("birth_date", "出生日期", FactType.DATE, ""),
    Fact("eliminated_harm", "主动消除或者减轻危害后果", FactType.BOOL, aliases=("主动消除危害后果",)),
    Fact("coerced", "受他人胁迫或者诱骗", FactType.BOOL, aliases=("受胁迫",)),
    Fact("confessed", "主动供述行政机关尚未掌握的违法行为", FactType.BOOL, aliases=("主动供述",)),
    Fact("meritorious", "配合查处有立功表现", FactType.BOOL, aliases=("立功",)),
)

_CHOICE_ALIASES: dict[tuple[str, str], str] = {
    ("party_kind", "个人"): "person",
    ("party_kind", "单位"): "organization",
    ("harm", "没有"): "none",
    ("harm", "较轻"): "minor",
    ("harm", "较重"): "serious",
}

_BY_KEY: dict[str, Fact] = {}
for _fact in FACTS:
    for _key in (_fact.code, _fact.name, *_fact.aliases):
        assert _key not in _BY_KEY, _key  # a name may mean one fact only
        assert "且" not in _key and ";" not in _key and "；" not in _key  # the separators of conditions
        _BY_KEY[_key] = _fact


def find_fact(key: str) -> Fact | None:
    """The fact named ``key`` (code, Chinese name or alias)."""
    return _BY_KEY.get(key.strip())


def parse_fact_value(fact: Fact, raw: Any) -> FactValue:
    """``raw`` (from JSON, a form or an Excel cell) as the fact's type; FactError if it cannot be."""
    where = f"事实「{fact.name}」的值"
    if fact.type in (FactType.NUMBER, FactType.INTEGER):
        return _parse_number(fact, raw, where)
    if fact.type is FactType.BOOL:
        return _parse_bool(raw, where)
    if fact.type is FactType.CHOICE:
        code = fact.parse_choice(str(raw))
        if code is None:
            allowed = "、".join(label for _, label in fact.choices)
            raise FactError(f"{where}应为 {allowed} 之一，不能是「{raw}」")
        return code
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise FactError(f"{where}「{raw}」不是有效日期，请按 年-月-日 填写") from None


def _parse_number(fact: Fact, raw: Any, where: str) -> Decimal | int:
    if isinstance(raw, bool | float):
        # floats are refused: money and measures must be exact (STYLE.md 6); JSON clients send strings.
        if isinstance(raw, float) and raw.is_integer() and fact.type is FactType.INTEGER:
            return int(raw)
        raise FactError(f'{where}应为数字的文本形式（如 "35.5"），不能是 {raw!r}')
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise FactError(f"{where}「{raw}」不是数字") from None
    if not value.is_finite():
        raise FactError(f"{where}「{raw}」不是有效数字")
    if value < 0:
        raise FactError(f"{where}不能为负数：{raw}")
    if fact.type is FactType.INTEGER:
        if value != value.to_integral_value():
            raise FactError(f"{where}应为整数：{raw}")
        return int(value)
    return value


def _parse_bool(raw: Any, where: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise FactError(f"{where}应为「是」或「否」，不能是「{raw}」")


def normalize_facts(raw: Mapping[str, Any]) -> dict[str, FactValue]:
    """Facts keyed by code, typed. Empty values (None, "") are left out: an unknown fact is simply not known.

    An unknown fact name or an unreadable value is refused with every problem listed.
    """
    facts: dict[str, FactValue] = {}
    problems: list[str] = []
    for key, value in raw.items():
        fact = find_fact(str(key))
        if fact is None:
            problems.append(f"未知的事实「{key}」")
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            facts[fact.code] = parse_fact_value(fact, value)
        except FactError as exc:
            problems.append(str(exc))
    if problems:
        raise FactError("；".join(problems) + "。可用的事实及其代码见《权责清单说明》中的事实词表。")
    return facts


def format_value(fact: Fact, value: FactValue) -> str:
    """A fact value as a Chinese reader expects it: ``35㎡``, ``是``, ``轻微``, ``2026年3月1日``."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return cn_date(value)
    if fact.type is FactType.CHOICE:
        return fact.choice_label(str(value))
    if isinstance(value, Decimal):
        return f"{format(value.normalize(), 'f')}{fact.unit}"
    return f"{value}{fact.unit}"
