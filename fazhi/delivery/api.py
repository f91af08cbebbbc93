"""电子送达 API: the case's deliveries, sending, and the gateways' receipts (``POST /api/delivery/receipts``).

The webhook is not a user's call: it is authenticated by the shared secret ``FAZHI_DELIVERY_WEBHOOK_SECRET``
(``Authorization: Bearer <secret>`` or ``X-Fazhi-Delivery-Secret``); without a configured secret it is closed.
"""

from __future__ import annotations

import hmac
import json
from datetime import datetime
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.cases.models import ServiceChannel
from fazhi.cases.selectors import access_case
from fazhi.core.codes import CodeOf
from fazhi.core.errors import ApplicationError, PermissionDenied, ValidationError
from fazhi.delivery import selectors, services
from fazhi.delivery.models import Delivery, DeliveryDocument, DeliveryStatus, mask_address

router = Router(tags=["电子送达"])
_ADDRESS_KEYS = {"to", "address", "phone", "mobile", "email", "recipient"}


class DeliveryOut(Schema):
    id: int
    case_id: int
    document: Annotated[str, CodeOf(DeliveryDocument)]
    document_label: str
    document_sha256: str
    consent_id: int
    channel: Annotated[str, CodeOf(ServiceChannel)]
    provider: str
    address_masked: str
    message_id: str
    status: Annotated[str, CodeOf(DeliveryStatus)]
    status_label: str
    error: str
    receipt: dict[str, Any]
    service_id: int | None
    service_error: str
    sent_at: datetime | None
    delivered_at: datetime | None

    @staticmethod
    def resolve_document_label(obj: Delivery) -> str:
        return obj.get_document_display()

    @staticmethod
    def resolve_status_label(obj: Delivery) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_receipt(obj: Delivery) -> dict[str, Any]:
        """The receipt as stored, the addresses a gateway may echo masked."""
        return {k: mask_address(str(v)) if k in _ADDRESS_KEYS and v else v for k, v in (obj.receipt or {}).items()}


class SendIn(Schema):
    consent_id: int
    document: Annotated[str, CodeOf(DeliveryDocument)] = "decision"
    late_reason: str = ""


class ReceiptOut(Schema):
    id: int
    status: Annotated[str, CodeOf(DeliveryStatus)]
    service_id: int | None


class WebhookRefused(ApplicationError):
    status_code = 401
    code = "unauthorized"


@router.get("/cases/{case_id}", response=list[DeliveryOut], summary="案件的电子送达记录（地址已脱敏）")
def list_deliveries(request: HttpRequest, case_id: int) -> list[Delivery]:
    actor = request_actor(request)
    return selectors.deliveries_for_case(actor=actor, case=access_case(actor=actor, case_id=case_id))


@router.post(
    "/cases/{case_id}",
    response={201: DeliveryOut},
    summary="电子送达（须当事人签订确认书；console/电子邮件即时回执，短信网关回执经 webhook 到达）",
)
def send_delivery(request: HttpRequest, case_id: int, payload: SendIn) -> Status[Delivery]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    delivery = services.delivery_send(
        actor=actor,
        case=case,
        consent_id=payload.consent_id,
        document=payload.document,
        late_reason=payload.late_reason,
    )
    return Status(201, delivery)


@router.get("/{int:delivery_id}", response=DeliveryOut, summary="电子送达记录")
def get_delivery(request: HttpRequest, delivery_id: int) -> Delivery:
    return selectors.access_delivery(actor=request_actor(request), delivery_id=delivery_id)


def _secret_ok(request: HttpRequest) -> bool:
    secret = str(getattr(settings, "FAZHI_DELIVERY_WEBHOOK_SECRET", "") or "")
    if not secret:
        return False
    header = request.headers.get("Authorization", "")
    given = (
        header[7:].strip()
        if header.lower().startswith("bearer ")
        else request.headers.get("X-Fazhi-Delivery-Secret", "")
    )
    return bool(given) and hmac.compare_digest(given.encode(), secret.encode())


@router.post("/receipts", auth=None, response=ReceiptOut, summary="送达网关的送达回执（共享密钥认证，可重复发送）")
def receive_receipt(request: HttpRequest) -> Delivery:
    if not str(getattr(settings, "FAZHI_DELIVERY_WEBHOOK_SECRET", "") or ""):
        raise PermissionDenied("未配置送达回执的共享密钥（FAZHI_DELIVERY_WEBHOOK_SECRET），回执接口未开放。")
    if not _secret_ok(request):
        raise WebhookRefused("送达回执的共享密钥不正确。")
    try:
        payload = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError("回执应为 UTF-8 编码的 JSON。") from exc
    return services.delivery_receipt_record(
        payload=payload, provider=str(getattr(settings, "FAZHI_DELIVERY_WEBHOOK_PROVIDER", "sms_http"))
    )
