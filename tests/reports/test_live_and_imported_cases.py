from __future__ import annotations

from datetime import date

import pytest

from fazhi.reports.selectors import annual_figures
from tests.cases.flow import make_cast, registered_case

pytestmark = pytest.mark.django_db


def test_live_and_imported_cases_are_counted_by_the_same_rules(monkeypatch, bureau, imported, make_officer, make_user):
    cast = make_cast(bureau, make_officer, make_user)
    registered_case(monkeypatch, bureau, cast, is_major=True)  # a live case registered on 2025-03-03, undecided
    figures = annual_figures(agency=bureau.bureau, year=2025, include_subordinates=True, today=date(2026, 1, 1))
    assert figures["cases.general.count"] == 1  # the live case, by its registration date
    assert figures["cases.general.major"] == 1
    assert figures["cases.general.fines"] == "30000.00"  # imported B7, by its decision date
    assert figures["cases.imported.count"] == 0
    assert figures["cases.by_source.patrol.count"] == 1
    assert figures["cases.general.count_yoy"] == "-80.0"  # 1 against 5 in 2024
