"""电子送达 that reaches the party: send a document through the provider of the consented channel, and turn the
provider's delivery receipt into the case's service.

行政处罚法 第六十一条第二款: only with the party's consent and signed 确认书 (``electronic_service_consent`` of the
cases app refuses otherwise, and nothing is sent). 民事诉讼法 第九十条第二款: the day the message reaches the
party's system is the day of service — the receipt's day. When it arrives, the service is recorded by the cases
service (``decision_serve``) with method 电子送达, the consent, and the receipt as its proof; a failed delivery
records none.

The message is handed to the provider outside any transaction (it may wait on a gateway): the ``Delivery`` is
written first as 发送中, then 已发送 or 送达失败 with the provider's answer.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from fazhi.agencies.scope import scope_for
from fazhi.cases import services as case_services
from fazhi.cases import workflow
from fazhi.cases.models import Case, ServiceMethod
from fazhi.cases.services.consent import electronic_service_consent
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, RuleViolation, ValidationError
from fazhi.delivery.models import Delivery, DeliveryDocument, DeliveryStatus
from fazhi.delivery.providers import (
    CHANNEL_LABELS,
    Attachment,
    OutgoingMessage,
    ProviderError,
    ProviderResult,
    provider_for,
    provider_name_for,
)
from fazhi.documents import services as document_services
from fazhi.documents.kinds import SPECS
from fazhi.documents.models import Document

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = ["DeliveryFailed", "delivery_receipt_record", "delivery_send"]

logger = logging.getLogger(__name__)

# The generated 文书 that is sent for each document, by the case's procedure.
_DOCUMENT_KINDS = {DeliveryDocument.DECISION: {"general": "penalty_decision", "simple": "simple_decision"}}
PROVIDER_LABELS = {"console": "发件箱（开发测试）", "sms_http": "短信送达网关", "email": "电子邮件"}


class DeliveryFailed(ApplicationError):
    """The provider did not take the message; the failed ``Delivery`` is kept, no service is recorded."""

    status_code = 502
    code = "delivery_failed"


def _file(case: Case, document: str) -> Document:
    kind = _DOCUMENT_KINDS[DeliveryDocument(document)][case.procedure]
    latest = Document.objects.filter(case=case, kind=kind).order_by("-version").first()
    if latest is None:
        raise RuleViolation(
            f"请先生成《{SPECS[kind].title}》，再电子送达：送达的是本系统生成的文书，其哈希值一并留存。"
        )
    return latest


@transaction.atomic
def _prepare(*, actor: User, case: Case, document: str, consent_id: int | None, late_reason: str) -> Delivery:
    case = Case.objects.select_for_update(of=("self",)).select_related("party", "legal_subject").get(pk=case.pk)
    scope_for(actor).ensure_can_write(case.agency)
    if document not in DeliveryDocument.values:
        raise ValidationError("请选择要电子送达的文书（行政处罚决定书）。")
    today = clock.today()
    workflow.guard("serve", case, actor, today)
    consent = electronic_service_consent(
        case=case, method=ServiceMethod.ELECTRONIC, consent_id=consent_id, served_on=today
    )
    assert consent is not None
    try:
        provider = provider_name_for(consent.channel)
    except ProviderError as exc:
        raise RuleViolation(str(exc)) from exc
    busy = Delivery.objects.filter(
        case=case, document=document, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENT]
    ).first()
    if busy is not None:
        raise RuleViolation(
            f"本案的《{busy.get_document_display()}》已于{timezone.localtime(busy.created_at):%Y年%m月%d日%H时%M分}"
            "电子送达，正在等待送达回执；收到回执（或确认失败）后才能再次发送。"
        )
    file = _file(case, document)
    delivery = Delivery(
        case=case,
        document=document,
        document_file=file,
        document_sha256=file.sha256,
        consent=consent,
        channel=consent.channel,
        provider=provider,
        address=consent.address,
        subject=f"{case.legal_subject.name}《{SPECS[file.kind].title}》{file.number}",
        late_reason=late_reason.strip()[:500],
        sent_by=actor,
        created_at=clock.now(),
    )
    delivery.save()
    audit_record(
        actor=actor,
        entity=case,
        action="delivery.send",
        summary=f"电子送达《{SPECS[file.kind].title}》{file.number}：{CHANNEL_LABELS.get(consent.channel, '')} "
        f"{delivery.address_masked}（{PROVIDER_LABELS.get(provider, provider)}）",
        after={"delivery_id": delivery.pk, "document_id": file.pk, "sha256": file.sha256, "consent_id": consent.pk},
    )
    return delivery


def _message(delivery: Delivery) -> OutgoingMessage:
    file = delivery.document_file
    assert file is not None
    opened = document_services.document_open(actor=delivery.sent_by, document=file, fmt="docx")
    with opened.reader as reader:
        content = reader.read()
    consent = delivery.consent
    text = (
        f"{delivery.case.party.name}：\n"
        f"{delivery.case.legal_subject.name}依法向您电子送达《{SPECS[file.kind].title}》（{file.number}），"
        f"文书见附件（SHA-256：{file.sha256}）。\n"
        f"本送达依据您于{consent.signed_on:%Y年%m月%d日}签订的电子送达地址确认书，"
        "以本消息到达您确认的电子送达地址之日为送达日期（《中华人民共和国行政处罚法》第六十一条第二款）。"
    )
    return OutgoingMessage(
        reference=str(delivery.pk),
        channel=delivery.channel,
        address=delivery.address,
        subject=delivery.subject,
        text=text,
        attachments=[Attachment(opened.filename, content, opened.content_type)],
    )


def delivery_send(
    *, actor: User, case: Case, consent_id: int | None, document: str = "decision", late_reason: str = ""
) -> Delivery:
    """Send ``document`` of ``case`` to the address of the party's consent ``consent_id``.

    Refused (nothing sent, nothing saved) without a valid consent, when the document may not be served now, or
    when a delivery of it is still waiting for its receipt. An immediate receipt (console, SMTP acceptance)
    records the service at once; a gateway's comes by ``delivery_receipt_record``. A provider that fails leaves
    the delivery 送达失败 and raises ``DeliveryFailed``.
    """
    delivery = _prepare(actor=actor, case=case, document=document, consent_id=consent_id, late_reason=late_reason)
    # Whatever goes wrong between the row and the provider's answer leaves the delivery 送达失败 with its reason, so a
    # later send is not refused as "still waiting" for a receipt that can never come.
    try:
        result = provider_for(delivery.channel).send(_message(delivery))
    except ProviderError as exc:
        _failed(delivery, str(exc), {"provider": delivery.provider, "status": "failed", "error": str(exc)})
        raise DeliveryFailed(f"电子送达未成功，未登记送达：{exc}") from exc
    except ApplicationError as exc:
        _failed(delivery, exc.message, {"provider": delivery.provider, "status": "failed", "error": exc.message})
        raise
    except Exception as exc:
        logger.exception("delivery send crashed", extra={"delivery": delivery.pk, "provider": delivery.provider})
        reason = f"发送时出错（{type(exc).__name__}）"
        _failed(delivery, reason, {"provider": delivery.provider, "status": "failed", "error": reason})
        raise DeliveryFailed(f"电子送达未成功，未登记送达：{reason}，请稍后重试。") from exc
    return _sent(delivery.pk, result)


@transaction.atomic
def _sent(delivery_id: int, result: ProviderResult) -> Delivery:
    delivery = Delivery.objects.select_for_update(of=("self",)).select_related("case").get(pk=delivery_id)
    delivery.message_id, delivery.sent_at = result.message_id[:200], clock.now()
    delivery.status, delivery.receipt = DeliveryStatus.SENT, result.receipt
    delivery.save(update_fields=["message_id", "sent_at", "status", "receipt"])
    logger.info("delivery sent", extra={"delivery": delivery.pk, "provider": delivery.provider})
    if result.delivered:
        _delivered(delivery, result.receipt, clock.now())
    return delivery


@transaction.atomic
def _failed(delivery: Delivery, error: str, receipt: dict[str, Any]) -> Delivery:
    delivery = Delivery.objects.select_for_update(of=("self",)).select_related("case").get(pk=delivery.pk)
    delivery.status, delivery.error, delivery.receipt = DeliveryStatus.FAILED, error[:500], receipt
    delivery.save(update_fields=["status", "error", "receipt"])
    audit_record(
        actor=None,
        entity=delivery.case,
        action="delivery.failed",
        summary=f"电子送达失败（{delivery.address_masked}）：{error}",
        after={"delivery_id": delivery.pk},
    )
    return delivery


def _proof(delivery: Delivery, delivered_at: datetime) -> str:
    at = timezone.localtime(delivered_at)
    proof = (
        f"电子送达回执：{PROVIDER_LABELS.get(delivery.provider, delivery.provider)}，"
        f"{at:%Y年%m月%d日%H时%M分}到达{CHANNEL_LABELS.get(delivery.channel, '')} {delivery.address_masked}"
        f"（电子送达记录第{delivery.pk}号，消息编号 {delivery.message_id}）"
    )
    return proof[:300]


def _delivered(delivery: Delivery, receipt: dict[str, Any], delivered_at: datetime) -> None:
    """Record the receipt and, through the cases service, the service it proves (inside the caller's transaction).

    A service the cases rules refuse now (e.g. already served by hand) leaves the delivery 已送达 with the reason.
    """
    delivery.status, delivery.receipt, delivery.delivered_at = DeliveryStatus.DELIVERED, receipt, delivered_at
    served_on = min(timezone.localtime(delivered_at).date(), clock.today())
    try:
        with transaction.atomic():
            service = case_services.decision_serve(
                actor=delivery.sent_by,
                case=delivery.case,
                method=ServiceMethod.ELECTRONIC,
                served_on=served_on,
                recipient=delivery.case.party.name,
                proof=_proof(delivery, delivered_at),
                late_reason=delivery.late_reason,
                consent_id=delivery.consent_id,
            )
    except ApplicationError as exc:
        delivery.service_error = exc.message[:500]
    else:
        delivery.service, delivery.service_error = service, ""
    delivery.save(update_fields=["status", "receipt", "delivered_at", "service", "service_error"])
    delivery.case.refresh_from_db()  # decision_serve moved the case on: its event must carry the state it now has
    audit_record(
        actor=None,
        entity=delivery.case,
        action="delivery.delivered",
        summary=f"电子送达回执：{timezone.localtime(delivered_at):%Y年%m月%d日%H时%M分}到达 {delivery.address_masked}"
        + (f"；未能登记送达：{delivery.service_error}" if delivery.service_error else "；已登记送达"),
        after={"delivery_id": delivery.pk, "service_id": delivery.service_id, "message_id": delivery.message_id},
    )


def _parse_receipt(payload: Any) -> tuple[str, str, datetime, str]:
    if not isinstance(payload, dict):
        raise ValidationError("回执应为 JSON 对象：{message_id, status, delivered_at, error}。")
    message_id = str(payload.get("message_id") or "").strip()
    status = str(payload.get("status") or "").strip()
    if not message_id:
        raise ValidationError("回执缺少消息编号（message_id）。")
    if status not in {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED}:
        raise ValidationError("回执状态（status）应为 delivered（已送达）或 failed（送达失败）。")
    raw = payload.get("delivered_at")
    try:
        at = parse_datetime(str(raw)) if raw else None
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        at = None
    if raw and at is None:
        raise ValidationError("回执的送达时间（delivered_at）应为 ISO 8601 格式，如 2026-03-02T14:05:00+08:00。")
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    return message_id, status, at or clock.now(), str(payload.get("error") or "")[:500]


@transaction.atomic
def delivery_receipt_record(*, payload: Any, provider: str = "sms_http") -> Delivery:
    """A gateway's receipt (the webhook, already authenticated): delivered → the service; failed → none.

    Idempotent: a receipt for a delivery that already has its final receipt changes nothing and answers the same.
    """
    message_id, status, delivered_at, error = _parse_receipt(payload)
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("case", "case__party", "sent_by")
        .filter(provider=provider, message_id=message_id)
        .first()
    )
    if delivery is None:
        raise NotFoundOrForbidden("该消息编号的电子送达记录")
    if delivery.status in {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED}:
        return delivery  # the gateway repeats itself: the first final receipt stands
    receipt = {"provider": provider, **payload, "received_at": clock.now().isoformat()}
    if status == DeliveryStatus.FAILED:
        delivery.status, delivery.error, delivery.receipt = DeliveryStatus.FAILED, error or "网关报告送达失败", receipt
        delivery.save(update_fields=["status", "error", "receipt"])
        audit_record(
            actor=None,
            entity=delivery.case,
            action="delivery.failed",
            summary=f"电子送达失败（{delivery.address_masked}）：{delivery.error}",
            after={"delivery_id": delivery.pk, "message_id": message_id},
        )
        return delivery
    _delivered(delivery, receipt, delivered_at)
    return delivery
