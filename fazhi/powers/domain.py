"""Enumerations of the power list, with stable English codes and Chinese labels.

The codes are stored in the database, sent over the API and used in statistics (``cases.by_domain.<code>``),
so they never change; the labels are what users see and what the Excel workbook carries. Plain ``StrEnum``s
(no Django import) so that the pure modules (``conditions``, ``engine``, ``excel``) can use them; the models
build their ``choices`` from them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

__all__ = [
    "DiscretionTier",
    "Domain",
    "ExemptionKind",
    "FineMode",
    "PowerKind",
    "RuleSetStatus",
    "choices",
    "parse_label",
]


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[self]


class Domain(_Labelled):
    """领域 of a power item. A fixed set: statistics group cases by these codes."""

    CITY_APPEARANCE = "city_appearance"
    PLANNING = "planning"
    MUNICIPAL = "municipal"
    LANDSCAPING = "landscaping"
    CONSTRUCTION_WASTE = "construction_waste"
    OUTDOOR_ADS = "outdoor_ads"
    ENVIRONMENT = "environment"
    STREET_VENDING = "street_vending"
    OTHER = "other"


class PowerKind(_Labelled):
    """事项类别: the ten kinds of 行政权力 a 权责清单 lists."""

    PENALTY = "penalty"
    INSPECTION = "inspection"
    COERCION = "coercion"
    LICENSING = "licensing"
    LEVY = "levy"
    BENEFIT = "benefit"
    CONFIRMATION = "confirmation"
    REWARD = "reward"
    ADJUDICATION = "adjudication"
    OTHER = "other"


class FineMode(_Labelled):
    """罚款方式: how the legal fine range of an item is stated in its penalty basis.

    ``RATE``: a percentage of a base amount (城乡规划法 第六十四条: 建设工程造价百分之五以上百分之十以下);
    ``MULTIPLE``: a multiple of a base amount (违法所得、处置费用、货值金额 的一倍以上三倍以下);
    ``PER_UNIT``: so many yuan per unit (每平方米、每辆), the base being the number of units.
    """

    NONE = "none"
    FIXED = "fixed"
    RATE = "rate"
    MULTIPLE = "multiple"
    PER_UNIT = "per_unit"

    @property
    def proportional(self) -> bool:
        return self in (FineMode.RATE, FineMode.MULTIPLE, FineMode.PER_UNIT)


class DiscretionTier(_Labelled):
    """裁量阶次. ``MITIGATED`` (减轻) lies below the legal minimum (行政处罚法 第三十二条)."""

    LIGHTER = "lighter"
    ORDINARY = "ordinary"
    HEAVIER = "heavier"
    MITIGATED = "mitigated"


class ExemptionKind(_Labelled):
    """Grounds of 不予行政处罚 in 行政处罚法 第三十三条."""

    FIRST_VIOLATION = "first_violation"  # 第一款后段：初次违法且危害后果轻微并及时改正的，可以不予行政处罚
    MINOR = "minor"  # 第一款前段：违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚
    NO_FAULT = "no_fault"  # 第二款：当事人有证据足以证明没有主观过错的，不予行政处罚

    @property
    def mandatory(self) -> bool:
        """``不予`` (must) rather than ``可以不予`` (may)."""
        return self is not ExemptionKind.FIRST_VIOLATION

    @property
    def article(self) -> str:
        return _EXEMPTION_ARTICLES[self]


class RuleSetStatus(_Labelled):
    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


E = TypeVar("E", bound=_Labelled)

_LABELS: dict[StrEnum, str] = {
    Domain.CITY_APPEARANCE: "市容环卫",
    Domain.PLANNING: "城乡规划",
    Domain.MUNICIPAL: "市政公用",
    Domain.LANDSCAPING: "园林绿化",
    Domain.CONSTRUCTION_WASTE: "建筑垃圾",
    Domain.OUTDOOR_ADS: "户外广告",
    Domain.ENVIRONMENT: "环境保护",
    Domain.STREET_VENDING: "占道经营",
    Domain.OTHER: "其他",
    PowerKind.PENALTY: "行政处罚",
    PowerKind.INSPECTION: "行政检查",
    PowerKind.COERCION: "行政强制",
    PowerKind.LICENSING: "行政许可",
    PowerKind.LEVY: "行政征收",
    PowerKind.BENEFIT: "行政给付",
    PowerKind.CONFIRMATION: "行政确认",
    PowerKind.REWARD: "行政奖励",
    PowerKind.ADJUDICATION: "行政裁决",
    PowerKind.OTHER: "其他行政权力",
    FineMode.NONE: "无罚款",
    FineMode.FIXED: "固定数额",
    FineMode.RATE: "基数比例",
    FineMode.MULTIPLE: "基数倍数",
    FineMode.PER_UNIT: "按单位计罚",
    DiscretionTier.LIGHTER: "从轻",
    DiscretionTier.ORDINARY: "一般",
    DiscretionTier.HEAVIER: "从重",
    DiscretionTier.MITIGATED: "减轻",
    ExemptionKind.FIRST_VIOLATION: "首违不罚",
    ExemptionKind.MINOR: "轻微不罚",
    ExemptionKind.NO_FAULT: "无主观过错不罚",
    RuleSetStatus.DRAFT: "草稿",
    RuleSetStatus.ACTIVE: "已发布",
    RuleSetStatus.RETIRED: "已被新版本替代",
}

_EXEMPTION_ARTICLES: dict[ExemptionKind, str] = {
    ExemptionKind.FIRST_VIOLATION: "行政处罚法第三十三条第一款：初次违法且危害后果轻微并及时改正的，可以不予行政处罚",
    ExemptionKind.MINOR: "行政处罚法第三十三条第一款：违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚",
    ExemptionKind.NO_FAULT: "行政处罚法第三十三条第二款：当事人有证据足以证明没有主观过错的，不予行政处罚",
}

# Short forms a bureau's own sheets commonly use; accepted on import, never written on export.
_ALIASES: dict[str, str] = {
    "市容环境卫生": Domain.CITY_APPEARANCE,
    "市容": Domain.CITY_APPEARANCE,
    "城乡规划(违法建设)": Domain.PLANNING,
    "城乡规划（违法建设）": Domain.PLANNING,
    "规划": Domain.PLANNING,
    "市政": Domain.MUNICIPAL,
    "园林": Domain.LANDSCAPING,
    "绿化": Domain.LANDSCAPING,
    "建筑垃圾(渣土)": Domain.CONSTRUCTION_WASTE,
    "建筑垃圾（渣土）": Domain.CONSTRUCTION_WASTE,
    "渣土": Domain.CONSTRUCTION_WASTE,
    "环保": Domain.ENVIRONMENT,
    "处罚": PowerKind.PENALTY,
    "检查": PowerKind.INSPECTION,
    "强制": PowerKind.COERCION,
    "许可": PowerKind.LICENSING,
    "征收": PowerKind.LEVY,
    "给付": PowerKind.BENEFIT,
    "确认": PowerKind.CONFIRMATION,
    "奖励": PowerKind.REWARD,
    "裁决": PowerKind.ADJUDICATION,
    "其他": "other",
    "轻微违法不罚": ExemptionKind.MINOR,
    "无主观过错": ExemptionKind.NO_FAULT,
}


def choices(enum: type[_Labelled]) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


def parse_label(enum: type[E], text: str) -> E | None:
    """The member whose Chinese label (or code, or a common short form) is ``text``; None if none is."""
    text = text.strip()
    for member in enum:
        if text in (member.label, member.value):
            return member
    alias = _ALIASES.get(text)
    if alias is not None:
        try:
            return enum(alias)
        except ValueError:
            return None
    return None
