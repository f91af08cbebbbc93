"""Writes of 城管执法: 责令改正 and 复查; 违法建设 from 责令限期拆除 to 强制拆除 or 代履行; the register and the target.

Every service is keyword-only, takes ``actor``, checks the actor's scope and role, collects its errors into one
Chinese message, and writes its audit event in the same transaction; a refusal leaves nothing saved.

Roles: an officer, squad leader or head issues and reviews a 责令改正 and takes the steps of a 违法建设; only the
head (负责人) decides a 强制拆除 or a 代履行 (行政强制法 第三十七条: the 强制执行决定 is the agency's, signed by its
head); the register is kept by them or the 内勤; the yearly target is entered by the head or the 内勤.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case, CaseState
from fazhi.cases.services import number_next
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.formatting import cn_date
from fazhi.core.validation import ensure_fits, length_errors
from fazhi.legal_affairs.models import (
    OUTCOMES_AGAINST,
    Litigation,
    LitigationStage,
    Reconsideration,
    ReviewOutcome,
)
from fazhi.rules import (
    appeal_period_end,
    demolition_remedy_period_end,
    final_judgment_period_end,
    lawful_from,
    rectification_review_allowed,
    substitute_performance_earliest,
    suit_after_reconsideration_end,
)
from fazhi.urban.models import (
    ConstructionStatus,
    DemolishedBy,
    DemolitionRecord,
    DemolitionTarget,
    IllegalConstruction,
    RectificationOrder,
    RectificationResult,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

FIELD_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.HEAD)
REGISTER_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.HEAD, Role.CLERK)
TARGET_ROLES = (Role.HEAD, Role.CLERK)
DECIDE_ROLES = (Role.HEAD,)

RECTIFICATION_NUMBER = "{agency}责改〔{year}〕{seq}号"
MAX_AREA_M2 = Decimal("9999999999.99")
MAX_MONEY = Decimal("999999999999.99")


def _ensure_role(actor: User, agency: Agency, roles: tuple[str, ...], *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*roles)):
        labels = "或".join(Role(r).label for r in roles)
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


def _ensure_agency_works(agency: Agency) -> None:
    if agency.kind == AgencyKind.JUSTICE_BUREAU:
        raise PermissionDenied("司法局（执法监督机构）不办理城管执法业务。")


def _ensure_not_future(day: date, label: str, errors: list[str]) -> None:
    if day > clock.today():
        errors.append(f"{label}（{cn_date(day)}）不能晚于今天")


def _raise(errors: list[str]) -> None:
    if errors:
        raise ValidationError("；".join(errors) + "。")


def _area(value: Decimal | None, label: str, errors: list[str]) -> Decimal:
    if value is None:
        errors.append(f"请填写{label}")
        return Decimal("0")
    if not value.is_finite() or value <= 0 or value > MAX_AREA_M2:
        errors.append(f"{label}应为大于0的平方米数")
        return Decimal("0")
    if value != value.quantize(Decimal("0.01")):
        errors.append(f"{label}最多保留两位小数")
        return value
    return value.quantize(Decimal("0.01"))


def _money(value: Decimal | None, label: str, errors: list[str]) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > MAX_MONEY:
        errors.append(f"{label}应为不小于0的金额（元）")
        return None
    if value != value.quantize(Decimal("0.01")):
        errors.append(f"{label}最多保留两位小数（分）")
        return value
    return value.quantize(Decimal("0.01"))


def _save(
    actor: User,
    obj: RectificationOrder | IllegalConstruction | DemolitionRecord | DemolitionTarget,
    *,
    action: str,
    summary: str,
    before: dict[str, object] | None,
) -> None:
    ensure_fits(obj)
    obj.save()
    audit_record(actor=actor, entity=obj, action=action, summary=summary, before=before, after=snapshot(obj))


# --- 责令改正 and 复查 -------------------------------------------------------------------------------------------


@transaction.atomic
def rectification_order(
    *, actor: User, case: Case, ordered_on: date, requirement: str, period_end: date
) -> RectificationOrder:
    """责令改正 on a case or on a lead (行政处罚法 第二十八条第一款): what to correct and by which day."""
    _ensure_role(actor, case.agency, FIELD_ROLES, action="责令改正")
    if case.state == CaseState.NOT_REGISTERED:
        raise RuleViolation(f"案件{case}已不予立案，不能再责令改正。")
    errors: list[str] = []
    requirement = requirement.strip()
    if not requirement:
        errors.append("请填写责令改正的内容")
    _ensure_not_future(ordered_on, "责令改正日期", errors)
    if period_end < ordered_on:
        errors.append(f"改正期限届满日（{cn_date(period_end)}）不能早于责令改正日期（{cn_date(ordered_on)}）")
    if ordered_on < case.act_date:
        errors.append(f"责令改正日期不能早于违法行为发生日期（{cn_date(case.act_date)}）")
    _raise(errors)
    seq = number_next(agency=case.legal_subject, kind="rectification", year=ordered_on.year)
    order = RectificationOrder(
        agency=case.agency,
        case=case,
        number=RECTIFICATION_NUMBER.format(agency=case.legal_subject.code, year=ordered_on.year, seq=seq),
        ordered_on=ordered_on,
        requirement=requirement,
        period_end=period_end,
        ordered_by=actor,
    )
    _save(actor, order, action="rectification.order", summary=f"责令改正 {order.number}", before=None)
    return order


@transaction.atomic
def rectification_review(
    *, actor: User, order: RectificationOrder, reviewed_on: date, corrected: bool, note: str = ""
) -> RectificationOrder:
    """复查: on or after the period's last day (an earlier check is refused), corrected or not."""
    order = RectificationOrder.objects.select_for_update(of=("self",)).select_related("agency", "case").get(pk=order.pk)
    _ensure_role(actor, order.agency, FIELD_ROLES, action="复查")
    if order.result != RectificationResult.PENDING:
        assert order.reviewed_on is not None
        raise RuleViolation(
            f"{order.number}已于{cn_date(order.reviewed_on)}复查（{order.get_result_display()}），不能重复复查。"
        )
    if not rectification_review_allowed(order.period_end, reviewed_on):
        raise RuleViolation(
            f"改正期限至{cn_date(order.period_end)}届满，复查须在期限届满之日或其后进行"
            f"（{cn_date(reviewed_on)}尚在改正期限内）；请于{cn_date(order.period_end)}起复查。"
        )
    errors: list[str] = []
    _ensure_not_future(reviewed_on, "复查日期", errors)
    note = note.strip()
    if not corrected and not note:
        errors.append("复查未改正的，请写明现场情况")
    _raise(errors)
    before = snapshot(order)
    order.result = RectificationResult.CORRECTED if corrected else RectificationResult.NOT_CORRECTED
    order.reviewed_on = reviewed_on
    order.reviewed_by = actor
    order.review_note = note
    _save(actor, order, action="rectification.review", summary=f"复查：{order.get_result_display()}", before=before)
    return order


