"""Writes of the exchange: subscribers (administrators only) and the replay of a dead letter, each audited."""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.db import transaction

from fazhi.agencies.models import Agency
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation, ValidationError
from fazhi.exchange import conf
from fazhi.exchange.models import MessageStatus, OutboxMessage, Subscriber
from fazhi.exchange.outbox import filters_invalidate

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "dead_letter_replay",
    "ensure_admin",
    "subscriber_create",
    "subscriber_update",
]

_PATTERN_RE = re.compile(r"^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$")
MAX_PATTERNS = 50


def ensure_admin(actor: User) -> None:
    if not getattr(actor, "is_system_admin", False):
        raise PermissionDenied("只有系统管理员可以管理数据交换（订阅系统、死信重放）。")


def _clean(
    *, name: str, agency: str, endpoint: str, events: list[str], agencies: list[str]
) -> tuple[str, str, str, list[str], list[str]]:
    errors: list[str] = []
    name, agency, endpoint = (name or "").strip(), (agency or "").strip(), (endpoint or "").strip()
    if not name or len(name) > 100:
        errors.append("请填写订阅系统名称（不超过100个字符）")
    if not agency or len(agency) > 100:
        errors.append("请填写接收单位（不超过100个字符）")
    parts = urlsplit(endpoint) if len(endpoint) <= 500 else None
    schemes = ("https", "http") if conf.allow_http() else ("https",)
    if parts is None or parts.scheme not in schemes or not parts.hostname:
        errors.append("接收地址须为 https:// 开头的完整网址" + ("（或 http://）" if conf.allow_http() else ""))
    patterns = sorted({str(p).strip() for p in events or [] if str(p).strip()})
    bad = [p for p in patterns if len(p) > 64 or not _PATTERN_RE.match(p)]
    if not patterns:
        errors.append("请至少选择一类事件（如 publicity.*、case.*、complaint.*）")
    elif bad or len(patterns) > MAX_PATTERNS:
        errors.append(f"事件类型格式不正确：{'、'.join(bad[:5]) or '过多'}（应如 case.* 或 complaint.register）")
    codes = sorted({str(c).strip() for c in agencies or [] if str(c).strip()})
    known = set(Agency.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()
    unknown = [c for c in codes if c not in known]
    if unknown:
        errors.append(f"机构代码不存在：{'、'.join(unknown[:5])}")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    return name, agency, endpoint, patterns, codes


@transaction.atomic
def subscriber_create(
    *, actor: User, name: str, agency: str, endpoint: str, events: list[str], agencies: list[str] | None = None
) -> tuple[Subscriber, str]:
    """An administrator adds a receiving platform; returns the row and its HMAC secret (shown once)."""
    ensure_admin(actor)
    name, agency, endpoint, patterns, codes = _clean(
        name=name, agency=agency, endpoint=endpoint, events=events, agencies=agencies or []
    )
    filters_invalidate()
    secret = secrets.token_urlsafe(32)
    subscriber = Subscriber.objects.create(
        name=name, agency=agency, endpoint=endpoint, secret=secret, events=patterns, agencies=codes
    )
    audit_record(
        actor=actor,
        entity=subscriber,
        action="exchange.subscriber_create",
        summary=f"新增订阅系统「{name}」（{agency}）",
        after={"endpoint": endpoint, "events": patterns, "agencies": codes, "active": True},
    )
    return subscriber, secret


@transaction.atomic
def subscriber_update(
    *,
    actor: User,
    subscriber: Subscriber,
    active: bool | None = None,
    endpoint: str | None = None,
    events: list[str] | None = None,
    agencies: list[str] | None = None,
) -> Subscriber:
    """An administrator switches a subscriber on or off or changes its address or filters."""
    ensure_admin(actor)
    filters_invalidate()
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    before = {
        "endpoint": subscriber.endpoint,
        "events": subscriber.events,
        "agencies": subscriber.agencies,
        "active": subscriber.active,
    }
    _, _, new_endpoint, patterns, codes = _clean(
        name=subscriber.name,
        agency=subscriber.agency,
        endpoint=subscriber.endpoint if endpoint is None else endpoint,
        events=subscriber.events if events is None else events,
        agencies=subscriber.agencies if agencies is None else agencies,
    )
    subscriber.endpoint, subscriber.events, subscriber.agencies = new_endpoint, patterns, codes
    if active is not None:
        subscriber.active = active
    subscriber.save(update_fields=["endpoint", "events", "agencies", "active"])
    after = {"endpoint": new_endpoint, "events": patterns, "agencies": codes, "active": subscriber.active}
    audit_record(
        actor=actor,
        entity=subscriber,
        action="exchange.subscriber_update",
        summary=f"{'启用' if subscriber.active else '停用'}或修改订阅系统「{subscriber.name}」",
        before=before,
        after=after,
    )
    return subscriber


def access_message(*, actor: User, message_id: int) -> OutboxMessage:
    """A message, for an administrator; anyone else is told it does not exist."""
    if not getattr(actor, "is_system_admin", False):
        raise NotFoundOrForbidden("外发消息")
    message = OutboxMessage.objects.select_related("subscriber").filter(pk=message_id).first()
    if message is None:
        raise NotFoundOrForbidden("外发消息")
    return message


@transaction.atomic
def dead_letter_replay(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """Put a dead letter back in its subscriber's queue, to be posted once more with the same idempotency key.

    A replayed message goes where its gseq puts it: before any later message still pending, so the order holds."""
    ensure_admin(actor)
    message = OutboxMessage.objects.select_for_update().select_related("subscriber").get(pk=message.pk)
    if message.status != MessageStatus.DEAD:
        raise RuleViolation(
            f"消息 {message.idempotency_key} 当前为“{message.get_status_display()}”，只有死信可以重放。"
        )
    message.status = MessageStatus.PENDING
    message.attempts = 0
    message.replays += 1
    message.next_attempt_at = clock.now()
    message.save(update_fields=["status", "attempts", "replays", "next_attempt_at"])
    audit_record(
        actor=actor,
        entity=message.subscriber,
        action="exchange.dead_letter_replay",
        summary=f"重放死信 {message.idempotency_key}（{message.action}）",
        after={"message_id": message.pk, "gseq": message.gseq, "replays": message.replays},
    )
    return message
