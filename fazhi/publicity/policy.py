"""The publication policy: which decisions are published, for how long, and when 信用修复 may end them early.

Pure Python (no Django): the numbers are parameters, because most of them are not fixed by 行政处罚法 and differ
between the credit rules (RULES.md §10). ``fazhi.publicity.conf.policy()`` builds the policy from the settings;
docs/publicity.md lists each parameter with its source and status (V/V2/U).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from fazhi.rules import PenaltyKind, add_calendar_months

__all__ = [
    "LIGHT_KINDS",
    "PeriodFrom",
    "PublicationPolicy",
    "is_light",
    "period_months",
    "publication_exemption",
    "publish_until",
    "repair_earliest",
    "repair_refusal",
]

#: Kinds that alone make a penalty light: "仅受到通报批评或者较低数额罚款" (市场监管行政处罚信息公示规定 第十三条).
#: 警告 counts as light too when warning-only decisions are published at all (第二条第二款 leaves them out).
LIGHT_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.PUBLIC_CRITICISM, PenaltyKind.FINE})

DEFAULT_REPAIR_EXCLUDED_KINDS = frozenset(
    {
        PenaltyKind.ORDER_SUSPENSION,
        PenaltyKind.RESTRICT_BUSINESS,
        PenaltyKind.RESTRICT_EMPLOYMENT,
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_PERMIT,
        PenaltyKind.ORDER_CLOSURE,
    }
)


class PeriodFrom(StrEnum):
    """The day the publication period counts from."""

    DECIDED = "decided"  # 信用中国 (发改委令第58号): from the decision date (RULES.md D-4, V2)
    PUBLISHED = "published"  # 市场监管: "自公示之日起" (市场监督管理行政处罚信息公示规定 第十三条, V)


@dataclass(frozen=True)
class PublicationPolicy:
    working_days: int = 7  # RULES.md D-2 (V2)
    short_months: int = 3  # D-3 (V, 市场监管) / D-4 (V2, 信用中国)
    long_months: int = 36  # D-3 / D-4: 3 years
    lower_fine_person: Decimal = Decimal("10000")  # 较低数额罚款, set by the province (U)
    lower_fine_organization: Decimal = Decimal("100000")  # (U)
    min_months_by_domain: Mapping[str, int] = field(default_factory=dict)  # D-4 (V2): 1 year for 食品 etc.
    period_from: PeriodFrom = PeriodFrom.DECIDED
    publish_simple_procedure: bool = False  # D-5 (U)
    publish_warning_only: bool = False  # D-3 (V for 市场监管, U for 城管)
    repair_excluded_kinds: frozenset[str] = DEFAULT_REPAIR_EXCLUDED_KINDS  # D-3 (V for 市场监管)
    repair_min_months: int = 3  # D-4 (V2)


def _kinds(penalty_kinds: Iterable[str]) -> frozenset[str]:
    return frozenset(str(k) for k in penalty_kinds)


def publication_exemption(
    policy: PublicationPolicy, *, is_penalty: bool, is_simple_procedure: bool, penalty_kinds: Iterable[str]
) -> str | None:
    """Why a decision is not published, or None when it is.

    行政处罚法 第四十八条 publishes decisions "具有一定社会影响的"; which ones that is, is policy: only penalties,
    not 简易程序 by default (D-5, U), not warning-only by default (D-3).
    """
    if not is_penalty:
        return "不是行政处罚决定"
    if is_simple_procedure and not policy.publish_simple_procedure:
        return "简易程序（当场）处罚决定按设置不公示"
    kinds = _kinds(penalty_kinds)
    if kinds == {PenaltyKind.WARNING} and not policy.publish_warning_only:
        return "仅给予警告的处罚决定按设置不公示"
    return None


def is_light(policy: PublicationPolicy, *, penalty_kinds: Iterable[str], fine: Decimal, is_person: bool) -> bool:
    """仅受到警告、通报批评或者较低数额罚款 (第十三条第一款). "以下" includes the amount (民法典 第一千二百五十九条)."""
    kinds = _kinds(penalty_kinds)
    if not kinds or not kinds <= LIGHT_KINDS:
        return False
    if PenaltyKind.FINE not in kinds:
        return True
    cap = policy.lower_fine_person if is_person else policy.lower_fine_organization
    return fine <= cap


def period_months(
    policy: PublicationPolicy, *, penalty_kinds: Iterable[str], fine: Decimal, is_person: bool, domain: str
) -> tuple[int, str]:
    """The publication period in months and the reason, in Chinese, for the record."""
    if is_light(policy, penalty_kinds=penalty_kinds, fine=fine, is_person=is_person):
        months, reason = policy.short_months, "仅受到警告、通报批评或者较低数额罚款"
    else:
        months, reason = policy.long_months, "其他行政处罚"
    minimum = policy.min_months_by_domain.get(domain, 0)
    if minimum > months:
        months, reason = minimum, f"{reason}；该领域最短公示期{minimum}个月"
    return months, f"{reason}，公示期{months}个月"


def publish_until(base: date, months: int) -> date:
    """The last day shown: the corresponding day ``months`` later (民法典 第二百零二条). No rest-day extension:
    this is the end of a display, not a period in which someone must act."""
    return add_calendar_months(base, months)


def repair_earliest(policy: PublicationPolicy, *, base: date, domain: str) -> date:
    """The first day 信用修复 may end a publication: the day after its minimum period (D-4, V2)."""
    months = max(policy.repair_min_months, policy.min_months_by_domain.get(domain, 0))
    return add_calendar_months(base, months) + timedelta(days=1)


def repair_refusal(
    policy: PublicationPolicy, *, penalty_kinds: Iterable[str], domain: str, base: date, today: date
) -> str | None:
    """Why 信用修复 may not end this publication early, or None when it may. Never has side effects."""
    excluded = sorted(_kinds(penalty_kinds) & policy.repair_excluded_kinds)
    if excluded:
        labels = "、".join(PenaltyKind(k).label for k in excluded)
        return f"受到{labels}处罚的，不得提前停止公示（信用修复）"
    earliest = repair_earliest(policy, base=base, domain=domain)
    if today < earliest:
        return f"未满最短公示期，{earliest:%Y年%m月%d日}起方可申请信用修复"
    return None
