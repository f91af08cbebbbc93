"""The API and the case page parse each action with the same schema: the same bad input, the same Chinese message."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from fazhi.cases.models import Case, Decision, InvestigationReport, Payment
from fazhi.core.models import AuditEvent
from tests.cases.flow import FINE, make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def notified(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    return case


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _both(user, case: Case, url: str, action: str, body: dict) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The API's message for ``body`` and the case page after posting the same values as its form."""
    client = _client(user)
    response = client.post(f"/api/cases/{case.pk}/{url}", json.dumps(body), content_type="application/json")
    assert response.status_code in (400, 409), response.content
    message = response.json()["message"]
    page = client.post(f"/cases/{case.pk}/", {"action": action, **body})
    assert page.status_code == 200
    return message, page.content.decode()


BAD = [
    (
        "decide",
        "decide",
        {"outcome": "penalty", "reasons": "事实清楚", "penalty_kinds": ["fine"], "fine": "abc"},
        "罚款金额「abc」不是有效金额。",
    ),
    ("decide", "decide", {"outcome": "penalty", "reasons": "事实清楚", "fine": "-5"}, "罚款金额不能为负数：-5"),
    ("case-review", "case_review", {"text": "同意"}, "请填写意见。"),
    ("waive", "waive", {"on": "2025-13-40"}, "放弃日期「2025-13-40」不是有效日期，请按 年-月-日 填写，如 2026-01-31。"),
    ("add-handler", "add_handler", {"officer_id": "张三"}, "请选择执法人员。"),
    ("notify", "notify", {"method": "direct", "served_on": "2025-03-25", "consent_id": "x"}, "请选择电子送达确认书。"),
    ("extend", "extend", {"days": "十", "reason": "复杂"}, "延长天数「十」不是有效的整数。"),
]


@pytest.mark.parametrize(("url", "action", "body", "expected"), BAD)
def test_the_same_bad_input_gets_the_same_chinese_message_from_the_api_and_the_page(  # noqa: PLR0917
    cast, notified, url, action, body, expected
) -> None:
    before = AuditEvent.objects.count(), Decision.objects.count()
    message, page = _both(cast.head, notified, url, action, body)
    assert message.startswith(expected), message
    assert message in page
    assert (AuditEvent.objects.count(), Decision.objects.count()) == before


def test_an_invalid_opinion_is_refused_alike_and_nothing_is_saved(cast, notified) -> None:
    before = AuditEvent.objects.count()
    message, page = _both(cast.head, notified, "case-review", "case_review", {"opinion": "maybe", "text": "同意"})
    assert message and message in page
    assert AuditEvent.objects.count() == before


def test_a_bad_conclusion_keeps_what_the_user_typed(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    body = {"facts": "占道经营三日", "evidence_summary": "现场照片", "proposed_outcome": "penalty", "fine": "5万"}
    message, page = _both(cast.handler1, case, "conclude", "conclude", body)
    assert message == "拟罚款金额「5万」不是有效金额。"
    assert message in page
    assert 'name="fine" inputmode="decimal" value="5万"' in page
    assert ">占道经营三日</textarea>" in page and ">现场照片</textarea>" in page
    assert not InvestigationReport.objects.filter(case=case).exists()


def test_a_refused_decision_keeps_the_typed_fine_and_reasons(cast, notified) -> None:
    page = _client(cast.head).post(
        f"/cases/{notified.pk}/",
        {"action": "decide", "outcome": "penalty", "reasons": "违法事实清楚", "penalty_kinds": "fine", "fine": "1,000"},
    )
    html = page.content.decode()
    assert "罚款金额「1,000」不是有效金额。" in html
    assert 'value="1,000"' in html and ">违法事实清楚</textarea>" in html
    assert not Decision.objects.filter(case=notified).exists()


def test_the_page_records_a_decision_from_the_body_the_api_takes(cast, notified) -> None:
    body = {"outcome": "penalty", "reasons": "违法事实清楚。", "penalty_kinds": ["fine"], "fine": str(FINE)}
    response = _client(cast.head).post(f"/cases/{notified.pk}/", {"action": "decide", **body})
    assert response.status_code == 302
    decision = Decision.objects.get(case=notified)
    assert decision.fine == FINE and decision.penalty_kinds == ["fine"]
    assert not Payment.objects.exists()
