"""The 群众诉求 API and pages: the loop through the API, an out-of-order step refused, masked personal data."""

from __future__ import annotations

from datetime import date

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core import clock


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_loop_runs_through_the_api_and_an_early_close_is_refused(bureau, make_user) -> None:
    clerk = _client(make_user(bureau.bureau, Role.CLERK))
    squad = _client(make_user(bureau.squad, Role.OFFICER))
    response = clerk.post(
        "/api/complaints/",
        {
            "agency_id": bureau.bureau.pk,
            "source": "digital_city",
            "content": "占道经营",
            "received_at": "2025-06-03T09:00:00+08:00",
            "party_name": "王小明",
            "party_phone": "13800138000",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["party_phone"] != "13800138000" and body["deadline"] == "2025-06-10"
    cid = body["id"]
    early = clerk.post(f"/api/complaints/{cid}/close", {}, content_type="application/json")
    assert early.status_code == 409 and "不能办结" in early.json()["message"]
    steps = [
        (clerk, "dispatch", {"assigned_to_id": bureau.squad.pk}),
        (squad, "handle", {"handling_result": "已劝离"}),
        (clerk, "verify", {"passed": True}),
        (clerk, "close", {"satisfaction": "satisfied", "score": "90"}),
    ]
    with clock.frozen_at(date(2025, 6, 10)):  # handled on the last day of the deadline: in time
        for client, step, payload in steps:
            r = client.post(f"/api/complaints/{cid}/{step}", payload, content_type="application/json")
            assert r.status_code == 200, (step, r.content)
    assert r.json()["status"] == "closed"
    figures = clerk.get(f"/api/complaints/figures?agency_id={bureau.bureau.pk}&start=2025-01-01&end=2025-12-31")
    assert figures.json()["closed"] == 1 and figures.json()["handled_in_time"] == 1


def test_the_complaint_pages_render_and_register(bureau, make_user) -> None:
    client = _client(make_user(bureau.bureau, Role.CLERK))
    assert client.get("/complaints/").status_code == 200
    response = client.post(
        "/complaints/",
        {"agency": bureau.bureau.pk, "source": "hotline_12345", "content": "噪音", "received_at": "2025-06-03T09:00"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "交办" in page.content.decode()