# --- 违法建设 ------------------------------------------------------------------------------------------------


def _lock(construction: IllegalConstruction) -> IllegalConstruction:
    return (
        IllegalConstruction.objects.select_for_update(of=("self",))
        .select_related("agency", "case")
        .get(pk=construction.pk)
    )


def _ensure_status(construction: IllegalConstruction, allowed: tuple[str, ...], *, action: str) -> None:
    if construction.status not in allowed:
        labels = "或".join(ConstructionStatus(s).label for s in allowed)
        raise RuleViolation(
            f"该违法建设当前为“{construction.get_status_display()}”，不能{action}：{action}须在“{labels}”之后进行。"
        )


@transaction.atomic
def construction_order(
    *,
    actor: User,
    agency: Agency,
    party_name: str,
    location: str,
    area_m2: Decimal | None,
    order_number: str,
    ordered_on: date,
    order_served_on: date,
    order_period_end: date,
    case: Case | None = None,
    description: str = "",
) -> IllegalConstruction:
    """责令限期拆除: the decision, the day it was served (the remedy periods run from it) and its period."""
    _ensure_role(actor, agency, FIELD_ROLES, action="责令限期拆除")
    _ensure_agency_works(agency)
    errors: list[str] = []
    party_name, location, order_number = party_name.strip(), location.strip(), order_number.strip()
    if not party_name:
        errors.append("请填写当事人")
    if not location:
        errors.append("请填写违法建设地点")
    if not order_number:
        errors.append("请填写限期拆除决定书文号")
    elif IllegalConstruction.objects.filter(agency=agency, order_number=order_number).exists():
        errors.append(f"限期拆除决定书文号「{order_number}」已登记")
    area = _area(area_m2, "违法建设面积", errors)
    _ensure_not_future(ordered_on, "决定日期", errors)
    _ensure_not_future(order_served_on, "送达日期", errors)
    if order_served_on < ordered_on:
        errors.append("送达日期不能早于决定日期")
    if order_period_end < order_served_on:
        errors.append("限期拆除期限届满日不能早于送达日期")
    if (
        case is not None
        and not case.agency.path.startswith(agency.path)
        and not agency.path.startswith(case.agency.path)
    ):
        errors.append(f"所选案件不属于「{agency.name}」")
    construction = IllegalConstruction(
        agency=agency,
        case=case,
        party_name=party_name,
        location=location,
        area_m2=area,
        description=description.strip(),
        order_number=order_number,
        ordered_on=ordered_on,
        order_served_on=order_served_on,
        order_period_end=order_period_end,
        ordered_by=actor,
    )
    errors += length_errors(construction)
    _raise(errors)
    _save(actor, construction, action="construction.order", summary=f"责令限期拆除 {order_number}", before=None)
    return construction


