"""Publication expiry as a task of the queue; ``fazhi.jobs.schedule`` enqueues it once a day."""

from __future__ import annotations

from django_tasks import task

from fazhi.core import clock
from fazhi.publicity.services import publications_expire


@task()
def publications_expire_task() -> int:
    """End the publications whose period is over; returns how many."""
    return publications_expire(today=clock.today())
