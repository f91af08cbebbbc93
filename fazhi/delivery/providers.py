"""The delivery providers behind one interface, chosen per 电子送达方式 by ``FAZHI_DELIVERY_PROVIDERS``.

- ``console``: writes the message as JSON to ``FAZHI_DELIVERY_OUTBOX`` (var/outbox/) and returns an immediate
  receipt — the default for development and tests.
- ``sms_http``: POSTs the message as JSON to ``FAZHI_DELIVERY_SMS_URL`` with ``Authorization: Bearer
  FAZHI_DELIVERY_SMS_TOKEN``; the gateway answers a message id, and its delivery receipt arrives later at the
  webhook ``POST /api/delivery/receipts`` (``fazhi.delivery.services.delivery_receipt_record``).
- ``email``: Django's mail (the SMTP settings); the SMTP server's acceptance is the receipt, with the Message-ID.

A provider raises ``ProviderError`` (a Chinese sentence) when the message could not be handed over.
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid

from fazhi.core import clock

__all__ = [
    "Attachment",
    "OutgoingMessage",
    "Provider",
    "ProviderError",
    "ProviderResult",
    "provider_for",
    "provider_name_for",
]


class ProviderError(Exception):
    """The provider could not take the message; ``str(exc)`` is a Chinese sentence for the officer."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class OutgoingMessage:
    reference: str  # our delivery's id, echoed by a gateway in its receipts
    channel: str  # ServiceChannel: email, sms, fax, app
    address: str
    subject: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class ProviderResult:
    message_id: str
    delivered: bool  # True: the receipt is immediate (console, SMTP acceptance); False: it comes by the webhook
    receipt: dict[str, Any]


class Provider(Protocol):
    name: str

    def send(self, message: OutgoingMessage) -> ProviderResult: ...


def _now_iso() -> str:
    return clock.now().isoformat()


class ConsoleProvider:
    """Writes the message to var/outbox/<reference>.json; the file is the receipt."""

    name = "console"

    def send(self, message: OutgoingMessage) -> ProviderResult:
        outbox = Path(getattr(settings, "FAZHI_DELIVERY_OUTBOX", "") or Path(settings.VAR_DIR) / "outbox")
        message_id = f"console-{message.reference}"
        body = {
            "message_id": message_id,
            "reference": message.reference,
            "channel": message.channel,
            "to": message.address,
            "subject": message.subject,
            "text": message.text,
            "attachments": [
                {"filename": a.filename, "content_type": a.content_type, "size": len(a.content), "sha256": a.sha256}
                for a in message.attachments
            ],
            "written_at": _now_iso(),
        }
        try:
            outbox.mkdir(parents=True, exist_ok=True)
            path = outbox / f"{message_id}.json"
            path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as exc:
            raise ProviderError(f"无法写入发件箱目录（{outbox}）：{exc.strerror or exc}。") from exc
        receipt = {"provider": self.name, "status": "delivered", "file": path.name, "delivered_at": _now_iso()}
        return ProviderResult(message_id=message_id, delivered=True, receipt=receipt)


class SmsHttpProvider:
    """An SMS (电子送达) gateway over HTTP: POST JSON, the answer's ``message_id``; receipts by the webhook."""

    name = "sms_http"

    def send(self, message: OutgoingMessage) -> ProviderResult:
        url = getattr(settings, "FAZHI_DELIVERY_SMS_URL", "")
        token = getattr(settings, "FAZHI_DELIVERY_SMS_TOKEN", "")
        if not url or not token:
            raise ProviderError(
                "短信送达网关未配置（FAZHI_DELIVERY_SMS_URL、FAZHI_DELIVERY_SMS_TOKEN），请联系系统管理员。"
            )
        payload = {
            "reference": message.reference,
            "to": message.address,
            "subject": message.subject,
            "text": message.text,
            "attachments": [
                {
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "sha256": a.sha256,
                    "base64": base64.b64encode(a.content).decode("ascii"),
                }
                for a in message.attachments
            ],
        }
        request = urllib.request.Request(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            method="POST",
        )
        timeout = float(getattr(settings, "FAZHI_DELIVERY_SMS_TIMEOUT", 10))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                answer = json.loads(response.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as exc:
            raise ProviderError(f"短信送达网关拒绝了发送请求（HTTP {exc.code}）。") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ProviderError("无法连接短信送达网关，消息未发送，请稍后重试。") from exc
        except ValueError as exc:
            raise ProviderError("短信送达网关的应答无法识别（不是JSON）。") from exc
        message_id = str(answer.get("message_id") or "") if isinstance(answer, dict) else ""
        if not message_id:
            raise ProviderError("短信送达网关的应答中没有消息编号（message_id）。")
        receipt = {"provider": self.name, "status": "sent", "accepted_at": _now_iso(), "gateway": answer}
        return ProviderResult(message_id=message_id, delivered=False, receipt=receipt)


class EmailProvider:
    """Django's mail: the SMTP server's acceptance of the message, with its Message-ID, is the receipt."""

    name = "email"

    def send(self, message: OutgoingMessage) -> ProviderResult:
        domain = getattr(settings, "FAZHI_DELIVERY_EMAIL_DOMAIN", "") or None
        message_id = make_msgid(idstring=f"fazhi-delivery-{message.reference}", domain=domain)
        email = EmailMessage(
            subject=message.subject,
            body=message.text,
            from_email=getattr(settings, "FAZHI_DELIVERY_EMAIL_FROM", "") or None,
            to=[message.address],
            headers={"Message-ID": message_id},
        )
        for a in message.attachments:
            email.attach(a.filename, a.content, a.content_type)
        try:
            accepted = email.send(fail_silently=False)
        except Exception as exc:  # smtplib and socket errors alike: the message was not accepted
            raise ProviderError(f"邮件服务器未接受该邮件：{type(exc).__name__}。") from exc
        if accepted != 1:
            raise ProviderError("邮件服务器未接受该邮件。")
        receipt = {
            "provider": self.name,
            "status": "delivered",
            "smtp": "accepted",
            "message_id": message_id,
            "delivered_at": _now_iso(),
        }
        return ProviderResult(message_id=message_id, delivered=True, receipt=receipt)


PROVIDERS: dict[str, type[ConsoleProvider] | type[SmsHttpProvider] | type[EmailProvider]] = {
    "console": ConsoleProvider,
    "sms_http": SmsHttpProvider,
    "email": EmailProvider,
}
CHANNEL_LABELS = {"email": "电子邮件", "sms": "手机短信", "fax": "传真", "app": "移动应用"}


def provider_name_for(channel: str) -> str:
    """The provider configured for a 电子送达方式 (``FAZHI_DELIVERY_PROVIDERS``), or ProviderError."""
    name = str(getattr(settings, "FAZHI_DELIVERY_PROVIDERS", {}).get(channel) or "")
    if not name:
        label = CHANNEL_LABELS.get(channel, channel)
        raise ProviderError(f"本系统未配置「{label}」的电子送达通道，请采用其他送达方式，或联系系统管理员配置。")
    if name not in PROVIDERS:
        raise ProviderError(f"电子送达通道配置有误：「{name}」不是可用的通道（console、sms_http、email）。")
    return name


def provider_for(channel: str) -> Provider:
    return PROVIDERS[provider_name_for(channel)]()
