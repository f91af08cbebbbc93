"""Reads of 城管执法: scoped lists, ``access_*`` (a row out of scope answers exactly as a missing one), what a
corrected 责令改正 may lead to, and the register's totals against the target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import CaseState
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden
from fazhi.core.figures import Rate
from fazhi.powers.models import ExemptionRule
from fazhi.powers.selectors import exemption_check
from fazhi.urban.models import (
    DemolitionRecord,
    DemolitionTarget,
    IllegalConstruction,
    RectificationOrder,
    RectificationResult,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case


def rectification_list(
    *, actor: User, result: str = "", search: str = "", case: Case | None = None
) -> QuerySet[RectificationOrder]:
    qs = scope_for(actor).filter(
        RectificationOrder.objects.select_related("agency", "case", "case__party", "ordered_by", "reviewed_by")
    )
    if result:
        qs = qs.filter(result=result)
    if case is not None:
        qs = qs.filter(case=case)
    if search:
        qs = qs.filter(
            Q(number__contains=search)
            | Q(requirement__contains=search)
            | Q(case__lead_number__contains=search)
            | Q(case__register_number__contains=search)
        )
    return qs.order_by("-ordered_on", "-pk")


def access_rectification(*, actor: User, order_id: int) -> RectificationOrder:
    order = rectification_list(actor=actor).filter(pk=order_id).first()
    if order is None:
        raise NotFoundOrForbidden("责令改正")
    return order


def construction_list(*, actor: User, status: str = "", search: str = "") -> QuerySet[IllegalConstruction]:
    qs = scope_for(actor).filter(IllegalConstruction.objects.select_related("agency", "case"))
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(order_number__contains=search) | Q(location__contains=search) | Q(party_name__contains=search))
    return qs.order_by("-ordered_on", "-pk")


def access_construction(*, actor: User, construction_id: int) -> IllegalConstruction:
    construction = construction_list(actor=actor).filter(pk=construction_id).first()
    if construction is None:
        raise NotFoundOrForbidden("违法建设")
    return construction


def demolition_list(*, actor: User, year: int | None = None) -> QuerySet[DemolitionRecord]:
    qs = scope_for(actor).filter(DemolitionRecord.objects.select_related("agency", "case", "construction"))
    if year is not None:
        qs = qs.filter(demolished_on__year=year)
    return qs.order_by("-demolished_on", "-pk")


def target_list(*, actor: User) -> QuerySet[DemolitionTarget]:
    return scope_for(actor).filter(DemolitionTarget.objects.select_related("agency")).order_by("-year", "agency")


@dataclass(frozen=True)
class ExemptionHint:
    """What a 复查 that found the order corrected may lead to in the case: 不予处罚 / 首违不罚 where the bureau's
    exemption list (免罚清单) has a rule for the case's item (行政处罚法 第三十三条). It is only offered: the case's
    own investigation report proposes it and the decision makes it."""

    has_rules: bool
    applies: bool
    kind_label: str
    reasons: tuple[str, ...]
    missing: tuple[str, ...]


def rectification_exemption_hint(order: RectificationOrder) -> ExemptionHint | None:
    """For an order found corrected in time: the exemption check of the case's item with 及时改正=是 (the other
    facts, such as 初次违法 and 危害后果, are the case's to establish). None unless the order was corrected."""
    if order.result != RectificationResult.CORRECTED:
        return None
    case = order.case
    if not ExemptionRule.objects.filter(item=case.power_item).exists():
        return ExemptionHint(False, False, "", ("该执法事项的免罚清单中没有不予处罚情形",), ())
    try:
        result = exemption_check(case.power_item, {"corrected": True}, on=case.act_date)
    except ApplicationError as exc:
        return ExemptionHint(True, False, "", (exc.message,), ())
    return ExemptionHint(True, result.applies, result.kind_label, result.reasons, result.missing_facts)


def rectification_feeds_case(order: RectificationOrder) -> str:
    """What a 复查 means for the case, in one sentence for the page."""
    if order.result == RectificationResult.NOT_CORRECTED:
        if order.case.state == CaseState.LEAD:
            return "逾期未改正：该案源尚未立案，可据此复查结果办理立案。"
        return "逾期未改正：复查结果已记入案件，作为从重情节和调查事实的依据。"
    if order.result == RectificationResult.CORRECTED:
        return "已按期改正：符合免罚清单的，可在调查终结报告中提出不予处罚（首违不罚）意见。"
    return ""


@dataclass(frozen=True)
class DemolitionTotals:
    count: int
    area_m2: Decimal
    target_m2: Decimal | None

    @property
    def completion(self) -> Rate | None:
        return None if self.target_m2 is None else Rate(self.area_m2, self.target_m2)


def demolition_totals(*, agency: Agency, include_subordinates: bool, start: date, end: date) -> DemolitionTotals:
    """The register's lines demolished in ``[start, end]`` and the targets the government set for the agency
    itself for the years of the period (None when none was set)."""
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    lines = DemolitionRecord.objects.filter(where, demolished_on__range=(start, end))
    area = lines.aggregate(area=Sum("area_m2"))["area"]
    count = lines.count()
    targets = DemolitionTarget.objects.filter(agency=agency, year__range=(start.year, end.year))
    target = targets.aggregate(total=Sum("target_m2"))["total"] if targets.exists() else None
    # SQLite sums decimals without their scale: written with two decimals here, as the register holds them.
    cent = Decimal("0.01")
    return DemolitionTotals(
        count=count,
        area_m2=Decimal(area or 0).quantize(cent),
        target_m2=None if target is None else Decimal(target).quantize(cent),
    )
