"""群众诉求 workflow: 受理 → 交办 → 处置(反馈) → 核查 → 办结(考核), with 退回 and 督办.

Roles: 内勤 (or the head) of the receiving body registers, dispatches, verifies, closes and escalates; an officer,
squad leader or head of the unit it was dispatched to handles it (or returns it). A step out of order is refused
with the current status in the message. The deadline is counted in working days from receipt and refuses to
guess beyond the known holiday calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import CaseSource
from fazhi.cases.services import case_open
from fazhi.complaints.models import (
    CategoryKind,
    Complaint,
    ComplaintCategory,
    ComplaintSource,
    ComplaintStatus,
    ComplaintStep,
    LimitUnit,
    Satisfaction,
    StepKind,
)
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits
from fazhi.rules import (
    DEFAULT_WORKING_PERIODS,
    RulesError,
    WorkingSchedule,
    add_working_days,
    add_working_days_end,
    add_working_hours,
    late_after,
    parse_working_periods,
    provisional_calendar,
    validate_phone,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case


@dataclass(frozen=True)
class SystemActor:
    """Who acted when no user did: the public on the portal, a partner system through its key. ``audit_record``
    stores no user for it (``pk`` is None) and names it by ``display_name``."""

    display_name: str
    pk: None = None


DISPATCH_ROLES = (Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN)
HANDLE_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.HEAD, Role.CLERK)


def complaint_working_days() -> int:
    """Working days from receipt to the handling deadline (FAZHI_COMPLAINT_WORKING_DAYS, default 5)."""
    return int(getattr(settings, "FAZHI_COMPLAINT_WORKING_DAYS", 5))


def complaint_deadline(*, received_on: date, working_days: int | None = None) -> date:
    """The last day to handle a complaint received on ``received_on`` (the day of receipt is not counted)."""
    n = complaint_working_days() if working_days is None else working_days
    # A year not entered yet is counted on the provisional calendar; entering it recomputes the stored
    # deadline (fazhi.complaints.apps registers the field with fazhi.core.calendar).
    with provisional_calendar():
        return add_working_days(received_on, n)


def complaint_working_schedule() -> WorkingSchedule:
    """The bureau's 作息时间 (FAZHI_COMPLAINT_WORKING_PERIODS, e.g. "08:30-12:00,14:00-17:30"; default that)."""
    raw = getattr(settings, "FAZHI_COMPLAINT_WORKING_PERIODS", "")
    return parse_working_periods(raw) if raw else WorkingSchedule(DEFAULT_WORKING_PERIODS)


def complaint_due(*, start: datetime, category: ComplaintCategory | None) -> datetime:
    """The 处置时限 counted from ``start``: the category's N working hours or N working days (23:59 of the Nth
    working day), or without a category the bureau's general FAZHI_COMPLAINT_WORKING_DAYS."""
    local = timezone.localtime(start)
    with provisional_calendar():  # shown 暂定 on the page when a year is not entered (``deadline_provisional``)
        if category is None:
            return add_working_days_end(local, complaint_working_days())
        if category.limit_unit == LimitUnit.WORKING_HOURS:
            return add_working_hours(local, category.limit_value, complaint_working_schedule())
        return add_working_days_end(local, category.limit_value)


def _ensure_role(actor: User, agency: Agency, roles: tuple[str, ...], *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(*roles)):
        labels = "或".join(Role(r).label for r in roles if r != Role.SYSTEM_ADMIN)
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


def _ensure_receiving_body(actor: User, complaint: Complaint, *, action: str) -> None:
    """Dispatch, verification and closing belong to the receiving body, not to the unit that handles."""
    _ensure_role(actor, complaint.agency, DISPATCH_ROLES, action=action)
    if actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN):
        return
    if actor.agency is None or not complaint.agency.path.startswith(actor.agency.path):
        raise PermissionDenied(f"{action}须由受理机构「{complaint.agency.name}」办理。")


def _ensure_status(complaint: Complaint, allowed: tuple[str, ...], *, action: str) -> None:
    if complaint.status not in allowed:
        labels = "或".join(ComplaintStatus(s).label for s in allowed)
        raise RuleViolation(
            f"诉求{complaint.number}当前为“{complaint.get_status_display()}”，不能{action}：{action}须在“{labels}”之后进行。"
        )


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",)).select_related("agency", "assigned_to").get(pk=complaint.pk)
    )


