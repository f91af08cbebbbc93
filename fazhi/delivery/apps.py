from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "fazhi.delivery"
    label = "delivery"
    verbose_name = "电子送达"

    def ready(self) -> None:
        from fazhi.core.extensions import extension_add  # noqa: PLC0415 — app code loads once the registry is ready
        from fazhi.delivery.selectors import case_rows, delivery_panel  # noqa: PLC0415 — models load after the registry

        def panel(*, actor: Any, case: Any) -> dict[str, Any]:
            return delivery_panel(actor=actor, case=case)

        extension_add("case.panels", panel)  # the 电子送达 panel, shown inside the 文书 panel
        extension_add("case.rows", case_rows)
