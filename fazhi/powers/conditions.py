"""The condition language of discretion tiers and exemptions.

In the Excel cell a condition is a list of clauses joined by ``；`` (or ``;`` or ``且``), all of which must
hold:

    面积>=30；面积<100
    危害后果 属于 无、轻微；及时改正=是
    前次违法次数>=1

A clause is ``事实 运算符 值``; the fact is a Chinese name, alias or code from :mod:`fazhi.powers.facts`.
Operators: ``=`` (or ``==``), ``!=`` (``≠``), ``<``, ``<=`` (``≤``), ``>``, ``>=`` (``≥``), ``属于`` (``in``)
and ``不属于`` (``not in``) with a list separated by ``、`` or ``,``. A bare yes/no fact (``及时改正``) means
``=是``. There is no OR on purpose: a tier that applies in two situations is two rows, each of which a
reviewer can read. An empty cell means the tier has no condition (a catch-all), which the import reports in
the description.

Stored as JSON ``[{"fact": "area_m2", "op": ">=", "value": "30"}, …]``: numbers as strings (exact decimals),
dates in ISO form, choices by code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.powers.facts import Fact, FactError, FactType, FactValue, find_fact, format_value, parse_fact_value

__all__ = [
    "Condition",
    "ConditionSyntaxError",
    "conditions_from_json",
    "conditions_to_json",
    "describe_conditions",
    "evaluate",
    "format_conditions",
    "parse_conditions",
]

OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in")
_OP_TEXT = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "in": "属于", "not_in": "不属于"}
_OP_SOURCE = {
    "==": "=",
    "!=": "!=",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "in": " 属于 ",
    "not_in": " 不属于 ",
}
# Longest first so that "<=" is not read as "<".
_OP_PATTERN = re.compile(r"(不属于|属于|not\s+in|\bin\b|>=|<=|==|!=|≥|≤|≠|=|<|>)")
_OP_NORMAL = {
    "不属于": "not_in",
    "属于": "in",
    "in": "in",
    ">=": ">=",
    "≥": ">=",
    "<=": "<=",
    "≤": "<=",
    "==": "==",
    "=": "==",
    "!=": "!=",
    "≠": "!=",
    "<": "<",
    ">": ">",
}
_SEPARATORS = re.compile(r"[;；\n]|且")
_LIST_SEPARATORS = re.compile(r"[、,，/]")
_ORDERED = (FactType.NUMBER, FactType.INTEGER, FactType.DATE)


class ConditionSyntaxError(ValueError):
    """The condition text cannot be read; the message is Chinese and names the clause."""


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str
    value: FactValue | tuple[str, ...]

    @property
    def fact_def(self) -> Fact:
        fact = find_fact(self.fact)
        assert fact is not None
        return fact

    def describe(self) -> str:
        """``面积≥30㎡``, ``及时改正为是``, ``危害后果属于无、轻微``."""
        fact = self.fact_def
        if isinstance(self.value, tuple):
            return f"{fact.name}{_OP_TEXT[self.op]}{'、'.join(fact.choice_label(v) for v in self.value)}"
        value = format_value(fact, self.value)
        if fact.type is FactType.BOOL and self.op == "==":
            return f"{fact.name}为{value}"
        return f"{fact.name}{_OP_TEXT[self.op]}{value}"

    def source(self) -> str:
        """The clause in the Excel syntax (what :func:`parse_conditions` reads back to the same condition)."""
        fact = self.fact_def
        if isinstance(self.value, tuple):
            values = "、".join(fact.choice_label(v) for v in self.value)
            return f"{fact.name}{_OP_SOURCE[self.op]}{values}"
        value = self.value
        if isinstance(value, bool):
            text = "是" if value else "否"
        elif isinstance(value, date):
            text = value.isoformat()
        elif fact.type is FactType.CHOICE:
            text = fact.choice_label(str(value))
        elif isinstance(value, Decimal):
            text = format(value.normalize(), "f")
        else:
            text = str(value)
        return f"{fact.name}{_OP_SOURCE[self.op]}{text}"


def _parse_clause(clause: str) -> Condition:
    match = _OP_PATTERN.search(clause)
    if match is None:
        fact = find_fact(clause)
        if fact is None:
            raise ConditionSyntaxError(f"「{clause}」不是可识别的条件：应为「事实 运算符 值」，如「面积>=30」")
        if fact.type is not FactType.BOOL:
            raise ConditionSyntaxError(f"「{clause}」缺少运算符和值：只有是/否类事实可以单独书写")
        return Condition(fact.code, "==", True)
    name = clause[: match.start()].strip()
    op = _OP_NORMAL[re.sub(r"\s+", " ", match.group(1)).replace("not in", "不属于")]
    raw_value = clause[match.end() :].strip()
    fact = find_fact(name)
    if fact is None:
        raise ConditionSyntaxError(f"「{clause}」中的事实「{name}」不在事实词表中")
    if not raw_value:
        raise ConditionSyntaxError(f"「{clause}」缺少比较的值")
    if op in ("in", "not_in"):
        if fact.type is not FactType.CHOICE:
            raise ConditionSyntaxError(f"「{clause}」：「属于」只能用于有固定选项的事实（如危害后果、当事人类型）")
        items = [v for v in _LIST_SEPARATORS.split(raw_value.strip("[]（）() ")) if v.strip()]
        codes = []
        for item in items:
            code = fact.parse_choice(item)
            if code is None:
                allowed = "、".join(label for _, label in fact.choices)
                raise ConditionSyntaxError(f"「{clause}」中的「{item.strip()}」不是「{fact.name}」的选项（{allowed}）")
            codes.append(code)
        return Condition(fact.code, op, tuple(dict.fromkeys(codes)))
    if op in ("<", "<=", ">", ">=") and fact.type not in _ORDERED:
        raise ConditionSyntaxError(f"「{clause}」：「{fact.name}」不是数量或日期，不能比较大小")
    try:
        value = parse_fact_value(fact, raw_value)
    except FactError as exc:
        raise ConditionSyntaxError(f"「{clause}」：{exc}") from None
    return Condition(fact.code, op, value)


def parse_conditions(text: str | None) -> tuple[Condition, ...]:
    """Read a condition cell; an empty cell is no condition. Raises ConditionSyntaxError naming the clause."""
    if text is None:
        return ()
    clauses = [c.strip() for c in _SEPARATORS.split(str(text)) if c.strip()]
    return tuple(_parse_clause(c) for c in clauses)


def format_conditions(conditions: Iterable[Condition]) -> str:
    return "；".join(c.source() for c in conditions)


def describe_conditions(conditions: Sequence[Condition]) -> str:
    return "且".join(c.describe() for c in conditions) if conditions else "无附加条件"


def conditions_to_json(conditions: Iterable[Condition]) -> list[dict[str, Any]]:
    out = []
    for c in conditions:
        value: Any
        if isinstance(c.value, tuple):
            value = list(c.value)
        elif isinstance(c.value, bool | int):
            value = c.value
        elif isinstance(c.value, Decimal):
            value = str(c.value)
        elif isinstance(c.value, date):
            value = c.value.isoformat()
        else:
            value = c.value
        out.append({"fact": c.fact, "op": c.op, "value": value})
    return out


def conditions_from_json(data: Iterable[Mapping[str, Any]]) -> tuple[Condition, ...]:
    """The stored JSON back as conditions (validated: a hand-edited row must not slip through)."""
    result = []
    for row in data:
        fact = find_fact(str(row["fact"]))
        op = str(row["op"])
        if fact is None or op not in OPS:
            raise ConditionSyntaxError(f"存储的条件无效：{dict(row)!r}")
        raw = row["value"]
        value: FactValue | tuple[str, ...] = (
            tuple(str(v) for v in raw) if op in ("in", "not_in") else parse_fact_value(fact, raw)
        )
        result.append(Condition(fact.code, op, value))
    return tuple(result)


def evaluate(condition: Condition, facts: Mapping[str, FactValue]) -> bool | None:
    """Whether ``condition`` holds for ``facts``; None when the fact is not known."""
    if condition.fact not in facts:
        return None
    actual = facts[condition.fact]
    expected = condition.value
    op = condition.op
    if op == "in":
        return actual in expected  # type: ignore[operator]
    if op == "not_in":
        return actual not in expected  # type: ignore[operator]
    if op == "==":
        return actual == expected
    if op == "!=":
        return actual != expected
    left: Any = actual
    right: Any = expected
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)
