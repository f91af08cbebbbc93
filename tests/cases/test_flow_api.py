"""The full 一般程序 and 简易程序 cases through the REST API, as an integration would drive them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.cases.models import Case, CaseState
from tests.cases.flow import JPEG, make_cast, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.client.force_login(user)

    def post(self, url: str, data: dict[str, Any] | None = None, status: int = 201) -> Any:
        response = self.client.post(f"/api/cases{url}", data or {}, content_type="application/json")
        assert response.status_code == status, response.content.decode()
        return response.json()

    def get(self, url: str) -> Any:
        response = self.client.get(f"/api/cases{url}")
        assert response.status_code == 200, response.content.decode()
        return response.json()


def test_a_general_procedure_case_runs_through_the_api(monkeypatch, bureau, cast) -> None:
    h1, h2, leader = Api(cast.handler1), Api(cast.handler2), Api(cast.leader)
    reviewer, head, clerk = Api(cast.reviewer), Api(cast.head), Api(cast.clerk)
    travel(monkeypatch, date(2025, 3, 3))
    case_id = h1.post(
        "/",
        {
            "agency_id": bureau.squad.pk,
            "source": "complaint",
            "power_item_code": "SL-GH-001",
            "party_kind": "person",
            "party_name": "张三",
            "party_id_number": "11010519491231002X",
            "act_date": "2025-02-20",
            "discovered_on": "2025-03-03",
            "location": "城东路1号",
            "facts": "未批先建",
        },
    )["id"]
    Case.objects.filter(pk=case_id).update(is_major=True)
    head.post(f"/{case_id}/register", {"handler_ids": [o.pk for o in cast.officers], "on": "2025-03-03"}, status=200)
    travel(monkeypatch, date(2025, 3, 10))
    upload = h1.client.post(
        f"/api/evidence/case/{case_id}",
        {
            "kind": "inspection_record",
            "title": "现场照片",
            "collected_at": "2025-03-10T09:00:00",
            "collected_by_id": cast.officers[0].pk,
            "location": "城东路1号",
            "file": SimpleUploadedFile("现场照片.jpg", JPEG, content_type="image/jpeg"),
        },
    )
    assert upload.status_code == 201, upload.content.decode()
    actions = {a["code"]: a for a in h1.get(f"/{case_id}/actions")}
    assert actions["conclude"]["allowed"]
    h1.post(
        f"/{case_id}/conclude",
        {
            "facts": "未取得建设工程规划许可证建设房屋50平方米。",
            "evidence_summary": "现场检查笔录、照片",
            "proposed_outcome": "penalty",
            "penalty_kinds": ["fine"],
            "fine": "50000",
            "discretion_facts": {"面积": 50, "工程造价": 800000},
        },
    )
    # The handler may not review his own case; the page would show why.
    blocked = {a["code"]: a for a in h1.get(f"/{case_id}/actions")}["case_review"]
    assert not blocked["allowed"] and any("须由中队长或负责人办理" in r for r in blocked["reasons"])
    leader.post(f"/{case_id}/case-review", {"opinion": "agree", "text": "同意"})
    reviewer.post(f"/{case_id}/legal-review", {"opinion": "agree", "text": "同意"})
    head.post(
        f"/{case_id}/discuss",
        {
            "participants": "周正国、林法明、陈立军",
            "record": "一致同意",
            "conclusion": "agree",
            "conclusion_text": "同意罚款五万元",
        },
    )
    travel(monkeypatch, date(2025, 3, 17))
    h2.post(f"/{case_id}/notify", {"method": "direct", "served_on": "2025-03-17"})
    travel(monkeypatch, date(2025, 3, 19))
    hearing_id = h1.post(f"/{case_id}/request-hearing", {"requested_on": "2025-03-19"})["id"]
    travel(monkeypatch, date(2025, 3, 20))
    h1.post(
        f"/{case_id}/hearings/{hearing_id}/schedule",
        {"notice_served_on": "2025-03-20", "hearing_date": "2025-03-31", "host_id": cast.host.pk, "location": "听证室"},
    )
    travel(monkeypatch, date(2025, 3, 31))
    h1.post(f"/{case_id}/hearings/{hearing_id}/record", {"held": True, "record": "听证笔录"})
    travel(monkeypatch, date(2025, 4, 1))
    reviewer.post(f"/{case_id}/legal-review", {"opinion": "agree", "text": "听证后审核同意"})
    head.post(
        f"/{case_id}/decide",
        {"outcome": "penalty", "reasons": "违反城乡规划法第四十条", "penalty_kinds": ["fine"], "fine": "50000"},
    )
    travel(monkeypatch, date(2025, 4, 2))
    h1.post(
        f"/{case_id}/serve", {"method": "direct", "served_on": "2025-04-02", "recipient": "张三", "proof": "送达回证"}
    )
    travel(monkeypatch, date(2025, 4, 28))
    money = h1.get(f"/{case_id}/money")
    assert money["due"] == "2025-04-17" and money["late_fee"] == "16500.00"  # 11 days × 1500
    h1.post(f"/{case_id}/remind", {"method": "direct", "served_on": "2025-04-28", "recipient": "张三", "proof": "回证"})
    travel(monkeypatch, date(2025, 10, 13))
    court_id = head.post(f"/{case_id}/apply-court", {"court": "示范市人民法院"})["id"]
    travel(monkeypatch, date(2025, 12, 1))
    head.post(f"/{case_id}/court-enforcements/{court_id}", {"accepted_on": "2025-10-20", "completed_on": "2025-12-01"})
    head.post(f"/{case_id}/close", {"summary": "法院强制执行完毕"})
    clerk.post(f"/{case_id}/archive")
    for kind in (
        "register_approval",
        "investigation_report",
        "legal_review_opinion",
        "discussion_record",
        "pre_decision_notice",
        "hearing_notice",
        "hearing_record",
        "penalty_decision",
        "service_receipt",
        "reminder",
        "enforcement_application",
        "closing_report",
        "file_cover",
    ):
        made = h1.client.post(f"/api/documents/case/{case_id}", {"kind": kind}, content_type="application/json")
        assert made.status_code == 201, made.content.decode()
    decision_doc = h1.client.get(f"/api/documents/case/{case_id}").json()
    assert any(d["number"] == "示城管罚决字〔2025〕第1号" for d in decision_doc)
    case = h1.get(f"/{case_id}")
    assert case["state"] == CaseState.ARCHIVED
    assert case["decision_number"] == "示城管罚决字〔2025〕第1号"
    from fazhi.reports.selectors import annual_figures

    figures = annual_figures(agency=bureau.bureau, year=2025, include_subordinates=True, today=date(2025, 12, 31))
    assert figures["cases.general.count"] == 1 and figures["cases.general.fines"] == "50000.00"
    assert figures["cases.general.major"] == 1
    assert figures["court_enforcement.applied"] == 1 and figures["court_enforcement.completed"] == 1
    assert figures["publicity.due"] == 1 and figures["publicity.on_time_rate"] == "0.0"  # never published
    assert figures["legal_review.opinions"] == 2
    timeline = [e["action"] for e in h1.get(f"/{case_id}/timeline")]
    assert "case.hearing_record" in timeline and "case.archive" in timeline
    assert timeline[-1] == "document.generate"


def test_a_simple_procedure_case_runs_through_the_api(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    Api(cast.clerk).post(
        "/form-stocks", {"agency_id": bureau.bureau.pk, "prefix": "示当", "first_no": 1, "last_no": 50}
    )
    h1 = Api(cast.handler1)
    case = h1.post(
        "/simple",
        {
            "agency_id": bureau.squad.pk,
            "power_item_code": "SL-SR-001",
            "party_kind": "person",
            "party_name": "李四",
            "act_date": "2025-03-03",
            "handler_ids": [o.pk for o in cast.officers],
            "penalty_kinds": ["fine"],
            "fine": "50",
            "facts": "随意倾倒生活垃圾",
            "location": "城东路",
            "collect_on_spot": True,
            "receipt_number": "财政票据0001",
            "told": True,
            "party_response": "declined",
        },
    )
    assert case["procedure"] == "simple" and case["simple_form_number"] == "示当000001"
    made = h1.client.post(
        f"/api/documents/case/{case['id']}", {"kind": "simple_decision"}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["number"] == "示当000001"
    filed = h1.post(f"/{case['id']}/file", status=200)
    assert filed["state"] == CaseState.CLOSED
