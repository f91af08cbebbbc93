"""Delivery of the outbox: one pass posts, per subscriber and strictly in gseq order, its oldest undelivered
message whose time has come.

At-least-once transport, exactly-once by key: a message is marked delivered only after a 2xx answer; a worker
killed between the POST and the mark posts it again on a later pass with the same ``Idempotency-Key``
(``<subscriber>-<gseq>``), which the receiver uses to drop the repeat. A failure (connection error, timeout,
non-2xx) holds the subscriber's later messages and retries after an exponential back-off; after
``max_attempts`` the message goes to the dead letters and the next one proceeds. No transaction is held open
during a POST: a lease on the subscriber row keeps two passes from posting for one subscriber at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests
from django.db import transaction
from django.db.models import Q

from fazhi.core import clock
from fazhi.exchange import conf
from fazhi.exchange.models import MessageStatus, OutboxMessage, Subscriber

USER_AGENT = "fazhi-exchange/1"


def body_of(message: OutboxMessage) -> bytes:
    """The exact bytes posted (and signed): compact UTF-8 JSON with sorted keys."""
    return json.dumps(message.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature_of(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the body under the subscriber's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def headers_of(message: OutboxMessage, secret: str, body: bytes, now: datetime) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Fazhi-Signature": signature_of(secret, body),
        "X-Fazhi-Timestamp": str(int(now.timestamp())),
        "X-Fazhi-Event": message.action,
        "Idempotency-Key": message.idempotency_key,
    }


@dataclass
class PassResult:
    delivered: int = 0
    failed: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"delivered": self.delivered, "failed": self.failed, "dead": self.dead}


def _lease(subscriber_id: int, now: datetime) -> bool:
    """Take the subscriber for this pass; False when another pass holds it."""
    until = now + conf.lease_period()
    taken = (
        Subscriber.objects.filter(pk=subscriber_id, active=True)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=until)
    )
    return taken == 1


def _release(subscriber_id: int) -> None:
    Subscriber.objects.filter(pk=subscriber_id).update(lease_until=None)


def _post(message: OutboxMessage, subscriber: Subscriber, now: datetime) -> tuple[int | None, str]:
    """POST one message; (status, "") on a 2xx answer, else (status or None, the reason in Chinese)."""
    body = body_of(message)
    try:
        response = requests.post(
            subscriber.endpoint,
            data=body,
            headers=headers_of(message, subscriber.secret, body, now),
            timeout=conf.timeout_seconds(),
            allow_redirects=False,
        )
    except requests.Timeout:
        return None, "接收方响应超时"
    except requests.RequestException as exc:
        return None, f"连接失败：{type(exc).__name__}"
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"接收方返回 HTTP {response.status_code}"


def _mark(message: OutboxMessage, status: int | None, error: str, result: PassResult) -> bool:
    """Record the attempt; True when the message is settled (delivered or dead) and the next may go."""
    now = clock.now()
    message.attempts += 1
    message.last_status = status
    if not error:
        message.status = MessageStatus.DELIVERED
        message.delivered_at = now
        message.last_error = ""
        message.next_attempt_at = None
        result.delivered += 1
    elif message.attempts >= conf.max_attempts():
        message.status = MessageStatus.DEAD
        message.last_error = error[:500]
        message.next_attempt_at = None
        result.dead += 1
    else:
        message.last_error = error[:500]
        message.next_attempt_at = now + conf.retry_delay(message.attempts)
        result.failed += 1
    message.save(update_fields=["attempts", "last_status", "status", "delivered_at", "last_error", "next_attempt_at"])
    if error:
        result.errors.append(f"{message.idempotency_key}：{error}")
    return message.status != MessageStatus.PENDING


def _deliver_subscriber(subscriber: Subscriber, result: PassResult, limit: int) -> None:
    for _ in range(limit):
        now = clock.now()
        message = (
            OutboxMessage.objects.filter(subscriber=subscriber, status=MessageStatus.PENDING).order_by("gseq").first()
        )
        if message is None or (message.next_attempt_at is not None and message.next_attempt_at > now):
            return  # nothing left, or the oldest waits for its back-off and holds the rest
        status, error = _post(message, subscriber, now)
        with transaction.atomic():
            settled = _mark(message, status, error, result)
        if not settled:
            return


def deliver_pass(*, limit_per_subscriber: int = 500) -> PassResult:
    """One delivery pass over every active subscriber with pending messages."""
    result = PassResult()
    ids = list(
        Subscriber.objects.filter(active=True, messages__status=MessageStatus.PENDING)
        .values_list("pk", flat=True)
        .distinct()
    )
    for subscriber_id in sorted(ids):
        if not _lease(subscriber_id, clock.now()):
            continue
        try:
            subscriber = Subscriber.objects.get(pk=subscriber_id)
            _deliver_subscriber(subscriber, result, limit_per_subscriber)
        finally:
            _release(subscriber_id)
    return result


def next_due() -> datetime | None:
    """When the earliest pending message of an active subscriber may be tried again (for the retry's task)."""
    row: Any = (
        OutboxMessage.objects.filter(status=MessageStatus.PENDING, subscriber__active=True)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return row if isinstance(row, datetime) else None
