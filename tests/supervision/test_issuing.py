"""通报 issued as numbered documents: 〔YYYY〕第N期 gap-free per agency, kind and year; the overdue disposition of
the period in the next bulletin; one bulletin per period; the annual report's keys."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.supervision import dispositions as dsp
from fazhi.supervision.figures import bulletins_issued, unit_inspection_count
from fazhi.supervision.issuing import bulletin_issue, issued_bulletin_docx
from fazhi.supervision.models import IssuedBulletin
from fazhi.supervision.unit_inspections import ItemIn, unit_inspection_record
from tests.cases.flow import travel
from tests.supervision.test_dispositions import make_alert


def _text(b: IssuedBulletin) -> str:
    doc = Document(io.BytesIO(issued_bulletin_docx(bulletin=b)))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_an_overdue_disposition_appears_in_the_next_bulletin_issued_with_its_number(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    alert = make_alert(bureau.squad, "示城管罚立字〔2025〕第7号")
    d = dsp.disposition_assign(
        actor=cast.head, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=date(2025, 7, 31)
    )
    # July's bulletin issued on 31 July is refused (the month has not ended) and takes no number
    travel(monkeypatch, date(2025, 7, 31))
    with pytest.raises(RuleViolation, match="尚未结束"):
        bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=7)
    # on 1 August the deadline (31 July) has passed: the disposition is overdue and in the bulletin
    travel(monkeypatch, date(2025, 8, 1))
    july = bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=7)
    assert (july.year, july.number, july.number_label) == (2025, 1, "〔2025〕第1期")
    overdue = july.content["overdue_dispositions"]
    assert [o["id"] for o in overdue] == [d.pk] and overdue[0]["days"] == 1 and overdue[0]["unit"] == "城东中队"
    text = _text(july)
    assert "〔2025〕第1期" in text and "示城管罚立字〔2025〕第7号" in text and "已逾期1日" in text
    assert july.content["complaint_unit_scores"] is None or isinstance(july.content["complaint_unit_scores"], list)
    # the same month again is refused; the next one is number 2 (no gap left by the refusals)
    with pytest.raises(RuleViolation, match="已发布"):
        bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=7)
    with pytest.raises(ValidationError):
        bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=0)
    june = bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=6)
    assert june.number_label == "〔2025〕第2期"
    # a quarterly bulletin has its own sequence and the ranking
    q2 = bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="quarterly", year=2025, quarter=2)
    assert q2.number_label == "〔2025〕第1期" and q2.content["columns"][0] == "名次"
    # the frozen figures do not move when the disposition is answered later
    dsp.disposition_answer(actor=cast.leader, disposition=d, explanation="已整改")
    july.refresh_from_db()
    assert [o["id"] for o in july.content["overdue_dispositions"]] == [d.pk]
    # a new year starts at 1
    travel(monkeypatch, date(2026, 1, 5))
    dec = bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=12)
    assert dec.number_label == "〔2026〕第1期"
    assert bulletins_issued(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31)) == 3
    assert bulletins_issued(agency=bureau.bureau, start=date(2026, 1, 1), end=date(2026, 12, 31)) == 1


def test_the_deadline_day_is_not_yet_in_the_bulletin(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    alert = make_alert(bureau.squad)
    dsp.disposition_assign(
        actor=cast.head, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=date(2025, 8, 1)
    )
    travel(monkeypatch, date(2025, 8, 1))
    b = bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=7)
    assert b.content["overdue_dispositions"] == []
    assert "逾期未整改的预警交办\n无。" in _text(b)


def test_an_inspection_bulletin_with_its_assignment_sheet(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    visit = unit_inspection_record(
        actor=cast.head,
        agency=bureau.squad,
        inspected_on=date(2025, 7, 1),
        inspectors="王督查",
        findings="台账不全",
        items=[ItemIn("补齐台账", date(2025, 7, 10))],
    )
    b = bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="inspection", inspection=visit)
    assert b.number_label == "〔2025〕第1期" and b.content["items"][0]["text"] == "补齐台账"
    assert "督查交办单" in _text(b)
    with pytest.raises(RuleViolation, match="已发布"):
        bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="inspection", inspection=visit)
    # the overdue item of the 督查 reaches July's bulletin
    travel(monkeypatch, date(2025, 8, 1))
    july = bulletin_issue(actor=cast.head, agency=bureau.bureau, kind="monthly", year=2025, month=7)
    assert [i["text"] for i in july.content["overdue_items"]] == ["补齐台账"]
    assert [i["number"] for i in july.content["period_items"]] == [1]
    assert unit_inspection_count(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31)) == 1
