"""The historical import as a task of the queue (see ``fazhi.imports.runs``)."""

from __future__ import annotations

from django_tasks import task

from fazhi.imports.runs import import_run_execute


@task()
def cases_import_task(run_id: int) -> str:
    return import_run_execute(run_id=run_id)
