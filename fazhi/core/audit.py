"""Writing and verifying the hash-chained audit trail.

``audit_record`` is called by every state-changing service inside its transaction. ``audit_verify`` recomputes
every chain and lists the breaks (``fazhi verify``).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.db import IntegrityError, models, transaction

from fazhi.core import checkpoints, clock
from fazhi.core.audit_keys import current_key, keyring, sign, unkeyed_allowed
from fazhi.core.models import AuditChainHead, AuditEvent, AuditSequence


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


# The fields that make up an audited record's state: recorded in each of its events, and compared by ``verify``
# with the record as it is now, so that a change made behind the application's back (``update cases_case set
# state='closed'``) is found. Only fields that change solely through services that then record an event on that
# very record (``entity=`` the record, after the change) belong here; docs/audit.md lists why each is safe. Records
# whose events are written on another chain (evidence and 文书 on their case's) cannot be listed: their last
# event does not carry their state.
STATE_FIELDS: dict[str, tuple[str, ...]] = {
    "cases.case": ("state",),
    # who can log in: a disabled or locked account re-enabled by SQL is found
    "accounts.user": ("is_active", "locked_until"),
    # a partner system's key: a revoked key un-revoked by SQL is found (accounts.services.partner_key_*)
    "accounts.partnerkey": ("revoked_at",),
    # 双公示: pending, published, withdrawn, expired, repaired (publicity.services, every change then _event)
    "publicity.publication": ("status",),
    # 群众诉求: every change through complaints.services._save
    "complaints.complaint": ("status",),
    # 行政复议 and 行政诉讼: their outcome (and a suit's stage), through legal_affairs.services.common._write
    "legal_affairs.reconsideration": ("outcome",),
    "legal_affairs.litigation": ("stage", "outcome"),
    # 以案释法 on the public portal: draft, published, withdrawn (portal.services, every change then its event)
    "portal.typicalcase": ("status",),
    # 预警整改: assigned, answered, returned, closed (supervision.dispositions, every change then _step's event)
    "supervision.alertdisposition": ("status",),
}


def _state_value(value: Any) -> Any:
    """A state field as recorded and compared: JSON-safe, datetimes in UTC (as any database reads them back)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return _jsonable(value)


# Types whose state is read back from the database when an event is recorded, not from the instance: an account's
# events are also written by logins, tokens and the second factor, with a user loaded before an administrator may
# have locked or disabled him in the meantime.
STATE_READ_BACK = frozenset({"accounts.user"})


def state_snapshot(instance: models.Model) -> dict[str, Any] | None:
    """The ``STATE_FIELDS`` of ``instance`` as its event records them, or None for a type not listed."""
    label = instance._meta.label_lower
    fields = STATE_FIELDS.get(label)
    if fields is None:
        return None
    if label in STATE_READ_BACK:
        row = instance._meta.model._base_manager.filter(pk=instance.pk).values(*fields).first()  # a lazy user too
        if row is not None:
            return {name: _state_value(row[name]) for name in fields}
    return {name: _state_value(getattr(instance, name)) for name in fields}


def _payload(event: AuditEvent) -> dict[str, Any]:
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
    if event.version >= 2:
        payload |= {"version": event.version, "gseq": event.gseq, "key_id": event.key_id, "state": event.state}
    return payload


def _event_hash(event: AuditEvent) -> str:
    """The event's hash under the key it names (format 1: the current key), as ``audit_record`` computes it."""
    if event.version < 2:
        return sign(_payload(event), current_key()[1])
    return sign(_payload(event), keyring().get(event.key_id, b"") if event.key_id else b"")


def signature_problem(event: AuditEvent) -> str | None:
    """Why the event's hash is not one this installation's keys produced, or None."""
    if event.version >= 2:
        if event.key_id:
            found = keyring().get(event.key_id)
            if found is None:
                return f"签名密钥“{event.key_id}”未知（密钥缺失，或事件系伪造）"
            candidates = [found]
        elif unkeyed_allowed(event.gseq):
            candidates = [b""]
        else:
            return "事件未用审计密钥签名（系伪造，或在未配置密钥时写入）"
    else:
        candidates = list(keyring().values()) + ([b""] if unkeyed_allowed(event.gseq) else [])
    payload = _payload(event)
    if any(hmac.compare_digest(sign(payload, key), event.hash) for key in candidates):
        return None
    return "事件内容与其哈希不符（记录被改动）"


class AuditListener(Protocol):
    """Called by ``audit_record`` inside the changing transaction, after the event is written (``entity`` is the
    record when the service passed one). What it writes commits or rolls back with the change; what it raises
    refuses the change."""

    def __call__(self, event: AuditEvent, entity: models.Model | None) -> None: ...


