from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "fazhi.documents"
    label = "documents"
    verbose_name = "文书"

    def ready(self) -> None:
        from fazhi.core.extensions import extension_add  # noqa: PLC0415 — app code loads once the registry is ready
        from fazhi.documents.selectors import case_rows  # noqa: PLC0415 — models load after the registry
        from fazhi.documents.views import case_documents_context  # noqa: PLC0415 — models load after the registry

        def panel(*, actor: Any, case: Any) -> dict[str, Any]:
            return {k: v for k, v in case_documents_context(actor=actor, case=case).items() if k != "case"}

        extension_add("case.panels", panel)  # the case page's 文书 panel; cases sits under documents
        extension_add("case.rows", case_rows)  # …whose rows the page reads with the case's own
