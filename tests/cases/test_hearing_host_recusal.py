"""Rule 8 of issue 7: the party may apply for the hearing host's recusal (行政处罚法 第六十四条第四项); the head
decides (第四十三条第三款), and the hearing is not held while the application is pending."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.cases import services
from fazhi.cases.models import Case, Hearing, Recusal
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from tests.cases.flow import make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _post(user, url: str, data: dict):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client.post(url, data, content_type="application/json")


def _scheduled(monkeypatch, bureau, cast) -> tuple[Case, Hearing]:  # type: ignore[no-untyped-def]
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 19))
    hearing = services.hearing_request(actor=cast.handler1, case=case, requested_on=date(2025, 3, 19))
    travel(monkeypatch, date(2025, 3, 20))
    services.hearing_schedule(
        actor=cast.handler1,
        hearing=hearing,
        notice_served_on=date(2025, 3, 20),
        hearing_date=date(2025, 3, 31),
        host=cast.host,
        location="局三楼听证室",
    )
    return case, Hearing.objects.get(pk=hearing.pk)


def test_the_party_may_apply_for_the_hosts_recusal_and_the_head_replaces_the_host(
    monkeypatch, bureau, cast, make_officer
) -> None:
    case, hearing = _scheduled(monkeypatch, bureau, cast)
    url = f"/api/cases/{case.pk}/hearings/{hearing.pk}/host-recusal"
    applied = _post(cast.handler1, url, {"reason": "主持人孙明是当事人的表兄"})
    assert applied.status_code == 201
    recusal = Recusal.objects.get(pk=applied.json()["id"])
    assert (recusal.officer, recusal.applicant, recusal.hearing) == (cast.host, "party", hearing)
    twice = _post(cast.handler1, url, {"reason": "同上"})
    assert twice.status_code == 409 and "已有待负责人决定" in twice.json()["message"]
    travel(monkeypatch, date(2025, 3, 31))
    with pytest.raises(RuleViolation, match="第六十四条第四项"):
        services.hearing_record(actor=cast.handler1, hearing=hearing, held=True, record="笔录")
    decide = f"/api/cases/{case.pk}/recusals/{recusal.pk}/decide"
    handler_as_host = _post(cast.head, decide, {"granted": True, "replacement_id": cast.officers[0].pk})
    assert handler_as_host.status_code == 409 and "非本案调查人员主持" in handler_as_host.json()["message"]
    assert Recusal.objects.get(pk=recusal.pk).granted is None
    new_host = make_officer(bureau.squad2, "钱文")
    assert _post(cast.head, decide, {"granted": True, "replacement_id": new_host.pk}).status_code == 201
    hearing.refresh_from_db()
    assert hearing.host == new_host
    event = AuditEvent.objects.filter(entity_id=str(case.pk), action="case.host_recusal_decide").get()
    assert event.summary == f"决定听证主持人{cast.host.name}回避，改由钱文主持"
    with pytest.raises(RuleViolation, match="已决定回避，不能主持本次听证"):
        services.hearing_schedule(
            actor=cast.handler1,
            hearing=hearing,
            notice_served_on=date(2025, 3, 31),
            hearing_date=date(2025, 4, 10),
            host=cast.host,
            location="局三楼听证室",
        )
    services.hearing_record(actor=cast.handler1, hearing=hearing, held=True, record="当事人陈述了意见。")
    assert Hearing.objects.get(pk=hearing.pk).held


def test_a_granted_recusal_without_a_replacement_leaves_the_hearing_without_a_host(monkeypatch, bureau, cast) -> None:
    _, hearing = _scheduled(monkeypatch, bureau, cast)
    recusal = services.hearing_host_recusal_apply(actor=cast.handler1, hearing=hearing, reason="利害关系")
    services.recusal_decide(actor=cast.head, recusal=recusal, granted=True)
    hearing.refresh_from_db()
    assert hearing.host is None
    travel(monkeypatch, date(2025, 3, 31))
    with pytest.raises(RuleViolation, match="请先指定新的主持人"):
        services.hearing_record(actor=cast.handler1, hearing=hearing, held=True, record="笔录")


def test_a_refused_recusal_keeps_the_host(monkeypatch, bureau, cast) -> None:
    _, hearing = _scheduled(monkeypatch, bureau, cast)
    recusal = services.hearing_host_recusal_apply(actor=cast.handler1, hearing=hearing, reason="无具体理由")
    services.recusal_decide(actor=cast.head, recusal=recusal, granted=False)
    with pytest.raises(RuleViolation, match="已作出决定"):
        services.recusal_decide(actor=cast.head, recusal=recusal, granted=False)
    hearing.refresh_from_db()
    assert hearing.host == cast.host
    assert Recusal.objects.get(pk=recusal.pk).granted is False


def test_a_recusal_application_without_a_host_or_a_reason_is_refused(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 19))
    hearing = services.hearing_request(actor=cast.handler1, case=case, requested_on=date(2025, 3, 19))
    before = (Recusal.objects.count(), AuditEvent.objects.count())
    response = _post(cast.handler1, f"/api/cases/{case.pk}/hearings/{hearing.pk}/host-recusal", {"reason": "利害关系"})
    assert response.status_code == 409 and response.json()["message"] == "尚未指定听证主持人。"
    assert (Recusal.objects.count(), AuditEvent.objects.count()) == before
    case, hearing = _scheduled(monkeypatch, bureau, cast)
    with pytest.raises(ValidationError, match="请写明申请回避的理由"):
        services.hearing_host_recusal_apply(actor=cast.handler1, hearing=hearing, reason=" ")
