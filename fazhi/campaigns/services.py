"""Writes of 专项行动 and 柔性执法.

A campaign is started by its agency's 负责人, 内勤 or 中队长, who also set its targets and record its actions; any
officer of the agency may link what it produced (a case, a complaint, an inspection task) and record a 柔性执法
measure. Every date must fall in the campaign's period, every linked record in its agency's subtree. Each service
validates everything into one Chinese message, writes and audits in one transaction; a refusal leaves nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, AgencyKind, Officer
from fazhi.agencies.scope import scope_for
from fazhi.campaigns.models import (
    Campaign,
    CampaignAction,
    CampaignActionKind,
    CampaignCase,
    CampaignComplaint,
    CampaignInspection,
    CampaignTarget,
    SoftMeasure,
    SoftMeasureKind,
)
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import length_errors

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case
    from fazhi.complaints.models import Complaint
    from fazhi.inspections.models import InspectionTask

LEAD_ROLES = (Role.HEAD, Role.CLERK, Role.SQUAD_LEADER, Role.SYSTEM_ADMIN)
WORK_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.HEAD, Role.CLERK, Role.SYSTEM_ADMIN)
#: DecimalField(max_digits=14, decimal_places=2): below 10^12, at most two decimals.
_NUMBER_LIMIT = Decimal("1000000000000")


def _ensure_role(actor: User, agency: Agency, roles: tuple[str, ...], *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if agency.kind == AgencyKind.JUSTICE_BUREAU:
        raise PermissionDenied("司法局（执法监督机构）不开展专项行动和柔性执法。")
    if not (actor.is_superuser or actor.has_role(*roles)):
        labels = "或".join(Role(r).label for r in roles if r != Role.SYSTEM_ADMIN)
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


def _raise(errors: list[str]) -> None:
    if errors:
        raise ValidationError("；".join(errors) + "。")


def _within(agency: Agency, campaign: Campaign) -> bool:
    return agency.path.startswith(campaign.agency.path)


def _period(campaign: Campaign) -> str:
    return f"{campaign.starts_on:%Y-%m-%d}至{campaign.ends_on:%Y-%m-%d}"


def _number_errors(value: Decimal | None, label: str, *, positive: bool) -> list[str]:
    if value is None:
        return []
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return [f"{label}最多保留两位小数"]
    if abs(value) >= _NUMBER_LIMIT:
        return [f"{label}过大"]
    if positive and value <= 0:
        return [f"{label}应大于0"]
    if value < 0:
        return [f"{label}不能为负数"]
    return []


@transaction.atomic
def campaign_create(
    *, actor: User, agency: Agency, name: str, starts_on: date, ends_on: date, description: str = ""
) -> Campaign:
    """开展专项行动 over ``[starts_on, ends_on]``; the end may not precede the start."""
    _ensure_role(actor, agency, LEAD_ROLES, action="开展专项行动")
    name = name.strip()
    errors = []
    if not name:
        errors.append("请填写行动名称")
    if ends_on < starts_on:
        errors.append(f"结束日期（{ends_on:%Y-%m-%d}）不能早于开始日期（{starts_on:%Y-%m-%d}）")
    campaign = Campaign(
        agency=agency,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description.strip(),
        created_by=actor,
    )
    errors += length_errors(campaign)
    _raise(errors)
    campaign.save()
    audit_record(
        actor=actor,
        entity=campaign,
        action="campaign.create",
        summary=f"开展专项行动「{name}」",
        after=snapshot(campaign),
    )
    return campaign


@transaction.atomic
def campaign_target_add(
    *, actor: User, campaign: Campaign, kind: str, unit: str, number: Decimal, achieved: Decimal | None = None
) -> CampaignTarget:
    """设定行动目标: e.g. 拆除违建 20000 平方米, 整治点位 50 个 (with what has been achieved, if known)."""
    _ensure_role(actor, campaign.agency, LEAD_ROLES, action="设定行动目标")
    kind, unit = kind.strip(), unit.strip()
    errors = []
    if not kind:
        errors.append("请填写目标事项")
    if not unit:
        errors.append("请填写单位")
    errors += _number_errors(number, "目标数", positive=True)
    errors += _number_errors(achieved, "完成数", positive=False)
    target = CampaignTarget(campaign=campaign, kind=kind, unit=unit, number=number, achieved=achieved, created_by=actor)
    errors += length_errors(target)
    _raise(errors)
    target.save()
    audit_record(
        actor=actor,
        entity=target,
        action="campaign.target.add",
        summary=f"「{campaign.name}」目标：{kind}{number}{unit}",
        after=snapshot(target),
    )
    return target


@transaction.atomic
def campaign_target_achieve(*, actor: User, target: CampaignTarget, achieved: Decimal) -> CampaignTarget:
    """登记目标完成数."""
    target = CampaignTarget.objects.select_for_update().select_related("campaign__agency").get(pk=target.pk)
    _ensure_role(actor, target.campaign.agency, LEAD_ROLES, action="登记目标完成数")
    _raise(_number_errors(achieved, "完成数", positive=False))
    before = snapshot(target)
    target.achieved = achieved
    target.save(update_fields=["achieved", "updated_at"])
    audit_record(
        actor=actor,
        entity=target,
        action="campaign.target.achieve",
        summary=f"{target.kind}完成{achieved}{target.unit}",
        before=before,
        after=snapshot(target),
    )
    return target


@transaction.atomic
def campaign_action_record(
    *, actor: User, campaign: Campaign, kind: str, taken_on: date, count: int, note: str = ""
) -> CampaignAction:
    """登记行动措施 (notices, calls, checks) on a day of the campaign's period."""
    _ensure_role(actor, campaign.agency, LEAD_ROLES, action="登记行动措施")
    errors = []
    if kind not in CampaignActionKind.values:
        errors.append("请选择措施类别（通知书、语音告知、检查或其他）")
    if not campaign.starts_on <= taken_on <= campaign.ends_on:
        errors.append(f"措施日期{taken_on:%Y-%m-%d}不在行动期间（{_period(campaign)}）内")
    if taken_on > clock.today():
        errors.append("措施日期不能晚于今天")
    if count < 1:
        errors.append("数量应至少为1")
    elif count > 10_000_000:
        errors.append("数量过大")
    action = CampaignAction(
        campaign=campaign, kind=kind, taken_on=taken_on, count=count, note=note.strip(), created_by=actor
    )
    errors += length_errors(action)
    _raise(errors)
    action.save()
    audit_record(
        actor=actor,
        entity=action,
        action="campaign.action.record",
        summary=f"「{campaign.name}」{action.get_kind_display()}{count}",
        after=snapshot(action),
    )
    return action


