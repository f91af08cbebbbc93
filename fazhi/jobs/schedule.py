"""The periodic jobs fazhi runs by itself, without cron.

Each job has slots (every hour, or every day at a given time, Asia/Shanghai). ``schedule_due`` enqueues the latest
slot of each job that has come and has not been claimed yet; ``fazhi worker`` calls it every half minute. A slot
is claimed by inserting its ``PeriodicRun`` row in the same transaction as the task, so two workers, or a worker
that restarts, never enqueue a slot twice. Missed slots are not replayed one by one: a worker that was down for a
day runs each job once when it comes back, which is what both jobs need (the scan is incremental, expiry looks at
today's date).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from fazhi.core.checkpoints import audit_checkpoint_task
from fazhi.core.partitioning import partitions_ensure_task
from fazhi.jobs.models import PeriodicRun
from fazhi.jobs.tasks import runs_fail_stale_task
from fazhi.publicity.tasks import publications_expire_task
from fazhi.supervision.tasks import supervise_task

logger = logging.getLogger(__name__)

# Longer than any scan has taken (the cold scan of 100,000 cases: about a minute, docs/supervision.md).
STALE_AFTER = timedelta(hours=6)


# Slots count from a Monday midnight in Shanghai, so daily and weekly slots fall on fixed days and times.
_EPOCH = datetime(2024, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Task[..., Any]
    every: timedelta
    at: timedelta = timedelta(0)  # the first slot, after Monday 00:00
    kwargs: dict[str, Any] = field(default_factory=dict)

    def slot(self, now: datetime) -> datetime:
        """The start of the latest slot at or before ``now``, in local time."""
        first = _EPOCH + self.at
        return timezone.localtime(first + ((now - first) // self.every) * self.every)


JOBS: tuple[PeriodicJob, ...] = (
    # Hourly: the scan is incremental, so an unchanged hour costs little, and a record changed in the day is
    # checked within the hour; the date-driven rules (deadlines, the holiday-year alert) turn at midnight.
    # Weekly, Sunday 01:30: a full scan also sees rows corrected directly in the database (docs/supervision.md).
    # Listed before the hourly scan so that at its slot it goes first; the hourly one follows when it is done.
    PeriodicJob(
        "supervise_full",
        supervise_task,
        every=timedelta(days=7),
        at=timedelta(days=6, hours=1, minutes=30),
        kwargs={"full": True},
    ),
    PeriodicJob("supervise", supervise_task, every=timedelta(hours=1), at=timedelta(minutes=5)),
    # Daily, just after midnight: a publication whose period ended yesterday stops today.
    PeriodicJob("publicity_expire", publications_expire_task, every=timedelta(days=1), at=timedelta(minutes=10)),
    # Every quarter of an hour: an import or export left running by a killed worker is marked failed (its page
    # says so) once it has not moved for FAZHI_STALE_RUN_MINUTES.
    PeriodicJob("runs_fail_stale", runs_fail_stale_task, every=timedelta(minutes=15), at=timedelta(minutes=2)),
    # Hourly: a signed checkpoint of the audit trail, outside the database (docs/audit.md).
    PeriodicJob("audit_checkpoint", audit_checkpoint_task, every=timedelta(hours=1), at=timedelta(minutes=20)),
    # Daily at 03:40 (PostgreSQL): the coming years' partitions exist before their first row (docs/partitioning.md).
    PeriodicJob(
        "partitions_ensure", partitions_ensure_task, every=timedelta(days=1), at=timedelta(hours=3, minutes=40)
    ),
)


def schedule_due(*, now: datetime, jobs: tuple[PeriodicJob, ...] = JOBS) -> list[PeriodicRun]:
    """Enqueue each job whose current slot has not been claimed; returns the slots claimed by this call."""
    claimed: list[PeriodicRun] = []
    for job in jobs:
        if _still_running(job, jobs, now):
            continue  # one at a time: the slot is claimed once the previous run has ended
        slot = job.slot(now)
        with transaction.atomic():
            run, created = PeriodicRun.objects.get_or_create(job=job.name, slot=slot, defaults={"enqueued_at": now})
            if not created:
                continue
            result = job.task.enqueue(**job.kwargs)
            run.task_id = str(result.id)
            run.save(update_fields=["task_id"])
        logger.info("定期任务已加入队列：%s（%s）", job.name, f"{slot:%Y-%m-%d %H:%M}")
        claimed.append(run)
    return claimed


def _still_running(job: PeriodicJob, jobs: tuple[PeriodicJob, ...], now: datetime) -> bool:
    """Whether a task of the same function, enqueued by any job, has not finished: two scans never overlap (a
    scan slower than its period, the weekly full scan during an hourly one, a stopped worker).

    A task still marked running after ``STALE_AFTER`` is taken as lost (its worker was killed mid-task) and no
    longer holds the job back.
    """
    names = [j.name for j in jobs if j.task.module_path == job.task.module_path]
    pending = [
        task_id
        for name in names
        for task_id in PeriodicRun.objects.filter(job=name)
        .exclude(task_id="")
        .order_by("-slot")
        .values_list("task_id", flat=True)[:1]
    ]
    return DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gt=now - STALE_AFTER),
        pk__in=pending,
    ).exists()
