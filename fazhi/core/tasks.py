"""Exports as a task of the queue (see ``fazhi.core.exports``)."""

from __future__ import annotations

from django_tasks import task

from fazhi.core.exports import export_execute


@task()
def export_task(export_id: int) -> str:
    return export_execute(export_id=export_id)
