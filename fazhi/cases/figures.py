"""Figures of the cases' own records for the statistics and the annual report (``fazhi.reports``), typed.

Case counts and amounts come from ``fazhi.reports.facts`` (live and imported cases alike); this module holds the
figures of records only live cases have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from fazhi.agencies.models import Agency
from fazhi.cases.models import CourtEnforcement, Payment

__all__ = ["CourtEnforcementCounts", "court_enforcement_counts", "fines_collected"]


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


def fines_collected(*, agency: Agency, include_subordinates: bool, start: date, end: date) -> Decimal:
    """罚款 paid in the period (``Payment`` of kind 罚款 by its 缴款日期), live cases only: 加处罚款 and 没收 are not
    fines collected (the import counts its own rows by their 缴款日期 in ``fazhi.reports``)."""
    # the scope as a list of agency ids: with ``path LIKE`` across the join PostgreSQL expects one case and probes
    # every case's payments (1.4 s at 1M cases); with the ids it reads the period's payments by ``payment_paid_on``
    if include_subordinates:
        where = Q(
            case__agency_id__in=list(Agency.objects.filter(path__startswith=agency.path).values_list("id", flat=True))
        )
    else:
        where = Q(case__agency=agency)
    total = Payment.objects.filter(where, kind=Payment.Kind.FINE, paid_on__gte=start, paid_on__lte=end).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or 0)
