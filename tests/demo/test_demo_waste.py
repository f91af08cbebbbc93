"""The demo's 渣土准运, 专项行动 and 柔性执法: every record kind present and each annual figure filled from data."""

from __future__ import annotations

from datetime import date

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.demo.cases import anchor
from fazhi.demo.services import demo_load


def test_the_demo_fills_the_waste_and_campaign_figures_of_both_years(db) -> None:
    from fazhi.campaigns.figures import annual_figures as campaign_figures
    from fazhi.campaigns.models import CampaignAction, CampaignTarget, SoftMeasure
    from fazhi.waste.figures import annual_figures as waste_figures
    from fazhi.waste.models import CheckCase, CheckResult, WasteCheck

    today = date(2026, 6, 30)
    demo_load(today=today, scale="small", log=lambda line: None)
    end = anchor(today)
    bureau = Agency.objects.get(kind=AgencyKind.BUREAU)
    for year in (end.year - 1, end.year):
        kw = {
            "agency": bureau,
            "include_subordinates": True,
            "start": date(year, 1, 1),
            "end": date(year, 12, 31),
            "today": end,
        }
        w, c = waste_figures(**kw), campaign_figures(**kw)  # type: ignore[arg-type]
        assert w["construction_waste.permit_companies"] >= 5 and w["construction_waste.permit_vehicles"] >= 20
        assert c["campaigns.count"] >= 1 and c["soft_enforcement.count"] >= 10
    last = campaign_figures(
        agency=bureau,
        include_subordinates=True,
        start=date(end.year - 1, 1, 1),
        end=date(end.year - 1, 12, 31),
        today=end,
    )
    assert last["campaigns.count"] == 4 and last["campaigns.cases"] > 0
    assert WasteCheck.objects.exclude(result=CheckResult.PERMITTED).exists() and CheckCase.objects.exists()
    assert CampaignAction.objects.filter(count=336).exists() and CampaignTarget.objects.exists()
    assert SoftMeasure.objects.filter(case__isnull=False).exists()
