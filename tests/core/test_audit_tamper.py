"""Acceptance of issue 10: each tamper that passed before is reported by ``fazhi verify``; a clean database verifies.

The database writer here has full SQL access (on PostgreSQL even past the append-only triggers) and the code,
but not the audit key, except in the last tamper, where only the checkpoint outside the database stands.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from fazhi.cases.models import Case
from fazhi.core.audit import _event_hash, audit_record, audit_verify
from fazhi.core.checkpoints import checkpoint_write
from fazhi.core.models import AuditEvent, AuditSequence
from tests.cases.conftest import power_list  # noqa: F401 - the fixture, for the case below
from tests.cases.flow import make_cast, registered_case, to_notified
from tests.core.audit_tampering import COUNTER, EVENTS, HEADS, behind_the_back, chain, newest, rehash_from

KEY = "audit-key-for-tests-0123456789abcdef"


@pytest.fixture(autouse=True)
def audit_key(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Production's setup: a key outside the database (set before the first event) and a checkpoint store."""
    settings.FAZHI_AUDIT_KEY = KEY
    settings.FAZHI_AUDIT_KEY_ID = "k1"
    settings.FAZHI_AUDIT_KEYS = {}
    settings.FAZHI_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return settings


@pytest.fixture
def trail(bureau):  # type: ignore[no-untyped-def]
    """The fixture bureau plus two more events on the squad's chain (three in all)."""
    with transaction.atomic():
        audit_record(actor=bureau.admin, entity=bureau.squad, action="test.a", summary="第二条")
        audit_record(actor=bureau.admin, entity=bureau.squad, action="test.b", summary="第三条")
    assert audit_verify().ok
    return bureau


@pytest.fixture
def cast(bureau, make_officer, make_user, power_list):  # type: ignore[no-untyped-def]  # noqa: F811
    return make_cast(bureau, make_officer, make_user)


def reasons() -> list[str]:
    result = audit_verify()
    assert not result.ok
    return [str(b) for b in result.breaks]


def test_a_clean_database_verifies_with_its_records_and_against_a_checkpoint(monkeypatch, trail, cast, capsys) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, trail, cast), cast)
    call_command("verify", "--checkpoint")
    out = capsys.readouterr().out
    assert "发现 0 处断裂" in out and "已写入检查点" in out
    with transaction.atomic():
        audit_record(actor=None, entity=trail.squad, action="test.after_checkpoint")
    result = audit_verify()
    assert result.ok, result.breaks
    assert result.checkpoint.startswith("checkpoint-")
    assert result.records >= 1
    assert AuditEvent.objects.filter(entity_id=str(case.pk), entity_type="cases.case").last().state == {
        "state": Case.objects.get(pk=case.pk).state
    }
    assert sorted(AuditEvent.objects.values_list("gseq", flat=True)) == list(range(1, AuditEvent.objects.count() + 1))


def test_a_forged_event_appended_with_the_codes_own_hash_function_is_found(trail, settings) -> None:
    events = chain(trail.squad)
    counter = AuditSequence.objects.get(pk=1)
    forged = AuditEvent(
        entity_type=events[-1].entity_type,
        entity_id=events[-1].entity_id,
        seq=events[-1].seq + 1,
        actor_label="系统管理员",
        at=events[-1].at,
        action="agency.update",
        summary="伪造",
        prev_hash=events[-1].hash,
        version=2,
        gseq=counter.value + 1,
        key_id="",
    )
    settings.FAZHI_AUDIT_KEY = ""  # the forger runs the code, without the key
    forged.hash = _event_hash(forged)
    forged.save(force_insert=True)
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {COUNTER} SET value = value + 1")
        cursor.execute(
            f"UPDATE {HEADS} SET seq = %s, hash = %s WHERE entity_type = %s AND entity_id = %s",
            [forged.seq, forged.hash, forged.entity_type, forged.entity_id],
        )
    settings.FAZHI_AUDIT_KEY = KEY
    assert any("未用审计密钥签名" in r for r in reasons())
    with behind_the_back() as cursor:  # the same forgery claiming the real key id
        cursor.execute(f"UPDATE {EVENTS} SET key_id = 'k1' WHERE id = %s", [forged.pk])
    assert any("哈希不符" in r for r in reasons())


