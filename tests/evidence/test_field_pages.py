"""The 笔录 pages: the new-record form on the phone, the record with its signatures, and read-only users."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.core import clock
from fazhi.evidence.models import Evidence, FieldRecord, Signature
from tests.evidence.conftest import JPEG, upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(80))


def _data_url(png: bytes = PNG) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _local(delta_minutes: int) -> str:
    return f"{timezone.localtime(clock.now() - timedelta(minutes=delta_minutes)):%Y-%m-%dT%H:%M}"


def _form(registered, **kw):  # type: ignore[no-untyped-def]
    data = {
        "kind": "inspection",
        "place": "人民路12号",
        "started_at": _local(40),
        "ended_at": _local(5),
        "subject_name": "张三",
        "subject_id_number": "110105194912310021",
        "content": "现场检查发现店外占道经营。",
        "officers": [registered.lead.pk, registered.second.pk],
        "recorder": registered.lead.pk,
        "party_signature": _data_url(),
        f"officer_signature_{registered.lead.pk}": _data_url(PNG + b"1"),
        f"officer_signature_{registered.second.pk}": _data_url(PNG + b"2"),
    }
    data.update(kw)
    return data


def test_the_new_record_page_offers_signature_pads_for_the_party_and_each_officer(registered) -> None:
    page = _client(registered.lead_user).get(f"/evidence/case/{registered.case.pk}/records/new/?kind=inquiry")
    html = page.content.decode()
    assert page.status_code == 200 and "询问笔录" in html
    assert 'data-field="party_signature"' in html and 'data-field="witness_signature"' in html
    assert f'data-field="officer_signature_{registered.lead.pk}"' in html
    assert 'capture="environment"' in html and "data-capture" in html
    assert "fazhi/field-records.css" in html and "fazhi/signature.js" in html and "fazhi/capture.js" in html


def test_a_record_made_through_the_page_stores_signatures_and_the_photo_with_its_device_facts(registered) -> None:
    taken = timezone.localtime(clock.now() - timedelta(minutes=20)).isoformat(timespec="seconds")
    response = _client(registered.lead_user).post(
        f"/evidence/case/{registered.case.pk}/records/new/",
        _form(
            registered,
            photo=upload(),
            client_sha256=hashlib.sha256(JPEG).hexdigest(),
            device_taken_at=taken,
            latitude="24.123456",
            longitude="113.654321",
            gps_source="exif",
        ),
        follow=True,
    )
    record = FieldRecord.objects.get()
    assert response.redirect_chain[-1][0] == f"/evidence/case/{registered.case.pk}/records/{record.pk}/"
    html = response.content.decode()
    assert "已制作现场检查（勘验）笔录" in html and "110105********0021" in html and "110105194912310021" not in html
    assert Signature.objects.filter(record=record).count() == 3
    (photo,) = record.photos.all()
    assert (photo.sha256, photo.gps_source, str(photo.latitude)) == (
        hashlib.sha256(JPEG).hexdigest(),
        "exif",
        "24.123456",
    )
    assert photo.device_taken_at is not None and photo.client_sha256 == photo.sha256
    for signature in Signature.objects.filter(record=record):
        assert f"/evidence/{signature.evidence_id}/view/" in html


def test_a_refused_page_keeps_what_was_typed_and_saves_nothing(registered) -> None:
    before = Evidence.objects.count()
    response = _client(registered.lead_user).post(
        f"/evidence/case/{registered.case.pk}/records/new/",
        _form(registered, party_signature="data:image/jpeg;base64,AAAA", content="问：你叫什么名字？"),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "签名图像格式无效" in html and "问：你叫什么名字？" in html
    assert FieldRecord.objects.count() == 0 and Evidence.objects.count() == before


def test_a_photo_whose_device_hash_differs_refuses_the_whole_record(registered) -> None:
    response = _client(registered.lead_user).post(
        f"/evidence/case/{registered.case.pk}/records/new/",
        _form(registered, photo=upload(), client_sha256="1" * 64),
    )
    assert "两者不一致，未保存" in response.content.decode()
    assert (FieldRecord.objects.count(), Signature.objects.count(), Evidence.objects.count()) == (0, 0, 0)


def test_a_refusal_to_sign_is_added_on_the_record_page_with_the_witness(registered) -> None:
    client = _client(registered.lead_user)
    client.post(f"/evidence/case/{registered.case.pk}/records/new/", _form(registered, party_signature=""))
    record = FieldRecord.objects.get()
    url = f"/evidence/case/{registered.case.pk}/records/{record.pk}/"
    assert "当事人尚未签名" in client.get(url).content.decode()
    response = client.post(
        url,
        {"signer_role": "party", "party_refused": "on", "refusal_reason": "拒绝签名", "witness_name": "李四"},
        follow=True,
    )
    assert "须由见证人签名：缺少见证人的签名" in response.content.decode()
    response = client.post(
        url,
        {
            "signer_role": "party",
            "party_refused": "on",
            "refusal_reason": "看过笔录后拒绝签名",
            "witness_name": "李四",
            "witness_signature": _data_url(),
        },
        follow=True,
    )
    refusal = Signature.objects.get(record=record, signer_role="party")
    assert refusal.refused and refusal.witness_name == "李四" and refusal.witness_evidence is not None
    assert "拒绝签名" in response.content.decode() and "当事人尚未签名" not in response.content.decode()


def test_a_read_only_supervisor_sees_the_record_but_no_form(bureau, registered, make_user) -> None:
    client = _client(registered.lead_user)
    client.post(f"/evidence/case/{registered.case.pk}/records/new/", _form(registered, party_signature=""))
    record = FieldRecord.objects.get()
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    reader = _client(supervisor)
    page = reader.get(f"/evidence/case/{registered.case.pk}/records/{record.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "人民路12号" in html
    assert '<form method="post" class="field-form"' not in html and "signature.js" not in html
    assert reader.get(f"/evidence/case/{registered.case.pk}/records/new/").status_code == 403
    evidence_page = reader.get(f"/evidence/case/{registered.case.pk}/").content.decode()
    assert "现场笔录" in evidence_page and "制作询问笔录" not in evidence_page
    assert "制作询问笔录" in client.get(f"/evidence/case/{registered.case.pk}/").content.decode()


def test_the_evidence_page_upload_uses_capture_and_stores_the_device_facts(registered) -> None:
    client = _client(registered.lead_user)
    page = client.get(f"/evidence/case/{registered.case.pk}/").content.decode()
    assert 'name="file" required data-capture' in page and 'name="client_sha256"' in page and "fazhi/capture.js" in page
    taken = timezone.localtime(clock.now() - timedelta(minutes=3)).isoformat(timespec="seconds")
    response = client.post(
        f"/evidence/case/{registered.case.pk}/",
        {
            "action": "upload",
            "kind": "physical",
            "title": "占道经营现场照片",
            "collected_at": _local(3),
            "collected_by": registered.lead.pk,
            "latitude": "24.125",
            "longitude": "113.654167",
            "gps_source": "device",
            "device_taken_at": taken,
            "client_sha256": hashlib.sha256(JPEG).hexdigest(),
            "file": upload(),
        },
        follow=True,
    )
    evidence = Evidence.objects.get()
    assert (evidence.gps_source, evidence.client_sha256) == ("device", evidence.sha256)
    html = response.content.decode()
    assert "（设备定位）" in html and "设备端哈希一致" in html and "设备拍摄" in html