def _link_errors(actor: User, campaign: Campaign, *, agencies: list[Agency], on: date, what: str) -> list[str]:
    errors = []
    if not any(scope_for(actor).sees(a) for a in agencies):
        errors.append(f"所选{what}不在您的管辖范围内")
    elif not any(_within(a, campaign) for a in agencies):
        errors.append(f"{what}不属于「{campaign.agency.name}」及其下属单位，不能计入该行动")
    if not campaign.starts_on <= on <= campaign.ends_on:
        errors.append(f"{what}的日期{on:%Y-%m-%d}不在行动期间（{_period(campaign)}）内")
    return errors


@transaction.atomic
def campaign_case_link(*, actor: User, campaign: Campaign, case: Case) -> CampaignCase:
    """计入行动的案件: discovered within the campaign's period, handled in its agency's subtree."""
    _ensure_role(actor, campaign.agency, WORK_ROLES, action="关联案件")
    errors = _link_errors(actor, campaign, agencies=[case.agency], on=case.discovered_on, what="案件（发现日期）")
    if CampaignCase.objects.filter(campaign=campaign, case=case).exists():
        errors.append("该案件已计入本行动")
    _raise(errors)
    link = CampaignCase.objects.create(campaign=campaign, case=case, created_by=actor)
    audit_record(
        actor=actor,
        entity=link,
        action="campaign.case.link",
        summary=f"「{campaign.name}」计入案件{case.lead_number}",
        after=snapshot(link),
    )
    return link


@transaction.atomic
def campaign_complaint_link(*, actor: User, campaign: Campaign, complaint: Complaint) -> CampaignComplaint:
    """计入行动的群众诉求: received within the period by (or dispatched to) a unit of the campaign's agency."""
    _ensure_role(actor, campaign.agency, WORK_ROLES, action="关联诉求")
    units = [complaint.agency] + ([complaint.assigned_to] if complaint.assigned_to is not None else [])
    received = timezone.localtime(complaint.received_at).date()
    errors = _link_errors(actor, campaign, agencies=units, on=received, what="诉求（受理日期）")
    if CampaignComplaint.objects.filter(campaign=campaign, complaint=complaint).exists():
        errors.append("该诉求已计入本行动")
    _raise(errors)
    link = CampaignComplaint.objects.create(campaign=campaign, complaint=complaint, created_by=actor)
    audit_record(
        actor=actor,
        entity=link,
        action="campaign.complaint.link",
        summary=f"「{campaign.name}」计入诉求{complaint.number}",
        after=snapshot(link),
    )
    return link


