"""Writing and verifying the hash-chained audit trail.

``audit_record`` is called by every state-changing service inside its transaction. ``audit_verify`` recomputes
every chain and lists the breaks (``fazhi verify``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction

from fazhi.core import clock
from fazhi.core.models import AuditChainHead, AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as JSON-safe data (foreign keys by id)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _audit_key() -> bytes:
    """The chain key (``FAZHI_AUDIT_KEY``), kept outside the database.

    With a key, each hash is an HMAC: whoever can write to the database but does not hold the key cannot rewrite
    an event and recompute a valid chain. Set it before the first use in production and never change it; without
    it the chain is plain SHA-256, which still detects accidental or careless changes.
    """

    return str(getattr(settings, "FAZHI_AUDIT_KEY", "") or "").encode("utf-8")


def _event_hash(event: AuditEvent) -> str:
    payload = {
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "seq": event.seq,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "at": event.at.astimezone(UTC).isoformat(),  # as read back from any database
        "action": event.action,
        "summary": event.summary,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }
    key = _audit_key()
    if key:
        return hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "系统"
    full = getattr(actor, "display_name", "") or getattr(actor, "username", "")
    return str(full)


def audit_record(
    *,
    actor: Any,
    entity: models.Model | None = None,
    entity_type: str = "",
    entity_id: str = "",
    action: str,
    summary: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the entity's chain. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    if entity is not None:
        entity_type = entity._meta.label_lower
        entity_id = str(entity.pk)
    if not entity_type or not entity_id:
        raise ValueError("audit_record needs an entity or entity_type and entity_id")
    head = _lock_head(entity_type, entity_id)
    event = AuditEvent(
        entity_type=entity_type,
        entity_id=entity_id,
        seq=head.seq + 1,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        at=clock.now(),
        action=action,
        summary=summary[:500],
        before=_jsonable(dict(before)) if before is not None else None,
        after=_jsonable(dict(after)) if after is not None else None,
        prev_hash=head.hash,
    )
    event.hash = _event_hash(event)
    event.save(force_insert=True)
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def _lock_head(entity_type: str, entity_id: str) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends; created on the chain's first event."""
    qs = AuditChainHead.objects.select_for_update(of=("self",)).filter(entity_type=entity_type, entity_id=entity_id)
    head = qs.first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(entity_type=entity_type, entity_id=entity_id)
        except IntegrityError:  # a concurrent first event created it: wait for its lock below
            pass
        head = qs.get()
    return head


@dataclass(frozen=True)
class ChainBreak:
    entity_type: str
    entity_id: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"{self.entity_type}#{self.entity_id} 第{self.seq}条：{self.reason}"


@dataclass(frozen=True)
class VerifyResult:
    chains: int
    events: int
    breaks: list[ChainBreak]

    @property
    def ok(self) -> bool:
        return not self.breaks


def _iter_events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("entity_type", "entity_id", "seq").iterator(chunk_size=2000)


def audit_verify() -> VerifyResult:
    """Recompute every chain: each hash, each link to the previous event, the sequence without gaps, and the
    chain's end against its head (so that removed newest events or a removed chain are found too)."""
    heads = {(h.entity_type, h.entity_id): (h.seq, h.hash) for h in AuditChainHead.objects.all()}
    ends: dict[tuple[str, str], tuple[int, str]] = {}
    breaks: list[ChainBreak] = []
    chains = events = 0
    key: tuple[str, str] | None = None
    prev_hash = ""
    expected_seq = 1
    for event in _iter_events():
        events += 1
        this_key = (event.entity_type, event.entity_id)
        if this_key != key:
            key, prev_hash, expected_seq = this_key, "", 1
            chains += 1
        if event.seq != expected_seq:
            breaks.append(ChainBreak(*this_key, event.seq, f"序号不连续：应为第{expected_seq}条（中间的事件被删除）"))
        if event.prev_hash != prev_hash:
            breaks.append(ChainBreak(*this_key, event.seq, "与前一事件的哈希链接不符"))
        if _event_hash(event) != event.hash:
            breaks.append(ChainBreak(*this_key, event.seq, "事件内容与其哈希不符（记录被改动）"))
        prev_hash = event.hash
        expected_seq = event.seq + 1
        ends[this_key] = (event.seq, event.hash)
    for key_, (seq, hash_) in sorted(heads.items()):
        end = ends.get(key_)
        if end is None:
            breaks.append(ChainBreak(*key_, seq, f"整条链缺失：链头记录到第{seq}条，事件已全部被删除"))
        elif end != (seq, hash_):
            breaks.append(ChainBreak(*key_, end[0], f"链尾与链头不符：链头记录到第{seq}条（末尾事件被删除或改动）"))
    for key_ in sorted(ends.keys() - heads.keys()):
        breaks.append(ChainBreak(*key_, ends[key_][0], "链头缺失：事件未经应用写入"))
    return VerifyResult(chains=chains, events=events, breaks=breaks)
