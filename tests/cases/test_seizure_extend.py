"""延长查封、扣押 (行政强制法 第二十五条): once, by 30 days, with the reason and the served written notice."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.cases import services
from fazhi.cases.models import Seizure
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from tests.cases.flow import make_cast, registered_case, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def seizure(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    case = registered_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 3, 5))
    return services.seizure_approve(
        actor=cast.head, case=case, measure="detain", items="挖掘机一台", start=date(2025, 3, 5)
    )


def _post(user, url: str, data: dict) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json()


def test_an_extension_without_a_reason_is_refused(monkeypatch, cast, seizure) -> None:
    travel(monkeypatch, date(2025, 4, 1))
    with pytest.raises(ValidationError, match=r"延长的理由.*行政强制法第二十五条第二款"):
        services.seizure_extend(actor=cast.head, seizure=seizure, reason="  ", notice_served_on=date(2025, 4, 1))
    assert Seizure.objects.get(pk=seizure.pk).extended_on is None


def test_an_extension_without_the_notice_date_is_refused(monkeypatch, cast, seizure) -> None:
    travel(monkeypatch, date(2025, 4, 1))
    with pytest.raises(ValidationError, match=r"书面告知当事人的送达日期.*第二十五条第二款"):
        services.seizure_extend(actor=cast.head, seizure=seizure, reason="需检测", notice_served_on=None)
    assert Seizure.objects.get(pk=seizure.pk).extended_on is None


def test_a_notice_after_the_first_period_or_in_the_future_is_refused(monkeypatch, cast, seizure) -> None:
    travel(monkeypatch, date(2025, 4, 4))  # the first period ends on 2025-04-04 (3-5 + 30 days)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.seizure_extend(actor=cast.head, seizure=seizure, reason="需检测", notice_served_on=date(2025, 4, 5))
    with pytest.raises(ValidationError, match="2025年03月05日至2025年04月04日"):
        services.seizure_extend(actor=cast.head, seizure=seizure, reason="需检测", notice_served_on=date(2025, 3, 4))


def test_an_extension_with_reason_and_notice_on_the_last_day_is_recorded(monkeypatch, cast, seizure) -> None:
    travel(monkeypatch, date(2025, 4, 4))
    extended = services.seizure_extend(
        actor=cast.head, seizure=seizure, reason="情况复杂，需技术鉴定", notice_served_on=date(2025, 4, 4)
    )
    assert (extended.extended_on, extended.extension_notice_served_on) == (date(2025, 4, 4), date(2025, 4, 4))
    assert extended.extension_reason == "情况复杂，需技术鉴定"
    event = AuditEvent.objects.filter(action="case.seizure_extend").get()
    assert "2025年05月04日" in event.summary and "2025年04月04日书面告知当事人" in event.summary
    with pytest.raises(RuleViolation, match="只能延长一次"):
        services.seizure_extend(actor=cast.head, seizure=seizure, reason="再延", notice_served_on=date(2025, 4, 4))


def test_the_api_refuses_an_extension_without_reason_and_accepts_it_with_one(monkeypatch, cast, seizure) -> None:
    travel(monkeypatch, date(2025, 4, 1))
    url = f"/api/cases/{seizure.case_id}/seizures/{seizure.pk}/extend"
    status, body = _post(cast.head, url, {"notice_served_on": "2025-04-01"})
    assert status == 400 and "延长的理由" in body["message"] and "第二十五条" in body["message"]
    status, body = _post(cast.head, url, {"reason": "需检测", "notice_served_on": "bad"})
    assert (
        status == 400 and body["message"] == "书面告知送达日期「bad」不是有效日期，请按 年-月-日 填写，如 2026-01-31。"
    )
    assert Seizure.objects.get(pk=seizure.pk).extended_on is None
    status, body = _post(cast.head, url, {"reason": "需检测", "notice_served_on": "2025-04-01"})
    assert status == 201, body
    assert Seizure.objects.get(pk=seizure.pk).extension_notice_served_on == date(2025, 4, 1)


def test_the_page_form_refuses_an_extension_without_notice_date(monkeypatch, cast, seizure) -> None:
    travel(monkeypatch, date(2025, 4, 1))
    client = Client()
    client.force_login(cast.head)
    url = f"/cases/{seizure.case_id}/"
    data = {"action": "seize_extend", "item": seizure.pk, "reason": "需检测", "notice_served_on": ""}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "书面告知当事人的送达日期" in response.content.decode()
    assert Seizure.objects.get(pk=seizure.pk).extended_on is None
    data["notice_served_on"] = "2025-04-01"
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert Seizure.objects.get(pk=seizure.pk).extended_on == date(2025, 4, 1)
