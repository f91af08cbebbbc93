"""Runs lost with a killed worker: no progress for FAZHI_STALE_RUN_MINUTES and the scheduled sweep marks them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from fazhi.core import clock
from fazhi.core.models import Export, ExportStatus
from fazhi.imports.models import ImportBatch, ImportRun, ImportStatus
from fazhi.jobs.models import PeriodicRun
from fazhi.jobs.schedule import JOBS, schedule_due
from fazhi.jobs.stale import runs_fail_stale
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
STALE = next(j for j in JOBS if j.name == "runs_fail_stale")


def _export(user, *, quiet: timedelta, status: str = ExportStatus.RUNNING) -> Export:  # type: ignore[no-untyped-def]
    return Export.objects.create(
        builder="fazhi.reports.exports.dashboard_xlsx_file",
        filename="执法统计.xlsx",
        content_type="application/octet-stream",
        requested_by=user,
        requested_at=NOW - quiet - timedelta(minutes=1),
        status=status,
        progressed_at=NOW - quiet,
    )


def _run(user, *, quiet: timedelta) -> ImportRun:  # type: ignore[no-untyped-def]
    return ImportRun.objects.create(
        filename="历史案件.csv",
        sha256="a" * 64,
        requested_by=user,
        requested_at=NOW - quiet - timedelta(minutes=1),
        status=ImportStatus.WRITING,
        progressed_at=NOW - quiet,
    )


def test_an_export_quiet_for_longer_than_the_setting_is_failed_and_its_page_says_why(client, admin_user, settings):
    settings.FAZHI_STALE_RUN_MINUTES = 30
    lost = _export(admin_user, quiet=timedelta(minutes=30, seconds=1))
    moving = _export(admin_user, quiet=timedelta(minutes=29, seconds=59))
    queued = _export(admin_user, quiet=timedelta(hours=5), status=ExportStatus.QUEUED)  # waits for a worker
    found = runs_fail_stale(now=NOW)
    assert found.exports == 1
    lost.refresh_from_db()
    assert lost.status == ExportStatus.FAILED and lost.finished_at == NOW
    assert lost.message == "后台任务进程在生成文件时中断（超过30分钟没有进展），文件未生成。请重新导出。"
    assert Export.objects.get(pk=moving.pk).status == ExportStatus.RUNNING
    assert Export.objects.get(pk=queued.pk).status == ExportStatus.QUEUED
    client.force_login(admin_user)
    page = client.get(f"/exports/{lost.pk}/").content.decode()
    assert "生成失败" in page and "超过30分钟没有进展" in page and "下载文件" not in page


def test_the_minutes_are_a_setting(admin_user, settings):
    settings.FAZHI_STALE_RUN_MINUTES = 5
    lost = _export(admin_user, quiet=timedelta(minutes=6))
    runs_fail_stale(now=NOW)
    lost.refresh_from_db()
    assert lost.status == ExportStatus.FAILED and "超过5分钟" in lost.message


def test_a_lost_import_is_failed_with_nothing_imported_and_its_page_says_why(client, bureau):
    run = _run(bureau.admin, quiet=timedelta(hours=1))
    assert runs_fail_stale(now=NOW).imports_failed == 1
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "未导入任何案件" in run.message
    client.force_login(bureau.admin)
    page = client.get(f"/imports/?run={run.pk}").content.decode()
    assert "后台任务进程在导入过程中中断（超过30分钟没有进展）" in page and "正在导入" not in page


def test_an_import_whose_batch_was_committed_before_the_worker_died_is_marked_imported(bureau):
    run = _run(bureau.admin, quiet=timedelta(hours=1))
    batch = ImportBatch.objects.create(
        filename=run.filename,
        sha256=run.sha256,
        imported_by=bureau.admin,
        imported_at=NOW - timedelta(minutes=50),
        row_count=10,
    )
    assert runs_fail_stale(now=NOW).imports_found_done == 1
    run.refresh_from_db()
    assert (run.status, run.imported, run.batch) == (ImportStatus.SUCCEEDED, 10, batch)


def test_the_sweep_runs_on_the_workers_own_schedule_every_quarter_hour(admin_user):
    assert STALE.slot(NOW) == NOW.replace(minute=17) and STALE.slot(NOW.replace(minute=32)) == NOW.replace(minute=32)
    lost = _export(admin_user, quiet=timedelta(hours=1))
    with clock.frozen_at(date(2026, 3, 2), time(9, 30)):
        assert "runs_fail_stale" in [r.job for r in schedule_due(now=clock.now())]
        run_queued_tasks()
    lost.refresh_from_db()
    assert lost.status == ExportStatus.FAILED
    assert PeriodicRun.objects.filter(job="runs_fail_stale").count() == 1
