"""Writes of supervision: the scan that raises and resolves alerts, file reviews, and 督查 records."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.supervision.models import ScanRun
from fazhi.supervision.scan import scan_all


def supervise(*, today: date | None = None, full: bool = False, actor: Any = None, jobs: int = 1) -> ScanRun:
    """Run every rule over the records that may have changed (all with ``full``); raise, update and resolve alerts.

    Incremental (``fazhi.supervision.scan``): only the records named by the audit events since the last run (the
    change queue) and those whose ``recheck_on`` day has come (the due-date index) are loaded; a change of the rules,
    settings, calendar or outside data a source reads evaluates that whole source again. Running it twice over the
    same data therefore changes nothing and creates no duplicate: at most one open alert exists per rule and
    record (a partial unique index on ``Alert.fingerprint``). ``jobs`` > 1 evaluates the chunks in that many worker
    processes (PostgreSQL only; see ``scan_all``).
    """
    today = today or clock.today()
    now = clock.now()
    run = ScanRun.objects.create(started_at=now, today=today, full=full)
    counts = scan_all(today=today, now=now, full=full, jobs=jobs)
    for name in ("scanned", "skipped", "raised", "updated", "resolved", "unchanged"):
        setattr(run, name, getattr(counts, name))
    run.finished_at = clock.now()
    with transaction.atomic():
        run.save()
        audit_record(
            actor=actor,
            entity=run,
            action="supervision.scan",
            summary=f"执法监督扫描（{today:%Y-%m-%d}）：检查{counts.scanned}件、跳过{counts.skipped}件，"
            f"新增预警{counts.raised}条、更新{counts.updated}条、消除{counts.resolved}条",
            after={"today": today, "full": full, "raised": counts.raised, "resolved": counts.resolved},
        )
    return run
