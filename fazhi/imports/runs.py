"""An import as a task: ``import_run_start`` (the page, the API) and ``import_run_execute`` (the worker).

The upload is stored in the blob store and an ``ImportRun`` row (its kind, its agency) is created with its task
in one transaction; the worker reads the file back, runs ``cases_import`` or, for the other kinds,
``records_import`` (both all or nothing) and writes its progress and its outcome on the row, which every web
process can read.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO, TYPE_CHECKING

from django.db import transaction

from fazhi.core import clock
from fazhi.core.errors import ApplicationError
from fazhi.core.storage import get_blob_store
from fazhi.imports.models import ImportKind, ImportRun, ImportStatus
from fazhi.imports.records import records_import
from fazhi.imports.services import ImportFailed, ImportReport, Progress, cases_import

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.agencies.models import Agency
    from fazhi.core.storage import Source

__all__ = ["MAX_UPLOAD", "import_run_execute", "import_run_start"]

MAX_UPLOAD = 100 * 1024 * 1024
_PHASES = {"validate": ImportStatus.VALIDATING, "write": ImportStatus.WRITING}


def import_run_start(
    *, actor: User, file: Source, filename: str, kind: str = ImportKind.CASES, agency: Agency | None = None
) -> ImportRun:
    """Keep the file and queue its import; the caller has checked that ``actor`` may import ``kind`` into
    ``agency`` (which the worker checks again)."""
    from fazhi.imports.tasks import cases_import_task  # noqa: PLC0415 — tasks.py imports this module

    ref = get_blob_store().put(file, max_size=MAX_UPLOAD)
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=kind,
            agency=agency if kind != ImportKind.CASES else None,
            filename=filename[:200],
            sha256=ref.sha256,
            requested_by=actor,
            requested_at=clock.now(),
        )
        run.task_id = str(cases_import_task.enqueue(run_id=run.pk).id)
        run.save(update_fields=["task_id"])
    return run


def import_run_execute(*, run_id: int) -> str:
    """Run the queued import ``run_id``; returns its final status. A run already started is not run again."""
    run = ImportRun.objects.select_related("requested_by", "agency").get(pk=run_id)
    if run.status != ImportStatus.QUEUED:
        return str(run.status)
    rows = ImportRun.objects.filter(pk=run.pk)

    def report(phase: str, done: int, total: int | None) -> None:
        # Inside the import's own transaction an update would show only at its commit, and on SQLite a second
        # connection could not write at all; the row says "写入中" from just before that transaction.
        if not transaction.get_connection().in_atomic_block:
            rows.update(
                status=_PHASES.get(phase, ImportStatus.VALIDATING), done=done, total=total, progressed_at=clock.now()
            )

    rows.update(status=ImportStatus.VALIDATING, progressed_at=clock.now())
    try:
        with get_blob_store().open(run.sha256) as stream, tempfile.TemporaryFile() as spooled:
            # A case file is streamed from a seekable copy (bounded memory); the other kinds are small and read whole.
            if run.kind == ImportKind.CASES:
                shutil.copyfileobj(stream, spooled, 1 << 20)
                spooled.seek(0)
                data: bytes | IO[bytes] = spooled
            else:
                data = stream.read()
            result = _run(run, data, report)
    except ImportFailed as exc:
        rows.update(
            status=ImportStatus.FAILED,
            errors=[[e.line, e.reason, e.column] if e.column else [e.line, e.reason] for e in exc.errors],
            finished_at=clock.now(),
        )
        return str(ImportStatus.FAILED)
    except ApplicationError as exc:  # the importer may no longer import (a role withdrawn since the upload)
        rows.update(status=ImportStatus.FAILED, message=f"{exc}未导入任何数据。", finished_at=clock.now())
        return str(ImportStatus.FAILED)
    except Exception as exc:
        what = "案件" if run.kind == ImportKind.CASES else "数据"
        rows.update(
            status=ImportStatus.FAILED,
            message=f"导入过程中出错（{type(exc).__name__}），未导入任何{what}。请重试或联系系统管理员。",
            finished_at=clock.now(),
        )
        raise
    rows.update(
        status=ImportStatus.SUCCEEDED,
        imported=result.imported,
        unchanged=result.unchanged,
        done=result.imported + result.unchanged,
        total=result.imported + result.unchanged,
        batch=result.batch,
        finished_at=clock.now(),
    )
    return str(ImportStatus.SUCCEEDED)


def _run(run: ImportRun, data: bytes | IO[bytes], report: Progress) -> ImportReport:
    if run.kind == ImportKind.CASES:
        return cases_import(actor=run.requested_by, data=data, filename=run.filename, progress=report)
    assert isinstance(data, bytes)
    if run.requested_by is None or run.agency is None:
        raise ApplicationError("导入任务缺少导入人或导入机构。")
    return records_import(
        actor=run.requested_by,
        kind=run.kind,
        agency=run.agency,
        data=data,
        filename=run.filename,
        progress=report,
    )
