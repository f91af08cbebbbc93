"""The inbound API: 12345/数字城管 work orders into the complaint loop, 非现场执法 camera leads with hashed files."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.accounts.models import Role
from fazhi.accounts.services import partner_key_issue, partner_key_revoke
from fazhi.cases.models import CaseSource
from fazhi.complaints.models import Complaint
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent
from fazhi.core.storage import get_blob_store
from fazhi.exchange.inbound import camera_lead_open
from fazhi.exchange.models import CameraFile, InboundRecord, OutboxMessage
from fazhi.exchange.services import subscriber_create

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
ORDER = {
    "order_id": "12345-2025-000123",
    "source": "12345热线",
    "category": "占道经营",
    "content": "城东路夜间烧烤占道经营，来电人13912345678。",
    "location": "城东路88号",
    "received_at": "2025-10-10T09:30:00+08:00",
    "due_at": "2025-10-15T17:30:00+08:00",
}


@pytest.fixture
def keys(bureau):  # type: ignore[no-untyped-def]
    _, orders = partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name="县12345热线", purpose="workorders")
    camera_row, camera = partner_key_issue(
        actor=bureau.admin, agency=bureau.bureau, name="城东路电子眼", purpose="camera"
    )
    return {"orders": orders, "camera": camera, "camera_row": camera_row}


def _post_order(client, key, **changes):  # type: ignore[no-untyped-def]
    body = {**ORDER, **changes}
    return client.post(
        "/api/exchange/workorders", data=json.dumps(body), content_type="application/json", headers={"X-Api-Key": key}
    )


def test_a_work_order_enters_the_complaint_loop_once_and_is_audited_as_the_partner(
    client, bureau, keys, moved_clock
) -> None:
    first = _post_order(client, keys["orders"])
    assert first.status_code == 201, first.content
    again = _post_order(client, keys["orders"])
    assert again.status_code == 200
    assert again.json()["complaint_id"] == first.json()["complaint_id"]
    assert again.json()["created"] is False
    complaint = Complaint.objects.get(pk=first.json()["complaint_id"])
    assert complaint.agency == bureau.bureau
    assert complaint.source == "hotline_12345"
    assert complaint.number == ORDER["order_id"]
    assert Complaint.objects.count() == 1
    event = AuditEvent.objects.get(action="complaint.register")
    assert event.actor_id is None
    assert "县12345热线" in event.actor_label
    assert AuditEvent.objects.filter(action="exchange.workorder_receive").count() == 1


def test_the_same_order_id_with_other_content_is_a_conflict(client, keys, moved_clock) -> None:
    assert _post_order(client, keys["orders"]).status_code == 201
    response = _post_order(client, keys["orders"], content="另一件事")
    assert response.status_code == 409
    assert "不同内容" in response.json()["message"]


def test_the_12345_system_hears_back_through_the_outbox(client, bureau, keys, moved_clock) -> None:
    subscriber, _ = subscriber_create(
        actor=bureau.admin,
        name="县12345",
        agency="县政务服务中心",
        endpoint="https://h.example/",
        events=["complaint.*"],
    )
    assert _post_order(client, keys["orders"]).status_code == 201
    message = OutboxMessage.objects.get(subscriber=subscriber, action="complaint.register")
    assert message.payload["after"]["number"] == ORDER["order_id"]
    assert "13912345678" not in json.dumps(message.payload, ensure_ascii=False)


@pytest.mark.parametrize(
    ("headers", "message"),
    [({}, "缺少"), ({"X-Api-Key": "fzp_nonsense"}, "无效")],
)
def test_a_missing_or_unknown_key_is_a_chinese_403(client, keys, headers, message) -> None:
    response = client.post(
        "/api/exchange/workorders",
        data=json.dumps(ORDER),
        content_type="application/json",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    )
    assert response.status_code == 403
    assert message in response.json()["message"]
    assert not Complaint.objects.exists()


def test_a_key_of_another_purpose_or_revoked_is_refused(client, bureau, keys) -> None:
    assert _post_order(client, keys["camera"]).status_code == 403
    partner_key_revoke(actor=bureau.admin, partner=keys["camera_row"], reason="泄露")
    response = client.post(
        "/api/exchange/camera-leads",
        data={
            "event_id": "E1",
            "device_id": "D1",
            "place": "城东路",
            "taken_at": "2025-10-10T08:00:00+08:00",
            "violation": "占道经营",
            "files": [SimpleUploadedFile("a.jpg", JPEG)],
        },
        headers={"X-Api-Key": keys["camera"]},
    )
    assert response.status_code == 403
    assert "吊销" in response.json()["message"]


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"source": "微博"}, 400),
        ({"received_at": "2025-10-10T09:30:00"}, 400),
        ({"received_at": "not a date"}, 422),
        ({"content": ""}, 422),
        ({"order_id": "x" * 61}, 422),
    ],
)
def test_bad_work_orders_are_refused_in_chinese(client, keys, moved_clock, changes, status) -> None:
    response = _post_order(client, keys["orders"], **changes)
    assert response.status_code == status, response.content
    assert response.json()["message"]
    assert not Complaint.objects.exists()


def _post_camera(client, key, files, **changes):  # type: ignore[no-untyped-def]
    data = {
        "event_id": "CAM-20251010-0001",
        "device_id": "CD-EYE-07",
        "place": "城东路与人民路交叉口",
        "taken_at": "2025-10-10T08:12:00+08:00",
        "violation": "占道经营",
        **changes,
        "files": files,
    }
    return client.post("/api/exchange/camera-leads", data=data, headers={"X-Api-Key": key})


def test_a_camera_lead_stores_its_files_under_their_hash_once_and_an_officer_opens_the_case(  # noqa: PLR0917
    client, bureau, keys, moved_clock, power_list, make_user
) -> None:
    response = _post_camera(client, keys["camera"], [SimpleUploadedFile("1.jpg", JPEG)])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["files"][0]["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert body["status"] == "awaiting_review"
    assert get_blob_store().exists(body["files"][0]["sha256"])
    again = _post_camera(client, keys["camera"], [SimpleUploadedFile("1.jpg", JPEG)])
    assert again.status_code == 200 and again.json()["lead_id"] == body["lead_id"]
    assert CameraFile.objects.count() == 1
    assert "城东路电子眼" in AuditEvent.objects.get(action="exchange.camera_lead_receive").actor_label

    officer = make_user(bureau.squad, Role.OFFICER)
    record = InboundRecord.objects.get(pk=body["lead_id"])
    case = camera_lead_open(
        actor=officer,
        record=record,
        power_item_code="SL-SR-001",
        party_kind="person",
        party_name="待查（浙A12345）",
        agency=bureau.squad,
    )
    assert case.source == CaseSource.OFF_SITE
    assert case.act_date == date(2025, 10, 10)
    with pytest.raises(RuleViolation):
        camera_lead_open(
            actor=officer,
            record=record,
            power_item_code="SL-SR-001",
            party_kind="person",
            party_name="x",
            agency=bureau.squad,
        )


def test_camera_files_are_checked_for_type_and_size(client, keys, moved_clock, settings) -> None:
    not_media = _post_camera(client, keys["camera"], [SimpleUploadedFile("x.jpg", b"MZ\x90\x00" * 100)])
    assert not_media.status_code == 400
    assert "照片或视频" in not_media.json()["message"]
    settings.FAZHI_EXCHANGE_CAMERA_MAX_PHOTO_BYTES = 100
    too_big = _post_camera(client, keys["camera"], [SimpleUploadedFile("1.jpg", JPEG)])
    assert too_big.status_code == 413
    assert "过大" in too_big.json()["message"]
    settings.FAZHI_EXCHANGE_CAMERA_MAX_FILES = 1
    settings.FAZHI_EXCHANGE_CAMERA_MAX_PHOTO_BYTES = 10_000
    too_many = _post_camera(
        client, keys["camera"], [SimpleUploadedFile("1.jpg", JPEG), SimpleUploadedFile("2.jpg", JPEG)]
    )
    assert too_many.status_code == 413
    naive = _post_camera(client, keys["camera"], [SimpleUploadedFile("1.jpg", JPEG)], taken_at="2025-10-10T08:12:00")
    assert naive.status_code == 400
    assert not InboundRecord.objects.exists()


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1900-01-01T00:00:00+08:00"]
)
def test_times_out_of_range_are_a_chinese_400_not_a_500(client, keys, moved_clock, moment) -> None:
    for field in ("received_at", "due_at"):
        response = _post_order(client, keys["orders"], **{field: moment})
        assert response.status_code in (400, 422), response.content
        assert response.json()["message"]
    response = _post_camera(client, keys["camera"], [SimpleUploadedFile("1.jpg", JPEG)], taken_at=moment)
    assert response.status_code in (400, 422)
    assert not Complaint.objects.exists() and not InboundRecord.objects.exists()
