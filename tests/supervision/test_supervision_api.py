"""The supervision API: the disposition loop, 督查 with its 交办单, issuing a 通报, 案卷评查 — success and refusal
with the same setup, and no 500 for bad ids."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.supervision.models import IssuedBulletin
from tests.cases.flow import travel
from tests.supervision.test_dispositions import make_alert


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict) -> object:  # type: ignore[type-arg]
    return client.post(url, data, content_type="application/json")


def test_the_disposition_loop_through_the_api(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    alert = make_alert(bureau.squad)
    head, leader = _client(cast.head), _client(cast.leader)
    payload = {"agency_id": bureau.squad.pk, "assignee_id": cast.leader.pk, "deadline": "2025-07-10"}
    refused = _post(leader, f"/api/supervision/alerts/{alert.pk}/assign", payload)
    assert refused.status_code == 403 and "负责人" in refused.json()["message"]
    r = _post(head, f"/api/supervision/alerts/{alert.pk}/assign", payload)
    assert r.status_code == 201, r.content
    did = r.json()["id"]
    assert r.json()["status"] == "assigned" and r.json()["overdue"] is False
    mine = leader.get("/api/supervision/dispositions?mine=true").json()
    assert [d["id"] for d in mine] == [did]
    r = leader.post(
        f"/api/supervision/dispositions/{did}/answer",
        {"explanation": "已整改", "files": [_file("整改.pdf", b"%PDF-1.4 test")]},
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "answered" and r.json()["steps"][1]["attachments"][0]["name"] == "整改.pdf"
    r = _post(head, f"/api/supervision/dispositions/{did}/return", {"reason": ""})
    assert r.status_code == 400 and "退回理由" in r.json()["message"]
    r = _post(head, f"/api/supervision/dispositions/{did}/return", {"reason": "材料不全"})
    assert r.json()["status"] == "returned"
    r = leader.post(f"/api/supervision/dispositions/{did}/answer", {"explanation": "已补充"})
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = _post(head, f"/api/supervision/dispositions/{did}/close", {"note": "属实"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert [s["action"] for s in r.json()["steps"]] == ["assign", "answer", "return", "answer", "close"]
    r = _post(head, f"/api/supervision/dispositions/{did}/escalate", {"note": "督办"})
    assert r.status_code == 409 and "已办结" in r.json()["message"]


def _file(name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_another_unit_sees_no_disposition(monkeypatch, bureau, cast, make_user) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    alert = make_alert(bureau.squad)
    head = _client(cast.head)
    r = _post(
        head,
        f"/api/supervision/alerts/{alert.pk}/assign",
        {"agency_id": bureau.squad.pk, "assignee_id": cast.leader.pk, "deadline": "2025-07-10"},
    )
    did = r.json()["id"]
    west = _client(make_user(bureau.squad2, Role.SQUAD_LEADER))
    r = west.get(f"/api/supervision/dispositions/{did}")
    assert r.status_code == 404 and "不存在或您无权访问" in r.json()["message"]
    assert west.post(f"/api/supervision/dispositions/{did}/answer", {"explanation": "x"}).status_code == 404


def test_inspections_and_their_items_through_the_api(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    head = _client(cast.head)
    payload = {
        "agency_id": bureau.squad.pk,
        "inspected_on": "2025-07-01",
        "inspectors": "王督查、李督查",
        "findings": "案卷装订不规范",
        "items": [{"text": "重新装订案卷", "deadline": "2025-07-15"}, {"text": "建立台账", "deadline": "2025-07-20"}],
    }
    refused = _post(_client(cast.handler1), "/api/supervision/inspections", payload)
    assert refused.status_code == 403
    r = _post(head, "/api/supervision/inspections", payload)
    assert r.status_code == 201, r.content
    body = r.json()
    assert [i["number"] for i in body["items"]] == [1, 2] and body["problems"] == 2
    item = body["items"][0]["id"]
    travel(monkeypatch, date(2025, 7, 16))
    overdue = head.get("/api/supervision/inspections/overdue-items").json()
    assert [i["number"] for i in overdue] == [1]
    r = _post(head, f"/api/supervision/inspection-items/{item}/close", {"closed_on": "2025-07-16", "note": "已装订"})
    assert r.status_code == 200 and r.json()["closed_on"] == "2025-07-16" and r.json()["overdue"] is False
    r = _post(head, f"/api/supervision/inspection-items/{item}/close", {"closed_on": "2025-07-16", "note": "再次"})
    assert r.status_code == 409
    r = _post(head, f"/api/supervision/inspections/{body['id']}/items", {"text": "补充", "deadline": "2025-08-01"})
    assert r.status_code == 201 and r.json()["number"] == 3


def test_issuing_a_bulletin_through_the_api(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 8, 1))
    head = _client(cast.head)
    payload = {"agency_id": bureau.bureau.pk, "kind": "monthly", "year": 2025, "month": 8}
    r = _post(head, "/api/supervision/bulletins", payload)
    assert r.status_code == 409 and "尚未结束" in r.json()["message"]
    r = _post(head, "/api/supervision/bulletins", payload | {"month": 7})
    assert r.status_code == 201, r.content
    assert r.json()["number_label"] == "〔2025〕第1期"
    r2 = head.get(f"/api/supervision/bulletins/{r.json()['id']}/docx")
    assert r2.status_code == 200 and r2.content[:2] == b"PK"
    assert _post(head, "/api/supervision/bulletins", payload | {"month": 7}).status_code == 409
    assert _post(head, "/api/supervision/bulletins", payload | {"month": 13}).status_code == 400
    officer = _client(cast.handler1)
    assert _post(officer, "/api/supervision/bulletins", payload | {"month": 6}).status_code == 404  # not his unit
    own = payload | {"agency_id": bureau.squad.pk, "month": 6}
    assert _post(officer, "/api/supervision/bulletins", own).status_code == 403
    assert IssuedBulletin.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/supervision/dispositions/999999",
        "/api/supervision/dispositions/abc",
        "/api/supervision/bulletins/999999",
        "/api/supervision/bulletins/999999/docx",
        "/api/supervision/inspections/999999",
        "/api/supervision/reviews/draws/999999",
        "/api/supervision/dispositions/99999999999999999999999",
    ],
)
def test_bad_ids_answer_in_chinese_never_500(bureau, cast, url) -> None:
    r = _client(cast.head).get(url)
    assert r.status_code in {400, 404, 422} and r.json()["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/supervision/alerts/999999/assign",
        "/api/supervision/dispositions/999999/close",
        "/api/supervision/inspection-items/999999/close",
        "/api/supervision/inspections/999999/items",
    ],
)
def test_bad_ids_in_writes_answer_in_chinese(bureau, cast, url) -> None:
    r = _post(_client(cast.head), url, {})
    assert r.status_code in {400, 404, 422} and r.json()["message"]


def test_file_review_through_the_api_with_a_float_share(monkeypatch, bureau, cast) -> None:
    from tests.supervision.test_file_review import _closed_cases

    _closed_cases(monkeypatch, bureau, cast, 8)
    travel(monkeypatch, date(2025, 7, 1))
    client = _client(cast.reviewer)
    payload = {"agency_id": bureau.bureau.pk, "period_start": "2025-06-01", "period_end": "2025-06-30", "seed": "s1"}
    r = _post(client, "/api/supervision/reviews/draws", payload | {"share": 0.25})
    assert r.status_code == 201, r.content
    draw = r.json()
    assert draw["share"] in {"0.250", 0.25, "0.25"} and len(draw["case_ids"]) == 2 and draw["verified"]
    assert _post(client, "/api/supervision/reviews/draws", payload | {"share": 1.5}).status_code == 400
    assert client.get(f"/api/supervision/reviews/draws/{draw['id']}").json()["verified"] is True
    from fazhi.supervision.file_review import checklist_create

    items = list(checklist_create(actor=cast.reviewer, name="默认").items.all())
    scores = {str(i.pk): str(i.max_score) for i in items}
    case_id = draw["case_ids"][0]
    r = _post(
        client,
        "/api/supervision/reviews",
        {"case_id": case_id, "draw_id": draw["id"], "scores": scores, "exemplary": True, "comments": "规范"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["grade"] == "excellent"
    again = _post(client, "/api/supervision/reviews", {"case_id": case_id, "scores": scores})
    assert again.status_code == 409 and "已评查过" in again.json()["message"]
    results = client.get(
        f"/api/supervision/reviews/results?agency_id={bureau.bureau.pk}&start=2025-01-01&end=2025-12-31"
    )
    assert results.json()[0]["exemplary"] == 1
    library = _client(cast.handler1).get("/api/supervision/reviews/library").json()
    assert len(library) == 1 and library[0]["kind"] == "exemplary"
    assert "11010519491231002X" not in str(library) and "13812345678" not in str(library)