@transaction.atomic
def construction_announce(
    *, actor: User, construction: IllegalConstruction, announced_on: date, period_end: date
) -> IllegalConstruction:
    """公告, 限期当事人自行拆除 (行政强制法 第四十四条)."""
    construction = _lock(construction)
    _ensure_role(actor, construction.agency, FIELD_ROLES, action="公告")
    _ensure_status(construction, (ConstructionStatus.ORDERED,), action="公告")
    errors: list[str] = []
    _ensure_not_future(announced_on, "公告日期", errors)
    if announced_on < construction.ordered_on:
        errors.append(f"公告日期不能早于限期拆除决定日期（{cn_date(construction.ordered_on)}）")
    if period_end < announced_on:
        errors.append("公告限期自行拆除的届满日不能早于公告日期")
    _raise(errors)
    before = snapshot(construction)
    construction.status = ConstructionStatus.ANNOUNCED
    construction.announced_on, construction.announcement_period_end = announced_on, period_end
    construction.announced_by = actor
    _save(
        actor, construction, action="construction.announce", summary=f"公告，限期至{cn_date(period_end)}", before=before
    )
    return construction


@transaction.atomic
def construction_remind(*, actor: User, construction: IllegalConstruction, served_on: date) -> IllegalConstruction:
    """催告 the party in writing before the enforcement decision (行政强制法 第三十五条、第五十一条)."""
    construction = _lock(construction)
    _ensure_role(actor, construction.agency, FIELD_ROLES, action="催告")
    _ensure_status(construction, (ConstructionStatus.ANNOUNCED,), action="催告")
    errors: list[str] = []
    _ensure_not_future(served_on, "催告书送达日期", errors)
    assert construction.announced_on is not None
    if served_on < construction.announced_on:
        errors.append(f"催告书送达日期不能早于公告日期（{cn_date(construction.announced_on)}）")
    _raise(errors)
    before = snapshot(construction)
    construction.status = ConstructionStatus.REMINDED
    construction.reminder_served_on, construction.reminded_by = served_on, actor
    _save(actor, construction, action="construction.remind", summary=f"催告（{cn_date(served_on)}送达）", before=before)
    return construction


@dataclass(frozen=True)
class DemolitionBar:
    """Whether a 强制拆除 (or 代履行) is barred on a day, why, and from which day it becomes lawful (None: no day
    can be named yet, e.g. a 复议 is pending)."""

    barred: bool
    reason: str
    lawful_from: date | None


