"""The portal's complaint pages: submit with a photo, the receipt code shown once, follow, rate and reopen by it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from fazhi.complaints.models import Complaint, ComplaintStatus, PublicReceipt
from tests.complaints.test_public_complaints import JPEG, close_loop, photo

NOT_FOUND = "未找到该公开信息：它不存在、尚未公开或已过公开期限。"
FORM = {
    "category": "event-0102",
    "description": "人行道占道经营，我的电话13912345678",
    "address": "人民路18号",
    "latitude": "",
    "longitude": "",
    "contact_name": "王小明",
    "contact_phone": "13912345678",
}


@pytest.fixture(autouse=True)
def _fresh_rate_counters(settings):  # type: ignore[no-untyped-def]
    """Each test starts with empty rate counters and a write rate it does not reach (one test lowers it)."""
    settings.FAZHI_PUBLIC_COMPLAINT_RATE = "1000/h"
    cache.clear()
    yield
    cache.clear()


def _submit(client: Client, **fields: object):  # type: ignore[no-untyped-def]
    return client.post("/public/complaints/", {**FORM, "photo": photo(JPEG), **fields})


def _code(html: str) -> str:
    found = re.search(r"<strong>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</strong>", html)
    assert found, html
    return found.group(1)


def test_the_form_answers_without_login_and_is_never_cached(desk) -> None:
    response = Client().get("/public/complaints/")
    assert response.status_code == 200 and "暴露垃圾" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert Client().get("/public/complaints/track/").status_code == 200


def test_a_submission_with_a_photo_shows_the_code_once_and_tracking_shows_the_loop(desk) -> None:
    client = Client()
    response = _submit(client)
    assert response.status_code == 200
    code = _code(response.content.decode())
    receipt = PublicReceipt.objects.get()
    assert receipt.photo_type == "jpg" and receipt.complaint.source == "online"
    close_loop(desk, receipt.complaint)
    html = client.post("/public/complaints/track/", {"code": code.lower()}).content.decode()
    for label in ("受理", "派遣（交办）", "处置", "核查", "结案", "已办结", "城东中队"):
        assert label in html
    for secret in ("13912345678", "王小明", desk.clerk.display_name, desk.east.display_name):
        assert secret not in html
    assert "请评价办理结果" in html


def test_a_refused_submission_keeps_the_input_and_stores_nothing(desk) -> None:
    response = _submit(Client(), latitude="95", longitude="113", address="")
    html = response.content.decode()
    assert response.status_code == 400 and "纬度应为-90到90之间" in html and "人行道占道经营" in html
    response = _submit(Client(), photo=photo(b"GIF89a" + b"\x00" * 50, "a.jpg"))
    assert response.status_code == 400 and "照片只能是" in response.content.decode()
    response = _submit(Client(), category="event-9999")
    assert response.status_code == 400 and "请选择问题类别" in response.content.decode()
    assert not Complaint.objects.exists()


def test_rate_then_reopen_once_then_the_second_reopen_is_refused_on_the_page(desk) -> None:
    client = Client()
    code = _code(_submit(client).content.decode())
    complaint = PublicReceipt.objects.get().complaint
    close_loop(desk, complaint)
    html = client.post("/public/complaints/track/", {"code": code, "action": "rate", "rating": "unsatisfied"})
    assert "感谢您的评价" in html.content.decode() and "申请重办" in html.content.decode()
    html = client.post("/public/complaints/track/", {"code": code, "action": "reopen", "reason": "又摆摊了"})
    assert "已为您申请重办" in html.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.DISPATCHED
    close_loop(desk, Complaint.objects.get(pk=complaint.pk))
    client.post("/public/complaints/track/", {"code": code, "action": "rate", "rating": "unsatisfied"})
    response = client.post("/public/complaints/track/", {"code": code, "action": "reopen", "reason": "还是不行"})
    assert response.status_code == 400 and "只能申请重办1次" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED


def test_a_wrong_code_is_the_portal_s_one_not_found(desk) -> None:
    code = _code(_submit(Client()).content.decode())
    receipt = PublicReceipt.objects.get()
    bodies = set()
    wrong = ["", "AAAA-AAAA-AAAA", str(receipt.complaint_id), receipt.token, receipt.code_hash, "🙂" * 40, "x" * 5000]
    for value in wrong:
        for action in ("", "rate", "reopen"):
            response = Client().post("/public/complaints/track/", {"code": value, "action": action, "rating": "x"})
            assert response.status_code == 404, value
            assert NOT_FOUND in response.content.decode()
            bodies.add(response.content.decode())
    assert len(bodies) == 1
    assert Client().post("/public/complaints/track/", {"code": code}).status_code == 200


def test_look_ups_beyond_the_write_rate_get_a_chinese_429(desk, settings) -> None:
    settings.FAZHI_PUBLIC_COMPLAINT_RATE = "3/h"
    client = Client()
    codes = [client.post("/public/complaints/track/", {"code": "AAAA-AAAA-AAAA"}).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    assert client.get("/public/complaints/track/").status_code == 200  # reading the form is not a look-up


# --- bad input never gives a 500 ----------------------------------------------------------------------------------

from hypothesis import HealthCheck, given  # noqa: E402 — the fuzzing section needs them only
from hypothesis import settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TEXT = st.one_of(st.text(max_size=40), st.text(alphabet="0123456789.-eE+NaInf ", max_size=20), st.just("占" * 3000))


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(st.sampled_from([*FORM, "code", "action", "rating", "reason"]), TEXT, max_size=6))
def test_any_form_on_the_complaint_pages_is_answered_never_500(desk, fields) -> None:
    cache.clear()
    assert _submit(Client(), **fields).status_code in (200, 400)
    assert Client().post("/public/complaints/track/", fields).status_code in (200, 400, 404)
