"""Reads of complaints: scoped lists, access, overdue test and the dispatch figures of the annual report."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.complaints.models import Complaint, ComplaintStatus
from fazhi.core.errors import NotFoundOrForbidden

if TYPE_CHECKING:
    from fazhi.accounts.models import User

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