def _remedy_period_end(construction: IllegalConstruction) -> tuple[date | None, str]:
    """The last day of the remedy periods, given the 复议/诉讼 recorded against the case; None and the reason
    when a remedy pending or decided against the agency bars enforcement."""
    base = demolition_remedy_period_end(construction.order_served_on)
    case = construction.case
    if case is None:
        return base, ""
    recs = list(Reconsideration.objects.filter(case=case).order_by("received_on", "pk"))
    suits = list(Litigation.objects.filter(case=case).order_by("filed_on", "pk"))
    for rec in recs:
        if rec.outcome == ReviewOutcome.PENDING:
            return None, (
                f"当事人已申请行政复议（{rec.number or rec.matter[:20]}，{cn_date(rec.received_on)}收到），"
                "复议审理期间不得强制拆除"
            )
        if rec.outcome in OUTCOMES_AGAINST:
            return None, f"行政复议结果为“{rec.get_outcome_display()}”，不得依原决定强制拆除"
    for suit in suits:
        if suit.outcome == ReviewOutcome.PENDING:
            return None, (
                f"当事人已提起行政诉讼（{suit.number or suit.court}，{suit.get_stage_display()}），诉讼期间不得强制拆除"
            )
        if suit.outcome in OUTCOMES_AGAINST:
            return None, f"行政诉讼结果为“{suit.get_outcome_display()}”，不得依原决定强制拆除"
    decided_suits = [s for s in suits if s.outcome != ReviewOutcome.TERMINATED]
    if decided_suits:
        last = decided_suits[-1]
        if last.judgment_served_on is None:
            return None, "请先登记行政诉讼裁判文书的送达日期，再计算上诉期限"
        if last.stage == LitigationStage.FIRST_INSTANCE:
            return appeal_period_end(last.judgment_served_on, ruling=last.by_ruling), ""
        return final_judgment_period_end(last.judgment_served_on), ""
    decided_recs = [r for r in recs if r.outcome != ReviewOutcome.TERMINATED]
    if decided_recs:
        last_rec = decided_recs[-1]
        if last_rec.decision_served_on is None:
            return None, "请先登记行政复议决定书的送达日期，再计算起诉期限"
        return suit_after_reconsideration_end(last_rec.decision_served_on), ""
    return base, ""


def demolition_bar(construction: IllegalConstruction, on: date) -> DemolitionBar:
    """行政强制法 第四十四条: lawful only when the 公告's period, the order's period and the 复议/诉讼 periods have
    all lapsed and no 复议/诉讼 stands in the way. Side-effect free: it refuses in the service and explains on
    the page."""
    if construction.announced_on is None or construction.announcement_period_end is None:
        return DemolitionBar(True, "强制拆除前应当予以公告，限期当事人自行拆除（行政强制法第四十四条）", None)
    remedy_end, reason = _remedy_period_end(construction)
    if remedy_end is None:
        return DemolitionBar(True, reason + "（行政强制法第四十四条）", None)
    first = lawful_from(remedy_end, construction.order_period_end, construction.announcement_period_end)
    if on < first:
        return DemolitionBar(
            True,
            f"当事人申请行政复议、提起行政诉讼和自行拆除的期限至{cn_date(first - timedelta(days=1))}方才届满，"
            f"{cn_date(on)}不得强制拆除；自{cn_date(first)}起方可依法强制拆除（行政强制法第四十四条）",
            first,
        )
    return DemolitionBar(False, "", first)