def test_an_event_edited_and_the_rest_rehashed_without_the_key_is_found(trail, settings) -> None:
    events = chain(trail.squad)
    events[1].summary = "改过的说明"
    settings.FAZHI_AUDIT_KEY = ""
    rehash_from(events, 1)
    settings.FAZHI_AUDIT_KEY = KEY
    found = reasons()
    assert any("第2条：事件内容与其哈希不符" in r for r in found)
    assert any("第3条：事件内容与其哈希不符" in r for r in found)


def test_an_event_deleted_in_the_middle_is_found(trail) -> None:
    middle = chain(trail.squad)[1]
    with behind_the_back() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS} WHERE id = %s", [middle.pk])
    found = reasons()
    assert any("序号不连续" in r for r in found)
    assert any(f"全局序号缺号：第{middle.gseq}号" in r for r in found)


def test_the_last_event_deleted_and_the_head_reset_is_found(trail) -> None:
    last = newest()
    previous = AuditEvent.objects.get(entity_type=last.entity_type, entity_id=last.entity_id, seq=last.seq - 1)
    with behind_the_back() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS} WHERE id = %s", [last.pk])
        cursor.execute(
            f"UPDATE {HEADS} SET seq = %s, hash = %s WHERE entity_type = %s AND entity_id = %s",
            [previous.seq, previous.hash, last.entity_type, last.entity_id],
        )
    assert any("全局序号末尾缺失" in r for r in reasons())


def test_a_whole_chain_deleted_with_its_head_row_is_found(trail) -> None:
    gone = chain(trail.squad2)
    assert gone
    with behind_the_back() as cursor:
        cursor.execute(
            f"DELETE FROM {EVENTS} WHERE entity_type = %s AND entity_id = %s", [gone[0].entity_type, gone[0].entity_id]
        )
        cursor.execute(
            f"DELETE FROM {HEADS} WHERE entity_type = %s AND entity_id = %s", [gone[0].entity_type, gone[0].entity_id]
        )
    found = reasons()
    assert any(f"全局序号缺号：第{gone[0].gseq}号" in r for r in found)


def test_the_global_sequence_gapped_is_found(trail) -> None:
    last = newest()
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {EVENTS} SET gseq = gseq + 1 WHERE id = %s", [last.pk])
        cursor.execute(f"UPDATE {COUNTER} SET value = value + 1")
    found = reasons()
    assert any(f"全局序号缺号：第{last.gseq}号" in r for r in found)
    assert any("哈希不符" in r for r in found)  # the number is signed too


def test_a_checkpointed_event_changed_even_by_the_key_holder_is_found(trail) -> None:
    checkpoint_write()
    events = chain(trail.squad)
    events[1].summary = "持钥者改过的说明"
    rehash_from(events, 1)  # with the real key: every chain recomputes
    found = reasons()
    assert found and all("检查点" in r for r in found), found
    assert any("检查点记录的哈希不符" in r for r in found)


def test_the_counter_reset_with_the_tail_is_found_by_the_checkpoint(trail) -> None:
    checkpoint_write()
    last = newest()
    previous = AuditEvent.objects.get(entity_type=last.entity_type, entity_id=last.entity_id, seq=last.seq - 1)
    with behind_the_back() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS} WHERE id = %s", [last.pk])
        cursor.execute(
            f"UPDATE {HEADS} SET seq = %s, hash = %s WHERE entity_type = %s AND entity_id = %s",
            [previous.seq, previous.hash, last.entity_type, last.entity_id],
        )
        cursor.execute(f"UPDATE {COUNTER} SET value = value - 1")
    found = reasons()
    assert any("全局序号回退" in r for r in found)
    assert any("链头事件已不存在" in r for r in found)


def test_a_record_changed_without_an_event_is_found(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    assert audit_verify().ok
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {Case._meta.db_table} SET state = 'closed' WHERE id = %s", [case.pk])
    found = reasons()
    assert any(f"cases.case#{case.pk}" in r and "state现为“closed”" in r for r in found), found
    with pytest.raises(CommandError, match="发现 1 处断裂"):
        call_command("verify")
