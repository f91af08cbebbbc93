"""Partitioning by year of the audit trail and the imported cases (fazhi.core.partitioning, docs/partitioning.md).

The PostgreSQL tests run on the test database as ``migrate`` left it; SQLite has no partitioning (the migrations
are no-ops there) and only the commands' answers are tested on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from fazhi.core import clock
from fazhi.core.audit import audit_record, audit_verify
from fazhi.core.models import AuditEvent
from fazhi.core.partitioning import (
    AUDIT_EVENTS,
    HISTORICAL_CASES,
    partition_table,
    partitions_ensure,
    partitions_list,
    unpartition_table,
)
from fazhi.imports.models import HistoricalCase, HistoricalPublication, ImportBatch

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="declarative partitioning exists on PostgreSQL only"
)
THIS_YEAR = clock.today().year
PAST = THIS_YEAR - 3  # no partition of its own after migrate on an empty database: its rows go to DEFAULT


@pytest.fixture(scope="module", autouse=True)
def _migrated(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    # tests/core/test_audit_migration.py leaves core at 0006 (before partitioning): run them after ``migrate``.
    with django_db_blocker.unblock():
        call_command("migrate", verbosity=0)
    yield


def _where(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def _event(year: int, entity_id: str = "1") -> AuditEvent:
    with clock.frozen_at(date(year, 6, 1)), transaction.atomic():
        return audit_record(actor=None, entity_type="test.thing", entity_id=entity_id, action="test.touch")


def _historical(bureau, number: str, registered_on: date) -> HistoricalCase:  # type: ignore[no-untyped-def]
    batch = ImportBatch.objects.first() or ImportBatch.objects.create(
        filename="cases.xlsx", sha256="0" * 64, imported_by=bureau.admin, imported_at=timezone.now(), row_count=1
    )
    return HistoricalCase.objects.create(
        batch=batch,
        line=2,
        case_number=number,
        procedure="general",
        source="patrol",
        item_code="330217001000",
        domain="city_appearance",
        agency=bureau.squad,
        party_kind="organization",
        party_name="好味餐饮店",
        act_date=registered_on,
        registered_on=registered_on,
        decided_on=registered_on + timedelta(days=20),
        outcome="penalty",
        fine=Decimal("500"),
    )


def _publication(bureau, case: HistoricalCase) -> HistoricalPublication:  # type: ignore[no-untyped-def]
    return HistoricalPublication.objects.create(
        batch=case.batch, line=2, case=case, agency=bureau.squad, due_on=case.decided_on + timedelta(days=9)
    )


def _hidden_key(publication: HistoricalPublication) -> date:
    with connection.cursor() as cursor:
        cursor.execute("SELECT case_registered_on FROM imports_historicalpublication WHERE id = %s", [publication.pk])
        return cursor.fetchone()[0]  # type: ignore[no-any-return]


@postgresql_only
@pytest.mark.django_db
def test_after_migrate_both_tables_are_partitioned_by_year_with_a_default_partition() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, p.partstrat, a.attname FROM pg_partitioned_table p"
            " JOIN pg_class c ON c.oid = p.partrelid JOIN pg_attribute a ON a.attrelid = p.partrelid"
            " AND a.attnum = p.partattrs[0] ORDER BY c.relname"
        )
        assert cursor.fetchall() == [("core_auditevent", "r", "at"), ("imports_historicalcase", "r", "registered_on")]
        cursor.execute(
            "SELECT i.inhparent::regclass::text, c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent IN ('core_auditevent'::regclass, 'imports_historicalcase'::regclass)"
        )
        children = set(cursor.fetchall())
    for table in ("core_auditevent", "imports_historicalcase"):
        for year in range(THIS_YEAR, THIS_YEAR + 3):
            assert (table, f"{table}_y{year}") in children
        assert (table, f"{table}_default") in children


@postgresql_only
@pytest.mark.django_db
def test_a_row_of_each_year_lands_in_its_partition_and_the_trail_still_verifies(bureau) -> None:  # type: ignore[no-untyped-def]
    this, coming, old = _event(THIS_YEAR, "1"), _event(THIS_YEAR + 1, "2"), _event(PAST, "3")
    assert _where("core_auditevent", this.pk) == f"core_auditevent_y{THIS_YEAR}"
    assert _where("core_auditevent", coming.pk) == f"core_auditevent_y{THIS_YEAR + 1}"
    assert _where("core_auditevent", old.pk) == "core_auditevent_default"
    # Year boundary at midnight in Shanghai: 00:00 on 1 January is the new year, 23:59 the old one.
    with clock.frozen_at(date(THIS_YEAR + 1, 1, 1), time(0, 0)), transaction.atomic():
        midnight = audit_record(actor=None, entity_type="test.thing", entity_id="4", action="test.touch")
    with clock.frozen_at(date(THIS_YEAR, 12, 31), time(23, 59)), transaction.atomic():
        before = audit_record(actor=None, entity_type="test.thing", entity_id="4", action="test.touch")
    assert _where("core_auditevent", midnight.pk) == f"core_auditevent_y{THIS_YEAR + 1}"
    assert _where("core_auditevent", before.pk) == f"core_auditevent_y{THIS_YEAR}"
    case = _historical(bureau, "示城管历罚〔当年〕1号", date(THIS_YEAR, 3, 1))
    assert _where("imports_historicalcase", case.pk) == f"imports_historicalcase_y{THIS_YEAR}"
    result = audit_verify()
    assert result.ok, result.breaks
    assert AuditEvent.objects.get(pk=this.pk).hash == this.hash  # read back through the same model


@postgresql_only
@pytest.mark.django_db
def test_append_only_triggers_refuse_update_and_delete_on_every_partition() -> None:
    _event(PAST - 60, "old")  # outside every partition's range: DEFAULT
    for year in range(THIS_YEAR, THIS_YEAR + 3):
        _event(year, str(year))
    partitions = [p.name for p in partitions_list()["core_auditevent"]]
    assert f"core_auditevent_y{THIS_YEAR}" in partitions and "core_auditevent_default" in partitions
    for name in partitions:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {name}")
            assert cursor.fetchone()[0] >= 1, name  # a row for the trigger to refuse
            for sql in (f"UPDATE {name} SET summary = 'x'", f"DELETE FROM {name}"):
                with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic():
                    cursor.execute(sql)
    with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")


@postgresql_only
@pytest.mark.django_db
def test_ensure_creates_the_coming_years_and_moves_rows_out_of_default(bureau) -> None:  # type: ignore[no-untyped-def]
    events = [_event(PAST, "1"), _event(PAST, "2")]
    cases = [_historical(bureau, f"示城管历罚〔{PAST}〕{n}号", date(PAST, 5, n)) for n in (1, 2)]
    publication = _publication(bureau, cases[0])
    assert _where("imports_historicalcase", cases[0].pk) == "imports_historicalcase_default"

    done = partitions_ensure(years_ahead=3)

    assert f"core_auditevent：已建 core_auditevent_y{PAST}，自默认分区移入 2 行" in done
    assert f"imports_historicalcase：已建 imports_historicalcase_y{PAST}，自默认分区移入 2 行" in done
    assert f"core_auditevent：已建 core_auditevent_y{THIS_YEAR + 3}" in done
    for event in events:
        assert _where("core_auditevent", event.pk) == f"core_auditevent_y{PAST}"
        assert AuditEvent.objects.get(pk=event.pk).hash == event.hash
    for case in cases:
        assert _where("imports_historicalcase", case.pk) == f"imports_historicalcase_y{PAST}"
    assert HistoricalPublication.objects.get(pk=publication.pk).case_id == cases[0].pk
    counts = {p.name: p.rows for p in partitions_list()["core_auditevent"]}
    assert counts[f"core_auditevent_y{PAST}"] == 2 and counts["core_auditevent_default"] == 0
    assert partitions_ensure(years_ahead=3) == []  # nothing left to do
    with transaction.atomic():  # the append-only trigger is back on DEFAULT after the move
        _event(PAST - 60, "x")
    with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent_default")
    assert audit_verify().ok


@postgresql_only
@pytest.mark.django_db
def test_a_query_of_one_year_reads_one_partition() -> None:
    start = timezone.make_aware(datetime(THIS_YEAR, 1, 1))
    plan = AuditEvent.objects.filter(at__gte=start, at__lt=start.replace(year=THIS_YEAR + 1)).explain()
    assert f"core_auditevent_y{THIS_YEAR}" in plan
    assert "core_auditevent_y" + str(THIS_YEAR + 1) not in plan and "core_auditevent_default" not in plan
    plan = HistoricalCase.objects.filter(
        registered_on__gte=date(THIS_YEAR, 1, 1), registered_on__lte=date(THIS_YEAR, 12, 31)
    ).explain()
    assert f"imports_historicalcase_y{THIS_YEAR}" in plan
    assert plan.count("imports_historicalcase_") == 1, plan


@postgresql_only
@pytest.mark.django_db
def test_the_migration_of_a_populated_table_keeps_every_row_and_id(bureau) -> None:  # type: ignore[no-untyped-def]
    for n, year in enumerate((PAST - 1, PAST, THIS_YEAR, THIS_YEAR)):
        _event(year, str(n % 2))
    case = _historical(bureau, "示城管历罚〔旧〕1号", date(PAST, 2, 2))
    _historical(bureau, "示城管历罚〔旧〕2号", date(THIS_YEAR, 2, 2))
    publication = _publication(bureau, case)
    columns = [f.column for f in AuditEvent._meta.concrete_fields]
    rows_before = list(AuditEvent.objects.order_by("pk").values_list(*columns))
    cases_before = list(HistoricalCase.objects.order_by("pk").values_list("pk", "case_number", "registered_on"))
    with connection.cursor() as cursor:
        assert unpartition_table(cursor, AUDIT_EVENTS) == len(rows_before)  # the reverse migration: plain tables
        assert unpartition_table(cursor, HISTORICAL_CASES) == 2
        assert partitions_list() == {}
        assert partition_table(cursor, AUDIT_EVENTS) == len(rows_before)  # the forward one, on populated tables
        assert partition_table(cursor, HISTORICAL_CASES) == 2
    assert list(AuditEvent.objects.order_by("pk").values_list(*columns)) == rows_before
    assert list(HistoricalCase.objects.order_by("pk").values_list("pk", "case_number", "registered_on")) == cases_before
    parts = {p.name: p.rows for p in partitions_list()["core_auditevent"]}
    assert parts[f"core_auditevent_y{PAST - 1}"] == 1 and parts[f"core_auditevent_y{PAST}"] == 1
    assert parts[f"core_auditevent_y{THIS_YEAR}"] == len(rows_before) - 2  # the bureau's events and two of ours
    assert _where("imports_historicalcase", case.pk) == f"imports_historicalcase_y{PAST}"
    assert _hidden_key(publication) == date(PAST, 2, 2)
    newer = _event(THIS_YEAR, "0")  # the id sequence goes on after the kept ids
    assert newer.pk > rows_before[-1][0]
    assert audit_verify().ok
    with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET summary = 'x'")


@postgresql_only
@pytest.mark.django_db
def test_a_publication_still_refers_to_an_existing_imported_case(bureau) -> None:  # type: ignore[no-untyped-def]
    case = _historical(bureau, "示城管历罚〔当年〕9号", date(THIS_YEAR, 4, 1))
    publication = _publication(bureau, case)
    assert _hidden_key(publication) == date(THIS_YEAR, 4, 1)  # filled by the trigger: the model does not know it
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE imports_historicalcase SET registered_on = %s WHERE id = %s", [date(PAST, 4, 1), case.pk]
        )
    assert _where("imports_historicalcase", case.pk) == "imports_historicalcase_default"
    assert _hidden_key(publication) == date(PAST, 4, 1)  # ON UPDATE CASCADE followed the row
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DELETE FROM imports_historicalcase WHERE id = %s", [case.pk])
    with pytest.raises(IntegrityError), transaction.atomic():  # no such case: nothing to refer to
        HistoricalPublication.objects.create(
            batch=case.batch, line=3, case_id=case.pk + 1000, agency=bureau.squad, due_on=date(THIS_YEAR, 5, 1)
        )


@postgresql_only
@pytest.mark.django_db
def test_partitions_command_lists_rows_and_ensures_years() -> None:
    _event(THIS_YEAR, "1")
    out = StringIO()
    call_command("partitions", "ensure", "--years", "4", stdout=out)
    assert f"core_auditevent：已建 core_auditevent_y{THIS_YEAR + 4}" in out.getvalue()
    assert "分区已齐备（今年起 4 年）" in out.getvalue()
    out = StringIO()
    call_command("partitions", "list", stdout=out)
    text = out.getvalue()
    assert f"core_auditevent_y{THIS_YEAR}" in text and "默认分区" in text and "imports_historicalcase（" in text


@postgresql_only
@pytest.mark.django_db
def test_partitions_ensure_refuses_a_silly_number_of_years() -> None:
    with pytest.raises(CommandError, match="0 至 20"):
        call_command("partitions", "ensure", "--years", "500")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the answer on a database without partitioning")
@pytest.mark.django_db
def test_on_sqlite_the_commands_say_there_is_nothing_to_partition() -> None:
    out = StringIO()
    call_command("partitions", "ensure", stdout=out)
    assert "不是 PostgreSQL" in out.getvalue()
    assert partitions_list() == {} and partitions_ensure() == []
