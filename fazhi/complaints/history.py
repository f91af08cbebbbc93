"""The earlier system's handling of an imported work order: 交办, 处置 and 办结 at the times that system recorded.

A work order imported from a 12345 or 数字城管 platform of earlier years arrives already handled. Its steps are
recorded here once, right after its registration and in the same transaction (``fazhi.imports.kinds.complaints``),
with the times the earlier system gave; nothing of the live workflow (who may act, the order of steps as they
happen) applies to them, because they happened elsewhere. What must still hold is checked: the times follow one
another (受理 ≤ 交办 ≤ 处置 ≤ 办结) and none is in the future; the unit belongs to the receiving body's subtree; a
closed work order was handled, with its result. The earlier system's 核查 is not imported: 办结 implies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from fazhi.complaints.models import Complaint, ComplaintStatus, Satisfaction, StepKind
from fazhi.complaints.services import _save as save_with_event  # the services' one save-and-audit step
from fazhi.complaints.services import step_record
from fazhi.core import clock
from fazhi.core.audit import snapshot
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.rules import late_after

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency

__all__ = ["HandlingHistory", "complaint_record_history", "history_problems"]


@dataclass(frozen=True)
class HandlingHistory:
    """What the earlier system recorded of a work order after its 受理; every field may be empty."""

    assigned_to: Agency | None = None
    dispatched_at: datetime | None = None
    handled_at: datetime | None = None
    handling_result: str = ""
    closed_at: datetime | None = None
    satisfaction: str = Satisfaction.NONE

    @property
    def empty(self) -> bool:
        return (
            self.assigned_to is None
            and self.dispatched_at is None
            and self.handled_at is None
            and (self.closed_at is None and not self.handling_result)
        )

    @property
    def status(self) -> str:
        if self.closed_at is not None:
            return ComplaintStatus.CLOSED
        if self.handled_at is not None:
            return ComplaintStatus.HANDLED
        if self.dispatched_at is not None:
            return ComplaintStatus.DISPATCHED
        return ComplaintStatus.RECEIVED


def history_problems(
    history: HandlingHistory, *, received_at: datetime | None, receiving_body: Agency, now: datetime
) -> list[tuple[str, str]]:
    """Every problem of ``history`` as (field, Chinese reason); fields: assigned_to, dispatched_at, handled_at,
    handling_result, closed_at, satisfaction."""
    problems: list[tuple[str, str]] = []
    h = history
    if h.assigned_to is not None and not h.assigned_to.path.startswith(receiving_body.path):
        problems.append(("assigned_to", f"承办单位须为「{receiving_body.name}」或其下属单位"))
    if h.dispatched_at is not None and h.assigned_to is None:
        problems.append(("assigned_to", "有交办时间的，须填写承办单位"))
    if h.handled_at is not None and h.dispatched_at is None:
        problems.append(("dispatched_at", "有处置时间的，须填写交办时间"))
    if h.handled_at is not None and not h.handling_result.strip():
        problems.append(("handling_result", "有处置时间的，须填写处置结果"))
    if h.handling_result.strip() and h.handled_at is None:
        problems.append(("handled_at", "有处置结果的，须填写处置时间"))
    if h.closed_at is not None and h.handled_at is None:
        problems.append(("handled_at", "已办结的工单须有处置时间"))
    if h.satisfaction not in Satisfaction.values:
        problems.append(("satisfaction", "满意度应为满意、基本满意、不满意或未评价"))
    elif h.satisfaction != Satisfaction.NONE and h.closed_at is None:
        problems.append(("satisfaction", "满意度只能填在已办结的工单上"))
    steps = [
        ("dispatched_at", "交办时间", h.dispatched_at),
        ("handled_at", "处置时间", h.handled_at),
        ("closed_at", "办结时间", h.closed_at),
    ]
    earlier_label, earlier = "受理时间", received_at
    for name, label, at in steps:
        if at is None:
            continue
        if at > now:
            problems.append((name, f"{label}（{timezone.localtime(at):%Y-%m-%d %H:%M}）晚于现在"))
        if earlier is not None and at < earlier:
            problems.append((name, f"{label}早于{earlier_label}"))
        earlier_label, earlier = label, at
    return problems


@transaction.atomic
def complaint_record_history(*, actor: User, complaint: Complaint, history: HandlingHistory) -> Complaint:
    """Record the earlier system's steps on a work order just registered by an import (status 已受理)."""
    if history.empty:
        return complaint
    complaint = Complaint.objects.select_for_update(of=("self",)).select_related("agency").get(pk=complaint.pk)
    if complaint.status != ComplaintStatus.RECEIVED or complaint.dispatched_at is not None:
        raise RuleViolation(f"工单{complaint.number}已在系统中办理，不能再导入办理情况。")
    problems = history_problems(
        history, received_at=complaint.received_at, receiving_body=complaint.agency, now=clock.now()
    )
    if problems:
        raise ValidationError("；".join(reason for _, reason in problems) + "。")
    before = snapshot(complaint)
    complaint.assigned_to = history.assigned_to
    complaint.dispatched_at = history.dispatched_at
    complaint.handled_at = history.handled_at
    complaint.handling_result = history.handling_result.strip()
    complaint.closed_at = history.closed_at
    complaint.first_handled_at = history.handled_at
    complaint.satisfaction = history.satisfaction
    complaint.status = history.status
    save_with_event(
        actor,
        complaint,
        action="complaint.import_history",
        summary=f"导入原系统办理情况（{complaint.get_status_display()}）",
        before=before,
    )
    # The steps at the earlier system's times, marked imported; who acted there is not known here.
    due = complaint.due_at
    steps = [
        (StepKind.DISPATCH, history.dispatched_at, history.assigned_to, "", None),
        (
            StepKind.HANDLE,
            history.handled_at,
            history.assigned_to,
            complaint.handling_result,
            late_after(due, history.handled_at) if due is not None and history.handled_at is not None else None,
        ),
        (StepKind.CLOSE, history.closed_at, complaint.agency, complaint.get_satisfaction_display(), None),
    ]
    for kind, at, unit, note, late in steps:
        if at is not None:
            step_record(
                actor=None, complaint=complaint, kind=kind, at=at, unit=unit, note=note, late=late, imported=True
            )
    return complaint
