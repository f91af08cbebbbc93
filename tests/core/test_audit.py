from __future__ import annotations

import pytest
from django.db import connection, transaction

from fazhi.core.audit import audit_record, audit_verify
from fazhi.core.models import AppendOnlyError, AuditEvent
from tests.core.audit_tampering import behind_the_back


def test_every_state_change_of_the_fixture_bureau_is_chained_and_verifies(bureau) -> None:
    events = AuditEvent.objects.filter(entity_type="agencies.agency", entity_id=str(bureau.squad.pk))
    assert [e.action for e in events] == ["agency.create"]
    result = audit_verify()
    assert result.ok
    assert result.events == AuditEvent.objects.count()
    assert result.chains >= 6


def test_events_of_one_entity_link_to_the_previous_hash(bureau) -> None:
    with transaction.atomic():
        second = audit_record(actor=bureau.admin, entity=bureau.squad, action="test.touch", summary="第二条")
    first = AuditEvent.objects.get(entity_type="agencies.agency", entity_id=str(bureau.squad.pk), seq=1)
    assert second.seq == 2
    assert second.prev_hash == first.hash
    assert second.actor_label == "系统管理员"


def test_an_event_changed_behind_the_applications_back_breaks_the_chain(bureau) -> None:
    event = AuditEvent.objects.filter(entity_type="agencies.agency", entity_id=str(bureau.squad.pk)).get()
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET summary = %s WHERE id = %s", ["篡改", event.pk])
    result = audit_verify()
    assert not result.ok
    assert [(b.entity_id, b.seq) for b in result.breaks] == [(str(bureau.squad.pk), 1)]
    assert "被改动" in result.breaks[0].reason


def test_an_event_deleted_behind_the_applications_back_breaks_the_chain(bureau) -> None:
    with transaction.atomic():
        audit_record(actor=bureau.admin, entity=bureau.squad, action="test.a")
        audit_record(actor=bureau.admin, entity=bureau.squad, action="test.b")
    middle = AuditEvent.objects.get(entity_type="agencies.agency", entity_id=str(bureau.squad.pk), seq=2)
    with behind_the_back() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [middle.pk])
    reasons = [b.reason for b in audit_verify().breaks]
    assert any("序号不连续" in r for r in reasons)
    assert any("哈希链接不符" in r for r in reasons)


def test_audit_events_cannot_be_updated_or_deleted_through_the_orm(bureau) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.summary = "改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(summary="改")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_audit_record_outside_a_transaction_is_a_programming_error(transactional_db, bureau) -> None:
    with pytest.raises(RuntimeError):
        audit_record(actor=None, entity=bureau.squad, action="test.no_tx")


def test_verify_command_reports_a_break_and_fails(bureau, capsys) -> None:
    from django.core.management import CommandError, call_command

    call_command("verify")
    assert "发现 0 处断裂" in capsys.readouterr().out
    event = AuditEvent.objects.filter(entity_type="agencies.agency").first()
    assert event is not None
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s", ["x", event.pk])
    with pytest.raises(CommandError, match="发现 1 处断裂"):
        call_command("verify")


def test_removing_the_newest_events_or_a_whole_chain_is_found(bureau) -> None:
    with transaction.atomic():
        audit_record(actor=bureau.admin, entity=bureau.squad, action="test.a")
    with behind_the_back() as cursor:
        table = AuditEvent._meta.db_table
        cursor.execute(
            f"DELETE FROM {table} WHERE entity_type = %s AND entity_id = %s AND seq = 2",
            ["agencies.agency", str(bureau.squad.pk)],
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE entity_type = %s AND entity_id = %s", ["agencies.agency", str(bureau.squad2.pk)]
        )
    reasons = {b.entity_id: b.reason for b in audit_verify().breaks}
    assert "链尾与链头不符" in reasons[str(bureau.squad.pk)]
    assert "整条链缺失" in reasons[str(bureau.squad2.pk)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_to_one_chain_queue_instead_of_colliding(bureau) -> None:
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite serialises writers)")
    workers, errors = 6, []
    barrier = threading.Barrier(workers)

    def append() -> None:
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                audit_record(actor=None, entity=bureau.squad, action="test.concurrent")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    seqs = list(
        AuditEvent.objects.filter(entity_type="agencies.agency", entity_id=str(bureau.squad.pk)).values_list(
            "seq", flat=True
        )
    )
    assert sorted(seqs) == list(range(1, workers + 2))
    assert audit_verify().ok


def test_with_an_audit_key_the_chain_cannot_be_recomputed_without_it(settings, db) -> None:
    from fazhi.accounts.models import Role
    from fazhi.accounts.services import user_create
    from fazhi.agencies.models import AgencyKind
    from fazhi.agencies.services import agency_create
    from tests.conftest import _uscc

    settings.FAZHI_AUDIT_KEY = "k" * 32  # set before the first event, as production must
    admin = user_create(actor=None, username="root", password="Admin12345!x", display_name="管理员", agency=None,
                        roles=[Role.SYSTEM_ADMIN], is_superuser=True)
    agency_create(actor=admin, kind=AgencyKind.BUREAU, name="钥匙局", code="钥匙", region_code="430281",
                  uscc=_uscc("MB1000009"))
    assert audit_verify().ok
    settings.FAZHI_AUDIT_KEY = ""  # someone recomputing plain hashes (or holding another key) fails the check
    assert not audit_verify().ok
