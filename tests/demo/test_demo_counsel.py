"""The demo's counsel records fill every counsel figure of last year's annual report."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.core.figures import figure_json
from fazhi.counsel.figures import KEYS, annual_figures
from fazhi.demo.cases import anchor
from fazhi.demo.services import demo_load


@pytest.mark.django_db
def test_the_demo_fills_every_counsel_figure_of_last_year() -> None:
    today = date(2026, 6, 30)
    demo_load(today=today, scale="small", log=lambda line: None)
    year = anchor(today).year - 1
    bureau = Agency.objects.get(kind=AgencyKind.BUREAU)
    figures = {
        key: figure_json(value)
        for key, value in annual_figures(
            agency=bureau, include_subordinates=True, start=date(year, 1, 1), end=date(year, 12, 31), today=today
        ).items()
    }
    assert set(figures) == set(KEYS)
    assert figures["legal_adviser.major_review_rate"] == "100.0"
    assert figures["duties.statement"] is True
    assert figures["duties.meetings"] == 7  # 党组会议3次，局长办公会4次
    assert figures["legal_adviser.contracts"] == 12 and figures["legal_adviser.opinions"] == 15
    assert figures["legal_adviser.litigation"] == 1 and figures["case_consultations.count"] == 4
    assert figures["legal_review.accompanied"] > 0 and figures["delegation.reviews_for_townships"] >= 12
