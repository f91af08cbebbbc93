"""The jobs app's own periodic task: runs lost with a killed worker (``fazhi.jobs.stale``)."""

from __future__ import annotations

from django_tasks import task

from fazhi.core import clock
from fazhi.jobs.stale import runs_fail_stale


@task()
def runs_fail_stale_task() -> dict[str, int]:
    found = runs_fail_stale(now=clock.now())
    return {
        "exports": found.exports,
        "imports_failed": found.imports_failed,
        "imports_found_done": found.imports_found_done,
    }
