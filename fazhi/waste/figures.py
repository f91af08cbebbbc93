"""渣土准运's figures for the annual report: 核发渣土准运企业N家，准运车辆N辆.

A permit counts for a year if it was valid on at least one day of it: it began no later than the year's last day
and its last valid day (``valid_until``, or the day before its revocation) is no earlier than the year's first day.
A permit revoked before it began was never valid and counts for no year. The agency is the issuing one (or its
subtree, with ``include_subordinates``). Each company and vehicle is counted once however many permits it held.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet

from fazhi.agencies.models import Agency
from fazhi.core.figures import Figure
from fazhi.waste.models import TransportPermit, Vehicle

__all__ = ["annual_figures", "permits_valid_in"]


def permits_valid_in(
    *, agency: Agency, include_subordinates: bool, start: date, end: date
) -> QuerySet[TransportPermit]:
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    return TransportPermit.objects.filter(
        where,
        valid_from__lte=end,
        valid_until__gte=start,
    ).filter(
        # revoked: its last valid day (revoked_on - 1) must reach the year and follow its first day
        Q(revoked_on__isnull=True) | (Q(revoked_on__gt=start) & Q(revoked_on__gt=F("valid_from")))
    )


def annual_figures(
    *, agency: Agency, include_subordinates: bool, start: date, end: date, today: date
) -> dict[str, Figure]:
    permits = permits_valid_in(agency=agency, include_subordinates=include_subordinates, start=start, end=end)
    companies = permits.values("company_id").distinct().count()
    vehicles = Vehicle.objects.filter(permits__in=permits).distinct().count()
    return {
        "construction_waste.permit_companies": companies,
        "construction_waste.permit_vehicles": vehicles,
    }
