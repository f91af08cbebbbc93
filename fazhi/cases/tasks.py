"""The cases' background tasks."""

from __future__ import annotations

from django_tasks import task

from fazhi.cases import todo


@task()
def todo_rebuild_task() -> dict[str, int]:
    """``fazhi cases rebuild-todo`` in the worker: enqueued when a holiday year is entered or corrected."""
    return {"changed": todo.rebuild()}
