"""The supervision figures for the annual report (``fazhi.reports``): 督查 and 通报."""

from __future__ import annotations

from datetime import date

from fazhi.agencies.models import Agency
from fazhi.supervision.models import UnitInspection

__all__ = ["bulletins_issued", "unit_inspection_count"]


def unit_inspection_count(*, agency: Agency, start: date, end: date) -> int:
    """督查 visits dated in the period to the agency or any unit below it: the bureau's 督查 are visits to its own
    units, so the subtree counts whether or not the report includes subordinate units."""
    return UnitInspection.objects.filter(
        agency__path__startswith=agency.path, inspected_on__gte=start, inspected_on__lte=end
    ).count()


def bulletins_issued(*, agency: Agency, start: date, end: date) -> int | None:
    """通报 issued in the period: None, because fazhi computes bulletins (``bulletins.monthly_bulletin``) but keeps
    no record of one issued (issue 13 builds issuing); a count would be invented."""
    del agency, start, end
    return None