@transaction.atomic
def construction_decide(
    *,
    actor: User,
    construction: IllegalConstruction,
    kind: str,
    decided_on: date,
    number: str,
    scheduled_on: date,
    performer: str = "",
    cost_budget: Decimal | None = None,
) -> IllegalConstruction:
    """强制拆除决定 (行政强制法 第三十七条、第四十四条) or 代履行决定 (第五十条、第五十一条), by the head only."""
    construction = _lock(construction)
    scope_for(actor).ensure_can_write(construction.agency)
    if not (actor.is_superuser or actor.has_role(*DECIDE_ROLES)):
        raise PermissionDenied("强制拆除或代履行决定须由负责人作出：您不是负责人。")
    _ensure_status(construction, (ConstructionStatus.REMINDED,), action="作出强制执行决定")
    if kind not in (DemolishedBy.FORCED, DemolishedBy.SUBSTITUTE):
        raise ValidationError("请选择执行方式（强制拆除或代履行）。")
    bar = demolition_bar(construction, decided_on)
    if bar.barred:
        raise RuleViolation(bar.reason + "。")
    errors: list[str] = []
    number, performer = number.strip(), performer.strip()
    if not number:
        errors.append("请填写决定书文号")
    _ensure_not_future(decided_on, "决定日期", errors)
    assert construction.reminder_served_on is not None
    if decided_on < construction.reminder_served_on:
        errors.append(f"决定日期不能早于催告书送达日期（{cn_date(construction.reminder_served_on)}）")
    if scheduled_on < decided_on:
        errors.append("拆除（代履行）日期不能早于决定日期")
    budget = _money(cost_budget, "代履行费用预算", errors)
    if kind == DemolishedBy.SUBSTITUTE:
        earliest = substitute_performance_earliest(construction.reminder_served_on)
        if scheduled_on < earliest:
            errors.append(
                f"代履行三日前应当催告当事人履行：催告书于{cn_date(construction.reminder_served_on)}送达，"
                f"代履行最早于{cn_date(earliest)}进行（行政强制法第五十一条第一款第二项）"
            )
        if not performer:
            errors.append("代履行决定书应当载明代履行人（行政强制法第五十一条第一款第一项）")
        if budget is None:
            errors.append("代履行决定书应当载明费用预算（行政强制法第五十一条第一款第一项）")
    _raise(errors)
    before = snapshot(construction)
    construction.status = (
        ConstructionStatus.FORCED_DECIDED if kind == DemolishedBy.FORCED else ConstructionStatus.SUBSTITUTE_DECIDED
    )
    construction.enforcement_kind = kind
    construction.enforcement_number = number
    construction.enforcement_decided_on, construction.enforcement_decided_by = decided_on, actor
    construction.scheduled_on = scheduled_on
    construction.performer = performer if kind == DemolishedBy.SUBSTITUTE else ""
    construction.cost_budget = budget if kind == DemolishedBy.SUBSTITUTE else None
    _save(
        actor,
        construction,
        action="construction.decide",
        summary=f"{DemolishedBy(kind).label}决定 {number}",
        before=before,
    )
    return construction


def _register_line(
    actor: User, construction: IllegalConstruction, *, by: str, on: date, area_m2: Decimal
) -> DemolitionRecord:
    record = DemolitionRecord(
        agency=construction.agency,
        place=construction.location,
        area_m2=area_m2,
        demolished_on=on,
        demolished_by=by,
        case=construction.case,
        construction=construction,
        created_by=actor,
    )
    _save(
        actor,
        record,
        action="demolition.register",
        summary=f"拆除登记 {record.place} {record.area_m2}平方米",
        before=None,
    )
    return record


