from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "fazhi.evidence"
    label = "evidence"
    verbose_name = "证据与执法全过程记录"

    def ready(self) -> None:
        from fazhi.core.extensions import extension_add  # noqa: PLC0415 — app code loads once the registry is ready
        from fazhi.evidence.selectors import (  # noqa: PLC0415 — models load after the registry
            case_rows,
            evidence_for_case,
            field_records_panel,
        )

        def panel(*, actor: Any, case: Any) -> dict[str, Any]:
            return {
                "evidence_list": evidence_for_case(actor=actor, case=case),
                **field_records_panel(actor=actor, case=case),
            }

        extension_add("case.panels", panel)  # the case page's evidence panel; cases sits under evidence
        extension_add("case.rows", case_rows)  # …whose rows the page reads with the case's own