#: Filled by higher apps in their ``AppConfig.ready()`` (the exchange's outbox writer); core imports no app.
audit_listeners: list[AuditListener] = []


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
    state: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the entity's chain and to the global sequence. Must run inside the service's transaction.

    ``state`` is the record's state after the change; by default the ``STATE_FIELDS`` of ``entity``, read from the
    instance as the service left it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    if entity is not None:
        entity_type = entity._meta.label_lower
        entity_id = str(entity.pk)
    if not entity_type or not entity_id:
        raise ValueError("audit_record needs an entity or entity_type and entity_id")
    if state is None and entity is not None:
        state = state_snapshot(entity)
    event = AuditEvent(
        entity_type=entity_type,
        entity_id=entity_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        at=clock.now(),
        action=action,
        summary=summary[:500],
        before=_jsonable(dict(before)) if before is not None else None,
        after=_jsonable(dict(after)) if after is not None else None,
        version=2,
        state=_jsonable(dict(state)) if state is not None else None,
    )
    connection = transaction.get_connection()
    if getattr(connection, "audit_deferred", False) and not all(b._from_testcase for b in connection.atomic_blocks):
        # numbered, signed and written just before the commit (fazhi.core.pgbackend): the global sequence's lock
        # is held from there to the commit only
        connection.audit_pending.append(Pending(event, entity, frozenset(connection.savepoint_ids)))
        return event
    flush_pending([Pending(event, entity, frozenset())])
    return event


@dataclass(frozen=True)
class Pending:
    """An event recorded by ``audit_record`` and not yet written: its number, link and hash come at the flush."""

    event: AuditEvent
    entity: models.Model | None
    sids: frozenset[str | None]  # the savepoints open when it was recorded: a rollback to one discards it


def flush_pending(pending: list[Pending]) -> None:
    """Number, link, sign and insert ``pending`` in the open transaction, then call the listeners.

    The global sequence's row is taken first and held to the commit, so numbers are gap-free and in commit order;
    called at the end of the transaction (the backend's pre-commit step), that lock covers only these inserts.
    """
    if not pending:
        return
    first = _take_global_seq(len(pending))
    key_id, key = current_key()
    heads: dict[tuple[str, str], AuditChainHead] = {}
    events = []
    for offset, item in enumerate(pending):
        event = item.event
        chain = (event.entity_type, event.entity_id)
        head = heads.get(chain)
        if head is None:
            head = heads[chain] = _lock_head(*chain)
        event.seq, event.prev_hash = head.seq + 1, head.hash
        event.gseq, event.key_id = first + offset, key_id
        event.hash = sign(_payload(event), key)
        head.seq, head.hash = event.seq, event.hash
        events.append(event)
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)
    for head in heads.values():
        head.save(update_fields=["seq", "hash"])
    for item in pending:
        for listener in audit_listeners:
            listener(item.event, item.entity)