def _save(
    actor: User | SystemActor, complaint: Complaint, *, action: str, summary: str, before: dict[str, object] | None
) -> None:
    ensure_fits(complaint)
    complaint.save()
    audit_record(
        actor=actor, entity=complaint, action=action, summary=summary, before=before, after=snapshot(complaint)
    )


def step_record(
    *,
    actor: User | None,
    complaint: Complaint,
    kind: str,
    at: datetime,
    unit: Agency | None = None,
    note: str = "",
    late: bool | None = None,
    imported: bool = False,
) -> ComplaintStep:
    """One ComplaintStep row; called by every step's service inside its transaction, after ``_save`` audited it."""
    step = ComplaintStep(
        complaint=complaint,
        kind=kind,
        at=at,
        by=actor,
        unit=unit,
        note=note[:2000],
        due_at=complaint.current_due_at,
        late=late,
        imported=imported,
    )
    step.save()
    return step


def _next_number(agency: Agency, year: int) -> str:
    prefix = f"{agency.code}诉{year}"
    count = Complaint.objects.filter(agency=agency, number__startswith=prefix).count()
    return f"{prefix}{count + 1:05d}"


@transaction.atomic
def complaint_register(
    *,
    actor: User,
    agency: Agency,
    source: str,
    content: str,
    received_at: datetime | None = None,
    number: str = "",
    location: str = "",
    category: str = "",
    party_name: str = "",
    party_phone: str = "",
    category_item: ComplaintCategory | None = None,
) -> Complaint:
    """受理 a complaint; its 处置时限 is fixed at receipt, by its GB/T 30428 category's limit when it has one."""
    _ensure_role(actor, agency, DISPATCH_ROLES, action="受理诉求")
    return complaint_receive(
        actor=actor,
        agency=agency,
        source=source,
        content=content,
        received_at=received_at,
        number=number,
        location=location,
        category=category,
        party_name=party_name,
        party_phone=party_phone,
        category_item=category_item,
    )


