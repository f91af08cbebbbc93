"""The right to a hearing (听证), 行政处罚法 第六十三条."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .errors import RulesError
from .kinds import PartyKind, PenaltyKind, parse_party_kind, parse_penalty_kinds
from .money import require_money

__all__ = [
    "DEFAULT_HEARING_THRESHOLDS",
    "HEARING_PENALTY_KINDS",
    "HearingThresholds",
    "hearing_right",
]

#: Kinds that always carry the right: 第六十三条(三) 降低资质等级、吊销许可证件 and (四) 责令停产停业、
#: 责令关闭、限制从业.
HEARING_PENALTY_KINDS: frozenset[PenaltyKind] = frozenset(
    {
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_PERMIT,
        PenaltyKind.ORDER_SUSPENSION,
        PenaltyKind.ORDER_CLOSURE,
        PenaltyKind.RESTRICT_EMPLOYMENT,
    }
)  # 行政处罚法 第六十三条第一款(三)(四)


@dataclass(frozen=True)
class HearingThresholds:
    """Settings for 第六十三条(一)(二)(五): what is 较大数额 and which kinds are 其他较重的行政处罚.

    Status U/V2 (RULES.md H-2): 较大数额 is fixed by each province or sector, so these are settings with
    example defaults, not legal constants. An amount is 较大 when it is **greater than or equal to** the
    threshold (local rules are usually worded "…元以上", and 以上 includes the number itself).

    Defaults: person 5000 元, organisation 100000 元 for fines (the example in RULES.md H-2); the same figures
    for confiscated gains or property. ``heavier_kinds`` defaults to 暂扣许可证件 and 限制开展生产经营活动,
    which restrict a licence or business much like the kinds listed in 第六十三条(三)(四). 行政拘留 is
    excluded: its hearing rules are in 治安管理处罚法, not here.
    """

    fine_person: Decimal = Decimal("5000")
    fine_organization: Decimal = Decimal("100000")
    confiscation_person: Decimal = Decimal("5000")
    confiscation_organization: Decimal = Decimal("100000")
    heavier_kinds: frozenset[PenaltyKind] = field(
        default_factory=lambda: frozenset({PenaltyKind.SUSPEND_PERMIT, PenaltyKind.RESTRICT_BUSINESS})
    )

    def __post_init__(self) -> None:
        for name in ("fine_person", "fine_organization", "confiscation_person", "confiscation_organization"):
            value = require_money(getattr(self, name), "听证金额标准")
            if value <= 0:
                raise RulesError(f"听证金额标准必须大于0：{name}={value}")
        object.__setattr__(self, "heavier_kinds", parse_penalty_kinds(self.heavier_kinds))

    def fine_threshold(self, party_kind: PartyKind) -> Decimal:
        return self.fine_person if party_kind is PartyKind.PERSON else self.fine_organization

    def confiscation_threshold(self, party_kind: PartyKind) -> Decimal:
        return self.confiscation_person if party_kind is PartyKind.PERSON else self.confiscation_organization


#: The example settings of RULES.md H-2 (U); replace them with the province's or sector's figures.
DEFAULT_HEARING_THRESHOLDS = HearingThresholds()


def hearing_right(
    party_kind: str,
    fine: Decimal,
    penalty_kinds: Iterable[str],
    thresholds: HearingThresholds = DEFAULT_HEARING_THRESHOLDS,
    confiscation: Decimal = Decimal(0),
) -> bool:
    """Whether the party must be told of the right to a hearing (行政处罚法 第六十三条).

    True when the proposed decision includes any of: a fine ≥ the 较大数额 threshold (一); confiscation of
    gains or property worth ≥ the threshold (二) — ``confiscation`` is the total value; a kind in
    :data:`HEARING_PENALTY_KINDS` (三)(四); a kind in ``thresholds.heavier_kinds`` (五). Case (六) "法律、
    法规、规章规定的其他情形" is for the caller to add from the power item's own rules.
    """
    kind = parse_party_kind(party_kind)
    amount = require_money(fine, "罚款金额")
    confiscated = require_money(confiscation, "没收金额")
    kinds = parse_penalty_kinds(penalty_kinds)
    if kinds & (HEARING_PENALTY_KINDS | thresholds.heavier_kinds):
        return True
    if amount >= thresholds.fine_threshold(kind):
        return True
    return confiscated >= thresholds.confiscation_threshold(kind)
