"""预警处置: an alert assigned to a unit and a person with a deadline, answered, verified and closed or sent back,
and escalated to 督办.

Who does what (the roles of ``fazhi.accounts.Role``):
- 交办, 退回, 核查办结 and 督办: a 负责人, 法制审核人员, 监督人员 (the justice bureau, which sees every unit) or a
  系统管理员 who sees the alert's unit. The one who verifies is never the one who answered (办审分离).
- 整改答复: the assignee or a user of the assigned unit (a read-only supervisor never answers).

Each step writes one ``DispositionStep`` row, updates the current state on the disposition and records an audit
event on the disposition's chain, all in one transaction. An answer on the deadline day is in time; from the day
after, an owed answer is overdue: the scan raises the ``disposition_overdue`` alert (``record_rules``) and the
next 通报 lists it (``issuing``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet

from fazhi.accounts.models import Role, User
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation, ValidationError
from fazhi.core.storage import BlobTooLarge, get_blob_store
from fazhi.supervision.models import (
    DISPOSITION_OWED,
    Alert,
    AlertDisposition,
    DispositionAction,
    DispositionAttachment,
    DispositionStatus,
    DispositionStep,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

SUPERVISE_ROLES = (Role.HEAD, Role.LEGAL_REVIEWER, Role.SUPERVISOR, Role.SYSTEM_ADMIN)
#: The largest 整改材料 file accepted (a scan or a photo set); larger files go as several.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENTS_MAX = 10
NOTE_MAX = 4000


def may_supervise(actor: User, agency: Agency) -> bool:
    return actor.is_active and actor.has_role(*SUPERVISE_ROLES) and scope_for(actor).sees(agency)


def may_answer(actor: User, disposition: AlertDisposition) -> bool:
    if not actor.is_active:
        return False
    if actor.pk == disposition.assignee_id:
        return True
    return actor.agency_id == disposition.agency_id and not scope_for(actor).read_only


def _ensure_supervisor(actor: User, agency: Agency) -> None:
    if not may_supervise(actor, agency):
        raise PermissionDenied("交办、退回、核查办结和督办须由负责人、法制审核人员或监督人员办理。")


def _note(text: str, label: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError(f"请填写{label}。")
    if len(text) > NOTE_MAX:
        raise ValidationError(f"{label}不能超过{NOTE_MAX}字。")
    return text


def _step(
    disposition: AlertDisposition,
    *,
    actor: User,
    action: str,
    note: str = "",
    deadline: date | None = None,
    summary: str,
) -> DispositionStep:
    step = DispositionStep.objects.create(
        disposition=disposition,
        action=action,
        status_after=disposition.status,
        actor=actor,
        at=clock.now(),
        note=note,
        deadline=deadline,
    )
    audit_record(
        actor=actor,
        entity=disposition,
        action=f"supervision.disposition.{action}",
        summary=summary,
        after={"status": disposition.status, "deadline": disposition.deadline, "step": step.pk, "note": note[:200]},
    )
    return step


def _lock(disposition: AlertDisposition) -> AlertDisposition:
    return AlertDisposition.objects.select_for_update().select_related("alert", "agency").get(pk=disposition.pk)


@transaction.atomic
def disposition_assign(
    *, actor: User, alert: Alert, agency: Agency, assignee: User, deadline: date, note: str = ""
) -> AlertDisposition:
    """交办 an open alert to a unit and one of its users, with a deadline (today at the earliest)."""
    _ensure_supervisor(actor, alert.agency)
    errors = []
    if not scope_for(actor).sees(agency):
        raise NotFoundOrForbidden("整改单位")
    if alert.resolved_at is not None:
        errors.append("该预警已消除，无需交办")
    if AlertDisposition.objects.filter(alert=alert).exists():
        errors.append("该预警已交办，请在处置记录中继续办理")
    if assignee.agency_id != agency.pk or not assignee.is_active:
        errors.append(f"整改责任人须为「{agency.name}」的在用账号")
    if deadline < clock.today():
        errors.append("整改期限不能早于今天")
    note = _note(note, "交办说明", required=False)
    if errors:
        raise ValidationError("；".join(errors) + "。")
    disposition = AlertDisposition.objects.create(
        alert=alert,
        agency=agency,
        assignee=assignee,
        deadline=deadline,
        status=DispositionStatus.ASSIGNED,
        assigned_by=actor,
        assigned_at=clock.now(),
    )
    _step(
        disposition,
        actor=actor,
        action=DispositionAction.ASSIGN,
        note=note,
        deadline=deadline,
        summary=f"预警交办{agency.name}（{assignee.display_name or assignee.username}），整改期限{deadline:%Y-%m-%d}",
    )
    return disposition


def _store(files: Sequence[File[Any] | UploadedFile]) -> list[tuple[str, str, int]]:
    if len(files) > ATTACHMENTS_MAX:
        raise ValidationError(f"一次最多上传{ATTACHMENTS_MAX}个整改材料。")
    stored = []
    for f in files:
        name = (getattr(f, "name", "") or "整改材料").rsplit("/", 1)[-1][:200]
        size = getattr(f, "size", None)
        if size is not None and size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(f"整改材料「{name}」超过{ATTACHMENT_MAX_BYTES // (1024 * 1024)}MB。")
        if size == 0:
            raise ValidationError(f"整改材料「{name}」是空文件。")
        try:
            ref = get_blob_store().put(f, max_size=ATTACHMENT_MAX_BYTES)
        except BlobTooLarge as exc:
            raise ValidationError(f"整改材料「{name}」超过{ATTACHMENT_MAX_BYTES // (1024 * 1024)}MB。") from exc
        stored.append((name, ref.sha256, ref.size))
    return stored


@transaction.atomic
def disposition_answer(
    *, actor: User, disposition: AlertDisposition, explanation: str, files: Sequence[File[Any]] = ()
) -> AlertDisposition:
    """整改答复: the 整改说明 and its materials; the disposition then waits for the supervisor's verification."""
    disposition = _lock(disposition)
    if not may_answer(actor, disposition):
        raise PermissionDenied(f"整改答复须由「{disposition.agency.name}」或整改责任人办理。")
    if disposition.status not in DISPOSITION_OWED:
        raise RuleViolation(f"该预警处置{disposition.get_status_display()}，不能答复。")
    explanation = _note(explanation, "整改说明", required=True)
    stored = _store(files)  # a blob stored by a refused answer is harmless: content-addressed, referenced by none
    disposition.status = DispositionStatus.ANSWERED
    disposition.answered_at = clock.now()
    disposition.save(update_fields=["status", "answered_at", "updated_at"])
    late = clock.today() > disposition.deadline
    step = _step(
        disposition,
        actor=actor,
        action=DispositionAction.ANSWER,
        note=explanation,
        summary=f"整改答复{'（逾期）' if late else ''}，附材料{len(stored)}件",
    )
    DispositionAttachment.objects.bulk_create(
        DispositionAttachment(step=step, name=n, sha256=sha, size=size) for n, sha, size in stored
    )
    return disposition


