"""The complaints' figures for the statistics and the annual report (``fazhi.reports``), as typed counts.

Reports computes the rate from these counts; this module only knows what a complaint handled in time is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from fazhi.agencies.models import Agency
from fazhi.complaints.models import Complaint

__all__ = ["ComplaintCounts", "complaint_counts", "complaints_dispatched"]


@dataclass(frozen=True)
class ComplaintCounts:
    """``received``: complaints received in the period; ``judged``: those handled, plus those unhandled past their
    deadline (one with time left is not yet judged); ``on_time``: handled no later than the deadline."""

    received: int
    judged: int
    on_time: int


def complaint_counts(
    *, agency: Agency, include_subordinates: bool, start: date, end: date, today: date
) -> ComplaintCounts:
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    qs = Complaint.objects.filter(
        where,
        received_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        received_at__lte=timezone.make_aware(datetime.combine(end, time.max)),
    )
    received = qs.count()
    judged = 0
    on_time = 0
    for handled_at, deadline in qs.values_list("handled_at", "deadline"):
        if handled_at is not None:
            judged += 1
            on_time += timezone.localtime(handled_at).date() <= deadline
        elif deadline < today:
            judged += 1
    return ComplaintCounts(received=received, judged=judged, on_time=on_time)


def complaints_dispatched(*, agency: Agency, include_subordinates: bool, start: date, end: date) -> int:
    """交办: complaints of the agency (the body that received them) dispatched in the period (``dispatched_at``,
    Asia/Shanghai days), whenever they were received."""
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    return Complaint.objects.filter(
        where,
        dispatched_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        dispatched_at__lte=timezone.make_aware(datetime.combine(end, time.max)),
    ).count()
