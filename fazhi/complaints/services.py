"""群众诉求 workflow: 受理 → 交办 → 处置(反馈) → 核查 → 办结(考核), with 退回 and 督办.

Roles: 内勤 (or the head) of the receiving body registers, dispatches, verifies, closes and escalates; an officer,
squad leader or head of the unit it was dispatched to handles it (or returns it). A step out of order is refused
with the current status in the message. The deadline is counted in working days from receipt and refuses to
guess beyond the known holiday calendar.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.complaints.models import Complaint, ComplaintSource, ComplaintStatus, Satisfaction
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits
from fazhi.rules import add_working_days, provisional_calendar, validate_phone

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

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


def _save(actor: User, complaint: Complaint, *, action: str, summary: str, before: dict[str, object] | None) -> None:
    ensure_fits(complaint)
    complaint.save()
    audit_record(
        actor=actor, entity=complaint, action=action, summary=summary, before=before, after=snapshot(complaint)
    )


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
) -> Complaint:
    """受理 a complaint; the deadline is fixed at receipt."""
    _ensure_role(actor, agency, DISPATCH_ROLES, action="受理诉求")
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
    complaint = Complaint(
        agency=agency,
        source=source,
        number=number,
        received_at=at,
        category=category.strip(),
        content=content,
        location=location.strip(),
        party_name=party_name.strip(),
        party_phone=party_phone,
        deadline=complaint_deadline(received_on=day),
        created_by=actor,
    )
    _save(actor, complaint, action="complaint.register", summary=f"受理诉求{number}", before=None)
    return complaint


@transaction.atomic
def complaint_dispatch(*, actor: User, complaint: Complaint, assigned_to: Agency, note: str = "") -> Complaint:
    """交办 to a unit of the receiving body's subtree (again after a 退回)."""
    complaint = _lock(complaint)
    _ensure_receiving_body(actor, complaint, action="交办")
    _ensure_status(complaint, (ComplaintStatus.RECEIVED, ComplaintStatus.RETURNED), action="交办")
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
    _save(actor, complaint, action="complaint.return", summary=f"退回：{reason[:60]}", before=before)
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
    _save(actor, complaint, action="complaint.handle", summary="登记处置结果", before=before)
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
    complaint.verified_at = clock.now()
    complaint.verified_by = actor
    complaint.verification_note = note.strip()
    complaint.status = ComplaintStatus.VERIFIED if passed else ComplaintStatus.DISPATCHED
    summary = "核查通过" if passed else f"核查不通过，重新处置：{note.strip()[:60]}"
    _save(actor, complaint, action="complaint.verify", summary=summary, before=before)
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
    complaint.escalated, complaint.escalated_at, complaint.escalation_note = True, clock.now(), note
    _save(actor, complaint, action="complaint.escalate", summary=f"督办：{note[:60]}", before=before)
    return complaint
