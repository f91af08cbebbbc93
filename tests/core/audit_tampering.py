"""Helpers of the audit tamper tests: what someone with write access to the database can do behind fazhi's back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from fazhi.core.audit import _event_hash
from fazhi.core.models import AuditChainHead, AuditEvent, AuditSequence

EVENTS = AuditEvent._meta.db_table
HEADS = AuditChainHead._meta.db_table
COUNTER = AuditSequence._meta.db_table


@contextmanager
def behind_the_back() -> Iterator[CursorWrapper]:
    """A raw cursor; on PostgreSQL with the append-only triggers switched off, as only a superuser can."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def chain(entity: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(entity_type=entity._meta.label_lower, entity_id=str(entity.pk)))


def newest() -> AuditEvent:
    event = AuditEvent.objects.order_by("-gseq").first()
    assert event is not None
    return event


def rehash_from(events: list[AuditEvent], start: int) -> None:
    """Recompute the hashes of ``events[start:]`` with the code's own hash function (under whatever key the
    settings hold now), rewrite the rows, and move the head to the new end: a careful forger."""
    prev = events[start - 1].hash if start else ""
    with behind_the_back() as cursor:
        for event in events[start:]:
            event.prev_hash = prev
            event.hash = _event_hash(event)
            cursor.execute(
                f"UPDATE {EVENTS} SET summary = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [event.summary, event.prev_hash, event.hash, event.pk],
            )
            prev = event.hash
        last = events[-1]
        cursor.execute(
            f"UPDATE {HEADS} SET seq = %s, hash = %s WHERE entity_type = %s AND entity_id = %s",
            [last.seq, last.hash, last.entity_type, last.entity_id],
        )