@transaction.atomic
def disposition_return(
    *, actor: User, disposition: AlertDisposition, reason: str, deadline: date | None = None
) -> AlertDisposition:
    """退回 an answer that does not suffice, with the reason; optionally a new deadline."""
    disposition = _lock(disposition)
    _ensure_supervisor(actor, disposition.alert.agency)
    if disposition.status != DispositionStatus.ANSWERED:
        raise RuleViolation(f"只能退回待核查的整改答复（当前：{disposition.get_status_display()}）。")
    reason = _note(reason, "退回理由", required=True)
    if deadline is not None and deadline < clock.today():
        raise ValidationError("新的整改期限不能早于今天。")
    disposition.status = DispositionStatus.RETURNED
    if deadline is not None:
        disposition.deadline = deadline
    disposition.save(update_fields=["status", "deadline", "updated_at"])
    _step(
        disposition,
        actor=actor,
        action=DispositionAction.RETURN,
        note=reason,
        deadline=deadline,
        summary=f"整改答复退回：{reason[:100]}",
    )
    return disposition


def _answered_by(disposition: AlertDisposition) -> int | None:
    last = disposition.steps.filter(action=DispositionAction.ANSWER).order_by("-at", "-pk").first()
    return last.actor_id if last else None


@transaction.atomic
def disposition_close(*, actor: User, disposition: AlertDisposition, note: str = "") -> AlertDisposition:
    """核查办结: the supervisor verifies the answer; never the one who answered it."""
    disposition = _lock(disposition)
    _ensure_supervisor(actor, disposition.alert.agency)
    if disposition.status != DispositionStatus.ANSWERED:
        raise RuleViolation(f"只能核查待核查的整改答复（当前：{disposition.get_status_display()}）。")
    if _answered_by(disposition) == actor.pk:
        raise RuleViolation("核查人员不得是整改答复人，请由其他人员核查。")
    note = _note(note, "核查意见", required=False)
    disposition.status = DispositionStatus.CLOSED
    disposition.closed_at = clock.now()
    disposition.save(update_fields=["status", "closed_at", "updated_at"])
    _step(disposition, actor=actor, action=DispositionAction.CLOSE, note=note, summary="整改核查通过，办结")
    return disposition


