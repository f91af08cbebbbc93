"""The 双随机 API and pages: a draw through the API reports itself verified; a one-officer task is refused."""

from __future__ import annotations

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.inspections.models import InspectionTask


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_plan_is_drawn_through_the_api_and_verified(bureau, make_user, make_officer) -> None:
    for i in range(3):
        make_officer(name=f"队员{i}")
    client = _client(make_user(bureau.bureau, Role.CLERK))
    for i in range(4):
        r = client.post(
            "/api/inspections/targets",
            {"agency_id": bureau.bureau.pk, "name": f"商户{i}"},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
    plan = client.post(
        "/api/inspections/plans",
        {"agency_id": bureau.bureau.pk, "title": "抽查", "year": 2025, "sample_share": "50"},
        content_type="application/json",
    ).json()
    draw = client.post(f"/api/inspections/plans/{plan['id']}/draws", {"seed": 99}, content_type="application/json")
    assert draw.status_code == 201, draw.content
    assert draw.json()["verified"] is True and draw.json()["target_count"] == 2
    assert client.get(f"/api/inspections/draws/{draw.json()['id']}").json()["seed"] == 99


def test_a_task_with_one_officer_is_refused_through_the_api(bureau, make_user, make_officer) -> None:
    officer = make_officer()
    client = _client(make_user(bureau.squad, Role.OFFICER))
    target = client.post(
        "/api/inspections/targets", {"agency_id": bureau.squad.pk, "name": "商户"}, content_type="application/json"
    )
    assert target.status_code == 403  # an officer does not keep the register
    clerk = _client(make_user(bureau.bureau, Role.CLERK))
    target_id = clerk.post(
        "/api/inspections/targets", {"agency_id": bureau.squad.pk, "name": "商户"}, content_type="application/json"
    ).json()["id"]
    response = client.post(
        "/api/inspections/tasks",
        {
            "agency_id": bureau.squad.pk,
            "target_id": target_id,
            "officer_ids": [officer.pk],
            "inspected_on": "2025-05-06",
        },
        content_type="application/json",
    )
    assert response.status_code == 409 and "不得少于两人" in response.json()["message"]
    assert not InspectionTask.objects.exists()


def test_the_inspection_pages_render(bureau, make_user) -> None:
    client = _client(make_user(bureau.bureau, Role.CLERK))
    assert client.get("/inspections/").status_code == 200
    assert client.get("/inspections/tasks/").status_code == 200
