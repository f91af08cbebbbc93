"""The figures of 城管执法 for the annual report (see ``fazhi.core.figures`` and docs/urban.md).

- ``rectification.orders``: 责令改正 issued (``ordered_on``) in the period;
- ``rectification.corrected``: orders whose 复查 found them corrected, counted by the 复查 date in the period;
- ``demolition.count`` / ``demolition.area_m2``: lines of the demolition register demolished in the period, and
  their area (平方米);
- ``demolition.target_m2``: the targets the government set for the agency itself for the period's years (None
  when none was set);
- ``demolition.completion_rate``: area / target (None without a target or with a zero one).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from fazhi.agencies.models import Agency
from fazhi.core.figures import Figure, Measure
from fazhi.urban.models import RectificationOrder, RectificationResult
from fazhi.urban.selectors import demolition_totals

__all__ = ["SQUARE_METRES", "annual_figures"]

SQUARE_METRES = "平方米"


def annual_figures(
    *, agency: Agency, include_subordinates: bool, start: date, end: date, today: date
) -> dict[str, Figure]:
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    orders = RectificationOrder.objects.filter(where)
    totals = demolition_totals(agency=agency, include_subordinates=include_subordinates, start=start, end=end)
    return {
        "rectification.orders": orders.filter(ordered_on__range=(start, end)).count(),
        "rectification.corrected": orders.filter(
            result=RectificationResult.CORRECTED, reviewed_on__range=(start, end)
        ).count(),
        "demolition.count": totals.count,
        "demolition.area_m2": Measure(totals.area_m2, SQUARE_METRES),
        "demolition.target_m2": None if totals.target_m2 is None else Measure(totals.target_m2, SQUARE_METRES),
        "demolition.completion_rate": totals.completion,
    }
