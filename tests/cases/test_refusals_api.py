"""Every refusal of the case workflow, through the API: the Chinese message names the rule, and nothing changes."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.cases import services
from fazhi.cases.models import Case, Decision, FormStock, Hearing, LegalReview, Payment, Transfer
from fazhi.core import clock
from fazhi.core.models import AuditEvent
from tests.cases.flow import FACTS, FINE, add_evidence, make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(user, url: str, data: dict) -> dict:  # type: ignore[no-untyped-def]
    response = _client(user).post(url, data, content_type="application/json")
    assert response.status_code == 409, response.content.decode()
    body = response.json()
    assert body["code"] == "rule_violation"
    return body


def _world(case: Case | None = None) -> tuple[object, ...]:
    state = Case.objects.get(pk=case.pk).state if case else None
    return (
        state,
        Case.objects.count(),
        Decision.objects.count(),
        Payment.objects.count(),
        Hearing.objects.count(),
        LegalReview.objects.count(),
        Transfer.objects.count(),
        AuditEvent.objects.count(),
        list(FormStock.objects.values_list("next_no", flat=True)),
    )


def test_a_simple_procedure_fine_over_the_cap_is_refused(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    services.form_stock_receive(actor=cast.clerk, agency=bureau.bureau, prefix="示当", first_no=1, last_no=100)
    payload = {
        "agency_id": bureau.squad.pk,
        "power_item_code": "SL-SR-001",
        "party_kind": "person",
        "party_name": "李四",
        "act_date": "2025-03-03",
        "handler_ids": [o.pk for o in cast.officers],
        "penalty_kinds": ["fine"],
        "fine": "201",
        "facts": "随意倾倒垃圾",
        "location": "城东路",
    }
    before = _world()
    body = _post(cast.handler1, "/api/cases/simple", payload)
    assert body["message"] == "对公民处以201.00元罚款超过简易程序的限额200元，应适用一般程序（行政处罚法第五十一条）。"
    assert _world() == before
    payload.update(fine="200", told=True, party_response="declined")
    ok = _client(cast.handler1).post("/api/cases/simple", payload, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["simple_form_number"] == "示当000001"


def test_on_the_spot_collection_above_100_yuan_is_refused(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    services.form_stock_receive(actor=cast.clerk, agency=bureau.bureau, prefix="示当", first_no=1, last_no=100)
    payload = {
        "agency_id": bureau.squad.pk,
        "power_item_code": "SL-SR-001",
        "party_kind": "person",
        "party_name": "李四",
        "act_date": "2025-03-03",
        "handler_ids": [o.pk for o in cast.officers],
        "penalty_kinds": ["fine"],
        "fine": "150",
        "facts": "随意倾倒垃圾",
        "location": "城东路",
        "collect_on_spot": True,
        "receipt_number": "P1",
    }
    before = _world()
    assert "不能当场收缴" in _post(cast.handler1, "/api/cases/simple", payload)["message"]
    assert _world() == before


def test_registration_with_one_handler_is_refused(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    case = services.case_open(
        actor=cast.handler1,
        agency=bureau.squad,
        source="patrol",
        power_item_code="SL-SR-001",
        party_kind="person",
        party_name="王五",
        act_date=date(2025, 3, 1),
        discovered_on=date(2025, 3, 3),
    )
    before = _world(case)
    body = _post(
        cast.head, f"/api/cases/{case.pk}/register", {"handler_ids": [cast.officers[0].pk], "on": "2025-03-03"}
    )
    assert body["message"].startswith("承办人只有1名：执法人员不得少于两人（行政处罚法第四十二条）")
    assert _world(case) == before


def test_a_legal_reviewer_who_is_a_handler_is_refused(monkeypatch, bureau, cast, make_user) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, clock.today())
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="事实",
        evidence_summary="证据",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=FINE,
        discretion_facts=FACTS,
    )
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="同意")
    # The second handler also holds the legal reviewer role: 办审分离 forbids him to review his own case.
    cast.handler2.role_grants.create(role=Role.LEGAL_REVIEWER)
    cast.handler2.officer.has_legal_qualification = True
    cast.handler2.officer.save()
    handler2 = type(cast.handler2).objects.get(pk=cast.handler2.pk)
    before = _world(case)
    body = _post(handler2, f"/api/cases/{case.pk}/legal-review", {"opinion": "agree", "text": "同意"})
    assert "法制审核人员不得是本案承办人（办审分离，行政处罚法第五十八条）" in body["message"]
    assert _world(case) == before


def test_a_decision_without_the_required_legal_review_is_refused(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, clock.today())
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="事实",
        evidence_summary="证据",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=FINE,
        discretion_facts=FACTS,
    )
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="同意")
    services.discussion_record(
        actor=cast.head, case=case, participants="甲、乙、丙", record="记录", conclusion="agree", conclusion_text="同意"
    )
    services.notice_issue(actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 10))
    travel(monkeypatch, date(2025, 3, 25))
    before = _world(case)
    body = _post(
        cast.head,
        f"/api/cases/{case.pk}/decide",
        {"outcome": "penalty", "reasons": "r", "penalty_kinds": ["fine"], "fine": "50000"},
    )
    assert "未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）" in body["message"]
    assert _world(case) == before


def test_a_hearing_notice_less_than_seven_days_ahead_is_refused(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast), cast)
    travel(monkeypatch, date(2025, 3, 19))
    hearing = services.hearing_request(actor=cast.handler1, case=case, requested_on=date(2025, 3, 19))
    before = _world(case)
    body = _post(
        cast.handler1,
        f"/api/cases/{case.pk}/hearings/{hearing.pk}/schedule",
        {
            "notice_served_on": "2025-03-19",
            "hearing_date": "2025-03-27",
            "host_id": cast.host.pk,
            "location": "听证室",
        },
    )
    assert body["message"].startswith("听证通知过晚：应当在举行听证的七日前通知当事人")
    assert "最早可安排在2025年03月28日" in body["message"]
    assert _world(case) == before
    assert Hearing.objects.get(pk=hearing.pk).hearing_date is None


def test_a_hearing_request_after_five_working_days_is_refused(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast), cast)  # notified 2025-03-17
    travel(monkeypatch, date(2025, 3, 25))
    before = _world(case)
    body = _post(cast.handler1, f"/api/cases/{case.pk}/request-hearing", {"requested_on": "2025-03-25"})
    assert "听证申请已超过期限" in body["message"] and "第六十四条" in body["message"]
    assert _world(case) == before


def test_a_fine_outside_the_discretion_tier_needs_a_written_reason(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, clock.today())
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="事实",
        evidence_summary="证据",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=Decimal("70000"),
        discretion_facts=FACTS,
    )
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="同意")
    services.notice_issue(actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 10))
    travel(monkeypatch, date(2025, 3, 25))
    before = _world(case)
    payload = {"outcome": "penalty", "reasons": "r", "penalty_kinds": ["fine"], "fine": "70000"}
    body = _post(cast.head, f"/api/cases/{case.pk}/decide", payload)
    assert (
        body["message"] == "罚款70000.00元超出裁量阶次的范围（48000.00元至64000.00元），须写明书面理由并经负责人批准。"
    )
    assert _world(case) == before
    payload["out_of_range_reason"] = "当事人拒不停止建设，情节恶劣。"
    assert (
        _client(cast.head).post(f"/api/cases/{case.pk}/decide", payload, content_type="application/json").status_code
        == 201
    )
    assert Decision.objects.get(case=case).out_of_range_approved_by == cast.head


def test_a_double_payment_is_refused(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    services.case_decide(actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE)
    services.decision_serve(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 25), recipient="张三", proof="回证"
    )
    services.payment_record(
        actor=cast.clerk,
        case=case,
        kind="fine",
        amount=FINE,
        paid_on=date(2025, 3, 25),
        receipt_number="R-1",
        bank="示范银行",
    )
    before = _world(case)
    same_receipt = _post(
        cast.clerk,
        f"/api/cases/{case.pk}/pay",
        {"kind": "fine", "amount": "50000", "paid_on": "2025-03-25", "receipt_number": "R-1", "bank": "示范银行"},
    )
    assert same_receipt["message"] == "缴款凭证「R-1」已经登记，不能重复入账。"
    again = _post(
        cast.clerk,
        f"/api/cases/{case.pk}/pay",
        {"kind": "fine", "amount": "50000", "paid_on": "2025-03-25", "receipt_number": "R-2", "bank": "示范银行"},
    )
    assert again["message"].startswith("缴款50000.00元超过应缴的罚款0.00元")
    assert _world(case) == before


def test_a_criminal_transfer_approved_after_three_days_or_sent_after_24_hours_needs_a_reason(
    monkeypatch, bureau, cast
) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    reported = timezone.make_aware(datetime(2025, 3, 4, 9, 0))
    travel(monkeypatch, date(2025, 3, 4))
    transfer = services.transfer_report(
        actor=cast.handler1,
        case=case,
        kind="criminal",
        receiving_body="示范市公安局",
        reason="违法建设涉嫌犯罪",
        reported_at=reported,
    )
    travel(monkeypatch, date(2025, 3, 8))  # the 3 days ran out on 2025-03-07
    before = _world(case)
    body = _post(cast.head, f"/api/cases/{case.pk}/transfers/{transfer.pk}/approve", {})
    assert body["message"].startswith("批准已超过期限：负责人应当自接到报告之日起三日内作出决定（2025年03月07日届满")
    assert _world(case) == before
    approved = _client(cast.head).post(
        f"/api/cases/{case.pk}/transfers/{transfer.pk}/approve",
        {"late_reason": "负责人出差，3月8日返岗后审批。"},
        content_type="application/json",
    )
    assert approved.status_code == 201
    travel(monkeypatch, date(2025, 3, 9), at=time(11, 0))  # approved 03-08 10:00: due 03-09 10:00
    url = f"/api/cases/{case.pk}/transfers/{transfer.pk}/complete"
    body = _post(cast.handler1, url, {"attachments": ["transfer_letter", "investigation_report"]})
    assert "移送材料不全，缺少：涉案物品清单" in body["message"]
    before = _world(case)
    body = _post(cast.handler1, url, {"attachments": ["transfer_letter", "investigation_report", "items_list"]})
    assert body["message"].startswith("移送已超过期限：应当自批准之时起二十四小时内移送（2025年03月09日 10:00届满")
    assert _world(case) == before
    transfer.refresh_from_db()
    assert transfer.transferred_at is None