@transaction.atomic
def campaign_inspection_link(*, actor: User, campaign: Campaign, task: InspectionTask) -> CampaignInspection:
    """计入行动的检查任务: inspected (or, not yet inspected, created) within the period."""
    _ensure_role(actor, campaign.agency, WORK_ROLES, action="关联检查任务")
    on = task.inspected_on or timezone.localtime(task.created_at).date()
    errors = _link_errors(actor, campaign, agencies=[task.agency], on=on, what="检查任务（检查日期）")
    if CampaignInspection.objects.filter(campaign=campaign, task=task).exists():
        errors.append("该检查任务已计入本行动")
    _raise(errors)
    link = CampaignInspection.objects.create(campaign=campaign, task=task, created_by=actor)
    audit_record(
        actor=actor,
        entity=link,
        action="campaign.inspection.link",
        summary=f"「{campaign.name}」计入检查任务{task.pk}",
        after=snapshot(link),
    )
    return link


@transaction.atomic
def soft_measure_record(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    target_name: str,
    place: str,
    taken_on: date,
    officer: Officer,
    content: str,
    campaign: Campaign | None = None,
) -> SoftMeasure:
    """登记柔性执法 (温馨告知书, 说服教育, 劝导示范, 警示告诫, 指导约谈), optionally within a campaign."""
    _ensure_role(actor, agency, WORK_ROLES, action="登记柔性执法")
    target_name, place, content = target_name.strip(), place.strip(), content.strip()
    errors = []
    if kind not in SoftMeasureKind.values:
        errors.append("请选择方式（温馨告知书、说服教育、劝导示范、警示告诫或指导约谈）")
    if not target_name:
        errors.append("请填写对象（当事人或商户）")
    if not place:
        errors.append("请填写地点")
    if not content:
        errors.append("请填写内容")
    if taken_on > clock.today():
        errors.append("日期不能晚于今天")
    if not officer.is_active or not scope_for(actor).sees(officer.agency):
        errors.append("执法人员不在您的管辖范围内或已不在岗")
    if campaign is not None:
        if not scope_for(actor).sees(campaign.agency):
            errors.append("所选专项行动不在您的管辖范围内")
        elif not _within(agency, campaign):
            errors.append(f"实施机构不属于专项行动「{campaign.name}」的牵头机构及其下属单位")
        if not campaign.starts_on <= taken_on <= campaign.ends_on:
            errors.append(f"日期{taken_on:%Y-%m-%d}不在专项行动「{campaign.name}」期间（{_period(campaign)}）内")
    measure = SoftMeasure(
        agency=agency,
        kind=kind,
        target_name=target_name,
        place=place,
        taken_on=taken_on,
        officer=officer,
        content=content,
        campaign=campaign,
        created_by=actor,
    )
    errors += length_errors(measure)
    _raise(errors)
    measure.save()
    audit_record(
        actor=actor,
        entity=measure,
        action="soft_measure.record",
        summary=f"{measure.get_kind_display()}：{target_name}",
        after=snapshot(measure),
    )
    return measure


@transaction.atomic
def soft_measure_link_case(*, actor: User, measure: SoftMeasure, case: Case) -> SoftMeasure:
    """The case that followed the measure (found on or after it, in the actor's scope); one case per measure."""
    measure = SoftMeasure.objects.select_for_update().select_related("agency").get(pk=measure.pk)
    _ensure_role(actor, measure.agency, WORK_ROLES, action="关联后续案件")
    if measure.case_id is not None:
        raise RuleViolation("该柔性执法措施已关联后续案件。")
    errors = []
    if not scope_for(actor).sees(case.agency):
        errors.append("所选案件不在您的管辖范围内")
    if case.discovered_on < measure.taken_on:
        errors.append(
            f"案件发现日期（{case.discovered_on:%Y-%m-%d}）早于本措施（{measure.taken_on:%Y-%m-%d}），不是其后续案件"
        )
    _raise(errors)
    before = snapshot(measure)
    measure.case = case
    measure.save(update_fields=["case", "updated_at"])
    audit_record(
        actor=actor,
        entity=measure,
        action="soft_measure.link_case",
        summary=f"后续立案{case.lead_number}",
        before=before,
        after=snapshot(measure),
    )
    return measure
