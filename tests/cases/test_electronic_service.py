"""电子送达 only with the party's consent and signed 确认书 (行政处罚法 第六十一条第二款; 民事诉讼法 第九十条)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from fazhi.cases import services
from fazhi.cases.models import Case, CaseState, PreDecisionNotice, Service, ServiceConsent
from fazhi.cases.services.consent import NO_CONSENT
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from tests.cases.flow import FACTS, FINE, JPEG, add_evidence, make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def decided(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    return Case.objects.get(pk=case.pk)


def _confirmation(case: Case, cast, title: str = "电子送达地址确认书（当事人签名）") -> int:  # type: ignore[no-untyped-def]
    from fazhi.evidence.services import evidence_upload

    return evidence_upload(
        actor=cast.handler1,
        case=case,
        kind="documentary",
        title=title,
        file=SimpleUploadedFile("确认书.jpg", JPEG + title.encode(), content_type="image/jpeg"),
        collected_at=timezone.make_aware(datetime.combine(date(2025, 3, 17), time(9, 0))),
        collected_by=cast.officers[0],
    ).pk


def _consent(case: Case, cast, signed_on: date = date(2025, 3, 20)) -> ServiceConsent:  # type: ignore[no-untyped-def]
    return services.service_consent_record(
        actor=cast.handler1,
        case=case,
        channel="email",
        address="zhangsan@example.com",
        signed_on=signed_on,
        confirmation_id=_confirmation(case, cast),
    )


def _serve(case: Case, cast, **changes):  # type: ignore[no-untyped-def]
    data = {"method": "electronic", "served_on": date(2025, 3, 25), "recipient": "张三", "proof": "邮件送达回执"}
    return services.decision_serve(actor=cast.handler1, case=case, **(data | changes))


def test_electronic_service_without_consent_is_refused_and_nothing_is_saved(cast, decided) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as caught:
        _serve(decided, cast)
    assert caught.value.message == NO_CONSENT and "行政处罚法第六十一条第二款" in NO_CONSENT
    assert Case.objects.get(pk=decided.pk).state == CaseState.DECIDED
    assert not Service.objects.exists() and AuditEvent.objects.count() == events


def test_electronic_service_with_consent_and_signed_confirmation_is_accepted(cast, decided) -> None:
    consent = _consent(decided, cast)
    assert str(consent) == "电子邮件 zhangsan@example.com（2025-03-20签订）"
    assert consent.confirmation.title == "电子送达地址确认书（当事人签名）"
    service = _serve(decided, cast, consent_id=consent.pk)
    assert (service.method, service.consent, service.deemed_served_on) == ("electronic", consent, date(2025, 3, 25))
    assert Case.objects.get(pk=decided.pk).state == CaseState.EXECUTING
    assert AuditEvent.objects.filter(action="case.service_consent").exists()


def test_service_before_the_confirmation_was_signed_is_refused(monkeypatch, cast, decided) -> None:
    travel(monkeypatch, date(2025, 3, 27))
    consent = _consent(decided, cast, signed_on=date(2025, 3, 26))
    with pytest.raises(RuleViolation, match="早于当事人签订电子送达确认书的日期"):
        _serve(decided, cast, consent_id=consent.pk, served_on=date(2025, 3, 25))
    assert _serve(decided, cast, consent_id=consent.pk, served_on=date(2025, 3, 26)).consent == consent


def test_electronic_service_must_name_the_consent(cast, decided) -> None:
    _consent(decided, cast)
    with pytest.raises(ValidationError, match="请选择电子送达所依据的当事人确认书"):
        _serve(decided, cast)
    assert not Service.objects.exists()


def test_other_methods_need_no_consent_and_keep_none(cast, decided) -> None:
    consent = _consent(decided, cast)
    assert _serve(decided, cast, method="direct", proof="送达回证", consent_id=consent.pk).consent is None


def test_a_consent_needs_a_valid_address_and_the_signed_confirmation_as_evidence_of_the_case(
    monkeypatch, bureau, cast, decided
) -> None:
    evidence_id = _confirmation(decided, cast)
    record = {"actor": cast.handler1, "case": decided, "signed_on": date(2025, 3, 20)}
    with pytest.raises(ValidationError, match="电子邮箱「zhangsan」格式不正确"):
        services.service_consent_record(**record, channel="email", address="zhangsan", confirmation_id=evidence_id)
    with pytest.raises(ValidationError, match="手机号码「12」格式不正确"):
        services.service_consent_record(**record, channel="sms", address="12", confirmation_id=evidence_id)
    with pytest.raises(ValidationError, match="请选择电子送达方式"):
        services.service_consent_record(**record, channel="wechat", address="x", confirmation_id=evidence_id)
    with pytest.raises(ValidationError, match="当事人签署的确认书"):
        services.service_consent_record(
            **record, channel="app", address="示范执法APP", confirmation_id=evidence_id + 99
        )
    other = registered_case(monkeypatch, bureau, cast, is_major=False)
    add_evidence(other, cast, date(2025, 3, 3))
    foreign = other.evidence.get().pk
    travel(monkeypatch, date(2025, 3, 25))
    with pytest.raises(ValidationError, match="当事人签署的确认书"):
        services.service_consent_record(**record, channel="fax", address="0731-1234567", confirmation_id=foreign)
    from fazhi.evidence.models import Evidence
    from fazhi.evidence.services import evidence_exclude

    evidence_exclude(actor=cast.head, evidence=Evidence.objects.get(pk=evidence_id), reason="非当事人本人签名")
    with pytest.raises(RuleViolation, match="已被排除"):
        services.service_consent_record(**record, channel="sms", address="13812345678", confirmation_id=evidence_id)
    assert not ServiceConsent.objects.exists()


def test_the_pre_decision_notice_served_electronically_needs_the_consent_too(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, date(2025, 3, 10))
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="未批先建50平方米。",
        evidence_summary="现场检查笔录、照片",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=FINE,
        discretion_facts=FACTS,
    )
    travel(monkeypatch, date(2025, 3, 11))
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="同意。")
    travel(monkeypatch, date(2025, 3, 12))
    services.legal_review_record(actor=cast.reviewer, case=case, opinion="agree", text="同意。")
    travel(monkeypatch, date(2025, 3, 17))
    with pytest.raises(RuleViolation, match="第六十一条第二款"):
        services.notice_issue(actor=cast.handler1, case=case, method="electronic", served_on=date(2025, 3, 17))
    assert Case.objects.get(pk=case.pk).state == CaseState.REVIEWING and not PreDecisionNotice.objects.exists()
    consent = _consent(case, cast, signed_on=date(2025, 3, 17))
    notice = services.notice_issue(
        actor=cast.handler1, case=case, method="electronic", served_on=date(2025, 3, 17), consent_id=consent.pk
    )
    assert notice.consent == consent


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_api_refuses_electronic_service_without_consent_and_accepts_it_with_one(cast, decided) -> None:
    api = _client(cast.handler1)
    serve = {"method": "electronic", "served_on": "2025-03-25", "recipient": "张三", "proof": "邮件回执"}
    response = api.post(f"/api/cases/{decided.pk}/serve", serve, content_type="application/json")
    assert response.status_code == 409 and response.json()["message"] == NO_CONSENT
    consent = {"channel": "sms", "address": "13812345678", "signed_on": "2025-03-20"}
    response = api.post(
        f"/api/cases/{decided.pk}/service-consents",
        consent | {"confirmation_id": 999999},
        content_type="application/json",
    )
    assert response.status_code == 400 and not ServiceConsent.objects.exists()
    response = api.post(
        f"/api/cases/{decided.pk}/service-consents",
        consent | {"confirmation_id": _confirmation(decided, cast)},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content.decode()
    consent_id = response.json()["id"]
    response = api.post(
        f"/api/cases/{decided.pk}/serve", serve | {"consent_id": consent_id}, content_type="application/json"
    )
    assert response.status_code == 201, response.content.decode()
    assert Service.objects.get().consent_id == consent_id


def test_the_page_records_the_consent_and_serves_electronically(cast, decided) -> None:
    page = _client(cast.handler1)
    url = f"/cases/{decided.pk}/"
    serve = {"action": "serve", "method": "electronic", "served_on": "2025-03-25", "recipient": "张三", "proof": "回执"}
    response = page.post(url, serve, follow=True)
    assert "电子送达须经当事人同意并签订确认书" in response.content.decode() and not Service.objects.exists()
    evidence_id = _confirmation(decided, cast)
    assert "电子送达地址确认书（当事人签名）" in page.get(url).content.decode()
    page.post(
        url,
        {
            "action": "service_consent",
            "channel": "email",
            "address": "zhangsan@example.com",
            "signed_on": "2025-03-20",
            "confirmation_id": evidence_id,
        },
    )
    consent = ServiceConsent.objects.get()
    assert "zhangsan@example.com（2025-03-20签订）" in page.get(url).content.decode()
    page.post(url, serve | {"consent_id": consent.pk})
    assert Service.objects.get().consent == consent
    page.post(url, {"action": "service_consent_withdraw", "item": consent.pk, "on": "2025-03-25", "note": "电话告知"})
    assert ServiceConsent.objects.get().withdrawn_on == date(2025, 3, 25)


def test_after_the_party_withdraws_its_consent_electronic_service_is_refused(monkeypatch, cast, decided) -> None:
    travel(monkeypatch, date(2025, 3, 27))
    consent = _consent(decided, cast)
    with pytest.raises(ValidationError, match="请写明当事人撤回同意"):
        services.service_consent_withdraw(actor=cast.handler1, consent=consent, on=date(2025, 3, 26), note=" ")
    with pytest.raises(ValidationError, match="撤回日期应在"):
        services.service_consent_withdraw(actor=cast.handler1, consent=consent, on=date(2025, 3, 28), note="书面声明")
    services.service_consent_withdraw(actor=cast.handler1, consent=consent, on=date(2025, 3, 26), note="书面声明")
    with pytest.raises(RuleViolation, match="已于2025年03月26日撤回电子送达的同意"):
        _serve(decided, cast, consent_id=consent.pk, served_on=date(2025, 3, 26))
    assert not Service.objects.exists()
    # the day before the withdrawal the consent still held
    assert _serve(decided, cast, consent_id=consent.pk, served_on=date(2025, 3, 25)).consent == consent
    with pytest.raises(RuleViolation, match="已于2025年03月26日撤回"):
        services.service_consent_withdraw(actor=cast.handler1, consent=consent, on=date(2025, 3, 27), note="再次")


def test_the_api_lists_consents_and_provisions_and_records_a_withdrawal(cast, decided) -> None:
    from fazhi.cases.models import ExtensionProvision

    ExtensionProvision.objects.create(citation="《示范规定》第五十条", max_days=30, effective_from=date(2025, 1, 1))
    ExtensionProvision.objects.create(
        citation="已失效", max_days=10, effective_from=date(2020, 1, 1), effective_until=date(2024, 12, 31)
    )
    api = _client(cast.handler1)
    provisions = api.get("/api/cases/extension-provisions").json()
    assert [(p["citation"], p["max_days"]) for p in provisions] == [("《示范规定》第五十条", 30)]
    consent = _consent(decided, cast)
    listed = api.get(f"/api/cases/{decided.pk}/service-consents").json()
    assert listed == [
        {
            "id": consent.pk,
            "channel": "email",
            "address": "zhangsan@example.com",
            "signed_on": "2025-03-20",
            "confirmation_id": consent.confirmation_id,
            "withdrawn_on": None,
        }
    ]
    url = f"/api/cases/{decided.pk}/service-consents/{consent.pk}/withdraw"
    response = api.post(url, {"on": "2025-03-25", "note": ""}, content_type="application/json")
    assert response.status_code == 400
    response = api.post(url, {"on": "2025-03-25", "note": "当事人书面撤回"}, content_type="application/json")
    assert response.status_code == 201
    assert api.get(f"/api/cases/{decided.pk}/service-consents").json()[0]["withdrawn_on"] == "2025-03-25"
    page = _client(cast.handler1).get(f"/cases/{decided.pk}/").content.decode()
    assert "2025-03-25撤回" in page and "当事人书面撤回" in page


@pytest.mark.parametrize(
    "data",
    [
        {"action": "service_consent"},
        {
            "action": "service_consent",
            "channel": "email",
            "address": "a@b.cn",
            "signed_on": "x",
            "confirmation_id": "1",
        },
        {"action": "service_consent", "channel": "email", "address": "a@b.cn", "signed_on": "2025-03-20"},
        {"action": "service_consent_withdraw", "item": "abc", "on": "2025-03-25", "note": "x"},
        {"action": "service_consent_withdraw", "item": "999999", "on": "2025-03-25", "note": "x"},
        {"action": "serve", "method": "electronic", "served_on": "2025-03-25", "consent_id": "x"},
        {"action": "serve", "method": "electronic", "served_on": "2025-03-25", "consent_id": "-3"},
        {"action": "extend", "provision_id": "x", "days": "1", "reason": "r"},
        {"action": "seize_extend", "item": "999999", "reason": "r", "notice_served_on": "2025-03-25"},
        {"action": "seize_extend", "item": "1", "reason": "r", "notice_served_on": "2025-13-40"},
    ],
)
def test_bad_page_input_is_refused_with_a_message_never_a_server_error(cast, decided, data) -> None:
    before = AuditEvent.objects.count()
    response = _client(cast.head).post(f"/cases/{decided.pk}/", data, follow=True)
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before
