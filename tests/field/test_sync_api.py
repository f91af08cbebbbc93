"""The field client's API: the bundle, the reservation of form numbers, and the sync of a queued ticket — accepted
once (a resend answers the same), refused with its Chinese reason and nothing half-saved, within the sync window."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from fazhi.cases.models import Case, FormStock
from fazhi.core.models import AuditEvent
from fazhi.evidence.models import Evidence, Signature
from fazhi.field.models import FieldSubmission, SubmissionStatus
from tests.cases.flow import travel
from tests.field.conftest import DAY
from tests.field.media import GPS_LATITUDE, GPS_LONGITUDE, data_url, gps_jpeg, sha256, signature_png

DEVICE = "5f0c1d2e-1111-4222-8333-444455556666"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reserve(client: Client, count: int = 5) -> list[str]:
    r = client.post("/api/field/form-blocks", {"device_id": DEVICE, "count": count}, content_type="application/json")
    assert r.status_code == 201, r.content
    return list(r.json()["numbers"])


def _ticket(cast: Any, bureau: Any, number: str, client_id: str | None = None, **data: Any) -> dict[str, Any]:
    photo = gps_jpeg()
    o1, o2 = cast.officers
    body: dict[str, Any] = {
        "client_id": client_id or str(uuid.uuid4()),
        "kind": "simple_ticket",
        "device_id": DEVICE,
        "data": {
            "agency_id": bureau.squad.pk,
            "power_item_code": "SL-SR-001",
            "party_kind": "person",
            "party_name": "李四",
            "act_date": DAY.isoformat(),
            "decided_on": DAY.isoformat(),
            "form_number": number,
            "handler_ids": [o1.pk, o2.pk],
            "penalty_kinds": ["fine"],
            "fine": "100",
            "facts": "随意倾倒生活垃圾",
            "location": "城东路",
            "told": True,
            "party_response": "declined",
            **data,
        },
        "photos": [
            {
                "data_url": data_url(photo, "image/jpeg"),
                "sha256": sha256(photo),
                "taken_at": "2025-03-03T09:30:00+08:00",
                "latitude": GPS_LATITUDE,
                "longitude": GPS_LONGITUDE,
                "gps_source": "exif",
                "title": "现场照片",
            }
        ],
        "signatures": [
            {"signer_role": "party", "signer_name": "李四", "image": data_url(signature_png(1), "image/png")},
            {
                "signer_role": "officer",
                "signer_name": o1.name,
                "officer_id": o1.pk,
                "image": data_url(signature_png(2), "image/png"),
            },
            {
                "signer_role": "officer",
                "signer_name": o2.name,
                "officer_id": o2.pk,
                "image": data_url(signature_png(3), "image/png"),
            },
        ],
    }
    return body


def _send(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/field/submissions", body, content_type="application/json")


def _world() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        Evidence.objects.count(),
        Signature.objects.count(),
        AuditEvent.objects.filter(action__startswith="case.").count(),
        sum(FormStock.objects.values_list("next_no", flat=True)),
    )


def test_the_bundle_has_the_officers_items_officers_and_reserved_numbers(bureau, cast) -> None:
    client = _client(cast.handler1)
    numbers = _reserve(client, 3)
    bundle = client.get(f"/api/field/bundle?device_id={DEVICE}").json()
    assert bundle["officer"]["id"] == cast.officers[0].pk
    assert "SL-SR-001" in {i["code"] for i in bundle["items"]}
    assert {o["id"] for o in bundle["officers"]} >= {o.pk for o in cast.officers}
    assert bundle["blocks"][0]["numbers"] == numbers
    assert bundle["caps"]["person"] == "200"
    # a user who is no officer has no field client
    assert _client(cast.clerk).get("/api/field/bundle").status_code == 403


def test_a_ticket_is_accepted_once_with_its_signatures_and_photo(bureau, cast) -> None:
    client = _client(cast.handler1)
    number = _reserve(client)[0]
    body = _ticket(cast, bureau, number)
    first = _send(client, body)
    assert first.status_code == 201, first.content
    answer = first.json()
    case = Case.objects.get(pk=answer["case_id"])
    assert answer["form_number"] == number == case.simple_form_number
    assert answer["pdf_url"] == f"/documents/case/{case.pk}/print/simple_decision/pdf/"
    photo = Evidence.objects.get(case=case, kind="audiovisual")
    assert photo.sha256 == body["photos"][0]["sha256"] == photo.client_sha256
    assert photo.gps_source == "exif" and abs(float(photo.latitude) - GPS_LATITUDE) < 1e-5
    signatures = Signature.objects.filter(case=case, document="simple_decision")
    assert sorted(s.signer_role for s in signatures) == ["officer", "officer", "party"]

    before = _world()
    again = _send(client, body)
    assert again.status_code == 200
    assert again.json()["case_id"] == case.pk and again.json()["replayed"] is True
    assert _world() == before
    assert FieldSubmission.objects.get(client_id=body["client_id"]).status == SubmissionStatus.ACCEPTED


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"data": {"fine": "500"}}, "第五十一条"),  # refused by simple_case_decide itself
        ({"signature_image": "data:image/png;base64,AAAA"}, "签名"),  # refused after the case was written
        ({"photo_sha256": "0" * 64}, "哈希值"),  # refused after the case and the signatures were written
    ],
)
def test_a_refused_ticket_saves_nothing_and_is_resent_under_the_same_client_id(bureau, cast, change, reason) -> None:
    client = _client(cast.handler1)
    number = _reserve(client)[0]
    body = _ticket(cast, bureau, number, **change.get("data", {}))
    if "signature_image" in change:
        body["signatures"][2]["image"] = change["signature_image"]
    if "photo_sha256" in change:
        body["photos"][0]["sha256"] = change["photo_sha256"]
    before = _world()
    refused = _send(client, body)
    assert refused.status_code == 422, refused.content
    assert reason in refused.json()["message"] and refused.json()["code"]
    assert _world() == before
    assert FieldSubmission.objects.get(client_id=body["client_id"]).status == SubmissionStatus.REFUSED

    corrected = _ticket(cast, bureau, number, client_id=body["client_id"])
    accepted = _send(client, corrected)
    assert accepted.status_code == 201, accepted.content
    assert Case.objects.filter(simple_form_number=number).count() == 1


def test_a_number_not_reserved_to_this_device_is_refused(bureau, cast) -> None:
    client = _client(cast.handler1)
    numbers = _reserve(client)
    other = _client(cast.handler2)
    refused = _send(other, _ticket(cast, bureau, numbers[0]))
    assert refused.status_code == 422 and "不是预留给您本设备" in refused.json()["message"]
    refused = _send(client, _ticket(cast, bureau, "示当000049"))
    assert refused.status_code == 422 and "不是预留给您本设备" in refused.json()["message"]
    assert _send(client, _ticket(cast, bureau, numbers[0])).status_code == 201
    twice = _send(client, _ticket(cast, bureau, numbers[0], party_name="王五"))
    assert twice.status_code == 422 and "已经使用" in twice.json()["message"]
    assert Case.objects.filter(simple_form_number=numbers[0]).count() == 1


def test_the_sync_window_boundary(monkeypatch, bureau, cast, settings) -> None:
    settings.FAZHI_FIELD_SYNC_DAYS = 3
    client = _client(cast.handler1)
    numbers = _reserve(client)
    travel(monkeypatch, DAY + timedelta(days=3))
    assert _send(client, _ticket(cast, bureau, numbers[0])).status_code == 201
    travel(monkeypatch, DAY + timedelta(days=4))
    late = _send(client, _ticket(cast, bureau, numbers[1]))
    assert late.status_code == 422 and "同步期限" in late.json()["message"]


def test_the_party_and_both_officers_must_sign_a_refusal_needs_a_witness(bureau, cast) -> None:
    client = _client(cast.handler1)
    number = _reserve(client)[0]
    body = _ticket(cast, bureau, number)
    body["signatures"] = body["signatures"][:2]
    unsigned = _send(client, body)
    assert unsigned.status_code == 422 and "尚未签名" in unsigned.json()["message"]
    body = _ticket(cast, bureau, number, client_id=body["client_id"])
    body["signatures"][0] = {"signer_role": "party", "signer_name": "李四", "refused": True, "refusal_reason": "拒签"}
    no_witness = _send(client, body)
    assert no_witness.status_code == 422 and "见证人" in no_witness.json()["message"]
    body["signatures"][0].update(witness_name="路人甲", witness_image=data_url(signature_png(9), "image/png"))
    accepted = _send(client, body)
    assert accepted.status_code == 201, accepted.content
    assert Case.objects.get(pk=accepted.json()["case_id"]).decision.refused_to_sign is True


def test_photos_for_an_open_case_and_bad_input_never_500(bureau, cast) -> None:
    client = _client(cast.handler1)
    number = _reserve(client)[0]
    case_id = _send(client, _ticket(cast, bureau, number)).json()["case_id"]
    photo = gps_jpeg(colour="blue")
    item = {
        "client_id": str(uuid.uuid4()),
        "kind": "evidence",
        "device_id": DEVICE,
        "data": {"case_id": case_id, "location": "城东路"},
        "photos": [
            {
                "data_url": data_url(photo, "image/jpeg"),
                "sha256": sha256(photo),
                "gps_source": "exif",
                "latitude": GPS_LATITUDE,
                "longitude": GPS_LONGITUDE,
            }
        ],
    }
    assert _send(client, item).status_code == 201
    for bad in (
        {**item, "client_id": "not-a-uuid"},
        {**item, "kind": "anything"},
        {**item, "client_id": str(uuid.uuid4()), "photos": [{"data_url": "data:text/plain;base64,AA"}]},
        {"client_id": str(uuid.uuid4())},
    ):
        r = _send(client, bad)
        assert 400 <= r.status_code < 500, (bad.get("kind"), r.status_code, r.content)


def test_a_field_record_is_accepted_once_with_its_signatures(bureau, cast) -> None:
    from fazhi.evidence.models import FieldRecord

    client = _client(cast.handler1)
    case_id = _send(client, _ticket(cast, bureau, _reserve(client)[0])).json()["case_id"]
    o1, o2 = cast.officers
    item = {
        "client_id": str(uuid.uuid4()),
        "kind": "field_record",
        "device_id": DEVICE,
        "data": {
            "case_id": case_id,
            "kind": "inspection",
            "place": "城东路",
            "started_at": "2025-03-03T09:00:00+08:00",
            "ended_at": "2025-03-03T09:20:00+08:00",
            "subject_name": "李四",
            "content": "现场检查：路边堆放生活垃圾约两袋。",
            "officer_ids": [o1.pk, o2.pk],
            "recorder_id": o1.pk,
        },
        "signatures": [
            {"signer_role": "party", "signer_name": "李四", "image": data_url(signature_png(4), "image/png")},
            *(
                {
                    "signer_role": "officer",
                    "signer_name": o.name,
                    "officer_id": o.pk,
                    "image": data_url(signature_png(i), "image/png"),
                }
                for i, o in enumerate((o1, o2), 5)
            ),
        ],
    }
    first = _send(client, item)
    assert first.status_code == 201, first.content
    record = FieldRecord.objects.get(pk=first.json()["record_id"])
    assert record.case_id == case_id
    assert Signature.objects.filter(record=record).count() == 3
    assert _send(client, item).status_code == 200
    assert FieldRecord.objects.filter(case_id=case_id).count() == 1


def test_a_townships_offline_items_come_each_from_the_list_of_the_bureau_that_delegated_it(bureau, cast) -> None:
    """Two bureaus delegate to one township: each item is taken from its own delegating bureau's list in force."""
    from datetime import date

    from fazhi.agencies.models import AgencyKind
    from fazhi.agencies.services import agency_create
    from fazhi.field.selectors import _actable_items
    from fazhi.powers.sample import load_sample_power_list
    from fazhi.powers.services import delegation_grant
    from tests.conftest import _uscc

    other = agency_create(
        actor=bureau.admin,
        kind=AgencyKind.BUREAU,
        name="示范市生态环境局",
        code="示环",
        region_code="430281",
        uscc=_uscc("MB1000009"),
    )
    load_sample_power_list(actor=bureau.admin, owner=other, effective_from=date(2024, 1, 1))
    start = date(2025, 1, 1)
    delegation_grant(
        actor=bureau.admin, township=bureau.township, item_code="SL-SR-001", valid_from=start, document_number="示1号"
    )
    delegation_grant(
        actor=bureau.admin,
        township=bureau.township,
        item_code="SL-ZT-001",
        valid_from=start,
        document_number="环1号",
        owner=other,
    )
    items = _actable_items(bureau.admin, bureau.township, DAY)
    owners = {i.code: i.rule_set.owner_id for i in items}
    assert owners == {"SL-SR-001": bureau.bureau.pk, "SL-ZT-001": other.pk}
