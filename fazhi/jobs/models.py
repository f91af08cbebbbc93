"""The claim of one slot of one periodic job.

The queue's own table (``django_tasks_db.DBTaskResult``) holds the tasks; this table only makes the schedule
idempotent: ``(job, slot)`` is unique, so however many workers run and however often they restart, each slot of
each job is enqueued once — the second insert fails and enqueues nothing.
"""

from __future__ import annotations

from django.db import models


class PeriodicRun(models.Model):
    job = models.CharField("定期任务", max_length=64)
    slot = models.DateTimeField("计划时间")
    enqueued_at = models.DateTimeField("加入队列时间")
    task_id = models.CharField("任务编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "定期任务执行记录"
        verbose_name_plural = "定期任务执行记录"
        ordering = ["-slot", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_job_slot_unique")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
