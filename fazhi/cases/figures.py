"""Figures of the cases' own records for the statistics and the annual report (``fazhi.reports``), typed.

Case counts and amounts come from ``fazhi.reports.facts`` (live and imported cases alike); this module holds the
figures of records only live cases have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from fazhi.agencies.models import Agency
from fazhi.cases.models import CourtEnforcement

__all__ = ["CourtEnforcementCounts", "court_enforcement_counts"]


@dataclass(frozen=True)
class CourtEnforcementCounts:
    """申请法院强制执行: applications made (``applied_on``) and executions completed (``completed_on``) in the
    period."""

    applied: int
    completed: int


def court_enforcement_counts(
    *, agency: Agency, include_subordinates: bool, start: date, end: date
) -> CourtEnforcementCounts:
    where = Q(case__agency__path__startswith=agency.path) if include_subordinates else Q(case__agency=agency)
    agg = CourtEnforcement.objects.filter(where).aggregate(
        applied=Count("pk", filter=Q(applied_on__gte=start, applied_on__lte=end)),
        completed=Count("pk", filter=Q(completed_on__gte=start, completed_on__lte=end)),
    )
    return CourtEnforcementCounts(applied=agg["applied"], completed=agg["completed"])
