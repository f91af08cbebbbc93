"""Large exports as tasks: the page asks for a file, the worker builds it, the page polls and then downloads it.

``export_start`` records what to build (a builder function chosen by code and its JSON parameters) and queues it;
``export_execute`` (the worker) calls the builder as the requesting user, stores the bytes in the blob store and
marks the row. Only the user who asked sees an export (``access_export``).

A builder that takes a ``progress`` argument is given ``progress(done, total)``, which writes its progress and the
time of it on the row (the page shows it; a row that stops moving is found by ``fazhi.jobs.stale``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.module_loading import import_string

from fazhi.core import clock
from fazhi.core.dbrouter import replica_reads
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden
from fazhi.core.models import Export, ExportStatus
from fazhi.core.storage import get_blob_store

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = ["Progress", "access_export", "export_execute", "export_start"]

Progress = Callable[[int, "int | None"], None]


def export_start(*, actor: User, builder: str, params: dict[str, Any], filename: str, content_type: str) -> Export:
    from fazhi.core.tasks import export_task  # noqa: PLC0415 — tasks.py imports this module

    with transaction.atomic():
        export = Export.objects.create(
            builder=builder,
            params=params,
            filename=filename[:200],
            content_type=content_type,
            requested_by=actor,
            requested_at=clock.now(),
        )
        export.task_id = str(export_task.enqueue(export_id=export.pk).id)
        export.save(update_fields=["task_id"])
    return export


def export_execute(*, export_id: int) -> str:
    """Build export ``export_id``; returns its final status. An export already started is not built again."""
    export = Export.objects.using(DEFAULT_DB_ALIAS).select_related("requested_by").get(pk=export_id)
    if export.status != ExportStatus.QUEUED:
        return str(export.status)
    # Written on the primary by name: the builder's reads may go to a replica (fazhi.core.dbrouter), and its
    # progress must not pin them back.
    rows = Export.objects.using(DEFAULT_DB_ALIAS).filter(pk=export.pk)

    last: dict[str, Any] = {}

    def progress(done: int, total: int | None) -> None:
        last.update(done=done, total=total)  # written with the outcome in any case
        # Inside a transaction of the builder an update would show only at its commit (as for imports).
        if not transaction.get_connection().in_atomic_block:
            rows.update(done=done, total=total, progressed_at=clock.now())

    rows.update(status=ExportStatus.RUNNING, progressed_at=clock.now())
    try:
        builder = import_string(export.builder)
        extra: dict[str, Any] = {"progress": progress} if "progress" in inspect.signature(builder).parameters else {}
        with replica_reads():
            content = builder(actor=export.requested_by, **export.params, **extra)
        ref = get_blob_store().put(content)
    except ApplicationError as exc:
        rows.update(status=ExportStatus.FAILED, message=exc.message, finished_at=clock.now())
        return str(ExportStatus.FAILED)
    except Exception as exc:
        rows.update(
            status=ExportStatus.FAILED,
            message=f"生成文件时出错（{type(exc).__name__}）。请重试或联系系统管理员。",
            finished_at=clock.now(),
        )
        raise
    rows.update(status=ExportStatus.SUCCEEDED, sha256=ref.sha256, size=ref.size, finished_at=clock.now(), **last)
    return str(ExportStatus.SUCCEEDED)


def access_export(actor: User, export_id: int) -> Export:
    """An export, for the user who asked for it; to anyone else it does not exist."""
    export = Export.objects.filter(pk=export_id, requested_by_id=actor.pk).first()
    if export is None:
        raise NotFoundOrForbidden("导出文件")
    return export
