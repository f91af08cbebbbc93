"""campaigns.count, campaigns.cases and soft_enforcement.count for a year, at its edges."""

from __future__ import annotations

from datetime import date

from fazhi.campaigns import services
from fazhi.campaigns.figures import annual_figures
from fazhi.core import clock

Y0, Y1 = date(2025, 1, 1), date(2025, 12, 31)


def _figures(agency, include_subordinates: bool = True):  # type: ignore[no-untyped-def]
    return annual_figures(
        agency=agency, include_subordinates=include_subordinates, start=Y0, end=Y1, today=date(2026, 3, 1)
    )


def test_nothing_recorded_gives_zeros(bureau) -> None:
    assert _figures(bureau.bureau) == {"campaigns.count": 0, "campaigns.cases": 0, "soft_enforcement.count": 0}


def test_the_years_campaigns_their_registered_cases_and_soft_measures(bureau, staff, make_case) -> None:
    def campaign(name: str, start: date, end: date):  # type: ignore[no-untyped-def]
        return services.campaign_create(actor=staff.head, agency=bureau.squad, name=name, starts_on=start, ends_on=end)

    spanning = campaign("跨年行动", date(2024, 12, 1), Y0)  # its last day is the year's first: counted
    late = campaign("年末行动", Y1, date(2026, 1, 31))  # its first day is the year's last: counted
    midyear = campaign("年内行动", date(2025, 6, 1), Y1)
    campaign("上年行动", date(2024, 1, 1), date(2024, 12, 31))  # ended the day before: not counted
    campaign("次年行动", date(2026, 1, 1), date(2026, 3, 1))  # began the day after: not counted
    counted = make_case(Y0, registered_on=Y0)
    registered_next_year = make_case(Y1, registered_on=date(2026, 1, 2))
    never_registered = make_case(Y1)
    in_both = make_case(Y1, registered_on=Y1)
    with clock.frozen_at(date(2026, 3, 1)):
        services.campaign_case_link(actor=staff.head, campaign=spanning, case=counted)
        for case in (registered_next_year, never_registered, in_both):
            services.campaign_case_link(actor=staff.head, campaign=late, case=case)
        services.campaign_case_link(actor=staff.head, campaign=midyear, case=in_both)  # counted once
        for day in (date(2024, 12, 31), Y0, Y1, date(2026, 1, 1)):
            services.soft_measure_record(
                actor=staff.officer_user,
                agency=bureau.squad,
                kind="warm_notice",
                target_name="商户",
                place="建设路",
                taken_on=day,
                officer=staff.officer,
                content="温馨告知",
            )
    assert _figures(bureau.bureau) == {"campaigns.count": 3, "campaigns.cases": 2, "soft_enforcement.count": 2}
    assert _figures(bureau.bureau, include_subordinates=False) == {
        "campaigns.count": 0,
        "campaigns.cases": 0,
        "soft_enforcement.count": 0,
    }
    assert _figures(bureau.squad, include_subordinates=False)["campaigns.count"] == 3
