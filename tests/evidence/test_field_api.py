"""The API of 笔录 and signatures: success and refusal with the same setup."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core import clock
from fazhi.evidence.models import Evidence, FieldRecord, Signature
from tests.evidence.conftest import JPEG, upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(80))
DATA_URL = "data:image/png;base64," + base64.b64encode(PNG).decode()


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _payload(registered, **kw):  # type: ignore[no-untyped-def]
    now = clock.now()
    return {
        "kind": "inquiry",
        "place": "执法中队询问室",
        "started_at": (now - timedelta(hours=1)).isoformat(),
        "ended_at": (now - timedelta(minutes=10)).isoformat(),
        "subject_name": "张三",
        "subject_id_number": "110105194912310021",
        "content": "问：你叫什么名字？\n答：张三。",
        "officer_ids": [registered.lead.pk, registered.second.pk],
        "recorder_id": registered.second.pk,
        "signatures": [
            {"signer_role": "party", "signer_name": "张三", "image": DATA_URL},
            {"signer_role": "officer", "officer_id": registered.lead.pk, "image": DATA_URL},
        ],
        **kw,
    }


def test_a_record_with_signatures_is_made_listed_and_signed_later_through_the_api(registered) -> None:
    client = _client(registered.lead_user)
    url = f"/api/evidence/case/{registered.case.pk}/records"
    response = client.post(url, _payload(registered), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind_label"], body["subject_id_number"]) == ("询问笔录", "110105********0021")
    assert [s["signer_role"] for s in body["signatures"]] == ["party", "officer"]
    assert body["signatures"][0]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert Evidence.objects.get(pk=body["evidence_id"]).kind == "party_statement"
    listed = client.get(url).json()
    assert [r["id"] for r in listed] == [body["id"]]
    added = client.post(
        f"/api/evidence/records/{body['id']}/signatures",
        {"signer_role": "officer", "officer_id": registered.second.pk, "image": DATA_URL},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["signer_name"] == "乙"
    assert len(client.get(f"/api/evidence/records/{body['id']}").json()["signatures"]) == 3


def test_a_bad_signature_image_is_refused_in_chinese_and_nothing_is_stored(registered) -> None:
    payload = _payload(registered, signatures=[{"signer_role": "party", "signer_name": "张三", "image": "abc"}])
    response = _client(registered.lead_user).post(
        f"/api/evidence/case/{registered.case.pk}/records", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "签名图像格式无效：应为签名板生成的PNG图像（data:image/png;base64,…）。",
    }
    assert (FieldRecord.objects.count(), Signature.objects.count(), Evidence.objects.count()) == (0, 0, 0)


def test_a_read_only_supervisor_cannot_make_a_record(bureau, registered, make_user) -> None:
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    response = _client(supervisor).post(
        f"/api/evidence/case/{registered.case.pk}/records", _payload(registered), content_type="application/json"
    )
    assert response.status_code in {403, 404}
    assert FieldRecord.objects.count() == 0


def test_a_party_refusal_on_the_simple_decision_needs_the_witness(registered) -> None:
    client = _client(registered.lead_user)
    url = f"/api/evidence/case/{registered.case.pk}/signatures"
    refusal = {"document": "simple_decision", "signer_role": "party", "signer_name": "张三", "refused": True}
    response = client.post(url, {**refusal, "refusal_reason": "拒绝签收"}, content_type="application/json")
    assert response.status_code == 400 and "见证人" in response.json()["message"]
    witnessed = {**refusal, "refusal_reason": "拒绝签收", "witness_name": "李四", "witness_image": DATA_URL}
    response = client.post(url, witnessed, content_type="application/json")
    assert response.status_code == 201 and response.json()["witness_sha256"] == hashlib.sha256(PNG).hexdigest()
    assert Evidence.objects.get(pk=response.json()["witness_evidence_id"]).kind == "documentary"
    assert [s["witness_name"] for s in client.get(url).json()] == ["李四"]


def test_an_upload_through_the_api_carries_the_device_facts(registered) -> None:
    taken = (clock.now() - timedelta(minutes=5)).isoformat()
    response = _client(registered.lead_user).post(
        f"/api/evidence/case/{registered.case.pk}",
        {
            "kind": "physical",
            "title": "现场照片",
            "collected_at": taken,
            "collected_by_id": registered.lead.pk,
            "latitude": "24.1",
            "longitude": "113.6",
            "gps_source": "device",
            "device_taken_at": taken,
            "client_sha256": hashlib.sha256(JPEG).hexdigest(),
            "file": upload(),
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["gps_source"], response.json()["client_sha256"]) == (
        "device",
        hashlib.sha256(JPEG).hexdigest(),
    )
    refused = _client(registered.lead_user).post(
        f"/api/evidence/case/{registered.case.pk}",
        {"kind": "physical", "title": "现场照片", "collected_at": taken, "collected_by_id": registered.lead.pk,
         "client_sha256": "f" * 64, "file": upload()},
    )  # fmt: skip
    assert refused.status_code == 400 and "两者不一致，未保存" in refused.json()["message"]