def complaint_receive(
    *,
    actor: User | SystemActor,
    agency: Agency,
    source: str,
    content: str,
    received_at: datetime | None = None,
    number: str = "",
    location: str = "",
    category: str = "",
    party_name: str = "",
    party_phone: str = "",
    category_item: ComplaintCategory | None = None,
) -> Complaint:
    """The 受理 itself, once the caller has checked who may submit: ``complaint_register`` (a staff role) or the
    public side (``fazhi.complaints.public``: the portal's rate limit, an Open311 partner key), whose actor is a
    ``SystemActor`` (the audit event names it; the complaint has no ``created_by``). Runs in the caller's
    transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("complaint_receive must run inside the caller's transaction")
    user = None if isinstance(actor, SystemActor) else actor
    if source not in ComplaintSource.values:
        raise ValidationError("请选择诉求来源（12345热线、数字城管、热线、来信、网上或来访）。")
    content = content.strip()
    if not content:
        raise ValidationError("请填写诉求内容。")
    at = received_at or clock.now()
    if timezone.is_naive(at):
        raise ValidationError("受理时间须带时区（Asia/Shanghai）。")
    party_phone = party_phone.strip()
    if party_phone and not validate_phone(party_phone):
        raise ValidationError(f"联系电话「{party_phone}」格式不正确。")
    day = timezone.localtime(at).date()
    number = number.strip() or _next_number(agency, day.year)
    if Complaint.objects.filter(agency=agency, number=number).exists():
        raise ValidationError(f"工单编号「{number}」已登记，请勿重复受理。")
    if category_item is not None and not category_item.active:
        raise ValidationError(f"问题类别「{category_item}」已停用，请选择其他类别。")
    try:
        due_at = complaint_due(start=at, category=category_item)
    except RulesError as exc:
        raise ValidationError(f"无法计算处置时限：{exc}") from exc
    complaint = Complaint(
        agency=agency,
        source=source,
        number=number,
        received_at=at,
        category=category.strip() or (category_item.name if category_item else ""),
        category_item=category_item,
        content=content,
        location=location.strip(),
        party_name=party_name.strip(),
        party_phone=party_phone,
        deadline=timezone.localtime(due_at).date() if category_item else complaint_deadline(received_on=day),
        due_at=due_at,
        created_by=user,
    )
    _save(actor, complaint, action="complaint.register", summary=f"受理诉求{number}", before=None)
    step_record(actor=user, complaint=complaint, kind=StepKind.REGISTER, at=at, unit=agency)
    return complaint


@transaction.atomic
def complaint_dispatch(
    *, actor: User, complaint: Complaint, assigned_to: Agency | None = None, note: str = ""
) -> Complaint:
    """交办 (派遣) to a unit of the receiving body's subtree (again after a 退回); without a unit, to the category's
    default handling unit."""
    complaint = _lock(complaint)
    _ensure_receiving_body(actor, complaint, action="交办")
    _ensure_status(complaint, (ComplaintStatus.RECEIVED, ComplaintStatus.RETURNED), action="交办")
    if assigned_to is None:
        category = complaint.category_item
        assigned_to = category.default_unit if category is not None else None
        if assigned_to is None:
            raise ValidationError("请选择承办单位（该问题类别未设默认处置单位）。")
    if not assigned_to.path.startswith(complaint.agency.path):
        raise ValidationError(f"只能交办给「{complaint.agency.name}」及其下属单位。")
    before = snapshot(complaint)
    complaint.status = ComplaintStatus.DISPATCHED
    complaint.assigned_to = assigned_to
    complaint.dispatched_at = clock.now()
    complaint.dispatched_by = actor
    complaint.dispatch_note = note.strip()
    complaint.returned_reason = ""
    _save(actor, complaint, action="complaint.dispatch", summary=f"交办{assigned_to.name}", before=before)
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.DISPATCH,
        at=complaint.dispatched_at,
        unit=assigned_to,
        note=complaint.dispatch_note,
    )
    return complaint


def _ensure_assigned_unit(actor: User, complaint: Complaint, *, action: str) -> None:
    assert complaint.assigned_to is not None
    _ensure_role(actor, complaint.assigned_to, HANDLE_ROLES, action=action)
    if not (actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN)) and (
        actor.agency is None or not complaint.assigned_to.path.startswith(actor.agency.path)
    ):
        raise PermissionDenied(f"{action}须由承办单位「{complaint.assigned_to.name}」办理。")


@transaction.atomic
def complaint_return(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """退回: the assigned unit says the matter is not its own; the receiving body dispatches it again."""
    complaint = _lock(complaint)
    _ensure_status(complaint, (ComplaintStatus.DISPATCHED,), action="退回")
    _ensure_assigned_unit(actor, complaint, action="退回")
    reason = reason.strip()
    if not reason:
        raise ValidationError("退回须写明理由。")
    before = snapshot(complaint)
    complaint.status = ComplaintStatus.RETURNED
    complaint.returned_reason = reason
    complaint.extension_requested_until, complaint.extension_reason = None, ""
    _save(actor, complaint, action="complaint.return", summary=f"退回：{reason[:60]}", before=before)
    step_record(
        actor=actor, complaint=complaint, kind=StepKind.RETURN, at=clock.now(), unit=complaint.assigned_to, note=reason
    )
    return complaint


@transaction.atomic
def complaint_handle(
    *, actor: User, complaint: Complaint, handling_result: str, feedback: str = "", case: Case | None = None
) -> Complaint:
    """处置 by the assigned unit, with the reply to the complainant (反馈) and, if any, the case it led to."""
    complaint = _lock(complaint)
    _ensure_status(complaint, (ComplaintStatus.DISPATCHED,), action="登记处置结果")
    _ensure_assigned_unit(actor, complaint, action="登记处置结果")
    handling_result = handling_result.strip()
    if not handling_result:
        raise ValidationError("请填写处置结果。")
    if case is not None and not scope_for(actor).sees(case.agency):
        raise ValidationError("所选案件不在您的管辖范围内。")
    now = clock.now()
    before = snapshot(complaint)
    complaint.status = ComplaintStatus.HANDLED
    complaint.handled_at = now
    complaint.handled_by = actor
    complaint.handling_result = handling_result
    if feedback.strip():
        complaint.feedback, complaint.feedback_at = feedback.strip(), now
    if case is not None:
        complaint.case = case
    if complaint.first_handled_at is None:
        complaint.first_handled_at = now
    due = complaint.current_due_at
    late = late_after(due, now) if due is not None else None
    complaint.extension_requested_until, complaint.extension_reason = None, ""
    _save(
        actor,
        complaint,
        action="complaint.handle",
        summary="登记处置结果" + ("（超时）" if late else ""),
        before=before,
    )
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.HANDLE,
        at=now,
        unit=complaint.assigned_to,
        note=handling_result,
        late=late,
    )
    return complaint


@transaction.atomic
def complaint_verify(*, actor: User, complaint: Complaint, passed: bool, note: str = "") -> Complaint:
    """核查 by the receiving body; a failed check sends it back to the unit (交办 again, status 已交办)."""
    complaint = _lock(complaint)
    _ensure_status(complaint, (ComplaintStatus.HANDLED,), action="核查")
    _ensure_receiving_body(actor, complaint, action="核查")
    if not passed and not note.strip():
        raise ValidationError("核查不通过的，请写明需要重新处置的问题。")
    before = snapshot(complaint)
    now = clock.now()
    complaint.verified_at = now
    complaint.verified_by = actor
    complaint.verification_note = note.strip()
    complaint.status = ComplaintStatus.VERIFIED if passed else ComplaintStatus.DISPATCHED
    if not passed:
        # 返工: the unit handles again, within the category's limit counted afresh from the return.
        complaint.rework_count += 1
        try:
            complaint.rework_due_at = complaint_due(start=now, category=complaint.category_item)
        except RulesError as exc:
            raise ValidationError(f"无法计算返工处置时限：{exc}") from exc
    summary = "核查通过" if passed else f"核查不通过，返工：{note.strip()[:60]}"
    _save(actor, complaint, action="complaint.verify", summary=summary, before=before)
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.VERIFY if passed else StepKind.REWORK,
        at=now,
        unit=complaint.agency if passed else complaint.assigned_to,
        note=note.strip(),
    )
    return complaint


@transaction.atomic
def complaint_close(
    *, actor: User, complaint: Complaint, satisfaction: str = Satisfaction.NONE, score: Decimal | None = None
) -> Complaint:
    """办结 with the complainant's satisfaction and the assessment score (考核分, 0–100)."""
    complaint = _lock(complaint)
    _ensure_status(complaint, (ComplaintStatus.VERIFIED,), action="办结")
    _ensure_receiving_body(actor, complaint, action="办结")
    if satisfaction not in Satisfaction.values:
        raise ValidationError("请选择满意度（满意、基本满意、不满意或未评价）。")
    if score is not None and not (Decimal("0") <= score <= Decimal("100")):
        raise ValidationError("考核分应在0到100之间。")
    before = snapshot(complaint)
    complaint.status = ComplaintStatus.CLOSED
    complaint.closed_at = clock.now()
    complaint.satisfaction = satisfaction
    complaint.score = score
    _save(
        actor,
        complaint,
        action="complaint.close",
        summary=f"办结（{complaint.get_satisfaction_display()}）",
        before=before,
    )
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.CLOSE,
        at=complaint.closed_at,
        unit=complaint.agency,
        note=complaint.get_satisfaction_display(),
    )
    return complaint


