"""The inspections' figures for the statistics and the annual report (``fazhi.reports``), as typed counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from fazhi.agencies.models import Agency
from fazhi.inspections.models import InspectionTask

__all__ = ["InspectionCounts", "inspection_counts"]


@dataclass(frozen=True)
class InspectionCounts:
    """Inspections carried out (``inspected_on``) in the period: drawn at random (双随机) and joint (综合查一次)."""

    random: int
    joint: int


def inspection_counts(*, agency: Agency, include_subordinates: bool, start: date, end: date) -> InspectionCounts:
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    agg = InspectionTask.objects.filter(where, inspected_on__gte=start, inspected_on__lte=end).aggregate(
        random=Count("pk", filter=Q(is_random=True)), joint=Count("pk", filter=Q(is_joint=True))
    )
    return InspectionCounts(random=agg["random"], joint=agg["joint"])