def _take_global_seq(count: int = 1) -> int:
    """The first of ``count`` next global sequence numbers, from the counter row locked until the caller's
    transaction ends (one UPDATE … RETURNING once the row exists)."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(AuditSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET value = value + %s WHERE id = 1 RETURNING value", [count])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0]) - count + 1
    try:
        with transaction.atomic():
            AuditSequence.objects.create(pk=1, value=0)
    except IntegrityError:  # created concurrently: wait for its lock below
        pass
    return _take_global_seq(count)


def _lock_head(entity_type: str, entity_id: str) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends; created on the chain's first event.

    One statement: the insert of a new head, or on the existing one a no-op update that takes its row lock (a
    concurrent first event waits for the other's commit, then updates the head it created)."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (entity_type, entity_id, seq, hash) VALUES (%s, %s, 0, '') "
            f"ON CONFLICT (entity_type, entity_id) DO UPDATE SET seq = {table}.seq RETURNING id, seq, hash",
            [entity_type, entity_id],
        )
        pk, seq, hash_ = cursor.fetchone()
    return AuditChainHead(pk=pk, entity_type=entity_type, entity_id=entity_id, seq=seq, hash=hash_)


@dataclass(frozen=True)
class ChainBreak:
    entity_type: str
    entity_id: str
    seq: int
    reason: str

    def __str__(self) -> str:
        if self.entity_type == "*":  # the trail as a whole: the global sequence, a checkpoint
            return f"全局：{self.reason}"
        return f"{self.entity_type}#{self.entity_id} 第{self.seq}条：{self.reason}"


@dataclass(frozen=True)
class VerifyResult:
    chains: int
    events: int
    breaks: list[ChainBreak]
    records: int = 0  # audited records compared with their last event
    checkpoint: str = ""  # the checkpoint the database was checked against, if any

    @property
    def ok(self) -> bool:
        return not self.breaks


def _iter_events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("entity_type", "entity_id", "seq").iterator(chunk_size=2000)


def audit_verify(*, checkpoint_dir: Path | str | None = None) -> VerifyResult:
    """Check the whole trail: every chain (each hash under its key, each link, the sequence without gaps, its end
    against its head), the global sequence (gap-free up to the counter), every audited record against the state its
    last event records, and the database against the latest signed checkpoint."""
    chains, events, breaks, last_states = _verify_chains()
    breaks += _verify_global_sequence()
    records, record_breaks = _verify_records(last_states)
    breaks += record_breaks
    found = checkpoints.latest(checkpoint_dir)
    if found is not None:
        breaks += [ChainBreak(*item) for item in checkpoints.check_against(found)]
    return VerifyResult(
        chains=chains, events=events, breaks=breaks, records=records, checkpoint=found.name if found else ""
    )


LastStates = dict[tuple[str, str], tuple[int, dict[str, Any] | None]]  # chain -> its last event's seq and state


def _verify_chains() -> tuple[int, int, list[ChainBreak], LastStates]:
    heads = {(h.entity_type, h.entity_id): (h.seq, h.hash) for h in AuditChainHead.objects.all()}
    ends: dict[tuple[str, str], tuple[int, str]] = {}
    last_states: LastStates = {}
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
        problem = signature_problem(event)
        if problem:
            breaks.append(ChainBreak(*this_key, event.seq, problem))
        prev_hash = event.hash
        expected_seq = event.seq + 1
        ends[this_key] = (event.seq, event.hash)
        last_states[this_key] = (event.seq, event.state if event.version >= 2 else None)
    for key_, (seq, hash_) in sorted(heads.items()):
        end = ends.get(key_)
        if end is None:
            breaks.append(ChainBreak(*key_, seq, f"整条链缺失：链头记录到第{seq}条，事件已全部被删除"))
        elif end != (seq, hash_):
            breaks.append(ChainBreak(*key_, end[0], f"链尾与链头不符：链头记录到第{seq}条（末尾事件被删除或改动）"))
    for key_ in sorted(ends.keys() - heads.keys()):
        breaks.append(ChainBreak(*key_, ends[key_][0], "链头缺失：事件未经应用写入"))
    return chains, events, breaks, last_states


def _verify_global_sequence() -> list[ChainBreak]:
    """Numbers 1..counter, each exactly once: a removed event, chain or tail leaves a hole or a short end."""
    breaks: list[ChainBreak] = []
    expected = 1
    rows = AuditEvent.objects.order_by("gseq").values_list("gseq", "entity_type", "entity_id", "seq")
    for gseq, entity_type, entity_id, seq in rows.iterator(chunk_size=5000):
        if gseq is None:
            breaks.append(ChainBreak(entity_type, entity_id, seq, "事件缺少全局序号（未经应用写入）"))
            continue
        if gseq != expected:
            missing = f"第{expected}号" if gseq == expected + 1 else f"第{expected}至{gseq - 1}号"
            reason = f"全局序号缺号：{missing}事件缺失（在全局第{gseq}号之前）"
            breaks.append(ChainBreak(entity_type, entity_id, seq, reason))
        expected = gseq + 1
    counter = AuditSequence.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    if counter > expected - 1:
        breaks.append(
            ChainBreak("*", "*", counter, f"全局序号末尾缺失：计数器已到第{counter}号，最新事件为第{expected - 1}号")
        )
    elif counter < expected - 1:
        breaks.append(ChainBreak("*", "*", counter, f"全局计数器落后：为第{counter}号，事件已到第{expected - 1}号"))
    return breaks


def _verify_records(last_states: LastStates) -> tuple[int, list[ChainBreak]]:
    """Each audited record (``STATE_FIELDS``) against the state its last event records."""
    compared = 0
    breaks: list[ChainBreak] = []
    for entity_type, fields in STATE_FIELDS.items():
        wanted = {eid: last for (et, eid), last in last_states.items() if et == entity_type and last[1] is not None}
        try:
            model = apps.get_model(entity_type)
        except (LookupError, ValueError):
            continue
        ids = sorted(wanted)
        for start in range(0, len(ids), 2000):
            batch = ids[start : start + 2000]
            current = {str(row["pk"]): row for row in model._base_manager.filter(pk__in=batch).values("pk", *fields)}
            for entity_id in batch:
                compared += 1
                row = current.get(entity_id)
                seq, recorded = wanted[entity_id]
                if row is None:
                    breaks.append(ChainBreak(entity_type, entity_id, seq, "记录已不存在，但没有删除它的事件"))
                    continue
                breaks += _record_differences(ChainBreak(entity_type, entity_id, seq, ""), row, recorded or {})
    return compared, breaks


def _record_differences(where: ChainBreak, row: dict[str, Any], recorded: dict[str, Any]) -> list[ChainBreak]:
    """The audited fields whose value in ``row`` differs from the last event's ``recorded`` state."""
    return [
        replace(
            where,
            reason=f"记录的{name}现为“{_state_value(row[name])}”，最后一个事件记为“{recorded[name]}”（未经应用修改）",
        )
        for name in STATE_FIELDS[where.entity_type]
        if name in recorded and _state_value(row[name]) != recorded[name]
    ]
