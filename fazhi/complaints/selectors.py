"""Reads of complaints: scoped lists, access, overdue test and the dispatch figures of the annual report."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.complaints.models import Complaint, ComplaintCategory, ComplaintStatus, ComplaintStep
from fazhi.complaints.scores import UnitScore, complaint_unit_scores
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.rules import late_after

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "OPEN_STATUSES",
    "UnitScore",
    "access_complaint",
    "access_complaint_category",
    "complaint_category_list",
    "complaint_figures",
    "complaint_late",
    "complaint_list",
    "complaint_overdue",
    "complaint_overdue_list",
    "complaint_steps",
    "complaint_unit_scores",
]

# Statuses in which the complaint has not been handled yet.
OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.DISPATCHED, ComplaintStatus.RETURNED)


def complaint_list(*, actor: User, status: str = "", search: str = "") -> QuerySet[Complaint]:
    """Complaints the actor's scope sees, as the receiving body or as the unit it was dispatched to."""
    scope = scope_for(actor)
    qs = Complaint.objects.select_related("agency", "assigned_to").filter(
        scope.agency_q("agency") | scope.agency_q("assigned_to")
    )
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(number__contains=search) | Q(content__contains=search) | Q(location__contains=search))
    return qs.order_by("-received_at", "-pk")


def access_complaint(*, actor: User, complaint_id: int) -> Complaint:
    complaint = complaint_list(actor=actor).filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFoundOrForbidden("诉求")
    return complaint


def complaint_overdue(complaint: Complaint, today: date) -> bool:
    """Past its deadline and not yet handled (the deadline day itself is still in time)."""
    return complaint.status in OPEN_STATUSES and today > complaint.deadline


def complaint_late(complaint: Complaint, now: datetime) -> bool:
    """Not yet handled and past its 处置时限 at ``now``, to the minute (a 2-working-hour limit due 10:30 is late
    from 10:31); without a stored limit, by the deadline day."""
    if complaint.status not in OPEN_STATUSES:
        return False
    due = complaint.current_due_at
    if due is None:
        return complaint_overdue(complaint, now.date())
    return late_after(due, now)


def complaint_steps(complaint: Complaint) -> list[ComplaintStep]:
    """The steps of the loop in the order they happened, with who acted and the unit (the caller has access)."""
    return list(complaint.steps.select_related("by", "unit").order_by("at", "pk"))


def complaint_category_list(*, active_only: bool = True) -> QuerySet[ComplaintCategory]:
    """The bureau's category table (it is shared by every agency; reading it needs no scope)."""
    qs = ComplaintCategory.objects.select_related("default_unit")
    return qs.filter(active=True) if active_only else qs


def access_complaint_category(*, category_id: int) -> ComplaintCategory:
    category = ComplaintCategory.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFoundOrForbidden("问题类别")
    return category


def complaint_overdue_list(*, agency: Agency, today: date) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        agency__path__startswith=agency.path, status__in=OPEN_STATUSES, deadline__lt=today
    ).order_by("deadline", "pk")


def complaint_figures(*, agency: Agency, start: date, end: date) -> dict[str, Any]:
    """交办问题N个 and the rest of the loop, for complaints received in ``[start, end]`` by the subtree."""
    qs = Complaint.objects.filter(agency__path__startswith=agency.path, received_at__date__range=(start, end))
    agg = qs.aggregate(
        received=Count("pk"),
        dispatched=Count("pk", filter=Q(dispatched_at__isnull=False)),
        handled=Count("pk", filter=Q(handled_at__isnull=False)),
        handled_in_time=Count("pk", filter=Q(handled_at__isnull=False, handled_at__date__lte=F("deadline"))),
        closed=Count("pk", filter=Q(status=ComplaintStatus.CLOSED)),
        n_escalated=Count("pk", filter=Q(escalated=True)),
        to_case=Count("pk", filter=Q(case__isnull=False)),
        satisfied=Count("pk", filter=Q(satisfaction__in=["satisfied", "basically"])),
        rated=Count("pk", filter=Q(satisfaction__in=["satisfied", "basically", "unsatisfied"])),
    )
    agg["escalated"] = agg.pop("n_escalated")
    agg["by_source"] = {row["source"]: row["n"] for row in qs.values("source").annotate(n=Count("pk"))}
    return agg
