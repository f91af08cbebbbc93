"""The evidence API: success and refusal with the same setup."""

from __future__ import annotations

import hashlib

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.evidence.models import CustodyEvent, Evidence
from tests.evidence.conftest import EXE, JPEG, MP4, PNG, upload


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _form(registered, **kw):  # type: ignore[no-untyped-def]
    return {
        "kind": "physical",
        "title": "违法搭建现场照片",
        "collected_at": "2026-03-03T10:00:00",
        "collected_by_id": registered.lead.pk,
        "location": "人民路12号",
        "latitude": "27.654321",
        "longitude": "113.498765",
        "file": upload(),
        **kw,
    }


def test_uploading_listing_and_downloading_evidence_through_the_api(registered) -> None:
    client = _client(registered.lead_user)
    response = client.post(f"/api/evidence/case/{registered.case.pk}", _form(registered))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert (body["kind_label"], body["version"], body["is_current"]) == ("物证", 1, True)
    assert body["collected_at"].startswith("2026-03-03T10:00:00") and body["collected_at"].endswith("+08:00")

    listing = client.get(f"/api/evidence/case/{registered.case.pk}").json()
    assert [e["id"] for e in listing] == [body["id"]]

    download = client.get(f"/api/evidence/{body['id']}/download")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == JPEG
    assert download["Content-Type"] == "image/jpeg"
    assert "attachment" in download["Content-Disposition"]
    custody = client.get(f"/api/evidence/{body['id']}/custody").json()
    assert [(c["action"], c["actor_id"]) for c in custody] == [
        ("upload", registered.lead_user.pk),
        ("download", registered.lead_user.pk),
    ]
    assert custody[1]["ip"] == "127.0.0.1"


def test_uploading_a_wrong_type_through_the_api_is_refused_with_the_same_message(registered) -> None:
    response = _client(registered.lead_user).post(
        f"/api/evidence/case/{registered.case.pk}", _form(registered, file=upload("照片.jpg", EXE))
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["message"].startswith("「物证」只能上传以下格式的文件：")
    assert Evidence.objects.count() == 0


def test_an_officer_outside_the_case_is_refused_through_the_api(bureau, registered, make_user, make_officer) -> None:
    outsider = make_user(bureau.squad, Role.OFFICER, officer=make_officer(name="丙"))
    response = _client(outsider).post(f"/api/evidence/case/{registered.case.pk}", _form(registered))
    assert response.status_code == 403
    assert Evidence.objects.count() == 0


def test_correcting_and_excluding_through_the_api(registered, legal_reviewer) -> None:
    client = _client(registered.lead_user)
    first = client.post(f"/api/evidence/case/{registered.case.pk}", _form(registered)).json()
    corrected = client.post(
        f"/api/evidence/{first['id']}/correct", {"reason": "原照片模糊", "file": upload("b.png", PNG)}
    )
    assert corrected.status_code == 201
    assert (corrected.json()["version"], corrected.json()["supersedes_id"]) == (2, first["id"])
    listing = client.get(f"/api/evidence/case/{registered.case.pk}").json()
    assert [(e["version"], e["is_current"], e["superseded_by_id"]) for e in listing] == [
        (1, False, corrected.json()["id"]),
        (2, True, None),
    ]
    refused = client.post(
        f"/api/evidence/{corrected.json()['id']}/exclude", {"reason": "非法取得"}, content_type="application/json"
    )
    assert refused.status_code == 403
    excluded = _client(legal_reviewer).post(
        f"/api/evidence/{corrected.json()['id']}/exclude", {"reason": "非法取得"}, content_type="application/json"
    )
    assert excluded.status_code == 200 and excluded.json()["is_excluded"] is True


def test_a_body_camera_video_through_the_api_carries_its_recording(registered) -> None:
    response = _client(registered.lead_user).post(
        f"/api/evidence/case/{registered.case.pk}",
        _form(
            registered,
            kind="audiovisual",
            title="执法记录仪录像",
            file=upload("DSJ.mp4", MP4, "video/mp4"),
            is_body_camera="true",
            device_id="DSJ-017",
            recorded_start="2026-03-03T09:00:00",
            recorded_end="2026-03-03T09:20:00",
        ),
    )
    assert response.status_code == 201, response.content
    assert response.json()["recording"]["device_id"] == "DSJ-017"
    assert response.json()["recording"]["is_body_camera"] is True


def test_another_squad_gets_the_same_not_found_as_for_missing_evidence(bureau, registered, make_user) -> None:
    client = _client(registered.lead_user)
    evidence_id = client.post(f"/api/evidence/case/{registered.case.pk}", _form(registered)).json()["id"]
    west = _client(make_user(bureau.squad2, Role.HEAD))
    for url in (f"/api/evidence/{evidence_id}", f"/api/evidence/{evidence_id}/download"):
        hidden = west.get(url)
        missing = west.get(url.replace(str(evidence_id), "999999"))
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json() == {"code": "not_found", "message": "证据不存在或您无权访问。"}
    assert west.get(f"/api/evidence/case/{registered.case.pk}").status_code == 404
    assert CustodyEvent.objects.filter(action="download").count() == 0
