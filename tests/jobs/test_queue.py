"""A task goes through the real queue (django-tasks-db) and the worker, on SQLite and on PostgreSQL alike.

``transactional_db``: the worker claims tasks in transactions of its own and the import reports its progress
between them, as in production; the same test runs on both databases when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fazhi.imports.models import HistoricalCase, ImportRun, ImportStatus
from fazhi.imports.runs import import_run_start
from fazhi.supervision.models import ScanRun
from fazhi.supervision.tasks import supervise_task
from tests.imports.conftest import power_list  # noqa: F401 - the list and delegation the rows refer to
from tests.jobs.worker import run_queued_tasks
from tests.reports.known import ROWS, csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_enqueued_scan_waits_for_the_worker_and_then_succeeds() -> None:
    result = supervise_task.enqueue()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    assert not ScanRun.objects.exists()
    run_queued_tasks()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value["scan_run"] == ScanRun.objects.get().pk


def test_a_queued_import_runs_in_the_worker_with_its_progress_on_its_row(bureau, power_list) -> None:  # noqa: F811
    run = import_run_start(actor=bureau.admin, file=SimpleUploadedFile("ok.csv", csv_bytes()), filename="ok.csv")
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.QUEUED
    assert HistoricalCase.objects.count() == 0
    run_queued_tasks()
    run.refresh_from_db()
    assert (run.status, run.imported, run.done, run.total) == (ImportStatus.SUCCEEDED, 10, 10, 10)
    assert run.batch is not None and HistoricalCase.objects.filter(batch=run.batch).count() == 10
    assert DBTaskResult.objects.get(pk=run.task_id).status == TaskResultStatus.SUCCESSFUL


def test_a_queued_import_with_a_bad_row_imports_nothing_and_keeps_the_report(bureau, power_list) -> None:  # noqa: F811
    bad = [list(ROWS[0]), [*ROWS[1][:13], "-5", *ROWS[1][14:]]]
    run = import_run_start(actor=bureau.admin, file=csv_bytes(bad), filename="bad.csv")
    run_queued_tasks()
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and run.imported == 0
    assert [line for line, _ in run.errors] == [3] and "罚款金额" in run.errors[0][1]
    assert HistoricalCase.objects.count() == 0
    # The report is the outcome, not a crash: the task itself succeeded.
    assert DBTaskResult.objects.get(pk=run.task_id).status == TaskResultStatus.SUCCESSFUL


def test_a_run_is_not_imported_twice_when_its_task_runs_again(bureau, power_list) -> None:  # noqa: F811
    from fazhi.imports.runs import import_run_execute

    run = import_run_start(actor=bureau.admin, file=csv_bytes(), filename="ok.csv")
    run_queued_tasks()
    assert import_run_execute(run_id=run.pk) == ImportStatus.SUCCEEDED
    assert HistoricalCase.objects.count() == 10
