"""The full 一般程序 and 简易程序 cases through the web pages, as officers, reviewers and the head click them."""

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


class Browser:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.client.force_login(user)

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    def submit(self, url: str, data: dict[str, Any]) -> None:
        """Post a form; success redirects, a refusal re-renders the page with its message."""
        response = self.client.post(url, data)
        if response.status_code != 302:
            body = response.content.decode()
            start = body.find('class="msg error"')
            raise AssertionError(body[start : start + 400] if start >= 0 else body[:400])


def test_a_general_procedure_case_runs_through_the_web_pages(monkeypatch, bureau, cast) -> None:
    h1, leader = Browser(cast.handler1), Browser(cast.leader)
    head, clerk = Browser(cast.head), Browser(cast.clerk)
    travel(monkeypatch, date(2025, 3, 3))
    h1.submit(
        "/cases/new/",
        {
            "agency": bureau.squad.pk,
            "source": "patrol",
            "power_item_code": "SL-GH-001",
            "party_kind": "person",
            "party_name": "张三",
            "party_id_number": "11010519491231002X",
            "act_date": "2025-02-20",
            "discovered_on": "2025-03-03",
            "location": "城东路1号",
            "facts": "未批先建",
        },
    )
    case = Case.objects.get()
    url = f"/cases/{case.pk}/"
    assert "立案须由本案执法主体的负责人批准" in h1.page(url)
    head.submit(url, {"action": "register", "handler_ids": [o.pk for o in cast.officers], "on": "2025-03-03"})
    travel(monkeypatch, date(2025, 3, 10))
    assert (
        "本案尚无证据"
        in h1.client.post(
            url,
            {
                "action": "conclude",
                "facts": "f",
                "evidence_summary": "e",
                "proposed_outcome": "penalty",
                "penalty_kinds": ["fine"],
                "fine": "50000",
            },
        ).content.decode()
    )
    h1.submit(
        f"/evidence/case/{case.pk}/",
        {
            "action": "upload",
            "kind": "inspection_record",
            "title": "现场照片",
            "collected_at": "2025-03-10T09:00",
            "collected_by": cast.officers[0].pk,
            "location": "城东路1号",
            "file": SimpleUploadedFile("现场照片.jpg", JPEG, content_type="image/jpeg"),
        },
    )
    assert "现场照片" in h1.page(url)  # the case page shows its evidence
    h1.submit(
        url,
        {
            "action": "conclude",
            "facts": "建设房屋50平方米",
            "evidence_summary": "笔录、照片",
            "proposed_outcome": "penalty",
            "penalty_kinds": ["fine"],
            "fine": "50000",
            "discretion_facts": "面积=50\n工程造价=800000",
        },
    )
    page = h1.page(url)
    assert "裁量说明" in page and "一般" in page
    assert "案件审核人不得是本案承办人" in page or "须由中队长或负责人办理" in page  # disabled, with its reason
    leader.submit(url, {"action": "case_review", "opinion": "agree", "text": "同意"})
    travel(monkeypatch, date(2025, 3, 17))
    h1.submit(url, {"action": "notify", "method": "direct", "served_on": "2025-03-17"})
    travel(monkeypatch, date(2025, 3, 25))
    page = head.page(url)
    assert "作出决定" in page
    head.submit(
        url,
        {
            "action": "decide",
            "outcome": "penalty",
            "penalty_kinds": ["fine"],
            "fine": "50000",
            "reasons": "违反城乡规划法第四十条",
        },
    )
    h1.submit(
        url,
        {"action": "serve", "method": "direct", "served_on": "2025-03-25", "recipient": "张三", "proof": "送达回证"},
    )
    travel(monkeypatch, date(2025, 4, 11))  # due 2025-04-09: two days late, 3000 元 加处罚款
    clerk.submit(
        url,
        {
            "action": "pay",
            "kind": "fine",
            "amount": "50000",
            "paid_on": "2025-04-11",
            "receipt_number": "B-1",
            "bank": "示范银行",
        },
    )
    assert "尚欠 3000.00 元" in h1.page(url)
    clerk.submit(
        url,
        {
            "action": "pay",
            "kind": "late_fee",
            "amount": "3000",
            "paid_on": "2025-04-11",
            "receipt_number": "B-2",
            "bank": "示范银行",
        },
    )
    head.submit(url, {"action": "close", "summary": "已缴清"})
    clerk.submit(url, {"action": "archive"})
    assert Case.objects.get(pk=case.pk).state == CaseState.ARCHIVED
    todo = h1.page("/cases/todo/")
    assert "没有待办事项" in todo


