"""The supervision scan as a task; ``fazhi.jobs.schedule`` enqueues it every hour, and a full one weekly."""

from __future__ import annotations

from django_tasks import task

from fazhi.supervision.services import supervise


@task()
def supervise_task(full: bool = False) -> dict[str, int]:
    """Run the scan (the holiday-year alert is one of its rules); its ``ScanRun`` row is the record."""
    run = supervise(full=full)
    return {"scan_run": run.pk, "raised": run.raised, "resolved": run.resolved}
