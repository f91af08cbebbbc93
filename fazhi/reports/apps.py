from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "统计与法治政府建设年度报告"

    def ready(self) -> None:
        # the rollups' dirty marks, in the transaction of every audited change (fazhi.reports.derived)
        # on PostgreSQL all of a transaction's marks at once, before its events are numbered (fazhi.core.pgbackend);
        # elsewhere, and for an event written without that step, by the audit listener
        from fazhi.core import pgbackend  # noqa: PLC0415
        from fazhi.core.audit import audit_listeners  # noqa: PLC0415
        from fazhi.reports.derived import before_flush, on_audit  # noqa: PLC0415

        if on_audit not in audit_listeners:  # ready() may run again in tests
            audit_listeners.append(on_audit)
        if before_flush not in pgbackend.before_flush:
            pgbackend.before_flush.append(before_flush)