def test_a_refusal_on_the_page_shows_the_rule_and_changes_nothing(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    browser = Browser(cast.handler1)
    response = browser.client.post(
        "/cases/simple/new/",
        {
            "agency": bureau.squad.pk,
            "handlers": [o.pk for o in cast.officers],
            "power_item_code": "SL-SR-001",
            "party_kind": "person",
            "party_name": "李四",
            "location": "城东路",
            "facts": "倾倒垃圾",
            "penalty_kinds": ["fine"],
            "fine": "300",
        },
    )
    assert response.status_code == 200
    assert "超过简易程序的限额200元，应适用一般程序（行政处罚法第五十一条）" in response.content.decode()
    assert not Case.objects.exists()


def test_a_simple_procedure_case_runs_through_the_web_pages(monkeypatch, bureau, cast) -> None:
    from fazhi.cases import services

    travel(monkeypatch, date(2025, 3, 3))
    services.form_stock_receive(actor=cast.clerk, agency=bureau.bureau, prefix="示当", first_no=1, last_no=10)
    browser = Browser(cast.handler1)
    assert "可以当场作出处罚决定" in browser.page("/cases/simple/new/")
    browser.submit(
        "/cases/simple/new/",
        {
            "agency": bureau.squad.pk,
            "handlers": [o.pk for o in cast.officers],
            "power_item_code": "SL-SR-001",
            "party_kind": "person",
            "party_name": "李四",
            "location": "城东路",
            "facts": "倾倒垃圾",
            "penalty_kinds": ["fine"],
            "fine": "150",
            "told": "on",
            "party_response": "declined",
        },
    )
    case = Case.objects.get()
    assert case.simple_form_number == "示当000001" and case.state == CaseState.EXECUTING
    clerk = Browser(cast.clerk)
    clerk.submit(
        f"/cases/{case.pk}/",
        {
            "action": "pay",
            "kind": "fine",
            "amount": "150",
            "paid_on": "2025-03-03",
            "receipt_number": "B-9",
            "bank": "示范银行",
        },
    )
    browser.submit(f"/cases/{case.pk}/", {"action": "file"})
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_a_major_case_with_hearing_reminder_and_court_runs_through_the_web_pages(monkeypatch, bureau, cast) -> None:
    h1, leader, reviewer = Browser(cast.handler1), Browser(cast.leader), Browser(cast.reviewer)
    head, clerk = Browser(cast.head), Browser(cast.clerk)
    travel(monkeypatch, date(2025, 3, 3))
    h1.submit(
        "/cases/new/",
        {
            "agency": bureau.squad.pk,
            "source": "digital_city",
            "power_item_code": "SL-GH-001",
            "party_kind": "person",
            "party_name": "张三",
            "act_date": "2025-02-20",
            "discovered_on": "2025-03-03",
            "facts": "未批先建",
        },
    )
    case = Case.objects.get()
    url = f"/cases/{case.pk}/"
    head.submit(url, {"action": "register", "handler_ids": [o.pk for o in cast.officers], "on": "2025-03-03"})
    reviewer.submit(url, {"action": "flags", "is_major": "on"})
    travel(monkeypatch, date(2025, 3, 10))
    h1.submit(
        f"/evidence/case/{case.pk}/",
        {
            "action": "upload",
            "kind": "inspection_record",
            "title": "现场照片",
            "collected_at": "2025-03-10T09:00",
            "collected_by": cast.officers[0].pk,
            "file": SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg"),
        },
    )
    h1.submit(
        url,
        {
            "action": "conclude",
            "facts": "建设房屋50平方米",
            "evidence_summary": "笔录、照片",
            "proposed_outcome": "penalty",
            "penalty_kinds": ["fine"],
            "fine": "50000",
            "discretion_facts": "面积=50\n工程造价=800000",
        },
    )
    leader.submit(url, {"action": "case_review", "opinion": "agree", "text": "同意"})
    reviewer.submit(url, {"action": "legal_review", "opinion": "agree", "text": "同意"})
    head.submit(
        url,
        {
            "action": "discuss",
            "participants": "周正国、林法明、陈立军",
            "record": "一致同意",
            "conclusion": "agree",
            "conclusion_text": "同意",
        },
    )
    travel(monkeypatch, date(2025, 3, 17))
    h1.submit(url, {"action": "notify", "method": "direct", "served_on": "2025-03-17"})
    travel(monkeypatch, date(2025, 3, 19))
    h1.submit(url, {"action": "request_hearing", "requested_on": "2025-03-19"})
    hearing = case.hearings.get()
    travel(monkeypatch, date(2025, 3, 20))
    h1.submit(
        url,
        {
            "action": "schedule_hearing",
            "item": hearing.pk,
            "notice_served_on": "2025-03-20",
            "hearing_date": "2025-03-31",
            "host_id": cast.host.pk,
            "location": "听证室",
        },
    )
    travel(monkeypatch, date(2025, 3, 31))
    h1.submit(url, {"action": "record_hearing", "item": hearing.pk, "held": "yes", "record": "听证笔录"})
    assert "听证后审核" in head.page(url)  # the decide action is disabled and says why
    travel(monkeypatch, date(2025, 4, 1))
    reviewer.submit(url, {"action": "legal_review", "opinion": "agree", "text": "听证后审核同意"})
    head.submit(
        url,
        {
            "action": "decide",
            "outcome": "penalty",
            "penalty_kinds": ["fine"],
            "fine": "50000",
            "reasons": "违反城乡规划法第四十条",
        },
    )
    travel(monkeypatch, date(2025, 4, 2))
    h1.submit(
        url,
        {"action": "serve", "method": "direct", "served_on": "2025-04-02", "recipient": "张三", "proof": "送达回证"},
    )
    travel(monkeypatch, date(2025, 4, 28))
    assert "加处罚款 16500.00 元" in h1.page(url)  # due 04-17, 11 days late at 3% of 50000 a day
    h1.submit(
        url, {"action": "remind", "method": "direct", "served_on": "2025-04-28", "recipient": "张三", "proof": "回证"}
    )
    travel(monkeypatch, date(2025, 10, 13))
    head.submit(url, {"action": "apply_court", "court": "示范市人民法院"})
    application = case.court_enforcements.get()
    travel(monkeypatch, date(2025, 12, 1))
    head.submit(
        url,
        {"action": "court_update", "item": application.pk, "accepted_on": "2025-10-20", "completed_on": "2025-12-01"},
    )
    head.submit(url, {"action": "close", "summary": "法院强制执行完毕"})
    clerk.submit(url, {"action": "archive"})
    for kind in (
        "legal_review_opinion",
        "discussion_record",
        "hearing_record",
        "penalty_decision",
        "reminder",
        "enforcement_application",
    ):
        h1.submit(f"/documents/case/{case.pk}/", {"kind": kind})
    assert Case.objects.get(pk=case.pk).state == CaseState.ARCHIVED
    assert case.documents.count() == 6  # type: ignore[attr-defined]
