"""Signed checkpoints of the audit trail, written outside the database (docs/audit.md).

A checkpoint is a JSON file in ``FAZHI_AUDIT_CHECKPOINT_DIR`` holding the global sequence number, the hash of the
event that carries it and every chain head (entity, seq, hash), signed with the current audit key. ``verify``
checks the database against the latest one: nothing at or before it may be missing or changed, which holds even
against someone who has the audit key but cannot write to the checkpoint store. A periodic job writes one every
hour (fazhi/jobs/schedule.py); ``fazhi verify --checkpoint`` writes one after a clean verification.
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from fazhi.core import clock
from fazhi.core.audit_keys import current_key, keyring, sign
from fazhi.core.models import AuditChainHead, AuditEvent, AuditSequence

logger = logging.getLogger(__name__)

FORMAT = 1
Problem = tuple[str, str, int, str]  # entity_type, entity_id, seq, reason (an audit ChainBreak)


class CheckpointRefused(Exception):
    """The database no longer matches the previous checkpoint: a new one would hide the change."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("数据库与上一检查点不符，拒绝写入新检查点：" + "；".join(p[3] for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class Checkpoint:
    name: str
    data: dict[str, Any] | None  # None: unreadable
    error: str = ""


class CheckpointsDisabled(Exception):
    """No checkpoint directory is configured (``FAZHI_AUDIT_CHECKPOINT_DIR`` empty)."""


def directory(path: Path | str | None = None) -> Path | None:
    """The checkpoint directory: ``path``, else the setting; None when checkpoints are disabled."""
    chosen = path or getattr(settings, "FAZHI_AUDIT_CHECKPOINT_DIR", "")
    return Path(chosen) if chosen else None


def latest(path: Path | str | None = None) -> Checkpoint | None:
    """The checkpoint with the highest global sequence number (file names sort by it), or None."""
    where = directory(path)
    names = sorted(p.name for p in where.glob("checkpoint-*.json")) if where is not None and where.is_dir() else []
    if where is None or not names:
        return None
    name = names[-1]
    try:
        data = json.loads((where / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Checkpoint(name, None, f"检查点文件无法读取：{exc}")
    if not isinstance(data, dict):
        return Checkpoint(name, None, "检查点文件格式不对")
    return Checkpoint(name, data)


def _signature_problem(data: dict[str, Any]) -> str:
    body = {k: v for k, v in data.items() if k != "signature"}
    key_id = str(data.get("key_id") or "")
    keys = keyring()
    if key_id:
        key = keys.get(key_id)
        if key is None:
            return f"检查点的签名密钥“{key_id}”未知"
    elif keys:
        return "检查点未签名"
    else:
        key = b""
    if not hmac.compare_digest(sign(body, key), str(data.get("signature") or "")):
        return "检查点签名不符（检查点文件被改动或伪造）"
    return ""


def check_against(checkpoint: Checkpoint) -> list[Problem]:
    """What of the checkpointed trail is missing or changed in the database now."""
    where = f"检查点 {checkpoint.name}"
    if checkpoint.data is None:
        return [("*", "*", 0, f"{where}：{checkpoint.error}")]
    data = checkpoint.data
    problem = _signature_problem(data)
    if problem:
        return [("*", "*", 0, f"{where}：{problem}")]
    gseq = int(data.get("gseq") or 0)
    problems: list[Problem] = []
    counter = AuditSequence.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    if counter < gseq:
        problems.append(("*", "*", counter, f"{where}：全局序号回退，检查点记到第{gseq}号，现计数器为第{counter}号"))
    count = AuditEvent.objects.filter(gseq__lte=gseq).count()
    if count != gseq:
        problems.append(("*", "*", gseq, f"{where}：检查点之前应有{gseq}个事件，现有{count}个（事件被删除）"))
    last = AuditEvent.objects.filter(gseq=gseq).values_list("hash", flat=True).first() if gseq else ""
    if last != data.get("last_hash", ""):
        problems.append(("*", "*", gseq, f"{where}：全局第{gseq}号事件与检查点不符（被改动或删除）"))
    heads: dict[str, list[Any]] = dict(data.get("heads") or {})
    seen: set[str] = set()
    rows = AuditEvent.objects.filter(gseq__lte=gseq).values_list("entity_type", "entity_id", "seq", "hash")
    for entity_type, entity_id, seq, hash_ in rows.iterator(chunk_size=5000):
        key = f"{entity_type}#{entity_id}"
        head = heads.get(key)
        if head is not None and head[0] == seq:
            seen.add(key)
            if head[1] != hash_:
                problems.append((entity_type, entity_id, seq, f"{where}：该事件与检查点记录的哈希不符（被改动后重算）"))
    for key in sorted(heads.keys() - seen):
        entity_type, _, entity_id = key.partition("#")
        problems.append((entity_type, entity_id, heads[key][0], f"{where}：检查点记录的链头事件已不存在"))
    return problems


def _snapshot() -> dict[str, Any]:
    """The global sequence and every head, read consistently: the counter row is locked, so no append runs."""
    with transaction.atomic():
        counter = AuditSequence.objects.select_for_update().filter(pk=1).first()
        gseq = counter.value if counter else 0
        last = AuditEvent.objects.filter(gseq=gseq).values_list("hash", flat=True).first() if gseq else ""
        heads = {
            f"{t}#{i}": [seq, h]
            for t, i, seq, h in AuditChainHead.objects.order_by("entity_type", "entity_id").values_list(
                "entity_type", "entity_id", "seq", "hash"
            )
            if seq
        }
    return {"gseq": gseq, "last_hash": last or "", "heads": heads}


def checkpoint_write(path: Path | str | None = None, *, now: datetime | None = None) -> Path:
    """Write a signed checkpoint of the trail as it is now; refused when the database no longer matches the
    previous checkpoint (a new one would cover the change)."""
    target_dir = directory(path)
    if target_dir is None:
        raise CheckpointsDisabled("未配置审计检查点目录（FAZHI_AUDIT_CHECKPOINT_DIR）。")
    previous = latest(path)
    if previous is not None:
        problems = check_against(previous)
        if problems:
            raise CheckpointRefused(problems)
    when = (now or clock.now()).astimezone(UTC)
    key_id, key = current_key()
    body = {"format": FORMAT, "written_at": when.isoformat(), "key_id": key_id, **_snapshot()}
    body["signature"] = sign(body, key)
    target_dir.mkdir(parents=True, exist_ok=True)
    name = f"checkpoint-{body['gseq']:012d}-{when:%Y%m%dT%H%M%S%f}Z.json"
    tmp = target_dir / f".{name}.tmp"
    tmp.write_text(json.dumps(body, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    tmp.chmod(0o440)
    tmp.replace(target_dir / name)
    logger.info("审计检查点已写入：%s（全局第%s号，%s条链）", name, body["gseq"], len(body["heads"]))
    return target_dir / name


@task()
def audit_checkpoint_task() -> dict[str, Any]:
    """The scheduled checkpoint (fazhi/jobs/schedule.py)."""
    try:
        written = checkpoint_write()
    except CheckpointRefused as exc:
        logger.error("%s", exc)
        return {"written": "", "problems": len(exc.problems)}
    except CheckpointsDisabled:
        return {"written": "", "problems": 0}
    return {"written": written.name, "problems": 0}
