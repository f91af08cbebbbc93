"""The demo's annual report: every record-based key filled from data, and every part of the report written."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.demo.cases import anchor
from fazhi.demo.services import demo_load
from fazhi.reports import collect
from fazhi.reports.annual import annual_report, render_markdown
from fazhi.reports.selectors import annual_figures

pytestmark = pytest.mark.django_db


def test_the_demos_annual_report_has_every_record_key_and_every_part_filled() -> None:
    today = date(2026, 6, 30)
    demo_load(today=today, scale="small", log=lambda line: None)
    year = anchor(today).year - 1  # the last whole year of the demo
    bureau = Agency.objects.filter(kind=AgencyKind.BUREAU, parent__isnull=True).order_by("pk").first()
    assert bureau is not None
    figures = annual_figures(agency=bureau, year=year, include_subordinates=True, today=today)
    assert [k for k in collect.RECORD_KEYS if figures[k] is None] == []
    # Every item of the demo's list was used in its imported year, so its last year has no new item: 0 is the fact.
    zero_is_the_fact = {"powers.new_item_cases"}
    assert [k for k in collect.RECORD_KEYS if k not in zero_is_the_fact and not figures[k]] == []
    md = render_markdown(annual_report(agency=bureau, year=year, include_subordinates=True, today=today))
    parts = md.split("\n### ")[1:]
    assert len(parts) == 5
    for part in parts:  # each （一）–（五） carries at least one sentence from data
        assert any(line and not line.startswith("#") for line in part.split("\n")[1:]), part[:40]
