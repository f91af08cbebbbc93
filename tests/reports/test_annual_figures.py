from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps

from fazhi.reports.selectors import ANNUAL_KEYS, annual_figures
from tests.reports.known import EXPECTED_2024

pytestmark = pytest.mark.django_db


def test_every_annual_key_matches_the_known_totals_of_the_imported_file(
    bureau, remedies, complaints_and_inspections, no_app_figures
):
    figures = annual_figures(agency=bureau.bureau, year=2024, include_subordinates=True, today=date(2026, 1, 1))
    assert set(ANNUAL_KEYS) <= set(figures)
    assert set(EXPECTED_2024) >= set(ANNUAL_KEYS)
    expected = dict(EXPECTED_2024)
    if apps.is_installed("fazhi.supervision"):  # 案卷评查 is counted once the supervision app is installed
        expected["file_review.count"] = 0
    # The complaints and inspections of the fixture: 4 complaints in 2024, 2 in time of 4 judged; 2 random, 1 joint,
    # three visits in 2024 to its one target (the 2023 visit is last year's): 3 visits, 3.00 per target.
    expected.update(
        {
            "complaints.count": 4,
            "complaints.on_time_rate": "50.0",
            "inspections.random.count": 2,
            "inspections.joint.count": 1,
            "inspections.visits": 3,
            "inspections.visits_per_target": "3.00",
        }
    )
    mismatches = {k: (figures[k], v) for k, v in expected.items() if figures[k] != v}
    assert mismatches == {}


def test_last_year_figures_are_the_base_of_the_year_on_year_change(bureau, remedies):
    figures = annual_figures(agency=bureau.bureau, year=2023, include_subordinates=True, today=date(2026, 1, 1))
    assert figures["cases.simple.count"] == 1
    assert figures["cases.simple.fines"] == "100.00"
    assert figures["cases.general.count"] == 2
    assert figures["cases.general.fines"] == "50000.00"
    assert figures["cases.general.count_yoy"] is None  # nothing in 2022: no base, no change
    assert figures["reconsideration.count"] == 1


def test_without_subordinates_the_bureau_counts_only_its_own_cases(bureau, remedies):
    figures = annual_figures(agency=bureau.bureau, year=2024, include_subordinates=False, today=date(2026, 1, 1))
    assert figures["cases.general.count"] == 0
    assert figures["cases.general.fines"] == "0.00"
    assert figures["cases.general.fines_yoy"] is None


def test_a_township_counts_its_delegated_cases_against_its_delegated_items(bureau, remedies):
    figures = annual_figures(agency=bureau.township, year=2024, include_subordinates=True, today=date(2026, 1, 1))
    assert figures["cases.general.count"] == 1
    assert figures["cases.delegated"] == 1
    assert figures["powers.items_total"] == 1
    assert figures["powers.coverage"] == "100.0"
