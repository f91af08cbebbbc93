"""Enumerations with stable English codes and Chinese labels: party kinds and penalty kinds.

The codes are stored in the database and sent over the API, so they never change; the labels are what users
see (GLOSSARY.md: one term, one name).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from .errors import RulesError

__all__ = ["PartyKind", "PenaltyKind", "parse_party_kind", "parse_penalty_kinds"]


class PartyKind(StrEnum):
    """当事人的类型. 行政处罚法 第五十一条 sets different caps for 公民 and 法人或者其他组织."""

    PERSON = "person"
    ORGANIZATION = "organization"

    @property
    def label(self) -> str:
        return _PARTY_LABELS[self]


_PARTY_LABELS: dict[PartyKind, str] = {
    PartyKind.PERSON: "公民",
    PartyKind.ORGANIZATION: "法人或者其他组织",
}


class PenaltyKind(StrEnum):
    """行政处罚的种类, 行政处罚法 第九条 (RULES.md P-8).

    ``DETENTION`` (行政拘留) exists for completeness: only public security may impose it (第十八条第三款).
    ``OTHER`` is 第九条(六) "法律、行政法规规定的其他行政处罚".
    """

    WARNING = "warning"
    PUBLIC_CRITICISM = "public_criticism"
    FINE = "fine"
    CONFISCATE_ILLEGAL_GAINS = "confiscate_illegal_gains"
    CONFISCATE_ILLEGAL_PROPERTY = "confiscate_illegal_property"
    SUSPEND_PERMIT = "suspend_permit"
    LOWER_QUALIFICATION = "lower_qualification"
    REVOKE_PERMIT = "revoke_permit"
    RESTRICT_BUSINESS = "restrict_business"
    ORDER_SUSPENSION = "order_suspension"
    ORDER_CLOSURE = "order_closure"
    RESTRICT_EMPLOYMENT = "restrict_employment"
    DETENTION = "detention"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PENALTY_LABELS[self]


_PENALTY_LABELS: dict[PenaltyKind, str] = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.PUBLIC_CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATE_ILLEGAL_GAINS: "没收违法所得",
    PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY: "没收非法财物",
    PenaltyKind.SUSPEND_PERMIT: "暂扣许可证件",
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyKind.REVOKE_PERMIT: "吊销许可证件",
    PenaltyKind.RESTRICT_BUSINESS: "限制开展生产经营活动",
    PenaltyKind.ORDER_SUSPENSION: "责令停产停业",
    PenaltyKind.ORDER_CLOSURE: "责令关闭",
    PenaltyKind.RESTRICT_EMPLOYMENT: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "法律、行政法规规定的其他行政处罚",
}


def parse_party_kind(value: str) -> PartyKind:
    """``"person"`` or ``"organization"``; anything else raises :class:`RulesError`."""
    try:
        return PartyKind(value)
    except ValueError:
        raise RulesError(
            f"未知的当事人类型：{value!r}，应为 person（公民）或 organization（法人或者其他组织）"
        ) from None


def parse_penalty_kinds(values: Iterable[str]) -> frozenset[PenaltyKind]:
    """A collection of penalty-kind codes; an unknown code raises :class:`RulesError`.

    A bare string is refused: iterating ``"fine"`` would yield letters, not a code.
    """
    if isinstance(values, str):
        raise RulesError(f"处罚种类应为处罚种类代码的集合，而不是：{values!r}")
    kinds: set[PenaltyKind] = set()
    for value in values:
        try:
            kinds.add(PenaltyKind(value))
        except ValueError:
            raise RulesError(f"未知的处罚种类：{value!r}") from None
    return frozenset(kinds)
