"""Runs lost with their worker: an import or an export left 'running' by a worker that was killed mid-task.

Nothing else would ever finish such a row, and its page would poll forever. A row whose progress
(``progressed_at``, written at the start and at each step) has not moved for ``FAZHI_STALE_RUN_MINUTES`` is
marked failed with a Chinese reason, which its page shows. An import is all or nothing in one transaction: if its
batch was committed before the worker died, the run is marked imported instead, with that batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from fazhi.core.models import Export, ExportStatus
from fazhi.imports.models import ImportBatch, ImportRun, ImportStatus

__all__ = ["StaleRuns", "runs_fail_stale", "stale_after"]

_RUNNING_IMPORT = (ImportStatus.VALIDATING, ImportStatus.WRITING)


def stale_after() -> timedelta:
    return timedelta(minutes=settings.FAZHI_STALE_RUN_MINUTES)


@dataclass(frozen=True)
class StaleRuns:
    exports: int
    imports_failed: int
    imports_found_done: int


def _quiet_since(cutoff: datetime) -> Q:
    """No progress since ``cutoff`` (a row that never reported any counts from its request)."""
    return Q(progressed_at__lt=cutoff) | Q(progressed_at__isnull=True, requested_at__lt=cutoff)


def runs_fail_stale(*, now: datetime) -> StaleRuns:
    """Mark the lost runs; returns how many of each. Each row is updated only while it is still running, so a
    worker that finishes it at the same moment wins."""
    minutes = settings.FAZHI_STALE_RUN_MINUTES
    cutoff = now - stale_after()
    exports = Export.objects.filter(_quiet_since(cutoff), status=ExportStatus.RUNNING).update(
        status=ExportStatus.FAILED,
        message=f"后台任务进程在生成文件时中断（超过{minutes}分钟没有进展），文件未生成。请重新导出。",
        finished_at=now,
    )
    failed = done = 0
    for run in ImportRun.objects.filter(_quiet_since(cutoff), status__in=_RUNNING_IMPORT):
        with transaction.atomic():
            batch = (
                ImportBatch.objects.filter(
                    sha256=run.sha256, imported_by_id=run.requested_by_id, imported_at__gte=run.requested_at
                )
                .order_by("imported_at")
                .first()
            )
            rows = ImportRun.objects.filter(pk=run.pk, status__in=_RUNNING_IMPORT)
            if batch is not None:
                done += rows.update(
                    status=ImportStatus.SUCCEEDED,
                    imported=batch.row_count,
                    done=batch.row_count,
                    total=batch.row_count,
                    batch=batch,
                    finished_at=now,
                )
            else:
                failed += rows.update(
                    status=ImportStatus.FAILED,
                    message=(
                        f"后台任务进程在导入过程中中断（超过{minutes}分钟没有进展），未导入任何案件。"
                        "请确认后台任务进程（fazhi worker）正在运行，然后重新导入。"
                    ),
                    finished_at=now,
                )
    return StaleRuns(exports=exports, imports_failed=failed, imports_found_done=done)
