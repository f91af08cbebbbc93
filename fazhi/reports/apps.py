from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "统计与法治政府建设年度报告"

    def ready(self) -> None:
        # the rollups' dirty marks, in the transaction of every audited change (fazhi.reports.derived)
        from fazhi.core.audit import audit_listeners  # noqa: PLC0415
        from fazhi.reports.derived import on_audit  # noqa: PLC0415

        if on_audit not in audit_listeners:  # ready() may run again in tests
            audit_listeners.append(on_audit)
