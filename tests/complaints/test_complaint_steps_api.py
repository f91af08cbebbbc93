"""The work-order API: register by category, steps, 延期, 回访, 转案源 — success and refusal, never a 500."""

from __future__ import annotations

from datetime import date, datetime, time

from django.test import Client

from fazhi.core import clock

from .conftest import Desk, at


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, payload: dict) -> object:  # type: ignore[type-arg]
    return client.post(url, payload, content_type="application/json")


def test_a_work_order_runs_through_the_api_with_its_steps(desk: Desk, bureau, power_list) -> None:  # type: ignore[no-untyped-def]
    clerk, head, east = _client(desk.clerk), _client(desk.head), _client(desk.east)
    with clock.frozen_at(date(2025, 6, 3), time(8, 30)):
        r = _post(
            clerk,
            "/api/complaints/",
            {
                "agency_id": bureau.bureau.pk,
                "source": "hotline_12345",
                "content": "暴露垃圾",
                "category_id": desk.two_hours.pk,
                "party_name": "王小明",
                "party_phone": "13800138000",
            },
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["category_code"] == "事件0102" and _moment(body["due_at"]) == at(2025, 6, 3, 10, 30)
        assert body["party_phone"] != "13800138000"
        cid = body["id"]
        r = _post(clerk, f"/api/complaints/{cid}/dispatch", {})  # the category's default unit
        assert r.status_code == 200 and r.json()["assigned_to_id"] == bureau.squad.pk
    with clock.frozen_at(date(2025, 6, 3), time(10, 0)):
        r = _post(east, f"/api/complaints/{cid}/extension", {"until": "2025-06-03T16:00:00+08:00", "reason": "下雨"})
        assert r.status_code == 200 and r.json()["extension_requested_until"]
        refused = _post(east, f"/api/complaints/{cid}/extension/decide", {"approved": True})
        assert refused.status_code == 403 and "无权" in refused.json()["message"]
        r = _post(head, f"/api/complaints/{cid}/extension/decide", {"approved": True})
        assert r.status_code == 200 and _moment(r.json()["due_at"]) == at(2025, 6, 3, 16, 0)
    with clock.frozen_at(date(2025, 6, 3), time(16, 1)):
        assert clerk.get(f"/api/complaints/{cid}").json()["late"] is True
        r = _post(east, f"/api/complaints/{cid}/handle", {"handling_result": "已清运"})
        assert r.status_code == 200
        r = _post(clerk, f"/api/complaints/{cid}/callback", {"satisfaction": "satisfied", "result": "满意"})
        assert r.status_code == 200 and r.json()["satisfaction"] == "satisfied"
        r = _post(
            east,
            f"/api/complaints/{cid}/case",
            {"power_item_code": "SL-SR-001", "party_kind": "person", "party_name": "王五"},
        )
        assert r.status_code == 201, r.content
        case_id = r.json()["case_id"]
        again = _post(
            east,
            f"/api/complaints/{cid}/case",
            {"power_item_code": "SL-SR-001", "party_kind": "person", "party_name": "王五"},
        )
        assert again.status_code == 409 and "重复" in again.json()["message"]
    steps = clerk.get(f"/api/complaints/{cid}/steps").json()
    assert [s["kind"] for s in steps] == [
        "register",
        "dispatch",
        "extension_request",
        "extension_approve",
        "handle",
        "callback",
        "case_open",
    ]
    assert [s["late"] for s in steps if s["kind"] == "handle"] == [True]
    assert clerk.get(f"/api/complaints/{cid}").json()["case_id"] == case_id
    page = clerk.get(f"/complaints/{cid}/").content.decode()
    assert "办理环节" in page and "超时" in page and "转案源" in page
    case_page = clerk.get(f"/cases/{case_id}/").content.decode()
    assert f"/complaints/{cid}/" in case_page


def test_the_category_api_lists_and_refuses_a_clerk(desk: Desk, bureau) -> None:  # type: ignore[no-untyped-def]
    clerk = _client(desk.clerk)
    listed = clerk.get("/api/complaints/categories").json()
    assert any(c["code"] == "0102" and c["limit_label"] == "2个工作时" for c in listed)
    payload = {
        "kind": "event",
        "major_code": "05",
        "major_name": "街面秩序",
        "code": "0501",
        "name": "无照经营游商",
        "limit_value": 3,
        "limit_unit": "hours",
    }
    assert _post(clerk, "/api/complaints/categories", payload).status_code == 403
    ok = _post(_client(desk.head), "/api/complaints/categories", payload)
    assert ok.status_code == 200 and ok.json()["limit_label"] == "3个工作时"
    bad = _post(_client(desk.head), "/api/complaints/categories", {**payload, "limit_unit": "weeks"})
    assert bad.status_code in (400, 422)


def test_bad_input_to_the_new_endpoints_and_forms_is_refused_in_chinese_not_500(desk: Desk, bureau) -> None:  # type: ignore[no-untyped-def]
    clerk = _client(desk.clerk)
    r = _post(
        clerk,
        "/api/complaints/",
        {"agency_id": bureau.bureau.pk, "source": "hotline_12345", "content": "x", "category_id": 999999},
    )
    assert r.status_code == 404
    cid = _post(
        clerk, "/api/complaints/", {"agency_id": bureau.bureau.pk, "source": "hotline_12345", "content": "x"}
    ).json()["id"]
    for url, payload in [
        (f"/api/complaints/{cid}/extension", {"until": "not a time", "reason": "x"}),
        (f"/api/complaints/{cid}/extension", {"until": "2025-06-03T16:00:00", "reason": "x"}),
        (f"/api/complaints/{cid}/extension/decide", {"approved": True}),
        (f"/api/complaints/{cid}/callback", {"satisfaction": "satisfied"}),
        (f"/api/complaints/{cid}/case", {"power_item_code": "x", "party_kind": "person", "party_name": "王五"}),
        (f"/api/complaints/{cid}/dispatch", {}),
        ("/api/complaints/999999/steps", {}),
    ]:
        r = _post(clerk, url, payload) if not url.endswith("steps") else clerk.get(url)
        assert 400 <= r.status_code < 500, (url, r.status_code, r.content)
        assert "message" in r.json() or "detail" in r.json()
    for form in [
        {"action": "extension_request", "until": "2025-99-01T10:00", "reason": "雨"},
        {"action": "extension_request", "until": "", "reason": "雨"},
        {"action": "extension_decide", "approved": "1", "until": "abc"},
        {"action": "callback", "satisfaction": "??"},
        {"action": "case_open", "act_date": "2025-02-30", "power_item_code": "x"},
        {"action": "close", "score": "NaN"},
        {"action": "dispatch", "assigned_to": "abc"},
        {"action": "nothing"},
    ]:
        r = clerk.post(f"/complaints/{cid}/action/", form)
        assert r.status_code == 302, (form, r.status_code)
    page = clerk.post(
        "/complaints/",
        {"agency": bureau.bureau.pk, "source": "hotline_12345", "content": "x", "category_item": "abc"},
    )
    assert page.status_code in (200, 400)