@transaction.atomic
def complaint_escalate(*, actor: User, complaint: Complaint, note: str) -> Complaint:
    """督办 an open complaint (e.g. overdue); recorded once, with the reason."""
    complaint = _lock(complaint)
    _ensure_receiving_body(actor, complaint, action="督办")
    if complaint.status in (ComplaintStatus.VERIFIED, ComplaintStatus.CLOSED):
        raise RuleViolation("已核查或已办结的诉求无需督办。")
    if complaint.escalated:
        raise RuleViolation(f"该诉求已于{timezone.localtime(complaint.escalated_at):%Y-%m-%d}督办。")
    note = note.strip()
    if not note:
        raise ValidationError("请填写督办意见。")
    before = snapshot(complaint)
    now = clock.now()
    complaint.escalated, complaint.escalated_at, complaint.escalation_note = True, now, note
    due = complaint.current_due_at
    _save(actor, complaint, action="complaint.escalate", summary=f"督办：{note[:60]}", before=before)
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.ESCALATE,
        at=now,
        unit=complaint.assigned_to or complaint.agency,
        note=note,
        late=late_after(due, now) if due is not None else None,
    )
    return complaint


@transaction.atomic
def complaint_extension_request(*, actor: User, complaint: Complaint, until: datetime, reason: str) -> Complaint:
    """延期 requested by the handling unit, before its limit runs out, with the reason and the new limit asked."""
    complaint = _lock(complaint)
    _ensure_status(complaint, (ComplaintStatus.DISPATCHED,), action="申请延期")
    _ensure_assigned_unit(actor, complaint, action="申请延期")
    reason = reason.strip()
    errors = []
    if not reason:
        errors.append("请写明延期理由")
    if timezone.is_naive(until):
        raise ValidationError("延期时限须带时区（Asia/Shanghai）。")
    now = clock.now()
    due = complaint.current_due_at
    if complaint.extension_requested_until is not None:
        errors.append("已有待批准的延期申请，请等待受理机构审批")
    if due is not None and late_after(due, now):
        errors.append(f"处置时限（{timezone.localtime(due):%Y-%m-%d %H:%M}）已过，不能再申请延期")
    if due is not None and until <= due:
        errors.append(f"申请的新时限须晚于现时限（{timezone.localtime(due):%Y-%m-%d %H:%M}）")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    before = snapshot(complaint)
    complaint.extension_requested_until, complaint.extension_reason = until, reason
    _save(
        actor,
        complaint,
        action="complaint.extension_request",
        summary=f"申请延期至{timezone.localtime(until):%Y-%m-%d %H:%M}：{reason[:60]}",
        before=before,
    )
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.EXTENSION_REQUEST,
        at=now,
        unit=complaint.assigned_to,
        note=f"申请延期至{timezone.localtime(until):%Y-%m-%d %H:%M}：{reason}",
    )
    return complaint


