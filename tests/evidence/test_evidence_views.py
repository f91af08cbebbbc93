"""The evidence page of a case: list with versions and custody, upload form, file links."""

from __future__ import annotations

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.evidence.models import CustodyEvent, Evidence
from tests.evidence.conftest import JPEG, MP4, PNG, at, upload


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_evidence_page_lists_evidence_with_its_custody_and_offers_the_upload_form(registered, upload_photo) -> None:
    from fazhi.evidence.services import evidence_correct

    evidence = upload_photo()
    corrected = evidence_correct(
        actor=registered.lead_user, evidence=evidence, file=upload("b.png", PNG), reason="原照片模糊"
    )
    upload_photo(
        kind="audiovisual",
        title="执法记录仪录像",
        file=upload("DSJ.mp4", MP4),
        is_body_camera=True,
        device_id="DSJ-017",
        recorded_start=at(hour=9),
        recorded_end=at(hour=10),
    )
    page = _client(registered.lead_user).get(f"/evidence/case/{registered.case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "违法现场照片" in html and evidence.sha256 in html and corrected.sha256 in html
    assert "上传证据" in html and "保管链（3条）" in html and "历史版本（1）" in html and "原照片模糊" in html
    assert "执法记录仪" in html and "DSJ-017" in html and "09:00:00–10:00:00" in html
    assert f"/evidence/{evidence.pk}/download/" in html


def test_uploading_through_the_page_then_viewing_the_file_is_recorded(registered) -> None:
    client = _client(registered.lead_user)
    response = client.post(
        f"/evidence/case/{registered.case.pk}/",
        {
            "action": "upload",
            "kind": "physical",
            "title": "占道经营现场照片",
            "collected_at": "2026-03-03T10:30",
            "collected_by": registered.second.pk,
            "latitude": "",
            "longitude": "",
            "file": upload(),
        },
        follow=True,
    )
    evidence = Evidence.objects.get()
    assert "已上传证据「占道经营现场照片」" in response.content.decode()
    view = client.get(f"/evidence/{evidence.pk}/view/")
    assert view.status_code == 200 and b"".join(view.streaming_content) == JPEG
    assert "attachment" not in view["Content-Disposition"]
    assert list(CustodyEvent.objects.values_list("action", flat=True)) == ["upload", "view"]


def test_a_refused_upload_on_the_page_shows_the_message_and_saves_nothing(registered) -> None:
    response = _client(registered.lead_user).post(
        f"/evidence/case/{registered.case.pk}/",
        {
            "action": "upload",
            "kind": "physical",
            "title": "照片",
            "collected_at": "2026-03-03T10:30",
            "collected_by": registered.lead.pk,
            "latitude": "95",
            "longitude": "113",
            "file": upload(),
        },
    )
    assert response.status_code == 200
    assert "纬度应在 -90 到 90 之间" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_another_squad_gets_not_found_on_the_page_and_the_file(bureau, registered, upload_photo, make_user) -> None:
    evidence = upload_photo()
    west = _client(make_user(bureau.squad2, Role.HEAD))
    assert west.get(f"/evidence/case/{registered.case.pk}/").status_code == 404
    hidden = west.get(f"/evidence/{evidence.pk}/download/")
    missing = west.get("/evidence/999999/download/")
    assert hidden.status_code == missing.status_code == 404
    for response in (hidden, missing):  # the pages differ only by their CSRF token
        assert "证据不存在或您无权访问。" in response.content.decode()
    assert evidence.custody.count() == 1


def test_the_page_requires_login(registered) -> None:
    response = Client().get(f"/evidence/case/{registered.case.pk}/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
