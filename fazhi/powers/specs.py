"""What the discretion engine reads and answers: a power item's loaded rules (fine, tiers, exemptions, the
version of the rules) and the explanation or exemption result, with the money and date wording they share.

Pure data: no clock, no database; the selectors build the specs once, ``fazhi.powers.engine`` answers with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from fazhi.core.periods import period_covers
from fazhi.powers.conditions import Condition
from fazhi.powers.domain import DiscretionTier, ExemptionKind, FineMode
from fazhi.powers.facts import FactValue, find_fact

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def format_money(amount: Decimal) -> str:
    return f"{amount.quantize(CENT)}元"


def format_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_number(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class RuleSetRef:
    """Which published version of the rules an answer comes from."""

    id: int | None
    version_label: str
    effective_from: date
    effective_until: date | None = None
    is_sample: bool = False

    def citation(self) -> str:
        sample = "，示例清单" if self.is_sample else ""
        return f"裁量基准 {self.version_label}，{format_date(self.effective_from)}起施行{sample}"

    def covers(self, day: date) -> bool:
        return period_covers(self.effective_from, self.effective_until, day)


@dataclass(frozen=True)
class FineSpec:
    """The legal fine range of an item, as its penalty basis states it."""

    mode: FineMode = FineMode.NONE
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    coef_min: Decimal | None = None
    coef_max: Decimal | None = None
    base_fact: str = ""
    base_floor: Decimal | None = None

    @property
    def base_name(self) -> str:
        fact = find_fact(self.base_fact) if self.base_fact else None
        return fact.name if fact else self.base_fact

    def coef_text(self, low: Decimal, high: Decimal) -> str:
        """``工程造价的5%–10%``, ``违法所得的1–3倍``, ``每计罚单位数10–20元``."""
        if self.mode is FineMode.RATE:
            return f"{self.base_name}的{format_number(low)}%–{format_number(high)}%"
        if self.mode is FineMode.MULTIPLE:
            return f"{self.base_name}的{format_number(low)}–{format_number(high)}倍"
        fact = find_fact(self.base_fact)
        unit = fact.unit if fact and fact.unit else "单位"
        return f"每{unit}{format_number(low)}–{format_number(high)}元"

    def legal_text(self) -> str:
        if self.mode is FineMode.NONE:
            return "不处罚款"
        if self.mode is FineMode.FIXED:
            assert self.fine_min is not None and self.fine_max is not None
            return f"罚款{format_money(self.fine_min)}至{format_money(self.fine_max)}"
        assert self.coef_min is not None and self.coef_max is not None
        floor = ""
        if self.base_floor:
            money = format_money(self.base_floor)
            floor = f"（{self.base_name}不足{money}的按{money}计算）"
        return f"罚款为{self.coef_text(self.coef_min, self.coef_max)}{floor}"

    def base(self, facts: Mapping[str, FactValue]) -> Decimal | None:
        value = facts.get(self.base_fact)
        if value is None or isinstance(value, bool) or not isinstance(value, Decimal | int):
            return None
        base = Decimal(value)
        if self.base_floor is not None and base < self.base_floor:
            base = self.base_floor
        return base

    def amount(self, coef: Decimal, base: Decimal, *, upper: bool) -> Decimal:
        """``coef`` applied to ``base``, to the fen: a lower bound rounds up and an upper bound rounds down,
        so a computed range never leaves the range the law states."""
        raw = base * coef / HUNDRED if self.mode is FineMode.RATE else base * coef
        return raw.quantize(CENT, rounding=ROUND_FLOOR if upper else ROUND_CEILING)

    def range_for(
        self,
        facts: Mapping[str, FactValue],
        *,
        fine_min: Decimal | None,
        fine_max: Decimal | None,
        coef_min: Decimal | None,
        coef_max: Decimal | None,
    ) -> tuple[Decimal, Decimal] | None:
        """An absolute range (fixed mode) or a coefficient range applied to the base; None if the base is
        unknown."""
        if self.mode is FineMode.NONE:
            return None
        if self.mode is FineMode.FIXED:
            if fine_min is None or fine_max is None:
                return None
            return fine_min, fine_max
        base = self.base(facts)
        if base is None or coef_min is None or coef_max is None:
            return None
        return self.amount(coef_min, base, upper=False), self.amount(coef_max, base, upper=True)

    def legal_range(self, facts: Mapping[str, FactValue]) -> tuple[Decimal, Decimal] | None:
        return self.range_for(
            facts, fine_min=self.fine_min, fine_max=self.fine_max, coef_min=self.coef_min, coef_max=self.coef_max
        )


@dataclass(frozen=True)
class TierSpec:
    tier: DiscretionTier
    position: int
    description: str = ""
    conditions: tuple[Condition, ...] = ()
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    coef_min: Decimal | None = None
    coef_max: Decimal | None = None

    def range_text(self, fine: FineSpec) -> str:
        if fine.mode is FineMode.NONE:
            return "不处罚款"
        if fine.mode is FineMode.FIXED:
            assert self.fine_min is not None and self.fine_max is not None
            return f"罚款{format_money(self.fine_min)}至{format_money(self.fine_max)}"
        assert self.coef_min is not None and self.coef_max is not None
        return f"罚款为{fine.coef_text(self.coef_min, self.coef_max)}"


@dataclass(frozen=True)
class ExemptionSpec:
    kind: ExemptionKind
    position: int
    description: str = ""
    conditions: tuple[Condition, ...] = ()
    look_back_months: int | None = None


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    penalty_basis: str
    fine: FineSpec
    rule_set: RuleSetRef
    tiers: tuple[TierSpec, ...] = ()
    exemptions: tuple[ExemptionSpec, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class Explanation:
    """The discretion answer for one case: the tier, the fine range, and why, citing the rules version."""

    item_code: str
    item_name: str
    tier: DiscretionTier | None
    fine_min: Decimal | None
    fine_max: Decimal | None
    legal_min: Decimal | None
    legal_max: Decimal | None
    reasons: tuple[str, ...]
    rule_set_version: str
    rule_set_id: int | None
    effective_from: date
    basis: str
    manual_required: bool = False
    no_penalty: bool = False
    mandatory_grounds: tuple[str, ...] = ()
    is_sample: bool = False

    @property
    def tier_label(self) -> str:
        return self.tier.label if self.tier else ""


@dataclass(frozen=True)
class ExemptionResult:
    item_code: str
    applies: bool
    kind: ExemptionKind | None
    mandatory: bool
    reasons: tuple[str, ...]
    rule_set_version: str
    rule_set_id: int | None
    effective_from: date
    rule_description: str = ""
    missing_facts: tuple[str, ...] = field(default=())

    @property
    def kind_label(self) -> str:
        return self.kind.label if self.kind else ""
