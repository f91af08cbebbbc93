from __future__ import annotations

from typing import Any

from django.apps import AppConfig

from fazhi import rules


class CasesConfig(AppConfig):
    name = "fazhi.cases"
    label = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        # core's calendar imports core's models, which cannot load before the app registry is ready
        from fazhi.cases.todo import before_flush, on_audit  # noqa: PLC0415
        from fazhi.core import pgbackend  # noqa: PLC0415
        from fazhi.core.audit import audit_listeners  # noqa: PLC0415
        from fazhi.core.calendar import register_provisional_field  # noqa: PLC0415

        # 待办's column, in the transaction of every change of a case (fazhi.cases.todo): on PostgreSQL once per
        # case at the pre-commit step, before the events are numbered; elsewhere by the audit listener
        if on_audit not in audit_listeners:  # ready() may run again in tests
            audit_listeners.append(on_audit)
        if before_flush not in pgbackend.before_flush:
            pgbackend.before_flush.append(before_flush)

        def representation(notice: Any) -> Any:
            from fazhi.cases.services.notice import REPRESENTATION_WORKING_DAYS  # noqa: PLC0415 — services import models

            return rules.representation_deadline(notice.served_on, REPRESENTATION_WORKING_DAYS)

        def hearing_request(notice: Any) -> Any:
            return rules.hearing_request_deadline(notice.served_on) if notice.hearing_right else None

        register_provisional_field("cases.PreDecisionNotice", "representation_until", "陈述申辩期限", representation)
        register_provisional_field("cases.PreDecisionNotice", "hearing_request_until", "听证申请期限", hearing_request)
