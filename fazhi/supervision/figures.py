"""The supervision figures for the annual report (``fazhi.reports``): 督查 and 通报."""

from __future__ import annotations

from datetime import date

from fazhi.agencies.models import Agency
from fazhi.supervision.models import IssuedBulletin, UnitInspection

__all__ = ["bulletins_issued", "unit_inspection_count"]


def unit_inspection_count(*, agency: Agency, start: date, end: date) -> int:
    """督查 visits dated in the period to the agency or any unit below it: the bureau's 督查 are visits to its own
    units, so the subtree counts whether or not the report includes subordinate units."""
    return UnitInspection.objects.filter(
        agency__path__startswith=agency.path, inspected_on__gte=start, inspected_on__lte=end
    ).count()


def bulletins_issued(*, agency: Agency, start: date, end: date) -> int:
    """通报 issued (``IssuedBulletin``, every kind: 月度, 季度考核, 督查通报) on a day of the period (Asia/Shanghai),
    by the agency or any unit below it — the same subtree rule as the 督查 count."""
    return IssuedBulletin.objects.filter(
        agency__path__startswith=agency.path, issued_at__date__gte=start, issued_at__date__lte=end
    ).count()
