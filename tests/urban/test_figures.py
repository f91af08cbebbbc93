"""The annual figures of 城管执法, on records made through the services: exact values, records just outside the
year, the zero-base and no-target cases, and a subordinate unit's records with and without subordinates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fazhi.core.figures import Measure, Rate, figure_json
from fazhi.urban import services
from fazhi.urban.figures import annual_figures
from tests.cases.flow import travel

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _figures(agency, *, include_subordinates: bool = True):  # type: ignore[no-untyped-def]
    return annual_figures(
        agency=agency, include_subordinates=include_subordinates, start=YEAR[0], end=YEAR[1], today=date(2026, 1, 5)
    )


def test_a_year_without_records_counts_zero_and_has_no_target_or_rate(bureau) -> None:
    figures = _figures(bureau.bureau)
    assert figures == {
        "rectification.orders": 0,
        "rectification.corrected": 0,
        "demolition.count": 0,
        "demolition.area_m2": Measure(Decimal("0"), "平方米"),
        "demolition.target_m2": None,
        "demolition.completion_rate": None,
    }
    assert figure_json(figures["demolition.area_m2"]) == "0.00"


def test_the_figures_count_the_year_by_order_date_review_date_and_demolition_date(
    monkeypatch, bureau, open_case, officer, bureau_head
) -> None:
    travel(monkeypatch, date(2025, 12, 20))
    lead = open_case(act_date=date(2024, 12, 1), discovered_on=date(2024, 12, 1))

    def order(on: date, end: date):  # type: ignore[no-untyped-def]
        travel(monkeypatch, on)
        return services.rectification_order(actor=officer, case=lead, ordered_on=on, requirement="清理", period_end=end)

    just_before = order(date(2024, 12, 31), date(2025, 1, 3))  # ordered in 2024, reviewed corrected in 2025
    in_year = order(date(2025, 3, 1), date(2025, 3, 8))  # corrected in 2025
    refused = order(date(2025, 6, 1), date(2025, 6, 8))  # not corrected
    late = order(date(2025, 12, 30), date(2026, 1, 6))  # ordered in 2025, reviewed in 2026
    order(date(2026, 1, 1), date(2026, 1, 8))  # outside
    for item, day, ok in (
        (just_before, date(2025, 1, 3), True),
        (in_year, date(2025, 3, 8), True),
        (refused, date(2025, 6, 8), False),
        (late, date(2026, 1, 6), True),
    ):
        travel(monkeypatch, day)
        services.rectification_review(
            actor=officer, order=item, reviewed_on=day, corrected=ok, note="" if ok else "未清理"
        )

    travel(monkeypatch, date(2026, 1, 2))
    for day, area in (
        (date(2024, 12, 31), "999"),
        (date(2025, 1, 1), "100.25"),
        (date(2025, 12, 31), "50.50"),
        (date(2026, 1, 1), "7"),
    ):
        services.demolition_register(
            actor=officer,
            agency=bureau.squad,
            place="城东",
            area_m2=Decimal(area),
            demolished_on=day,
            demolished_by="party",
        )
    services.demolition_register(
        actor=bureau_head,
        agency=bureau.bureau,
        place="局本级",
        area_m2=Decimal("49.25"),
        demolished_on=date(2025, 5, 1),
        demolished_by="forced",
    )
    services.demolition_target_set(actor=bureau_head, agency=bureau.bureau, year=2025, target_m2=Decimal("400"))
    services.demolition_target_set(actor=bureau_head, agency=bureau.bureau, year=2026, target_m2=Decimal("900"))

    figures = _figures(bureau.bureau)
    assert figures["rectification.orders"] == 3
    assert figures["rectification.corrected"] == 2
    assert figures["demolition.count"] == 3
    assert figures["demolition.area_m2"] == Measure(Decimal("200.00"), "平方米")
    assert figures["demolition.target_m2"] == Measure(Decimal("400.00"), "平方米")
    assert figures["demolition.completion_rate"] == Rate(Decimal("200.00"), Decimal("400.00"))
    assert figure_json(figures["demolition.completion_rate"]) == "50.0"

    own = _figures(bureau.bureau, include_subordinates=False)  # the bureau's own line only
    assert own["demolition.count"] == 1 and own["rectification.orders"] == 0
    assert figure_json(own["demolition.completion_rate"]) == "12.3"  # 49.25 / 400 = 12.3125 %
    squad = _figures(bureau.squad)
    assert squad["demolition.count"] == 2 and squad["demolition.target_m2"] is None
    assert squad["demolition.completion_rate"] is None


def test_a_target_entered_again_replaces_the_first(bureau, bureau_head) -> None:
    services.demolition_target_set(actor=bureau_head, agency=bureau.bureau, year=2025, target_m2=Decimal("400"))
    services.demolition_target_set(actor=bureau_head, agency=bureau.bureau, year=2025, target_m2=Decimal("500"))
    assert _figures(bureau.bureau)["demolition.target_m2"] == Measure(Decimal("500.00"), "平方米")
