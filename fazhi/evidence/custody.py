"""The chain of custody of evidence: one hash-linked event per action on a file, and its verification."""

from __future__ import annotations

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.core import clock
from fazhi.evidence.models import (
    CustodyAction,
    CustodyEvent,
    Evidence,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip())) if value else None
    except ValueError:
        return None


def _custody_hash(event: CustodyEvent, sha256: str) -> str:
    payload = {
        "evidence_id": event.evidence_id,
        "sha256": sha256,
        "seq": event.seq,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "at": event.at.astimezone(UTC).isoformat(),
        "action": event.action,
        "ip": event.ip,
        "note": event.note,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def custody_record(
    *, actor: User | None, evidence: Evidence, action: str, ip: str = "", note: str = ""
) -> CustodyEvent:
    """Append one event to the evidence's chain of custody (also for 文书/案卷 exports: action ``export``)."""
    if action not in CustodyAction.values:
        raise ValueError(f"unknown custody action {action!r}")
    locked = (
        Evidence.objects.select_for_update(of=("self",)).only("pk", "sha256").get(pk=evidence.pk)
    )  # one writer per chain
    last = CustodyEvent.objects.filter(evidence=locked).order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, "")
    label = ""
    if actor is not None:
        label = str(getattr(actor, "display_name", "") or getattr(actor, "username", ""))
    event = CustodyEvent(
        evidence=locked,
        seq=seq,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label or "系统",
        at=clock.now(),
        action=action,
        ip=_ip(ip),
        note=note[:500],
        prev_hash=prev_hash,
    )
    event.hash = _custody_hash(event, locked.sha256)
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class CustodyBreak:
    evidence_id: int
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"证据#{self.evidence_id} 保管链第{self.seq}条：{self.reason}"


def custody_verify() -> list[CustodyBreak]:
    """Recompute every evidence's chain of custody: hashes, links and sequence without gaps."""
    breaks: list[CustodyBreak] = []
    shas = dict(Evidence.objects.values_list("pk", "sha256"))
    current: int | None = None
    prev_hash, expected = "", 1
    for event in CustodyEvent.objects.order_by("evidence_id", "seq").iterator(chunk_size=2000):
        if event.evidence_id != current:
            current, prev_hash, expected = event.evidence_id, "", 1
        if event.seq != expected:
            breaks.append(CustodyBreak(event.evidence_id, event.seq, f"序号不连续：应为第{expected}条"))
        if event.prev_hash != prev_hash:
            breaks.append(CustodyBreak(event.evidence_id, event.seq, "与前一条记录的哈希链接不符"))
        if _custody_hash(event, shas.get(event.evidence_id, "")) != event.hash:
            breaks.append(CustodyBreak(event.evidence_id, event.seq, "记录内容与其哈希不符（记录被改动）"))
        prev_hash, expected = event.hash, event.seq + 1
    return breaks
