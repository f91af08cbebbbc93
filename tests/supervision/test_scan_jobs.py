"""The scan in worker processes (``fazhi supervise --jobs N``) finds what it finds in one process.

Forked workers need a database other processes can see: PostgreSQL, with the test's rows committed
(``transaction=True``). On SQLite, and inside a transaction, the chunks run in the calling process.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection

from fazhi.supervision.case_rules import CaseSource
from fazhi.supervision.models import Alert, ScanCursor, ScanStamp
from fazhi.supervision.scan import full_findings
from fazhi.supervision.services import supervise
from tests.cases.flow import registered_case, to_notified, travel

pytestmark = pytest.mark.django_db(transaction=True)


def _open_alerts() -> set[tuple[str, str, int, str, str]]:
    return set(
        Alert.objects.filter(resolved_at__isnull=True).values_list(
            "rule_id", "record_type", "object_id", "severity", "explanation"
        )
    )


def test_two_worker_processes_write_what_one_process_writes(monkeypatch, bureau, cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("worker processes are used on PostgreSQL only")
    monkeypatch.setattr(CaseSource, "chunk_size", 1)  # one case a chunk: the chunks spread over both workers
    cases = [registered_case(monkeypatch, bureau, cast, is_major=False, shift=timedelta(days=7 * i)) for i in range(4)]
    to_notified(monkeypatch, cases[0], cast)
    day = date(2025, 6, 20)
    travel(monkeypatch, day)
    run = supervise(today=day, jobs=2)
    assert run.scanned >= len(cases)
    found = full_findings(today=day)
    assert found and _open_alerts() == found
    stamps = ScanStamp.objects.filter(record_type="cases.case").count()
    assert stamps == CaseSource().queryset().count()
    cursor = ScanCursor.objects.get(record_type="cases.case")
    assert cursor.records == stamps
    again = supervise(today=day, jobs=2)
    assert (again.scanned, again.raised, again.updated, again.resolved) == (0, 0, 0, 0)
    later = date(2025, 7, 20)  # a month on: due dates come, explanations change, in the workers
    travel(monkeypatch, later)
    supervise(today=later, jobs=2)
    assert _open_alerts() == full_findings(today=later)


def test_on_sqlite_or_inside_a_transaction_the_chunks_run_here(monkeypatch, bureau, cast) -> None:
    from django.db import transaction

    monkeypatch.setattr(CaseSource, "chunk_size", 1)
    registered_case(monkeypatch, bureau, cast, is_major=False)
    day = date(2025, 6, 20)
    travel(monkeypatch, day)
    with transaction.atomic():  # a forked worker could not see these rows: the scan must not fork
        supervise(today=day, jobs=4)
        assert _open_alerts() == full_findings(today=day)