@transaction.atomic
def construction_demolish(
    *,
    actor: User,
    construction: IllegalConstruction,
    demolished_on: date,
    by: str,
    area_m2: Decimal | None = None,
    cost_actual: Decimal | None = None,
) -> DemolitionRecord:
    """The building is down: by the party itself (at any step), or by the bureau as it decided (强制拆除 or
    代履行, whose cost the party bears: 行政强制法 第五十一条第二款). Enters the line of the register."""
    construction = _lock(construction)
    _ensure_role(actor, construction.agency, FIELD_ROLES, action="登记拆除")
    if construction.status == ConstructionStatus.DEMOLISHED:
        assert construction.demolished_on is not None
        raise RuleViolation(f"该违法建设已于{cn_date(construction.demolished_on)}拆除。")
    errors: list[str] = []
    if by == DemolishedBy.PARTY:
        pass
    elif by == DemolishedBy.FORCED:
        _ensure_status(construction, (ConstructionStatus.FORCED_DECIDED,), action="强制拆除")
    elif by == DemolishedBy.SUBSTITUTE:
        _ensure_status(construction, (ConstructionStatus.SUBSTITUTE_DECIDED,), action="代履行")
        if cost_actual is None:
            errors.append("请填写代履行费用（由当事人承担）")
    else:
        raise ValidationError("请选择拆除方（当事人自行拆除、强制拆除或代履行）。")
    if by != DemolishedBy.PARTY:
        bar = demolition_bar(construction, demolished_on)
        if bar.barred:
            raise RuleViolation(bar.reason + "。")
        assert construction.scheduled_on is not None
        if by == DemolishedBy.SUBSTITUTE and demolished_on < substitute_performance_earliest(
            construction.reminder_served_on or demolished_on
        ):
            errors.append("代履行三日前应当催告当事人履行（行政强制法第五十一条第一款第二项）")
        if construction.enforcement_decided_on and demolished_on < construction.enforcement_decided_on:
            errors.append("拆除日期不能早于强制执行决定日期")
    elif demolished_on < construction.ordered_on:
        errors.append("拆除日期不能早于限期拆除决定日期")
    _ensure_not_future(demolished_on, "拆除日期", errors)
    area = _area(area_m2 if area_m2 is not None else construction.area_m2, "拆除面积", errors)
    cost = _money(cost_actual, "代履行费用", errors) if by == DemolishedBy.SUBSTITUTE else None
    _raise(errors)
    before = snapshot(construction)
    construction.status = ConstructionStatus.DEMOLISHED
    construction.demolished_on, construction.demolished_by = demolished_on, by
    construction.cost_actual = cost
    _save(
        actor,
        construction,
        action="construction.demolish",
        summary=f"{DemolishedBy(by).label}（{cn_date(demolished_on)}）",
        before=before,
    )
    return _register_line(actor, construction, by=by, on=demolished_on, area_m2=area)


# --- the register and the target -------------------------------------------------------------------------------


@transaction.atomic
def demolition_register(
    *,
    actor: User,
    agency: Agency,
    place: str,
    area_m2: Decimal | None,
    demolished_on: date,
    demolished_by: str,
    case: Case | None = None,
    note: str = "",
) -> DemolitionRecord:
    """A line of the register not made through a 违法建设 record (e.g. a demolition of a 专项行动)."""
    _ensure_role(actor, agency, REGISTER_ROLES, action="登记拆除台账")
    _ensure_agency_works(agency)
    errors: list[str] = []
    place = place.strip()
    if not place:
        errors.append("请填写拆除地点")
    area = _area(area_m2, "拆除面积", errors)
    if demolished_by not in DemolishedBy.values:
        errors.append("请选择拆除方（当事人自行拆除、强制拆除或代履行）")
    _ensure_not_future(demolished_on, "拆除日期", errors)
    if case is not None and not scope_for(actor).sees(case.agency):
        errors.append("所选案件不在您的管辖范围内")
    record = DemolitionRecord(
        agency=agency,
        place=place,
        area_m2=area,
        demolished_on=demolished_on,
        demolished_by=demolished_by,
        case=case,
        note=note.strip(),
        created_by=actor,
    )
    errors += length_errors(record)
    _raise(errors)
    _save(actor, record, action="demolition.register", summary=f"拆除登记 {place} {area}平方米", before=None)
    return record


@transaction.atomic
def demolition_target_set(
    *, actor: User, agency: Agency, year: int, target_m2: Decimal | None, source: str = ""
) -> DemolitionTarget:
    """The yearly target set by the government; entering it again for the same year replaces it (audited)."""
    _ensure_role(actor, agency, TARGET_ROLES, action="录入拆违年度目标")
    _ensure_agency_works(agency)
    errors: list[str] = []
    if not 2000 <= year <= 2100:
        errors.append(f"年度「{year}」无效")
    target = _area(target_m2, "目标面积", errors)
    _raise(errors)
    existing = DemolitionTarget.objects.select_for_update().filter(agency=agency, year=year).first()
    before = snapshot(existing) if existing else None
    row = existing or DemolitionTarget(agency=agency, year=year, set_by=actor)
    row.target_m2, row.source, row.set_by = target, source.strip(), actor
    _save(actor, row, action="demolition.target", summary=f"{year}年拆违目标 {target}平方米", before=before)
    return row
