"""The acceptance lines of remedies, through the API: a case decided, served, 复议 filed → 加处罚款 stops; outcome
撤销 → execution ends and the publication is withdrawn with its reason on the public page; another with 维持 → the
court window follows the remedy. And rules 1 and 2 of the court window at their boundaries, through the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from fazhi.legal_affairs.models import Reconsideration
from fazhi.publicity.models import Publication
from tests.cases.flow import registered_case, to_notified, travel
from tests.cases.remedy_flow import simple_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    from tests.cases.flow import make_cast

    return make_cast(bureau, make_officer, make_user)


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.client.force_login(user)

    def post(self, url: str, data: dict[str, Any] | None = None, status: int = 201) -> Any:
        response = self.client.post(f"/api{url}", data or {}, content_type="application/json")
        assert response.status_code == status, response.content.decode()
        return response.json()

    def get(self, url: str) -> Any:
        response = self.client.get(f"/api{url}")
        assert response.status_code == 200, response.content.decode()
        return response.json()


def _decided_and_served(monkeypatch: Any, bureau: Any, cast: Any) -> tuple[int, str]:
    """Decided and served on 25 March 2025 through the API (due 9 April), published the same day."""
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    Api(cast.head).post(
        f"/cases/{case.pk}/decide",
        {"outcome": "penalty", "reasons": "违法事实清楚。", "penalty_kinds": ["fine"], "fine": "50000"},
    )
    Api(cast.handler1).post(
        f"/cases/{case.pk}/serve",
        {"method": "direct", "served_on": "2025-03-25", "recipient": "张三", "proof": "送达回证"},
    )
    publication = Publication.objects.get(decision__case_id=case.pk)
    Api(cast.clerk).post(f"/publicity/{publication.pk}/publish", {"on": "2025-03-25"}, status=200)
    return case.pk, publication.number


def _reconsider(cast: Any, bureau: Any, **link: Any) -> int:
    return Api(cast.reviewer).post(
        "/legal-affairs/reconsiderations",
        {
            "agency_id": bureau.bureau.pk,
            "applicant": "张三",
            "matter": "不服罚款五万元",
            "applied_on": "2025-04-20",
            "received_on": "2025-04-21",
            **link,
        },
    )["id"]


def test_reconsideration_stops_the_late_fee_and_revocation_ends_execution_and_withdraws_publicly(
    monkeypatch, bureau, cast
) -> None:
    case_id, number = _decided_and_served(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 21))
    head = Api(cast.head)
    assert head.get(f"/cases/{case_id}/money")["late_fee"] == "18000.00"  # 10 to 21 April: 12 days × 1500
    item_id = _reconsider(cast, bureau, decision_number=number)  # chosen by 决定书文号
    travel(monkeypatch, date(2025, 5, 30))
    money = head.get(f"/cases/{case_id}/money")
    assert money["late_fee"] == "15000.00"  # 10 April – 19 April only: stopped from the application on 20 April
    actions = {a["code"]: a for a in Api(cast.handler1).get(f"/cases/{case_id}/actions")}
    assert not actions["remind"]["allowed"] and "第七十三条第三款" in " ".join(actions["remind"]["reasons"])
    refused = Api(cast.handler1).post(
        f"/cases/{case_id}/remind",
        {"method": "direct", "served_on": "2025-05-30", "recipient": "张三", "proof": "回证"},
        status=409,
    )
    assert "行政强制法第五十三条" in str(refused)

    Api(cast.reviewer).post(
        f"/legal-affairs/reconsiderations/{item_id}/decide", {"outcome": "revoked", "on": "2025-05-30"}, status=200
    )
    case = head.get(f"/cases/{case_id}")
    assert case["state"] == "closed"
    money = head.get(f"/cases/{case_id}/money")
    assert money["ended"] is True and money["late_fee"] == "0.00" and money["outstanding"] == "0.00"
    assert not [a for a in head.get(f"/cases/{case_id}/actions") if a["code"] in ("remind", "apply_court")]
    page = Client().get("/public/decisions/").content.decode()
    listed, _, withdrawals = page.partition("撤回公示说明")
    assert number not in listed
    assert number in withdrawals and "经行政复议于2025年05月30日被依法撤销" in withdrawals
    assert "第四十八条第二款" in withdrawals


def test_after_upheld_the_court_window_follows_the_remedy(monkeypatch, bureau, cast) -> None:
    case_id, _ = _decided_and_served(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 21))
    item_id = _reconsider(cast, bureau, case_id=case_id)  # chosen by case
    travel(monkeypatch, date(2025, 6, 11))
    refused = Api(cast.reviewer).post(
        f"/legal-affairs/reconsiderations/{item_id}/decide", {"outcome": "upheld", "on": "2025-06-10"}, status=400
    )
    assert "行政诉讼法第四十五条" in str(refused)  # the service date starts the party's 15 days
    Api(cast.reviewer).post(
        f"/legal-affairs/reconsiderations/{item_id}/decide",
        {"outcome": "upheld", "on": "2025-06-10", "served_on": "2025-06-12"},
        status=200,
    )
    Api(cast.handler1).post(
        f"/cases/{case_id}/remind",
        {"method": "direct", "served_on": "2025-06-11", "recipient": "张三", "proof": "回证"},
    )
    deadline = next(d for d in Api(cast.head).get(f"/cases/{case_id}/deadlines") if d["code"] == "court_enforcement")
    assert deadline["label"] == "申请法院强制执行（2025-06-28起）"  # 27 June + 1: 行政诉讼法第四十五条
    travel(monkeypatch, date(2025, 6, 27))
    Api(cast.head).post(f"/cases/{case_id}/apply-court", {"court": "示范市人民法院"}, status=409)
    travel(monkeypatch, date(2025, 6, 28))
    Api(cast.head).post(f"/cases/{case_id}/apply-court", {"court": "示范市人民法院"})


def test_rule_1_an_on_the_spot_decision_may_go_to_court_after_the_reconsideration_period(
    monkeypatch, bureau, cast
) -> None:
    case = simple_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 6, 20))
    Api(cast.handler1).post(
        f"/cases/{case.pk}/remind",
        {"method": "direct", "served_on": "2025-06-20", "recipient": "经理", "proof": "回证"},
    )
    travel(monkeypatch, date(2025, 8, 4))  # the 60-day 复议 period's last day (2 August + weekend)
    refused = Api(cast.head).post(f"/cases/{case.pk}/apply-court", {"court": "示范市人民法院"}, status=409)
    assert "行政复议法第二十条、第二十三条" in str(refused)
    travel(monkeypatch, date(2025, 8, 5))
    Api(cast.head).post(f"/cases/{case.pk}/apply-court", {"court": "示范市人民法院"})


def test_rule_2_a_deferral_moves_the_end_of_the_court_window(monkeypatch, bureau, cast) -> None:
    case_id, _ = _decided_and_served(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 1))
    Api(cast.head).post(
        f"/cases/{case_id}/arrangement", {"deferred_until": "2025-10-31", "reason": "当事人确有经济困难"}
    )
    travel(monkeypatch, date(2025, 11, 3))
    Api(cast.handler1).post(
        f"/cases/{case_id}/remind",
        {"method": "direct", "served_on": "2025-11-03", "recipient": "张三", "proof": "回证"},
    )
    travel(monkeypatch, date(2026, 2, 3))
    refused = Api(cast.head).post(f"/cases/{case_id}/apply-court", {"court": "示范市人民法院"}, status=409)
    assert "2026年02月02日届满" in str(refused)
    travel(monkeypatch, date(2026, 2, 2))
    Api(cast.head).post(f"/cases/{case_id}/apply-court", {"court": "示范市人民法院"})


def test_reply_and_defence_deadlines_through_the_api(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 6, 3))
    reviewer = Api(cast.reviewer)
    item = reviewer.post(
        "/legal-affairs/reconsiderations",
        {
            "agency_id": bureau.bureau.pk,
            "applicant": "李四",
            "matter": "事项",
            "received_on": "2025-06-03",
            "simplified": True,
        },
    )
    assert item["reply_due"] == "2025-06-10"  # 行政复议法第五十四条: five working days
    assert (
        reviewer.post(f"/legal-affairs/reconsiderations/{item['id']}/reply", {"on": "2025-06-10"}, status=200)[
            "replied_on"
        ]
        == "2025-06-10"
    )
    suit = reviewer.post(
        "/legal-affairs/litigations",
        {
            "agency_id": bureau.bureau.pk,
            "plaintiff": "李四",
            "cause": "案由",
            "filed_on": "2025-06-01",
            "complaint_received_on": "2025-06-03",
            "court": "示范市人民法院",
        },
    )
    assert suit["defence_due"] == "2025-06-18"  # 行政诉讼法第六十七条: fifteen days
    reviewer.post(f"/legal-affairs/litigations/{suit['id']}/defence", {"on": "2025-06-18"}, status=200)
    refused = reviewer.post(
        "/legal-affairs/reconsiderations",
        {
            "agency_id": bureau.bureau.pk,
            "applicant": "李四",
            "matter": "事项",
            "received_on": "2025-06-03",
            "case_id": 999999,
        },
        status=404,
    )
    assert "不存在或您无权访问" in str(refused)


def test_the_pages_register_a_linked_reconsideration_and_its_outcome_and_never_fail(monkeypatch, bureau, cast) -> None:
    case_id, number = _decided_and_served(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 21))
    client = Client()
    client.force_login(cast.reviewer)
    response = client.post(
        "/legal-affairs/reconsiderations/",
        {
            "agency": bureau.bureau.pk,
            "applicant": "张三",
            "matter": "不服",
            "decision_number": number,
            "applied_on": "2025-04-20",
            "received_on": "2025-04-21",
        },
    )
    assert response.status_code == 302
    item = Reconsideration.objects.get(case_id=case_id)
    page = client.get("/legal-affairs/reconsiderations/").content.decode()
    assert (
        "登记提交答复" in page and "2025-05-07" in page
    )  # 答复期限: ten working days, 劳动节 and the 调休 Sunday 27 April
    url = f"/legal-affairs/reconsiderations/{item.pk}/remedy/"
    for bad in (
        {},
        {"action": "decide", "on": "x"},
        {"action": "decide", "on": "2025-04-21", "outcome": "??"},
        {"action": "decide", "on": "2025-04-21", "outcome": "changed", "changed_fine": "abc"},
        {"action": "nope", "on": "2025-04-21"},
    ):
        assert client.post(url, bad).status_code == 302
    assert client.post("/legal-affairs/contracts/1/remedy/", {}).status_code == 404
    client.post(url, {"action": "decide", "on": "2025-04-21", "outcome": "revoked"})
    item.refresh_from_db()
    assert item.outcome == "revoked"
    assert client.get(f"/cases/{case_id}/").status_code == 200
