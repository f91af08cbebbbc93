"""The 双随机 API and pages: commit and draw through the API, verified; refusals in Chinese; the public pages."""

from __future__ import annotations

import hashlib
from datetime import date, time
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
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
    committed = client.post(f"/api/inspections/plans/{plan['id']}/draws", {}, content_type="application/json")
    assert committed.status_code == 201, committed.content
    body = committed.json()
    assert body["status"] == "committed" and body["seed"] == "" and len(body["seed_hash"]) == 64
    assert body["verified"] is True and body["target_count"] == 2 and "seed_secret" not in body
    again = client.post(f"/api/inspections/plans/{plan['id']}/draws", {}, content_type="application/json")
    assert again.status_code == 409 and "只抽取一次" in again.json()["message"]
    drawn = client.post(f"/api/inspections/draws/{body['id']}/run", {}, content_type="application/json")
    assert drawn.status_code == 200, drawn.content
    assert drawn.json()["verified"] is True and len(drawn.json()["order"]) == 2
    assert hashlib.sha256(drawn.json()["seed"].encode()).hexdigest() == body["seed_hash"]
    short = client.post(
        f"/api/inspections/plans/{plan['id']}/redraw", {"reason": "重抽"}, content_type="application/json"
    )
    assert short.status_code == 400 and "理由" in short.json()["message"]


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


def test_the_plan_draw_and_task_pages_render_and_a_bad_id_is_a_chinese_404(bureau, make_user, make_officer) -> None:
    from fazhi.core import clock
    from fazhi.inspections.draws import draw_commit, draw_run
    from fazhi.inspections.services import inspection_plan_create, inspection_target_create

    for i in range(3):
        make_officer(name=f"队员{i}")
    clerk = make_user(bureau.bureau, Role.CLERK)
    for i in range(4):
        inspection_target_create(actor=clerk, agency=bureau.bureau, name=f"商户{i}", address="示范市城东路18号")
    plan = inspection_plan_create(
        actor=clerk,
        agency=bureau.bureau,
        title="抽查",
        year=2025,
        sample_share=Decimal("50"),
        checklist=[("证照公示", "", "市场监管"), ("门前三包", "", "城管")],
        joint_agencies="市场监管局、城管局",
    )
    client = _client(clerk)
    with clock.frozen_at(date(2025, 5, 6), time(9)):
        draw = draw_commit(actor=clerk, plan=plan)
    public = Client()
    page = public.get(f"/public/inspections/draws/{draw.pk}/")
    assert page.status_code == 200 and draw.seed_hash in page.content.decode()
    assert draw.seed_secret not in page.content.decode()
    assert draw.seed_secret not in public.get(f"/public/inspections/draws/{draw.pk}.json").content.decode()
    with clock.frozen_at(date(2025, 5, 6), time(10)):
        draw = draw_run(actor=clerk, draw=draw)
    task = draw.tasks.first()
    assert client.get(f"/inspections/plans/{plan.pk}/").status_code == 200
    assert client.get(f"/inspections/draws/{draw.pk}/").status_code == 200
    assert client.get(f"/inspections/tasks/{task.pk}/").status_code == 200
    assert client.get("/inspections/plans/999999/").status_code == 404
    listing = public.get("/public/inspections/")
    assert listing.status_code == 200 and "抽查" in listing.content.decode()
    assert "max-age=60" in listing["Cache-Control"]
    page = public.get(f"/public/inspections/draws/{draw.pk}/").content.decode()
    assert draw.seed in page and "城东路18号" not in page  # the address is masked
    assert public.get("/public/inspections/draws/999999/").status_code == 404
    missing = public.get("/public/inspections/draws/999999.json")
    assert missing.status_code == 404 and "抽取" in missing.json()["message"]


def test_bad_inputs_to_the_pages_and_the_api_get_chinese_refusals_not_500(
    bureau, make_user, make_officer, settings, tmp_path
) -> None:
    from fazhi.core import clock
    from fazhi.inspections.draws import draw_commit, draw_run
    from fazhi.inspections.services import inspection_plan_create, inspection_target_create

    settings.MEDIA_ROOT = str(tmp_path)
    officer = make_officer(name="队员甲")
    make_officer(name="队员乙")
    clerk = make_user(bureau.bureau, Role.CLERK)
    target = inspection_target_create(actor=clerk, agency=bureau.bureau, name="商户")
    plan = inspection_plan_create(
        actor=clerk,
        agency=bureau.bureau,
        title="抽查",
        year=2025,
        sample_share=Decimal("100"),
        checklist=[("证照", "", "")],
    )
    client = _client(clerk)
    for data in ({"what": "commit", "inspection_date": "2025-13-40"}, {"what": "run", "draw": "x"}, {"what": "?"}):
        response = client.post(f"/inspections/plans/{plan.pk}/", data, follow=True)
        assert response.status_code == 200
    redraw = client.post(
        f"/api/inspections/plans/{plan.pk}/redraw", {"reason": "名录有误需要更正"}, content_type="application/json"
    )
    assert redraw.status_code == 409 and "尚未作出抽取承诺" in redraw.json()["message"]
    relation = client.post(
        "/api/inspections/relations",
        {"officer_id": officer.pk, "target_id": target.pk, "reason": " "},
        content_type="application/json",
    )
    assert relation.status_code == 400 and "回避事由" in relation.json()["message"]
    exemption = client.post(
        "/api/inspections/exemptions",
        {
            "agency_id": bureau.bureau.pk,
            "target_id": target.pk,
            "valid_from": "2025-01-02",
            "valid_until": "2025-01-01",
            "reason": "守信",
        },
        content_type="application/json",
    )
    assert exemption.status_code == 400 and "有效期至不能早于" in exemption.json()["message"]
    with clock.frozen_at(date(2025, 5, 6), time(9)):
        draw = draw_run(actor=clerk, draw=draw_commit(actor=clerk, plan=plan))
    task = draw.tasks.get()
    png = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")
    response = client.post(f"/inspections/tasks/{task.pk}/", {"what": "photo", "photo": png}, follow=True)
    assert response.status_code == 200 and task.photos.count() == 1
    text = SimpleUploadedFile("a.png", b"not an image", content_type="image/png")
    response = client.post(f"/inspections/tasks/{task.pk}/", {"what": "photo", "photo": text}, follow=True)
    assert "只能上传照片" in response.content.decode() and task.photos.count() == 1
    bad_item = client.post(
        f"/api/inspections/tasks/{task.pk}/result",
        {"inspected_on": "2025-05-06", "result": "compliant", "items": [{"item_id": 999999, "outcome": "compliant"}]},
        content_type="application/json",
    )
    assert bad_item.status_code == 400 and "不在本计划的清单中" in bad_item.json()["message"]
    case = client.post(
        f"/api/inspections/tasks/{task.pk}/case", {"power_item_code": "X"}, content_type="application/json"
    )
    assert case.status_code == 409 and "发现问题" in case.json()["message"]
