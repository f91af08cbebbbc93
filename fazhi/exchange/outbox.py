"""The outbox writer: an ``audit_listeners`` hook that turns an audit event into one message per subscriber that
wants it, in the changing transaction (a rolled-back change leaves no message).

The subscribers' filters are cached per process (``conf.filter_cache_seconds``): with no active subscriber an
audit event costs no query at all. A change made through ``fazhi.exchange.services`` clears this process's cache
when it commits; other processes see it within the cache period, and delivery re-reads the subscriber's
``active`` flag before every POST.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from fazhi.core import clock
from fazhi.core.models import AuditEvent
from fazhi.rules.masking import mask_address, mask_name, mask_phone, mask_resident_id, mask_text

PAYLOAD_VERSION = 1

#: keys of an after-state whose values are personal data, and how each is masked
_PERSON_KEYS: tuple[tuple[str, Any], ...] = (
    ("phone", mask_phone),
    ("mobile", mask_phone),
    ("id_number", mask_resident_id),
    ("address", mask_address),
    ("party_name", mask_name),
    ("contact_name", mask_name),
    ("legal_representative", mask_name),
)


def mask_value(key: str, value: Any) -> Any:
    """A value of an after-state as it may leave fazhi: personal fields masked, ID and mobile numbers in any text."""
    if isinstance(value, dict):
        return {k: mask_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(key, v) for v in value]
    if not isinstance(value, str) or not value:
        return value
    lowered = key.lower()
    for fragment, mask in _PERSON_KEYS:
        if fragment in lowered:
            return str(mask(value))
    return mask_text(value)


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """The documented JSON of one event (docs/exchange.md, "Payload")."""
    return {
        "version": PAYLOAD_VERSION,
        "gseq": event.gseq,
        "action": event.action,
        "entity": {"type": event.entity_type, "id": event.entity_id},
        "summary": mask_text(event.summary),
        "after": mask_value("", event.after) if event.after is not None else None,
        "state": event.state,
        "actor": mask_text(event.actor_label),
        "occurred_at": event.at.isoformat(),
    }


def pattern_matches(pattern: str, event: AuditEvent) -> bool:
    """``publicity.*`` matches an action or entity type under ``publicity``; ``*`` everything; else the exact
    action or entity type."""
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        prefix = pattern[:-1]
        return event.action.startswith(prefix) or event.entity_type.startswith(prefix)
    return pattern in (event.action, event.entity_type)


@dataclass(frozen=True)
class SubscriberFilter:
    pk: int
    events: tuple[str, ...]
    agency_paths: tuple[str, ...]  # empty: every agency

    def wants(self, event: AuditEvent, agency_path: str | None) -> bool:
        if not any(pattern_matches(p, event) for p in self.events):
            return False
        if not self.agency_paths:
            return True
        return agency_path is not None and any(agency_path.startswith(p) for p in self.agency_paths)


_cache: tuple[float, tuple[SubscriberFilter, ...]] | None = None
#: set while this process has an uncommitted change of a subscriber: read the filters afresh, cache nothing (a
#: change rolled back must not stay in the cache as a subscriber that does not exist)
_hold = False


def filters_clear() -> None:
    """Forget the cached filters (after a committed change of a subscriber)."""
    global _cache, _hold
    _cache, _hold = None, False


def filters_invalidate() -> None:
    """A subscriber changes in the current transaction: no cache until it commits (``filters_clear`` then)."""
    global _cache, _hold
    _cache, _hold = None, True
    transaction.on_commit(filters_clear)


def active_filters() -> tuple[SubscriberFilter, ...]:
    """The active subscribers' filters, from this process's cache when it is fresh."""
    global _cache  # noqa: PLW0603 - the process's copy of the filters
    from fazhi.exchange import conf  # noqa: PLC0415 - settings read at call time (tests override them)

    now = time.monotonic()
    if _cache is not None and now - _cache[0] < conf.filter_cache_seconds():
        return _cache[1]
    from fazhi.agencies.models import Agency  # noqa: PLC0415 - the outbox loads with the app registry
    from fazhi.exchange.models import Subscriber  # noqa: PLC0415

    rows = list(Subscriber.objects.filter(active=True).values("pk", "events", "agencies"))
    codes = {str(c) for row in rows for c in (row["agencies"] or [])}
    paths = dict(Agency.objects.filter(code__in=codes).values_list("code", "path")) if codes else {}
    filters = tuple(
        SubscriberFilter(
            pk=row["pk"],
            events=tuple(str(p) for p in row["events"] or []),
            # an unknown code matches nothing (never everything): a path no agency has
            agency_paths=tuple(paths.get(str(c), f"\0{c}") for c in row["agencies"] or []),
        )
        for row in rows
    )
    if not _hold:
        _cache = (now, filters)
    return filters


def _agency_path(entity: models.Model | None) -> str | None:
    """The agency an event belongs to, from the record it is about (its ``agency``, or its case's)."""
    if entity is None:
        return None
    for attr in ("agency", "legal_subject"):
        agency = getattr(entity, attr, None)
        path = getattr(agency, "path", None)
        if isinstance(path, str):
            return path
    case = getattr(entity, "case", None)
    agency = getattr(case, "agency", None) if case is not None else None
    path = getattr(agency, "path", None)
    return path if isinstance(path, str) else None


def outbox_write(event: AuditEvent, entity: models.Model | None) -> None:
    """The ``audit_listeners`` hook: a message per active subscriber that wants ``event``, in its transaction."""
    filters = active_filters()
    if not filters or event.gseq is None:  # every event audit_record writes has its gseq
        return
    candidates = [f for f in filters if any(pattern_matches(p, event) for p in f.events)]
    if not candidates:
        return
    path = _agency_path(entity) if any(f.agency_paths for f in candidates) else None
    wanted = [f for f in candidates if f.wants(event, path)]
    if not wanted:
        return
    from fazhi.exchange.models import OutboxMessage  # noqa: PLC0415 - the outbox loads with the app registry

    payload = event_payload(event)
    now = clock.now()
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                subscriber_id=f.pk,
                gseq=event.gseq,
                action=event.action,
                payload=payload,
                created_at=now,
                next_attempt_at=now,
            )
            for f in wanted
        ]
    )
    connection = transaction.get_connection()
    if not any(entry[1] is _enqueue_delivery for entry in connection.run_on_commit):  # once per transaction
        transaction.on_commit(_enqueue_delivery)


def _enqueue_delivery() -> None:
    """After the commit, ask the worker for a delivery pass (``fazhi exchange deliver`` does the same by hand)."""
    from fazhi.exchange.tasks import deliver_task  # noqa: PLC0415 - tasks import the delivery, which imports requests

    try:
        deliver_task.enqueue()
    except Exception:
        return
