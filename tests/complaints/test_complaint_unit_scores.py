"""Unit scores of a test month, checked against a count made by hand (docs/complaints.md gives the formula)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.test import Client

from fazhi.complaints.selectors import complaint_unit_scores
from fazhi.complaints.services import (
    complaint_close,
    complaint_dispatch,
    complaint_extension_decide,
    complaint_extension_request,
    complaint_handle,
    complaint_register,
    complaint_verify,
)
from fazhi.core import clock

from .conftest import Desk, at


def _step(when: datetime, fn, **kw):  # type: ignore[no-untyped-def]
    local = when
    with clock.frozen_at(local.date(), local.timetz().replace(tzinfo=None)):
        return fn(**kw)


def _month(desk: Desk, bureau) -> None:  # type: ignore[no-untyped-def]
    """June 2025, 2-working-hour category, all received at 08:30 and dispatched at 08:35 (due 10:30).

    城东中队 (squad): A handled 09:00, closed 满意; B handled 10:31 (late), closed 不满意; C handled 09:00, sent back
    for 返工, handled again, closed 基本满意.
    城西中队 (squad2): D extended to 16:00 and handled 15:00 (on time by the extension), closed 满意; E never handled.
    执法大队 (brigade): F never handled, no rating.
    Outside the month: G dispatched on 1 July to 城东中队, handled late — not counted.
    """
    clerk = desk.clerk

    def new(number: str, day: date, unit):  # type: ignore[no-untyped-def]
        c = complaint_register(
            actor=clerk,
            agency=bureau.bureau,
            source="hotline_12345",
            content="暴露垃圾",
            received_at=at(day.year, day.month, day.day, 8, 30),
            number=number,
            category_item=desk.two_hours,
        )
        return _step(
            at(day.year, day.month, day.day, 8, 35), complaint_dispatch, actor=clerk, complaint=c, assigned_to=unit
        )

    def handle(c, when, user):  # type: ignore[no-untyped-def]
        return _step(when, complaint_handle, actor=user, complaint=c, handling_result="已清运")

    def close(c, when, satisfaction):  # type: ignore[no-untyped-def]
        c = _step(when, complaint_verify, actor=clerk, complaint=c, passed=True)
        return _step(when, complaint_close, actor=clerk, complaint=c, satisfaction=satisfaction)

    day = date(2025, 6, 4)
    a = new("A", day, bureau.squad)
    close(handle(a, at(2025, 6, 4, 9), desk.east), at(2025, 6, 4, 11), "satisfied")
    b = new("B", day, bureau.squad)
    close(handle(b, at(2025, 6, 4, 10, 31), desk.east), at(2025, 6, 4, 11), "unsatisfied")
    c = new("C", day, bureau.squad)
    c = handle(c, at(2025, 6, 4, 9), desk.east)
    c = _step(at(2025, 6, 4, 9, 30), complaint_verify, actor=clerk, complaint=c, passed=False, note="未清净")
    close(handle(c, at(2025, 6, 4, 10), desk.east), at(2025, 6, 4, 11), "basically")
    d = new("D", day, bureau.squad2)
    d = _step(
        at(2025, 6, 4, 10),
        complaint_extension_request,
        actor=desk.west,
        complaint=d,
        until=at(2025, 6, 4, 16),
        reason="需机械清运",
    )
    d = _step(at(2025, 6, 4, 10, 5), complaint_extension_decide, actor=desk.head, complaint=d, approved=True)
    close(handle(d, at(2025, 6, 4, 15), desk.west), at(2025, 6, 4, 16), "satisfied")
    new("E", day, bureau.squad2)
    new("F", day, bureau.brigade)
    g = new("G", date(2025, 7, 1), bureau.squad)
    handle(g, at(2025, 7, 1, 11), desk.east)


def test_the_unit_scores_of_a_test_month_match_the_hand_count(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    _month(desk, bureau)
    rows = complaint_unit_scores(agency=bureau.bureau, start=date(2025, 6, 1), end=date(2025, 6, 30))
    # By hand:
    # 城东 3 dispatched: on time A, C (2); closed 3; reworked C (1); extended 0; rated 3, satisfied A, C (2).
    #   综合 = 40·2/3 + 30·1 + 10·(1 − 1/3) + 10·(1 − 0) + 10·2/3 = 26.667 + 30 + 6.667 + 10 + 6.667 = 80.00
    # 城西 2 dispatched: on time D (1); closed 1; reworked 0; extended D (1); rated 1, satisfied 1.
    #   综合 = 40·1/2 + 30·1/2 + 10·1 + 10·1/2 + 10·1 = 20 + 15 + 10 + 5 + 10 = 60.00
    # 大队 1 dispatched: nothing handled, not rated, so scored over the four other weights (90):
    #   综合 = (40·0 + 30·0 + 10·1 + 10·1) / 90 × 100 = 22.22
    got = [
        (r.rank, r.unit_name, r.dispatched, r.on_time, r.closed, r.reworked, r.extended, r.satisfied, r.rated)
        for r in rows
    ]
    assert got == [
        (1, "城东中队", 3, 2, 3, 1, 0, 2, 3),
        (2, "城西中队", 2, 1, 1, 0, 1, 1, 1),
        (3, "执法大队", 1, 0, 0, 0, 0, 0, 0),
    ]
    east, west, brigade = rows
    assert (east.on_time_rate, east.closed_rate, east.rework_rate, east.extension_rate, east.satisfaction_rate) == (
        Decimal("66.67"),
        Decimal("100.00"),
        Decimal("33.33"),
        Decimal("0.00"),
        Decimal("66.67"),
    )
    assert (east.composite, west.composite, brigade.composite) == (Decimal("80.00"), Decimal("60.00"), Decimal("22.22"))
    assert west.satisfaction_rate == Decimal("100.00") and brigade.satisfaction_rate is None


def test_july_counts_only_what_was_dispatched_in_july(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    _month(desk, bureau)
    rows = complaint_unit_scores(agency=bureau.bureau, start=date(2025, 7, 1), end=date(2025, 7, 31))
    assert [(r.unit_name, r.dispatched, r.on_time) for r in rows] == [("城东中队", 1, 0)]
    # 0 on time, 0 closed, no rework, no extension, not rated: (10 + 10) / 90 × 100
    assert rows[0].composite == Decimal("22.22")


def test_units_with_the_same_composite_share_the_rank(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    for number, unit in (("X", bureau.squad), ("Y", bureau.squad2)):
        c = complaint_register(
            actor=desk.clerk,
            agency=bureau.bureau,
            source="hotline_12345",
            content="暴露垃圾",
            received_at=at(2025, 6, 4, 8, 30),
            number=number,
            category_item=desk.two_hours,
        )
        _step(at(2025, 6, 4, 8, 35), complaint_dispatch, actor=desk.clerk, complaint=c, assigned_to=unit)
    rows = complaint_unit_scores(agency=bureau.bureau, start=date(2025, 6, 1), end=date(2025, 6, 30))
    assert [(r.rank, r.unit_name) for r in rows] == [(1, "城东中队"), (1, "城西中队")]


def test_the_weights_are_a_setting(desk, bureau, settings) -> None:  # type: ignore[no-untyped-def]
    _month(desk, bureau)
    settings.FAZHI_COMPLAINT_SCORE_WEIGHTS = {
        "on_time": 100,
        "closed": 0,
        "rework": 0,
        "extension": 0,
        "satisfaction": 0,
    }
    rows = complaint_unit_scores(agency=bureau.bureau, start=date(2025, 6, 1), end=date(2025, 6, 30))
    assert [(r.unit_name, r.composite) for r in rows] == [
        ("城东中队", Decimal("66.67")),
        ("城西中队", Decimal("50.00")),
        ("执法大队", Decimal("0.00")),
    ]


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_scores_api_and_page_answer_and_refuse_in_chinese(desk, bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    _month(desk, bureau)
    client = _client(desk.clerk)
    url = f"/api/complaints/unit-scores?agency_id={bureau.bureau.pk}&start=2025-06-01&end=2025-06-30"
    r = client.get(url)
    assert r.status_code == 200, r.content
    assert [(row["rank"], row["unit_name"], row["composite"]) for row in r.json()] == [
        (1, "城东中队", "80.00"),
        (2, "城西中队", "60.00"),
        (3, "执法大队", "22.22"),
    ]
    reversed_period = client.get(
        f"/api/complaints/unit-scores?agency_id={bureau.bureau.pk}&start=2025-06-30&end=2025-06-01"
    )
    assert reversed_period.status_code == 400 and "结束日期" in reversed_period.json()["message"]
    other = _client(make_user(bureau.squad2, "officer"))
    hidden = other.get(f"/api/complaints/unit-scores?agency_id={bureau.bureau.pk}&start=2025-06-01&end=2025-06-30")
    assert hidden.status_code in (403, 404)
    page = client.get(f"/complaints/scores/?agency={bureau.bureau.pk}&month=2025-06")
    assert page.status_code == 200 and "城东中队" in page.content.decode() and "80.00" in page.content.decode()
    for bad in ("month=2025-13", "month=abc", "agency=x", "agency=999999", "month=99999-01"):
        r = client.get(f"/complaints/scores/?{bad}")
        assert r.status_code in (400, 404), (bad, r.status_code)
    assert client.get("/complaints/scores/").status_code == 200


def test_the_month_bulletin_carries_the_unit_scores_in_their_ranking(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    import io

    from docx import Document

    from fazhi.supervision.issuing import bulletin_issue, issued_bulletin_docx

    _month(desk, bureau)
    with clock.frozen_at(date(2025, 7, 2), datetime(2025, 7, 2, 9).time()):
        june = bulletin_issue(actor=desk.head, agency=bureau.bureau, kind="monthly", year=2025, month=6)
    rows = june.content["complaint_unit_scores"]
    assert [(r["rank"], r["unit_name"], r["composite"]) for r in rows] == [
        (1, "城东中队", "80.00"),
        (2, "城西中队", "60.00"),
        (3, "执法大队", "22.22"),
    ]
    text = "\n".join(p.text for p in Document(io.BytesIO(issued_bulletin_docx(bulletin=june))).paragraphs)
    assert "群众诉求办理单位考核" in text
    assert (
        "第1名 城东中队：交办3件，按期处置率66.67%，结案率100.00%，返工率33.33%，延期率0.00%，满意率66.67%，"
        "综合指标值80.00"
    ) in text
    assert "满意率—" in text  # 执法大队: nothing rated
