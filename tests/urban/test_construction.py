"""违法建设: 责令限期拆除 → 公告 → 催告 → 强制拆除 or 代履行, through the API and the pages.

强制拆除 is refused until the 复议 (60 days) and 诉讼 (6 months) periods and the 公告's period have lapsed, with
the date from which it becomes lawful; a 复议 pending against the case refuses it; only the head decides; a
代履行 needs the 催告 three working days before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client

from fazhi.legal_affairs.services import reconsideration_decide, reconsideration_register
from fazhi.urban.models import ConstructionStatus, DemolitionRecord, IllegalConstruction
from tests.cases.flow import travel
from tests.cases.remedy_flow import served_case


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict) -> object:  # type: ignore[type-arg]
    return client.post(url, body, content_type="application/json")


def _ordered(
    monkeypatch,
    client: Client,
    agency_id: int,
    *,
    case_id: int | None = None,
    served: str = "2025-03-03",
    period_end: str = "2025-03-18",
    reminded: str = "2025-04-01",
):  # type: ignore[no-untyped-def]
    travel(monkeypatch, date.fromisoformat(reminded))
    created = _post(
        client,
        "/api/urban/constructions",
        {
            "agency_id": agency_id,
            "case_id": case_id,
            "party_name": "张三",
            "location": "示范市城东路1号楼顶",
            "area_m2": "120.50",
            "order_number": f"示城管限拆〔2025〕{served[-2:]}号",
            "ordered_on": "2025-03-03",
            "order_served_on": served,
            "order_period_end": period_end,
        },
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert (
        _post(
            client,
            f"/api/urban/constructions/{cid}/announce",
            {"announced_on": "2025-03-20", "period_end": "2025-03-31"},
        ).status_code
        == 200
    )
    reminding = _post(client, f"/api/urban/constructions/{cid}/remind", {"served_on": reminded})
    assert reminding.status_code == 200, reminding.content
    return cid


DECIDE = {"kind": "forced", "number": "示城管强拆〔2025〕1号", "scheduled_on": "2025-09-10"}


def test_forced_demolition_is_refused_until_the_lawsuit_period_lapses_and_allowed_the_day_after(
    monkeypatch, bureau, officer, bureau_head
) -> None:
    cid = _ordered(monkeypatch, _client(officer), bureau.squad.pk)
    head = _client(bureau_head)
    # Served 3 March 2025: 复议 period to 6 May, 起诉期限 to 3 September; lawful from 4 September.
    travel(monkeypatch, date(2025, 9, 3))
    early = _post(head, f"/api/urban/constructions/{cid}/decide", {**DECIDE, "decided_on": "2025-09-03"})
    assert early.status_code == 409
    message = early.json()["message"]
    assert "自2025年9月4日起方可依法强制拆除" in message and "第四十四条" in message
    assert IllegalConstruction.objects.get(pk=cid).status == ConstructionStatus.REMINDED
    assert head.get(f"/api/urban/constructions/{cid}").json()["lawful_from"] == "2025-09-04"

    travel(monkeypatch, date(2025, 9, 4))
    ok = _post(head, f"/api/urban/constructions/{cid}/decide", {**DECIDE, "decided_on": "2025-09-04"})
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "forced_decided" and ok.json()["enforcement_decided_by_id"] == bureau_head.pk

    travel(monkeypatch, date(2025, 9, 10))
    done = _post(head, f"/api/urban/constructions/{cid}/demolish", {"demolished_on": "2025-09-10", "by": "forced"})
    assert done.status_code == 201, done.content
    record = DemolitionRecord.objects.get()
    assert (record.area_m2, record.demolished_by, record.construction_id) == (Decimal("120.50"), "forced", cid)


def test_an_officer_may_not_decide_a_forced_demolition(monkeypatch, bureau, officer, make_user) -> None:
    from fazhi.accounts.models import Role

    cid = _ordered(monkeypatch, _client(officer), bureau.squad.pk)
    leader = _client(make_user(bureau.bureau, Role.SQUAD_LEADER))
    travel(monkeypatch, date(2025, 9, 4))
    refused = _post(leader, f"/api/urban/constructions/{cid}/decide", {**DECIDE, "decided_on": "2025-09-04"})
    assert refused.status_code == 403 and "负责人" in refused.json()["message"]
    assert IllegalConstruction.objects.get(pk=cid).enforcement_decided_on is None


def test_a_pending_reconsideration_against_the_case_bars_demolition_and_its_decision_moves_the_date(
    monkeypatch, bureau, cast
) -> None:
    case = served_case(monkeypatch, bureau, cast, publish=False)  # decided and served 25 March 2025
    cid = _ordered(
        monkeypatch,
        _client(cast.handler1),
        bureau.squad.pk,
        case_id=case.pk,
        served="2025-03-26",
        period_end="2025-03-31",
    )
    travel(monkeypatch, date(2025, 4, 10))
    rec = reconsideration_register(
        actor=cast.reviewer,
        agency=bureau.bureau,
        applicant="张三",
        matter="不服限期拆除",
        received_on=date(2025, 4, 10),
        case=case,
    )
    head = _client(cast.head)
    travel(monkeypatch, date(2025, 10, 10))  # past the six months: only the pending 复议 stands in the way
    refused = _post(
        head,
        f"/api/urban/constructions/{cid}/decide",
        {**DECIDE, "decided_on": "2025-10-10", "scheduled_on": "2025-10-20"},
    )
    assert refused.status_code == 409 and "复议审理期间不得强制拆除" in refused.json()["message"]

    reconsideration_decide(
        actor=cast.reviewer,
        reconsideration=rec,
        outcome="upheld",
        decided_on=date(2025, 10, 10),
        served_on=date(2025, 10, 10),
    )
    # 15 days to sue after the 复议决定 (行政诉讼法 第四十五条): 25 October is a Saturday → 27 October; lawful 28.
    travel(monkeypatch, date(2025, 10, 27))
    still = _post(
        head,
        f"/api/urban/constructions/{cid}/decide",
        {**DECIDE, "decided_on": "2025-10-27", "scheduled_on": "2025-10-30"},
    )
    assert still.status_code == 409 and "自2025年10月28日起" in still.json()["message"]
    travel(monkeypatch, date(2025, 10, 28))
    ok = _post(
        head,
        f"/api/urban/constructions/{cid}/decide",
        {**DECIDE, "decided_on": "2025-10-28", "scheduled_on": "2025-10-30"},
    )
    assert ok.status_code == 200, ok.content


def test_a_substitute_performance_needs_the_reminder_three_working_days_before_and_records_its_cost(
    monkeypatch, bureau, officer, bureau_head
) -> None:
    cid = _ordered(monkeypatch, _client(officer), bureau.squad.pk)
    head = _client(bureau_head)
    construction = IllegalConstruction.objects.get(pk=cid)
    # The 催告 was served on 1 April 2025 (Tuesday): 2, 3, 7 April (4 April is 清明) → 7 April is the first day.
    assert construction.reminder_served_on == date(2025, 4, 1)
    travel(monkeypatch, date(2025, 9, 4))
    body = {
        "kind": "substitute",
        "number": "示城管代履〔2025〕1号",
        "decided_on": "2025-09-04",
        "performer": "示范市拆除工程公司",
        "cost_budget": "8000.00",
    }
    missing = _post(
        head,
        f"/api/urban/constructions/{cid}/decide",
        {**body, "performer": "", "cost_budget": None, "scheduled_on": "2025-09-10"},
    )
    assert (
        missing.status_code == 400
        and "代履行人" in missing.json()["message"]
        and "费用预算" in missing.json()["message"]
    )
    ok = _post(head, f"/api/urban/constructions/{cid}/decide", {**body, "scheduled_on": "2025-09-10"})
    assert ok.status_code == 200, ok.content
    travel(monkeypatch, date(2025, 9, 10))
    no_cost = _post(
        head, f"/api/urban/constructions/{cid}/demolish", {"demolished_on": "2025-09-10", "by": "substitute"}
    )
    assert no_cost.status_code == 400 and "代履行费用" in no_cost.json()["message"]
    done = _post(
        head,
        f"/api/urban/constructions/{cid}/demolish",
        {"demolished_on": "2025-09-10", "by": "substitute", "cost_actual": "7650.40"},
    )
    assert done.status_code == 201, done.content
    construction.refresh_from_db()
    assert construction.cost_actual == Decimal("7650.40") and construction.demolished_by == "substitute"


def test_the_substitute_notice_boundary_day_passes_and_the_day_before_is_refused(
    monkeypatch, bureau, officer, bureau_head
) -> None:
    # 催告 served on Tuesday 2 September 2025: 3, 4, 5 September → Friday 5 September is the first day.
    cid = _ordered(monkeypatch, _client(officer), bureau.squad.pk, reminded="2025-09-02")
    head = _client(bureau_head)
    travel(monkeypatch, date(2025, 9, 4))
    body = {
        "kind": "substitute",
        "number": "示城管代履〔2025〕2号",
        "decided_on": "2025-09-04",
        "performer": "示范市拆除工程公司",
        "cost_budget": "5000",
    }
    early = _post(head, f"/api/urban/constructions/{cid}/decide", {**body, "scheduled_on": "2025-09-04"})
    assert early.status_code == 400 and "代履行最早于2025年9月5日进行" in early.json()["message"]
    ok = _post(head, f"/api/urban/constructions/{cid}/decide", {**body, "scheduled_on": "2025-09-05"})
    assert ok.status_code == 200, ok.content


def test_the_party_demolishing_itself_enters_the_register(monkeypatch, bureau, officer) -> None:
    client = _client(officer)
    cid = _ordered(monkeypatch, client, bureau.squad.pk)
    travel(monkeypatch, date(2025, 4, 5))
    done = _post(
        client,
        f"/api/urban/constructions/{cid}/demolish",
        {"demolished_on": "2025-04-05", "by": "party", "area_m2": "100"},
    )
    assert done.status_code == 201 and done.json()["demolished_by"] == "party"
    again = _post(client, f"/api/urban/constructions/{cid}/demolish", {"demolished_on": "2025-04-05", "by": "party"})
    assert again.status_code == 409
    assert DemolitionRecord.objects.get().area_m2 == Decimal("100")


def test_the_pages_take_a_construction_through_its_steps_and_keep_the_form_on_refusal(
    monkeypatch, bureau, officer, bureau_head
) -> None:
    client = _client(officer)
    travel(monkeypatch, date(2025, 4, 1))
    assert client.get("/urban/constructions/").status_code == 200
    form = {
        "agency": str(bureau.squad.pk),
        "party_name": "李四",
        "location": "城西路8号院内",
        "area_m2": "abc",
        "order_number": "示城管限拆〔2025〕9号",
        "ordered_on": "2025-03-03",
        "order_served_on": "2025-03-03",
        "order_period_end": "2025-03-18",
    }
    refused = client.post("/urban/constructions/", form)
    assert refused.status_code == 400 and "城西路8号院内" in refused.content.decode()
    form["area_m2"] = "45.5"
    assert client.post("/urban/constructions/", form).status_code == 302
    c = IllegalConstruction.objects.get()
    url = f"/urban/constructions/{c.pk}/"
    assert (
        client.post(url, {"step": "announce", "announced_on": "2025-03-20", "period_end": "2025-03-31"}).status_code
        == 302
    )
    assert client.post(url, {"step": "remind", "served_on": "2025-04-01"}).status_code == 302
    page = client.get(url).content.decode()
    assert "今日不得强制拆除" in page and "2025年9月4日" in page
    head = _client(bureau_head)
    early = head.post(
        url,
        {
            "step": "decide",
            "kind": "forced",
            "number": "强拆1",
            "decided_on": "2025-04-01",
            "scheduled_on": "2025-04-02",
        },
    )
    assert early.status_code == 409 and 'value="强拆1"' in early.content.decode()
    travel(monkeypatch, date(2025, 9, 5))
    ok = head.post(
        url,
        {
            "step": "decide",
            "kind": "forced",
            "number": "强拆1",
            "decided_on": "2025-09-05",
            "scheduled_on": "2025-09-05",
        },
    )
    assert ok.status_code == 302
    assert head.post(url, {"step": "demolish", "demolished_on": "2025-09-05", "by": "forced"}).status_code == 302
    c.refresh_from_db()
    assert c.status == ConstructionStatus.DEMOLISHED and DemolitionRecord.objects.get().area_m2 == Decimal("45.5")
    assert "已记入拆除台账" in head.get(url).content.decode()
