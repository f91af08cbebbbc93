"""The monthly bulletin and the quarterly ranking: figures per unit, a .docx that opens, and the page."""

from __future__ import annotations

import io
from datetime import date

from django.test import Client
from docx import Document

from fazhi.accounts.models import Role
from fazhi.cases import services
from fazhi.supervision.bulletins import bulletin_docx, monthly_bulletin, quarterly_ranking, unit_inspection_record
from tests.cases.flow import FINE, registered_case, to_notified, travel
from tests.supervision.helpers import scan


def _a_month_of_activity(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    travel(monkeypatch, date(2025, 3, 31))
    services.decision_serve(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 31), recipient="张三", proof="回证"
    )
    scan(monkeypatch, date(2025, 3, 31))
    unit_inspection_record(
        actor=cast.head,
        agency=bureau.squad,
        inspected_on=date(2025, 3, 28),
        inspectors="周正国、林法明",
        findings="案卷装订不规范",
        problems=2,
    )
    return case


def test_the_monthly_bulletin_docx_opens_and_contains_the_figures(monkeypatch, bureau, cast) -> None:
    _a_month_of_activity(monkeypatch, bureau, cast)
    bulletin = monthly_bulletin(agency=bureau.bureau, year=2025, month=3)
    squad = next(u for u in bulletin.units if u.agency_name == "城东中队")
    assert (squad.registered, squad.decided, squad.decided_on_time, squad.served, squad.served_on_time) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert (squad.inspections, squad.problems) == (1, 2)
    doc = Document(io.BytesIO(bulletin_docx(bulletin)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "行政执法监督通报（2025年3月）" in text and "立案1件" in text and "发现问题2个" in text
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "城东中队" in cells and "100.0%" in cells and "按期送达率" in cells


def test_the_quarterly_ranking_ranks_units_and_renders_as_page_and_docx(monkeypatch, bureau, cast, make_user) -> None:
    _a_month_of_activity(monkeypatch, bureau, cast)
    ranking = quarterly_ranking(agency=bureau.bureau, year=2025, quarter=1)
    assert [u.rank for u in ranking.units] == list(range(1, len(ranking.units) + 1))
    assert ranking.units[0].score is not None
    client = Client()
    client.force_login(cast.head)
    page = client.get("/supervision/ranking/?year=2025&quarter=1").content.decode()
    assert "季度排名" in page and "城东中队" in page
    response = client.get("/supervision/bulletin/?year=2025&month=3&format=docx")
    assert response.status_code == 200
    assert "城东中队" in [c.text for row in Document(io.BytesIO(response.content)).tables[0].rows for c in row.cells]
    justice = make_user(bureau.justice, Role.SUPERVISOR)
    client.force_login(justice)
    assert (
        "城东中队" in client.get(f"/supervision/bulletin/?year=2025&month=3&agency={bureau.bureau.pk}").content.decode()
    )
