"""电子送达 that reaches the party: consent first, the provider's receipt is the proof on the case's Service."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pytest
from django.core import mail
from django.test import Client

from fazhi.cases.models import Case, CaseState, Service
from fazhi.cases.services.consent import NO_CONSENT
from fazhi.core.audit import audit_verify
from fazhi.core.errors import NotFoundOrForbidden, RuleViolation
from fazhi.delivery.models import Delivery, DeliveryStatus, mask_address
from fazhi.delivery.services import DeliveryFailed, delivery_send
from fazhi.documents.models import Document
from tests.delivery.conftest import consent_for

SECRET = {"HTTP_AUTHORIZATION": "Bearer s3cret-webhook"}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_without_consent_the_send_is_refused_and_nothing_is_sent(decided, cast, outbox) -> None:
    with pytest.raises(RuleViolation) as caught:
        delivery_send(actor=cast.handler1, case=decided, consent_id=None)
    assert caught.value.message == NO_CONSENT
    assert not Delivery.objects.exists() and not Service.objects.exists()
    assert not outbox.exists() or not list(outbox.iterdir())
    response = _client(cast.handler1).post(
        f"/api/delivery/cases/{decided.pk}", {"consent_id": 999}, content_type="application/json"
    )
    assert response.status_code == 409 and "电子送达须经当事人同意并签订确认书" in response.json()["message"]
    assert not Delivery.objects.exists()


def test_with_consent_the_console_receipt_is_the_proof_on_the_service(decided, cast, consent, outbox) -> None:
    delivery = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.provider == "console"
    service = Service.objects.get(case=decided)
    assert delivery.service == service
    assert (service.method, service.consent, service.document) == ("electronic", consent, "decision")
    assert delivery.message_id in service.proof and "电子送达回执" in service.proof
    assert "zh***@example.com" in service.proof and "zhangsan@" not in service.proof  # masked
    assert Case.objects.get(pk=decided.pk).state == CaseState.EXECUTING
    written = json.loads((outbox / f"{delivery.message_id}.json").read_text(encoding="utf-8"))
    decision_doc = Document.objects.get(case=decided, kind="penalty_decision")
    assert written["to"] == "zhangsan@example.com" and written["attachments"][0]["sha256"] == decision_doc.sha256
    assert delivery.document_sha256 == decision_doc.sha256
    assert delivery.receipt["file"] == f"{delivery.message_id}.json"
    # The delivery's event carries the state the service moved the case to: the chain verifies (was: "decided").
    assert audit_verify().ok
    with pytest.raises(RuleViolation):  # served: the decision is not awaiting service any more
        delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert Delivery.objects.count() == 1


def test_the_decision_must_be_generated_before_it_is_sent(monkeypatch, decided, cast, consent) -> None:
    Document.objects.filter(case=decided).delete()
    with pytest.raises(RuleViolation) as caught:
        delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert "请先生成《行政处罚决定书》" in caught.value.message
    assert not Delivery.objects.exists()


def test_a_channel_without_a_configured_provider_is_refused(settings, decided, cast, consent) -> None:
    settings.FAZHI_DELIVERY_PROVIDERS = {}
    with pytest.raises(RuleViolation) as caught:
        delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert "未配置「电子邮件」的电子送达通道" in caught.value.message
    assert not Delivery.objects.exists()


class _Answer(io.BytesIO):
    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *args):  # type: ignore[no-untyped-def]
        return False


@pytest.fixture
def sms(settings, monkeypatch, decided, cast):  # type: ignore[no-untyped-def]
    settings.FAZHI_DELIVERY_PROVIDERS = {"sms": "sms_http"}
    settings.FAZHI_DELIVERY_SMS_URL = "https://gateway.example/send"
    settings.FAZHI_DELIVERY_SMS_TOKEN = "gw-token"
    sent: list[dict] = []

    def urlopen(request, timeout):  # type: ignore[no-untyped-def]
        assert request.headers["Authorization"] == "Bearer gw-token" and request.full_url.endswith("/send")
        sent.append(json.loads(request.data))
        return _Answer(json.dumps({"message_id": f"gw-{len(sent)}"}).encode())

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    consent = consent_for(decided, cast, channel="sms", address="13812345678")
    return consent, sent


def _receipt(client: Client, body: dict, **headers):  # type: ignore[no-untyped-def]
    return client.post("/api/delivery/receipts", json.dumps(body), content_type="application/json", **headers)


def test_sms_gateway_receipts_by_webhook_are_authenticated_and_idempotent(sms, decided, cast) -> None:
    consent, sent = sms
    delivery = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert delivery.status == DeliveryStatus.SENT and delivery.message_id == "gw-1"
    assert sent[0]["to"] == "13812345678" and sent[0]["attachments"][0]["sha256"] == delivery.document_sha256
    assert not Service.objects.exists()  # sent is not served: the receipt decides
    with pytest.raises(RuleViolation):  # one delivery at a time per document
        delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    anonymous = Client(enforce_csrf_checks=True)  # a gateway has no session and no CSRF token
    body = {"message_id": "gw-1", "status": "delivered", "delivered_at": "2025-03-25T10:30:00+08:00"}
    assert _receipt(anonymous, body).status_code == 401
    assert _receipt(anonymous, body, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert not Service.objects.exists()
    first = _receipt(anonymous, body, **SECRET)
    assert first.status_code == 200, first.content
    service = Service.objects.get(case=decided)
    assert first.json() == {"id": delivery.pk, "status": "delivered", "service_id": service.pk}
    assert service.method == "electronic" and service.consent == consent and "gw-1" in service.proof
    assert "138****5678" in service.proof and "13812345678" not in service.proof
    again = _receipt(anonymous, body, HTTP_X_FAZHI_DELIVERY_SECRET="s3cret-webhook")
    assert again.status_code == 200 and again.json() == first.json()
    late_failure = _receipt(anonymous, {"message_id": "gw-1", "status": "failed"}, **SECRET)
    assert late_failure.json()["status"] == "delivered"  # the first final receipt stands
    assert Service.objects.count() == 1 and Delivery.objects.get().status == DeliveryStatus.DELIVERED
    unknown = _receipt(anonymous, {"message_id": "gw-99", "status": "delivered"}, **SECRET)
    assert unknown.status_code == 404
    bad = _receipt(anonymous, {"message_id": "gw-1", "status": "read"}, **SECRET)
    assert bad.status_code == 400 and "delivered" in bad.json()["message"]
    garbage = anonymous.post("/api/delivery/receipts", b"\xff", content_type="application/json", **SECRET)
    assert garbage.status_code == 400
    impossible = _receipt(
        anonymous, {"message_id": "gw-1", "status": "delivered", "delivered_at": "2026-02-30T10:00:00+08:00"}, **SECRET
    )
    assert impossible.status_code == 400 and "ISO 8601" in impossible.json()["message"]
    assert audit_verify().ok


def test_the_webhook_is_closed_without_a_configured_secret(db, settings) -> None:  # a request may read the holidays
    settings.FAZHI_DELIVERY_WEBHOOK_SECRET = ""
    response = _receipt(Client(), {"message_id": "x", "status": "delivered"}, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403 and "共享密钥" in response.json()["message"]


def test_a_failed_delivery_leaves_no_service(sms, decided, cast) -> None:
    consent, _ = sms
    delivery = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    failed = _receipt(Client(), {"message_id": delivery.message_id, "status": "failed", "error": "空号"}, **SECRET)
    assert failed.status_code == 200 and failed.json()["status"] == "failed"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.error == "空号"
    assert not Service.objects.exists() and Case.objects.get(pk=decided.pk).state == CaseState.DECIDED
    late = _receipt(Client(), {"message_id": delivery.message_id, "status": "delivered"}, **SECRET)
    assert late.json()["status"] == "failed" and not Service.objects.exists()
    retry = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)  # a new attempt is allowed
    assert retry.status == DeliveryStatus.SENT and retry.pk != delivery.pk


def test_an_unreachable_gateway_fails_the_delivery_without_a_service(sms, monkeypatch, decided, cast) -> None:
    consent, _ = sms

    def down(request, timeout):  # type: ignore[no-untyped-def]
        raise urllib.error.URLError("connection refused")

    monkeypatch.setattr(urllib.request, "urlopen", down)
    with pytest.raises(DeliveryFailed) as caught:
        delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert caught.value.status_code == 502 and "无法连接短信送达网关" in caught.value.message
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and not Service.objects.exists()


def test_a_send_that_crashes_before_the_provider_answers_fails_the_delivery_and_a_retry_is_allowed(
    monkeypatch, decided, cast, consent
) -> None:
    from fazhi.delivery import services as delivery_services

    def broken(delivery):  # type: ignore[no-untyped-def]
        raise KeyError("template")

    monkeypatch.setattr(delivery_services, "_message", broken)
    with pytest.raises(DeliveryFailed) as caught:
        delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert "未登记送达" in caught.value.message
    assert Delivery.objects.get().status == DeliveryStatus.FAILED and not Service.objects.exists()
    monkeypatch.undo()
    retry = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)  # not "still waiting"
    assert retry.status == DeliveryStatus.DELIVERED


def test_email_the_smtp_acceptance_with_its_message_id_is_the_receipt(settings, decided, cast, consent) -> None:
    settings.FAZHI_DELIVERY_PROVIDERS = {"email": "email"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhangsan@example.com"] and message.extra_headers["Message-ID"] == delivery.message_id
    assert message.attachments[0][0].endswith(".docx") and "行政处罚决定书" in message.subject
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.receipt["smtp"] == "accepted"
    assert Service.objects.get(case=decided).proof.endswith(f"消息编号 {delivery.message_id}）")


def test_the_case_page_panel_and_the_api_show_the_masked_address(decided, cast, consent, officer_elsewhere) -> None:
    client = _client(cast.handler1)
    page = client.get(f"/cases/{decided.pk}/").content.decode()
    assert "电子送达" in page and f"/delivery/case/{decided.pk}/send/" in page
    sent = client.post(f"/delivery/case/{decided.pk}/send/", {"document": "decision", "consent": consent.pk})
    assert sent.status_code == 302
    page = client.get(f"/cases/{decided.pk}/").content.decode()
    assert "zh***@example.com" in page and "已送达" in page
    listed = client.get(f"/api/delivery/cases/{decided.pk}").json()
    assert listed[0]["address_masked"] == "zh***@example.com" and "address" not in listed[0]
    assert listed[0]["status"] == "delivered" and listed[0]["service_id"] is not None
    other = _client(officer_elsewhere)
    assert other.get(f"/api/delivery/cases/{decided.pk}").status_code == 404
    assert other.get(f"/api/delivery/{listed[0]['id']}").status_code == 404
    with pytest.raises(NotFoundOrForbidden):
        from fazhi.delivery.selectors import deliveries_for_case

        deliveries_for_case(actor=officer_elsewhere, case=decided)


def test_addresses_are_masked() -> None:
    assert mask_address("zhangsan@example.com") == "zh***@example.com"
    assert mask_address("13812345678") == "138****5678"
    assert mask_address("0731-888866") == "073****66"
    assert mask_address("wx") == "***"


def test_the_read_only_supervisor_sees_the_deliveries_but_cannot_send(
    decided, cast, consent, bureau, make_user
) -> None:
    from fazhi.accounts.models import Role

    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    client = _client(supervisor)
    refused = client.post(
        f"/api/delivery/cases/{decided.pk}", {"consent_id": consent.pk}, content_type="application/json"
    )
    assert refused.status_code == 403 and "监督人员只能查看" in refused.json()["message"]
    assert not Delivery.objects.exists()
    assert client.get(f"/api/delivery/cases/{decided.pk}").status_code == 200
    page = client.get(f"/cases/{decided.pk}/").content.decode()
    assert f"/delivery/case/{decided.pk}/send/" not in page  # no form for a read-only user
    printed = client.get(f"/documents/case/{decided.pk}/print/inspection_record/")
    assert printed.status_code == 200  # reading the case's documents is allowed


def test_the_api_hides_personal_data_the_gateway_echoes_in_its_receipt(sms, decided, cast) -> None:
    consent, _ = sms
    delivery = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    body = {"message_id": delivery.message_id, "status": "delivered", "to": "13812345678", "phone": "13812345678"}
    assert _receipt(Client(), body, **SECRET).status_code == 200
    shown = _client(cast.handler1).get(f"/api/delivery/{delivery.pk}").json()
    assert "13812345678" not in json.dumps(shown, ensure_ascii=False)
    assert shown["receipt"]["to"] == "138****5678" and shown["status"] == "delivered"


def test_the_admin_shows_a_delivery_read_only_with_its_address_masked(decided, cast, consent, admin_user) -> None:
    delivery = delivery_send(actor=cast.handler1, case=decided, consent_id=consent.pk)
    client = _client(admin_user)
    page = client.get(f"/admin/delivery/delivery/{delivery.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "zh***@example.com" in text and "zhangsan@example.com" not in text
    assert client.post(f"/admin/delivery/delivery/{delivery.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Delivery.objects.filter(pk=delivery.pk).exists()
