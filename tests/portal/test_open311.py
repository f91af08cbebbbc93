"""An Open311 GeoReport v2 client written from the specification alone (https://wiki.open311.org/GeoReport_v2),
against /open311/v2/ through Django's test client; the complaint moves through the loop with the staff services."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from fazhi.accounts.models import PartnerKey
from fazhi.accounts.services import partner_key_issue, partner_key_revoke
from fazhi.complaints.models import Complaint, PublicReceipt
from fazhi.complaints.public import TRACKER_ACTOR, public_complaint_rate
from fazhi.complaints.services import complaint_close, complaint_dispatch, complaint_handle, complaint_verify
from fazhi.core.audit import audit_verify
from fazhi.core.models import AuditEvent

BASE = "/open311/v2"


class Open311Client:
    """What a client knows from the specification: the resources, their fields and the error format."""

    def __init__(self, api_key: str = "") -> None:
        self.http = Client()
        self.api_key = api_key

    def get(self, resource: str, fmt: str = "json", **params: str) -> tuple[int, Any]:
        response = self.http.get(f"{BASE}/{resource}.{fmt}", params)
        return response.status_code, self._body(response, fmt)

    def post_request(self, fmt: str = "json", **fields: str) -> tuple[int, Any]:
        data = {"api_key": self.api_key, **fields} if self.api_key else fields
        response = self.http.post(f"{BASE}/requests.{fmt}", data)  # multipart/form-data or urlencoded: both are forms
        return response.status_code, self._body(response, fmt)

    @staticmethod
    def _body(response: Any, fmt: str) -> Any:
        if fmt == "xml":
            assert response["Content-Type"].startswith("text/xml")
            assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
            return ET.fromstring(response.content)
        assert response["Content-Type"].startswith("application/json")
        return json.loads(response.content.decode("utf-8"))


def assert_spec_error(status: int, body: Any, expected: int) -> None:
    assert status == expected
    assert isinstance(body, list) and body
    for error in body:
        assert set(error) == {"code", "description"} and error["code"] == expected and error["description"]


@pytest.fixture
def partner(bureau) -> tuple[PartnerKey, str]:  # type: ignore[no-untyped-def]
    return partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name="城市服务App", purpose="open311")


@pytest.fixture
def client311(partner) -> Open311Client:  # type: ignore[no-untyped-def]
    return Open311Client(api_key=partner[1])


REQUEST = {
    "service_code": "event-0102",
    "lat": "28.123456",
    "long": "113.654321",
    "description": "小区门口暴露垃圾三天无人清运，联系电话13912345678",
    "media_url": "https://app.example.cn/photos/abc.jpg",
    "first_name": "小明",
    "last_name": "王",
    "email": "wang@example.cn",
    "phone": "13912345678",
    "device_id": "dev-1",
}


def test_services_are_listed_in_json_and_xml_with_every_field_of_the_spec(desk, client311) -> None:
    status, services = client311.get("services")
    assert status == 200
    ours = next(s for s in services if s["service_code"] == "event-0102")
    assert set(ours) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert ours["service_name"] == "暴露垃圾" and ours["metadata"] is False and ours["type"] == "realtime"
    assert ours["group"] == "市容环境"
    status, root = client311.get("services", "xml")
    assert status == 200 and root.tag == "services"
    codes = [s.findtext("service_code") for s in root.findall("service")]
    assert "event-0102" in codes and root.find("service/metadata").text in ("true", "false")  # type: ignore[union-attr]
    status, definition = client311.get("services/event-0102")
    assert status == 200 and definition == {"service_code": "event-0102", "attributes": []}
    status, root = client311.get("services/event-0102", "xml")
    assert root.tag == "service_definition" and root.findtext("service_code") == "event-0102"
    assert_spec_error(*client311.get("services/nope-9999"), 404)


def test_a_request_with_a_photo_url_and_a_place_is_followed_through_the_loop_to_closed(desk, bureau, client311) -> None:
    status, answer = client311.post_request(**REQUEST)
    assert status == 200 and len(answer) == 1
    request_id = answer[0]["service_request_id"]
    assert "回执码" in answer[0]["service_notice"]
    complaint = Complaint.objects.get(pk=int(request_id))
    assert complaint.source == "online" and complaint.agency == bureau.bureau and complaint.party_name == "王小明"
    receipt = PublicReceipt.objects.get(complaint=complaint)
    assert receipt.media_url == REQUEST["media_url"] and receipt.channel == "open311"
    event = AuditEvent.objects.filter(action="complaint.public_submit").get()
    assert event.actor_id is None and "城市服务App" in event.actor_label

    status, [row] = client311.get(f"requests/{request_id}")
    assert status == 200 and row["status"] == "open" and row["service_code"] == "event-0102"
    assert row["lat"] == pytest.approx(28.123456) and row["long"] == pytest.approx(113.654321)
    assert row["media_url"] == REQUEST["media_url"] and row["expected_datetime"].endswith("+08:00")
    assert row["status_notes"] == "受理"
    public = json.dumps(row, ensure_ascii=False)
    for secret in ("13912345678", "王小明", "wang@example.cn", "dev-1"):
        assert secret not in public

    complaint = complaint_dispatch(actor=desk.clerk, complaint=complaint)
    assert client311.get(f"requests/{request_id}")[1][0]["agency_responsible"] == "城东中队"
    complaint = complaint_handle(actor=desk.east, complaint=complaint, handling_result="已清运垃圾，地面冲洗干净")
    complaint = complaint_verify(actor=desk.clerk, complaint=complaint, passed=True)
    complaint_close(actor=desk.clerk, complaint=complaint)

    status, [row] = client311.get(f"requests/{request_id}")
    assert row["status"] == "closed" and row["status_notes"] == "结案：未评价"
    status, root = client311.get(f"requests/{request_id}", "xml")
    assert root.tag == "service_requests" and root.findtext("request/status") == "closed"
    assert root.findtext("request/service_request_id") == request_id
    status, closed = client311.get("requests", status="closed")
    assert [r["service_request_id"] for r in closed] == [request_id]
    assert client311.get("requests", status="open")[1] == []
    status, [token_row] = client311.get(f"tokens/{answer[0]['token']}")
    assert token_row == {"service_request_id": request_id, "token": answer[0]["token"]}
    assert audit_verify().ok


def test_the_receipt_code_in_the_notice_lets_the_complainant_rate_it(desk, client311) -> None:
    _, answer = client311.post_request(**REQUEST)
    code = answer[0]["service_notice"].split("回执码")[1][:14]
    complaint = Complaint.objects.get(pk=int(answer[0]["service_request_id"]))
    complaint = complaint_dispatch(actor=desk.clerk, complaint=complaint)
    complaint = complaint_handle(actor=desk.east, complaint=complaint, handling_result="已清运")
    complaint_close(actor=desk.clerk, complaint=complaint_verify(actor=desk.clerk, complaint=complaint, passed=True))
    public_complaint_rate(actor=TRACKER_ACTOR, code=code, rating="satisfied")
    assert client311.get(f"requests/{complaint.pk}")[1][0]["status_notes"] == "诉求人评价：满意"


def test_an_address_string_alone_is_a_place_and_xml_answers_xml(desk, client311) -> None:
    fields = {k: v for k, v in REQUEST.items() if k not in ("lat", "long")} | {"address_string": "人民路18号"}
    status, root = client311.post_request("xml", **fields)
    assert status == 200 and root.tag == "service_requests" and root.findtext("request/service_request_id")


@pytest.mark.parametrize(
    "fields",
    [
        {"service_code": ""},
        {"service_code": "event-9999"},
        {"service_code": "garbage"},
        {"service_code": "事件-0102"},
    ],
)
def test_a_bad_or_missing_service_code_is_a_400_in_the_spec_format(desk, client311, fields) -> None:
    assert_spec_error(*client311.post_request(**(REQUEST | fields)), 400)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"lat": "", "long": ""},
        {"lat": "91", "long": "113"},
        {"lat": "28", "long": ""},
        {"lat": "abc", "long": "1e5"},
        {"media_url": "ftp://example.cn/a.jpg"},
        {"media_url": "javascript:alert(1)"},
        {"media_url": "https://example.cn/" + "a" * 600},
        {"description": "垃" * 5000},
        {"email": "not-an-email"},
        {"phone": "12"},
        {"device_id": "d" * 101},
    ],
)
def test_a_bad_place_or_field_is_a_400_and_nothing_is_stored(desk, client311, fields) -> None:
    assert_spec_error(*client311.post_request(**(REQUEST | fields)), 400)
    assert not Complaint.objects.exists() and not PublicReceipt.objects.exists()


def test_several_problems_are_several_errors(desk, client311) -> None:
    status, body = client311.post_request(**(REQUEST | {"lat": "91", "email": "x"}))
    assert_spec_error(status, body, 400)
    assert len(body) == 2


def test_a_missing_unknown_or_non_ascii_api_key_is_a_403(desk) -> None:
    assert_spec_error(*Open311Client().post_request(**REQUEST), 403)
    assert_spec_error(*Open311Client("fzp_" + "x" * 40).post_request(**REQUEST), 403)
    assert_spec_error(*Open311Client("密钥🙂").post_request(**REQUEST), 403)
    assert not Complaint.objects.exists()


def test_a_revoked_key_or_a_key_of_another_purpose_is_a_403(desk, bureau, partner) -> None:
    row, key = partner
    partner_key_revoke(actor=bureau.admin, partner=row, reason="对接系统停用")
    status, body = Open311Client(key).post_request(**REQUEST)
    assert_spec_error(status, body, 403)
    assert "吊销" in body[0]["description"]
    _, camera_key = partner_key_issue(actor=bureau.admin, agency=bureau.bureau, name="卡口", purpose="camera")
    assert_spec_error(*Open311Client(camera_key).post_request(**REQUEST), 403)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("request_id", ["999999", "abc", "１２", "-1", "1" * 30])
def test_an_unknown_request_or_token_is_a_404(desk, client311, request_id) -> None:
    assert_spec_error(*client311.get(f"requests/{request_id}"), 404)
    assert_spec_error(*client311.get(f"tokens/{request_id}"), 404)
    status, root = client311.get(f"requests/{request_id}", "xml")
    assert status == 404 and root.tag == "errors" and root.findtext("error/code") == "404"


def test_a_staff_complaint_that_the_public_did_not_submit_is_not_listed(desk, bureau, client311) -> None:
    from fazhi.complaints.services import complaint_register

    hotline = complaint_register(actor=desk.clerk, agency=bureau.bureau, source="hotline_12345", content="噪音")
    assert_spec_error(*client311.get(f"requests/{hotline.pk}"), 404)
    assert client311.get("requests")[1] == []


def test_the_list_filters_by_ids_code_dates_and_status(desk, client311) -> None:
    first = client311.post_request(**REQUEST)[1][0]["service_request_id"]
    second = client311.post_request(**REQUEST)[1][0]["service_request_id"]
    assert {r["service_request_id"] for r in client311.get("requests")[1]} == {first, second}
    assert [r["service_request_id"] for r in client311.get("requests", service_request_id=f"{second},x,")[1]] == [
        second
    ]
    assert client311.get("requests", service_code="event-0102")[1] != []
    assert client311.get("requests", service_code="part-0101")[1] == []
    assert client311.get("requests", start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00+08:00")[1] == []
    assert client311.get("requests", status="open,closed")[0] == 200


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"start_date": "2025-11-03"},  # no timezone
        {"end_date": "2025-13-40T00:00:00Z"},
        {"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"},  # more than 90 days
        {"start_date": "2025-06-01T00:00:00Z", "end_date": "2025-05-01T00:00:00Z"},
        {"status": "pending"},
        {"start_date": "9" * 500},
    ],
)
def test_bad_filters_are_a_400_in_the_spec_format(desk, client311, params) -> None:
    assert_spec_error(*client311.get("requests", **params), 400)


def test_an_unknown_format_or_method_is_refused_in_the_spec_format(desk, client311) -> None:
    assert_spec_error(*client311.get("services", "csv"), 404)
    response = Client().post(f"{BASE}/services.json", {})
    assert response.status_code == 405 and json.loads(response.content)[0]["code"] == 405


# --- bad input never gives a 500 (hypothesis over every field; the specification's error format or a success) ---

from hypothesis import HealthCheck, given  # noqa: E402 — the fuzzing section needs them only
from hypothesis import settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FIELDS = [*REQUEST, "address_string", "address_id", "account_id", "jurisdiction_id", "attribute[x]", "键"]
TEXT = st.one_of(
    st.text(max_size=50),
    st.text(alphabet="0123456789.-eE+NaInf ", max_size=30),
    st.just("占" * 5000),
    st.just("\x00"),
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=8))
def test_any_form_posted_is_answered_in_the_spec_format_never_500(desk, client311, settings, fields) -> None:
    settings.FAZHI_PORTAL_RATE = "100000/m"
    status, body = client311.post_request(**(REQUEST | fields))
    assert status in (200, 400, 403), (status, body)
    if status != 200:
        assert_spec_error(status, body, status)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["service_request_id", "service_code", "start_date", "end_date", "status"]), TEXT, max_size=5
    )
)
def test_any_query_of_requests_is_answered_never_500(desk, client311, settings, params) -> None:
    settings.FAZHI_PORTAL_RATE = "100000/m"
    status, body = client311.get("requests", **params)
    assert status in (200, 400), (status, body)
    if status == 400:
        assert_spec_error(status, body, 400)
