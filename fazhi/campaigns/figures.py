"""专项行动 and 柔性执法 figures for the annual report.

- ``campaigns.count``: campaigns of the agency (or its subtree) whose period overlaps the year
  (``starts_on <= end`` and ``ends_on >= start``).
- ``campaigns.cases``: distinct cases linked to those campaigns and registered (立案, ``registered_on``) in the year;
  a lead never registered is not counted.
- ``soft_enforcement.count``: 柔性执法 measures taken in the year by the agency (or its subtree).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from fazhi.agencies.models import Agency
from fazhi.campaigns.models import Campaign, CampaignCase, SoftMeasure
from fazhi.core.figures import Figure

__all__ = ["annual_figures"]


def annual_figures(
    *, agency: Agency, include_subordinates: bool, start: date, end: date, today: date
) -> dict[str, Figure]:
    where = Q(agency__path__startswith=agency.path) if include_subordinates else Q(agency=agency)
    campaigns = Campaign.objects.filter(where, starts_on__lte=end, ends_on__gte=start)
    cases = (
        CampaignCase.objects.filter(campaign__in=campaigns, case__registered_on__range=(start, end))
        .values("case_id")
        .distinct()
        .count()
    )
    return {
        "campaigns.count": campaigns.count(),
        "campaigns.cases": cases,
        "soft_enforcement.count": SoftMeasure.objects.filter(where, taken_on__range=(start, end)).count(),
    }