@transaction.atomic
def disposition_escalate(
    *, actor: User, disposition: AlertDisposition, note: str, deadline: date | None = None
) -> AlertDisposition:
    """督办: the supervisor presses an unfinished disposition, with a note and optionally a new deadline."""
    disposition = _lock(disposition)
    _ensure_supervisor(actor, disposition.alert.agency)
    if disposition.status == DispositionStatus.CLOSED:
        raise RuleViolation("该预警处置已办结，不能督办。")
    note = _note(note, "督办意见", required=True)
    if deadline is not None and deadline < clock.today():
        raise ValidationError("新的整改期限不能早于今天。")
    disposition.escalated = True
    if deadline is not None:
        disposition.deadline = deadline
    disposition.save(update_fields=["escalated", "deadline", "updated_at"])
    _step(
        disposition,
        actor=actor,
        action=DispositionAction.ESCALATE,
        note=note,
        deadline=deadline,
        summary=f"督办：{note[:100]}",
    )
    return disposition


# -- reads --------------------------------------------------------------------------------------------------------


def disposition_list(*, actor: User, status: str = "", mine: bool = False) -> QuerySet[AlertDisposition]:
    """The dispositions of the actor's scope (by the alert's unit or the assigned unit); ``mine``: his 待办."""
    scope = scope_for(actor)
    qs = AlertDisposition.objects.select_related("alert", "agency", "assignee")
    if not scope.sees_all:
        qs = qs.filter(scope.agency_q("agency") | scope.agency_q("alert__agency"))
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(disposition_todo_q(actor))
    return qs.order_by("deadline", "pk")


def disposition_todo_q(actor: User) -> Q:
    """What waits for the actor: an owed answer of his own or of his unit; an answer to verify if he supervises."""
    scope = scope_for(actor)
    who = Q(assignee_id=actor.pk)
    if not scope.read_only and actor.agency_id:
        who |= Q(agency_id=actor.agency_id)
    owed = Q(status__in=DISPOSITION_OWED) & who
    if actor.has_role(*SUPERVISE_ROLES):
        return owed | (Q(status=DispositionStatus.ANSWERED) & scope.agency_q("alert__agency"))
    return owed


def disposition_todo(*, actor: User) -> QuerySet[AlertDisposition]:
    return disposition_list(actor=actor, mine=True)


def access_disposition(*, actor: User, disposition_id: int) -> AlertDisposition:
    found = disposition_list(actor=actor).filter(pk=disposition_id).first()
    if found is None:
        raise NotFoundOrForbidden("预警处置")
    return found


def access_alert(*, actor: User, alert_id: int) -> Alert:
    found = scope_for(actor).filter(Alert.objects.select_related("agency", "case")).filter(pk=alert_id).first()
    if found is None:
        raise NotFoundOrForbidden("预警")
    return found


def dispositions_overdue(*, agency: Agency, today: date) -> QuerySet[AlertDisposition]:
    """Owed answers past their deadline day in ``agency``'s subtree (by the assigned unit)."""
    return (
        AlertDisposition.objects.filter(
            agency__path__startswith=agency.path, status__in=DISPOSITION_OWED, deadline__lt=today
        )
        .select_related("alert", "agency", "assignee")
        .order_by("deadline", "pk")
    )
