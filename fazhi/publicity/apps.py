from __future__ import annotations

from typing import Any

from django.apps import AppConfig

from fazhi import rules
from fazhi.publicity.conf import policy


class PublicityConfig(AppConfig):
    name = "fazhi.publicity"
    label = "publicity"
    verbose_name = "行政执法公示与信用修复"

    def ready(self) -> None:
        # fazhi.core.calendar imports core's models, which cannot load before the app registry
        from fazhi.core.calendar import register_provisional_field  # noqa: PLC0415

        def due(publication: Any) -> Any:
            if publication.decided_on is None or publication.decision_id is None:
                return None
            return rules.publication_deadline(publication.decided_on, working_days=policy().working_days)

        def withdrawal(publication: Any) -> Any:
            if publication.changed_on is None:
                return None
            return rules.publication_withdrawal_deadline(publication.changed_on)

        register_provisional_field("publicity.Publication", "due_on", "公示期限", due)
        register_provisional_field("publicity.Publication", "withdrawal_due", "撤回公示期限", withdrawal)

        # the services import models, which cannot load before the app registry is ready
        from fazhi.core.extensions import extension_add  # noqa: PLC0415
        from fazhi.publicity.services import publication_create_for_decision  # noqa: PLC0415

        extension_add("decision.made", publication_create_for_decision)  # cases sits under publicity
