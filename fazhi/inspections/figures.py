"""The inspections' figures for the statistics and the annual report (``fazhi.reports``), as typed counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from fazhi.agencies.models import Agency
from fazhi.inspections.models import InspectionTask

__all__ = ["InspectionCounts", "inspection_counts"]


@dataclass(frozen=True)
class InspectionCounts:
    """Inspections carried out (``inspected_on``) in the period: drawn at random (双随机) and joint (综合查一次);
    all ``visits`` and the distinct ``targets_visited``, whose ratio is the visits per target (扰民扰企 figure)."""

    random: int
    joint: int
    visits: int = 0
    targets_visited: int = 0

    @property
    def visits_per_target(self) -> Decimal | None:
        """Visits per inspected target, two decimals (None when nothing was inspected)."""
        if not self.targets_visited:
            return None
        return (Decimal(self.visits) / self.targets_visited).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def inspection_counts(*, agency: Agency, include_subordinates: bool, start: date, end: date) -> InspectionCounts:
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    agg = InspectionTask.objects.filter(where, inspected_on__gte=start, inspected_on__lte=end).aggregate(
        random=Count("pk", filter=Q(is_random=True)),
        joint=Count("pk", filter=Q(is_joint=True)),
        visits=Count("pk"),
        targets=Count("target", distinct=True),
    )
    return InspectionCounts(
        random=agg["random"], joint=agg["joint"], visits=agg["visits"], targets_visited=agg["targets"]
    )