@transaction.atomic
def complaint_extension_decide(
    *, actor: User, complaint: Complaint, approved: bool, note: str = "", until: datetime | None = None
) -> Complaint:
    """The dispatcher (内勤) or the head of the receiving body approves a 延期 — the limit becomes the one asked, or
    the shorter ``until`` given — or refuses it with the reason."""
    complaint = _lock(complaint)
    _ensure_receiving_body(actor, complaint, action="审批延期")
    asked = complaint.extension_requested_until
    if complaint.status != ComplaintStatus.DISPATCHED or asked is None:
        raise RuleViolation(f"诉求{complaint.number}没有待批准的延期申请。")
    note = note.strip()
    new_due = until or asked
    if not approved and not note:
        raise ValidationError("不批准延期的，请写明理由。")
    if approved and timezone.is_naive(new_due):
        raise ValidationError("延期时限须带时区（Asia/Shanghai）。")
    due = complaint.current_due_at
    if approved and due is not None and new_due <= due:
        raise ValidationError(f"批准的新时限须晚于现时限（{timezone.localtime(due):%Y-%m-%d %H:%M}）。")
    if approved and new_due > asked:
        raise ValidationError("批准的时限不能晚于申请的时限。")
    before = snapshot(complaint)
    if approved:
        complaint.extension_count += 1
        if complaint.rework_due_at is not None:
            complaint.rework_due_at = new_due
        else:
            complaint.due_at = new_due
            complaint.deadline = timezone.localtime(new_due).date()
    complaint.extension_requested_until, complaint.extension_reason = None, ""
    label = f"批准延期至{timezone.localtime(new_due):%Y-%m-%d %H:%M}" if approved else f"不批准延期：{note}"
    _save(actor, complaint, action="complaint.extension_decide", summary=label[:120], before=before)
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.EXTENSION_APPROVE if approved else StepKind.EXTENSION_REFUSE,
        at=clock.now(),
        unit=complaint.agency,
        note=label + (f"（{note}）" if approved and note else ""),
    )
    return complaint


@transaction.atomic
def complaint_callback(*, actor: User, complaint: Complaint, satisfaction: str, result: str = "") -> Complaint:
    """回访 of the complainant after 处置: when, by whom, what was said, and the satisfaction given."""
    complaint = _lock(complaint)
    _ensure_receiving_body(actor, complaint, action="回访")
    _ensure_status(
        complaint, (ComplaintStatus.HANDLED, ComplaintStatus.VERIFIED, ComplaintStatus.CLOSED), action="回访"
    )
    if satisfaction not in Satisfaction.values:
        raise ValidationError("请选择回访满意度（满意、基本满意、不满意或未评价）。")
    result = result.strip()
    if satisfaction == Satisfaction.NONE and not result:
        raise ValidationError("未取得评价的，请写明回访情况（如无人接听）。")
    now = clock.now()
    before = snapshot(complaint)
    complaint.callback_at, complaint.callback_by, complaint.callback_result = now, actor, result
    if satisfaction != Satisfaction.NONE:
        complaint.satisfaction = satisfaction
    label = Satisfaction(satisfaction).label
    _save(actor, complaint, action="complaint.callback", summary=f"回访：{label}", before=before)
    step_record(
        actor=actor,
        complaint=complaint,
        kind=StepKind.CALLBACK,
        at=now,
        unit=complaint.agency,
        note=f"{label}{'：' + result if result else ''}",
    )
    return complaint


