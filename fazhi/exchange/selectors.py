"""Reads of the exchange for the administrators' page: subscribers with their backlog, and the dead letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q, QuerySet

from fazhi.core.errors import PermissionDenied
from fazhi.exchange.models import MessageStatus, OutboxMessage, Subscriber

if TYPE_CHECKING:
    from fazhi.accounts.models import User


@dataclass(frozen=True)
class SubscriberRow:
    subscriber: Subscriber
    pending: int
    dead: int
    delivered: int
    oldest_pending_gseq: int | None
    next_attempt_at: datetime | None
    last_error: str


def _ensure_admin(actor: User) -> None:
    if not getattr(actor, "is_system_admin", False):
        raise PermissionDenied("只有系统管理员可以查看数据交换。")


def subscriber_rows(*, actor: User) -> list[SubscriberRow]:
    _ensure_admin(actor)
    subscribers = Subscriber.objects.annotate(
        pending=Count("messages", filter=Q(messages__status=MessageStatus.PENDING)),
        dead=Count("messages", filter=Q(messages__status=MessageStatus.DEAD)),
        delivered=Count("messages", filter=Q(messages__status=MessageStatus.DELIVERED)),
        oldest=Min("messages__gseq", filter=Q(messages__status=MessageStatus.PENDING)),
    ).order_by("name", "pk")
    rows = []
    for s in subscribers:
        head = (
            OutboxMessage.objects.filter(subscriber=s, status=MessageStatus.PENDING).order_by("gseq").first()
            if s.pending
            else None
        )
        rows.append(
            SubscriberRow(
                subscriber=s,
                pending=s.pending,
                dead=s.dead,
                delivered=s.delivered,
                oldest_pending_gseq=s.oldest,
                next_attempt_at=head.next_attempt_at if head else None,
                last_error=head.last_error if head else "",
            )
        )
    return rows


def dead_letters(*, actor: User, limit: int = 200) -> QuerySet[OutboxMessage]:
    _ensure_admin(actor)
    return (
        OutboxMessage.objects.filter(status=MessageStatus.DEAD).select_related("subscriber").order_by("-gseq")[:limit]
    )
