"""The page forms of rules 3, 6, 8 and 9 of issue 7: each action works through the case page as through the API,
and a bad input re-renders the page with a Chinese message (never a 500) and changes nothing."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.cases import services
from fazhi.cases.models import Case, Decision, Hearing, PreDecisionNotice, Recusal, Transfer
from fazhi.core.models import AuditEvent
from tests.cases.flow import make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _post(user: Any, case: Case, data: dict[str, Any]) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.post(f"/cases/{case.pk}/", data)
    return response.status_code, response.content.decode() if response.status_code != 302 else ""


def _world() -> tuple[object, ...]:
    return (
        AuditEvent.objects.count(),
        Decision.objects.count(),
        Recusal.objects.count(),
        list(PreDecisionNotice.objects.values_list("hearing_waived_on", flat=True)),
        list(Transfer.objects.values_list("police_decision", "review_requested_on", "returned_on", "refused_reason")),
    )


def test_the_hearing_waiver_and_the_host_recusal_work_through_the_case_page(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 18))
    page = Client()
    page.force_login(cast.handler1)
    assert "登记放弃听证" in page.get(f"/cases/{case.pk}/").content.decode()
    before = _world()
    status, body = _post(cast.handler1, case, {"action": "waive_hearing", "on": "不是日期"})
    assert status == 200 and "放弃听证日期" in body and _world() == before
    assert _post(cast.handler1, case, {"action": "waive_hearing", "on": "2025-03-18"})[0] == 302
    assert PreDecisionNotice.objects.get(case=case).hearing_waived_on == date(2025, 3, 18)
    assert "已于 2025-03-18 书面放弃听证" in page.get(f"/cases/{case.pk}/").content.decode()

    other = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 19))
    hearing = services.hearing_request(actor=cast.handler1, case=other, requested_on=date(2025, 3, 19))
    services.hearing_schedule(
        actor=cast.handler1,
        hearing=hearing,
        notice_served_on=date(2025, 3, 19),
        hearing_date=date(2025, 3, 31),
        host=cast.host,
        location="听证室",
    )
    before = _world()
    status, body = _post(cast.handler1, other, {"action": "host_recusal", "item": "x", "reason": "利害关系"})
    assert status == 200 and _world() == before
    assert _post(cast.handler1, other, {"action": "host_recusal", "item": hearing.pk, "reason": "利害关系"})[0] == 302
    recusal = Recusal.objects.get(hearing=hearing)
    assert "（听证主持人）" in page.get(f"/cases/{other.pk}/").content.decode()
    assert _post(cast.head, other, {"action": "recusal_decide", "item": recusal.pk, "granted": "yes"})[0] == 302
    assert Hearing.objects.get(pk=hearing.pk).host is None


def test_the_police_answer_review_and_return_work_through_the_case_page(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25), at=time(11, 0))
    refused = services.transfer_report(
        actor=cast.handler1, case=case, kind="criminal", receiving_body="示范市公安局", reason="涉嫌犯罪"
    )
    before = _world()
    status, body = _post(cast.head, case, {"action": "transfer_refuse", "item": refused.pk, "reason": ""})
    assert status == 200 and "不予批准的理由" in body and _world() == before
    assert _post(cast.head, case, {"action": "transfer_refuse", "item": refused.pk, "reason": "不构成犯罪"})[0] == 302
    transfer = services.transfer_report(
        actor=cast.handler1,
        case=case,
        kind="criminal",
        receiving_body="示范市公安局",
        reason="涉嫌犯罪",
        reported_at=timezone.make_aware(datetime(2025, 3, 25, 9, 0)),
    )
    services.transfer_approve(actor=cast.head, transfer=transfer)
    services.transfer_complete(
        actor=cast.handler1, transfer=transfer, attachments=["transfer_letter", "investigation_report", "items_list"]
    )
    answer = {"action": "transfer_police_answer", "item": transfer.pk, "notified_on": "2025-03-25"}
    before = _world()
    for bad in ({"decision": "maybe", "document_number": "1号"}, {"decision": "registered", "document_number": ""}):
        status, body = _post(cast.handler1, case, {**answer, **bad})
        assert status == 200 and "msg error" in body and _world() == before
    status, body = _post(
        cast.handler1, case, {**answer, "notified_on": "2025-03-24", "decision": "registered", "document_number": "1号"}
    )
    assert status == 200 and "不能早于2025年03月25日" in body and _world() == before
    registered = {**answer, "decision": "registered", "document_number": "示公立字〔2025〕8号"}
    assert _post(cast.handler1, case, registered)[0] == 302
    page = Client()
    page.force_login(cast.handler1)
    assert "公安机关立案（示公立字〔2025〕8号" in page.get(f"/cases/{case.pk}/").content.decode()
    status, body = _post(
        cast.head, case, {"action": "transfer_review_request", "item": transfer.pk, "requested_on": "2025-03-25"}
    )
    assert status == 200 and "只有公安机关决定不予立案的，才能提请复议" in body
    back = {
        "action": "transfer_return",
        "item": transfer.pk,
        "returned_on": "2025-03-25",
        "document_number": "示公移字1号",
        "reason": "犯罪事实显著轻微",
    }
    assert _post(cast.handler1, case, back)[0] == 302
    assert Transfer.objects.get(pk=transfer.pk).returned_on == date(2025, 3, 25)
    status, body = _post(
        cast.handler1,
        case,
        {
            "action": "transfer_review_answer",
            "item": transfer.pk,
            "decision": "declined",
            "notified_on": "2025-03-25",
            "document_number": "1号",
        },
    )
    assert status == 200 and "尚未提请复议" in body


def test_the_on_the_spot_page_asks_for_the_notice_and_the_partys_answer(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    services.form_stock_receive(actor=cast.clerk, agency=bureau.bureau, prefix="示当", first_no=1, last_no=10)
    client = Client()
    client.force_login(cast.handler1)
    assert "已当场告知当事人拟作出的行政处罚内容" in client.get("/cases/simple/new/").content.decode()
    form = {
        "agency": bureau.squad.pk,
        "handlers": [o.pk for o in cast.officers],
        "power_item_code": "SL-SR-001",
        "party_kind": "person",
        "party_name": "李四",
        "location": "城东路",
        "facts": "倾倒垃圾",
        "penalty_kinds": ["fine"],
        "fine": "50",
        "party_response": "stated",
        "party_statement": "马上清走",
    }
    response = client.post("/cases/simple/new/", form)
    assert response.status_code == 200 and "第四十四条" in response.content.decode()
    response = client.post("/cases/simple/new/", {**form, "told": "on"})
    assert response.status_code == 200 and "复核意见" in response.content.decode()
    assert not Case.objects.exists()
    response = client.post(
        "/cases/simple/new/", {**form, "told": "on", "statement_review": "不予采纳", "refused_to_sign": "on"}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.told_on_spot and decision.refused_to_sign and decision.statement_review == "不予采纳"
