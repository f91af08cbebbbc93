"""The demo's 城管执法 records (``fazhi.demo.urban``): orders with their reviews, a 违建 taken to 强制拆除 and to
代履行, the register and the target, so the annual figures of ``fazhi.urban`` are filled. Loaded on the test
bureau, not the whole demo (which tests/demo/test_demo.py loads)."""

from __future__ import annotations

from datetime import date

from fazhi.demo.cases import DemoPeople
from fazhi.demo.urban import load_urban
from fazhi.urban.figures import annual_figures
from fazhi.urban.models import IllegalConstruction
from tests.cases.conftest import power_list  # noqa: F401  (the sample list the demo loads too)
from tests.cases.flow import make_cast


def test_the_demo_fills_last_years_and_this_years_urban_figures(
    bureau,
    power_list,  # noqa: F811
    make_officer,
    make_user,
) -> None:
    cast = make_cast(bureau, make_officer, make_user)
    people = DemoPeople(
        head=cast.head,
        reviewer=cast.reviewer,
        clerk=cast.clerk,
        leader=cast.leader,
        handler1=cast.handler1,
        handler2=cast.handler2,
        officers=cast.officers,
        town_officer=cast.handler1,
        town_officers=[],
    )
    end = date(2026, 11, 30)
    summary = load_urban(people=people, bureau=bureau.bureau, squad=bureau.squad, end=end)
    assert summary == "责令改正16份，拆除24处"
    for year in (2025, 2026):
        figures = annual_figures(
            agency=bureau.bureau, include_subordinates=True, start=date(year, 1, 1), end=date(year, 12, 31), today=end
        )
        assert figures["rectification.orders"] == 8
        assert figures["rectification.corrected"] == 6
        assert figures["demolition.count"] == 12
        assert figures["demolition.target_m2"] is not None
        rate = figures["demolition.completion_rate"]
        assert rate is not None and rate.percent is not None and rate.percent > 0
        kinds = IllegalConstruction.objects.filter(ordered_on__year=year).values_list("demolished_by", flat=True)
        assert set(kinds) == {"forced", "substitute"}
