"""The figures are typed values (int, Decimal, None) and become text only at the edges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.reports.facts import CaseFilter
from fazhi.reports.figures import annual_json, dashboard_json, money_text
from fazhi.reports.selectors import annual_figures, annual_figures_typed, dashboard
from fazhi.reports.sentences import wan

pytestmark = pytest.mark.django_db


def test_the_annual_figures_are_counts_and_decimals_and_their_json_is_the_flat_object(bureau, remedies):
    typed = annual_figures_typed(agency=bureau.bureau, year=2024, include_subordinates=True, today=date(2026, 1, 1))
    assert isinstance(typed.general.count, int) and typed.general.count == 5
    assert isinstance(typed.general.fines, Decimal) and typed.general.fines == Decimal("92000.50")
    assert typed.general.fines_yoy == Decimal("84.0") and typed.powers.coverage == Decimal("62.5")
    assert typed.simple.count_yoy == Decimal("100.0")
    flat = annual_figures(agency=bureau.bureau, year=2024, include_subordinates=True, today=date(2026, 1, 1))
    assert annual_json(typed) == flat
    assert (flat["cases.general.fines"], flat["cases.general.fines_yoy"]) == ("92000.50", "84.0")


def test_the_dashboard_figures_are_typed_and_formatted_for_json(bureau, remedies):
    data = dashboard(CaseFilter(bureau.bureau, True, date(2024, 1, 1), date(2024, 12, 31)))
    assert data.fines == Decimal("92250.50") and isinstance(data.count, int)
    assert all(isinstance(row.fines, Decimal) for rows in data.breakdowns.values() for row in rows)
    assert dashboard_json(data)["fines"] == "92250.50"


def test_money_is_printed_to_the_cent_and_in_wan_from_a_decimal() -> None:
    assert money_text(Decimal("9250.5")) == "9250.50"
    assert wan(Decimal("4443600")) == "444.36"
    assert wan(Decimal("250")) == "0.025"
    assert wan(Decimal("0")) == "0"
