"""Signed checkpoints outside the database, and the append-only triggers and global sequence on PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, connections, transaction

from fazhi.core import checkpoints
from fazhi.core.audit import audit_record, audit_verify
from fazhi.core.checkpoints import CheckpointRefused, CheckpointsDisabled, checkpoint_write
from fazhi.core.models import AuditChainHead, AuditEvent, AuditSequence
from fazhi.jobs.schedule import JOBS
from tests.core.audit_tampering import EVENTS, HEADS, behind_the_back, newest

KEY = "checkpoint-test-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def audit_key(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.FAZHI_AUDIT_KEY, settings.FAZHI_AUDIT_KEY_ID, settings.FAZHI_AUDIT_KEYS = KEY, "k1", {}
    settings.FAZHI_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"


def test_a_checkpoint_records_the_global_sequence_and_every_head_signed(bureau, audit_key) -> None:
    path = checkpoint_write()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path.parent == audit_key
    assert data["gseq"] == AuditSequence.objects.get(pk=1).value == AuditEvent.objects.count()
    assert data["last_hash"] == newest().hash
    assert data["heads"] == {f"{h.entity_type}#{h.entity_id}": [h.seq, h.hash] for h in AuditChainHead.objects.all()}
    assert data["key_id"] == "k1" and len(data["signature"]) == 64
    assert path.name == f"checkpoint-{data['gseq']:012d}-{path.name.split('-', 2)[2]}"
    assert audit_verify().checkpoint == path.name


def test_a_changed_or_forged_checkpoint_file_is_reported(bureau, audit_key) -> None:
    path = checkpoint_write()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["gseq"] -= 1
    path.chmod(0o600)
    path.write_text(json.dumps(data), encoding="utf-8")
    breaks = audit_verify().breaks
    assert len(breaks) == 1 and "检查点签名不符" in breaks[0].reason
    path.write_text("{not json", encoding="utf-8")
    assert "无法读取" in audit_verify().breaks[0].reason


def test_no_new_checkpoint_covers_a_change_made_after_the_previous_one(bureau) -> None:
    checkpoint_write()
    last = newest()
    with behind_the_back() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS} WHERE id = %s", [last.pk])
    with pytest.raises(CheckpointRefused, match="拒绝写入新检查点"):
        checkpoint_write()
    assert checkpoints.audit_checkpoint_task.call()["problems"] >= 1


def test_the_latest_checkpoint_is_the_one_with_the_highest_number(bureau) -> None:
    checkpoint_write(now=datetime(2026, 12, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    with transaction.atomic():
        audit_record(actor=None, entity=bureau.squad, action="test.more")
    second = checkpoint_write(now=datetime(2026, 12, 1, 8, tzinfo=ZoneInfo("Asia/Shanghai")))
    found = checkpoints.latest()
    assert found is not None and found.name == second.name


def test_without_a_checkpoint_directory_nothing_is_written_or_checked(bureau, settings) -> None:
    settings.FAZHI_AUDIT_CHECKPOINT_DIR = ""
    with pytest.raises(CheckpointsDisabled):
        checkpoint_write()
    assert checkpoints.audit_checkpoint_task.call() == {"written": "", "problems": 0}
    assert audit_verify().checkpoint == ""


def test_the_verify_command_writes_a_checkpoint_only_when_clean(bureau, audit_key, capsys) -> None:
    from django.core.management import CommandError, call_command

    call_command("verify", "--checkpoint")
    assert "已写入检查点" in capsys.readouterr().out
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {HEADS} SET hash = 'x' WHERE id = (SELECT MIN(id) FROM {HEADS})")
    with pytest.raises(CommandError):
        call_command("verify", "--checkpoint")
    assert len(list(audit_key.glob("checkpoint-*.json"))) == 1


def test_the_checkpoint_is_a_scheduled_hourly_job() -> None:
    job = next(j for j in JOBS if j.name == "audit_checkpoint")
    assert job.task is checkpoints.audit_checkpoint_task
    assert job.slot(datetime(2026, 12, 2, 10, 25, tzinfo=ZoneInfo("Asia/Shanghai"))).strftime("%H:%M") == "10:20"


@pytest.mark.postgres
def test_on_postgresql_the_audit_tables_refuse_update_and_delete(bureau) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the triggers are PostgreSQL's")
    for sql in (
        f"UPDATE {EVENTS} SET summary = 'x'",
        f"DELETE FROM {EVENTS}",
        f"DELETE FROM {HEADS}",
        f"DELETE FROM {AuditSequence._meta.db_table}",
    ):
        with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    assert audit_verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_concurrent_writers_to_different_chains_take_a_gap_free_global_sequence(bureau) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    entities = [bureau.squad, bureau.squad2, bureau.bureau, bureau.township] * 2
    barrier, errors = threading.Barrier(len(entities)), []

    def append(entity) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                audit_record(actor=None, entity=entity, action="test.concurrent")
                audit_record(actor=None, entity=bureau.squad, action="test.concurrent.second")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(e,)) for e in entities]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    numbers = sorted(AuditEvent.objects.values_list("gseq", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert audit_verify().ok