@transaction.atomic
def complaint_case_open(
    *,
    actor: User,
    complaint: Complaint,
    power_item_code: str,
    party_kind: str,
    party_name: str,
    party_id_number: str = "",
    act_date: date | None = None,
    facts: str = "",
) -> Case:
    """转案源 in one step: 案源登记 (``cases.services.case_open``) from the complaint — source 投诉举报 or 数字城管,
    found on the day of receipt, at its place, with its content as facts — and linked back to it."""
    complaint = _lock(complaint)
    if complaint.case_id is not None:
        raise RuleViolation(f"诉求{complaint.number}已转为案源，不能重复转。")
    if complaint.status == ComplaintStatus.RECEIVED:
        raise RuleViolation("请先交办，由承办单位核实后再转案源。")
    unit = complaint.assigned_to or complaint.agency
    _ensure_role(actor, unit, HANDLE_ROLES, action="转案源")
    received_on = timezone.localdate(complaint.received_at)
    source = CaseSource.DIGITAL_CITY if complaint.source == ComplaintSource.DIGITAL_CITY else CaseSource.COMPLAINT
    case = case_open(
        actor=actor,
        agency=unit,
        source=source,
        power_item_code=power_item_code,
        party_kind=party_kind,
        party_name=party_name,
        party_id_number=party_id_number,
        act_date=act_date or received_on,
        discovered_on=received_on,
        location=complaint.location,
        facts=facts.strip() or f"群众诉求{complaint.number}：{complaint.content}",
    )
    before = snapshot(complaint)
    complaint.case = case
    _save(actor, complaint, action="complaint.case_open", summary=f"转案源 {case.lead_number}", before=before)
    step_record(
        actor=actor, complaint=complaint, kind=StepKind.CASE_OPEN, at=clock.now(), unit=unit, note=case.lead_number
    )
    return case


def _category_errors(
    *, kind: str, major_code: str, code: str, name: str, limit_value: int, limit_unit: str
) -> list[str]:
    errors = []
    if kind not in CategoryKind.values:
        errors.append("请选择部件或事件")
    if not (len(major_code) == 2 and major_code.isascii() and major_code.isdigit()):
        errors.append("大类代码应为2位数字")
    if not (len(code) == 4 and code.isascii() and code.isdigit() and code.startswith(major_code)):
        errors.append("小类代码应为4位数字，前两位为大类代码")
    if not name.strip():
        errors.append("请填写小类名称")
    if limit_unit not in LimitUnit.values:
        errors.append("时限单位应为工作时或工作日")
    if not (1 <= limit_value <= 999):
        errors.append("处置时限应为1到999")
    return errors


@transaction.atomic
def complaint_category_save(
    *,
    actor: User,
    kind: str,
    major_code: str,
    major_name: str,
    code: str,
    name: str,
    limit_value: int,
    limit_unit: str,
    default_unit: Agency | None = None,
    active: bool = True,
) -> ComplaintCategory:
    """Add or edit a row of the bureau's category table (by 部件/事件 and 小类代码); a system administrator or a
    head edits it. A change applies to complaints received afterwards; a registered complaint keeps its limit."""
    if not (actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN, Role.HEAD)):
        raise PermissionDenied("问题类别表须由系统管理员或负责人维护。")
    if default_unit is not None:
        scope_for(actor).ensure_can_write(default_unit)
    major_code, code = major_code.strip(), code.strip()
    errors = _category_errors(
        kind=kind, major_code=major_code, code=code, name=name, limit_value=limit_value, limit_unit=limit_unit
    )
    if errors:
        raise ValidationError("；".join(errors) + "。")
    row = ComplaintCategory.objects.select_for_update().filter(kind=kind, code=code).first()
    before = snapshot(row) if row is not None else None
    row = row or ComplaintCategory(kind=kind, code=code)
    row.major_code, row.major_name, row.name = major_code, major_name.strip(), name.strip()
    row.limit_value, row.limit_unit, row.default_unit, row.active = limit_value, limit_unit, default_unit, active
    ensure_fits(row)
    row.save()
    audit_record(
        actor=actor,
        entity=row,
        action="complaint.category_save",
        summary=f"问题类别 {row}（{row.limit_label}）",
        before=before,
        after=snapshot(row),
    )
    return row
