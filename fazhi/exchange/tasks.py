"""Delivery as a task of the queue: enqueued after each commit that wrote messages, and again at the next retry's
time while messages wait for their back-off."""

from __future__ import annotations

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from fazhi.core import clock
from fazhi.exchange.delivery import deliver_pass, next_due


@task()
def deliver_task() -> dict[str, int]:
    result = deliver_pass()
    due = next_due()
    if due is not None and due > clock.now():
        waiting = DBTaskResult.objects.filter(
            task_path=deliver_task.module_path, status="READY", run_after__lte=due
        ).exists()
        if not waiting:
            deliver_task.using(run_after=due).enqueue()
    return result.as_dict()
