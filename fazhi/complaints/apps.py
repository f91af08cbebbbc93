from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "fazhi.complaints"
    label = "complaints"
    verbose_name = "群众诉求（12345、数字城管）"

    def ready(self) -> None:
        from django.utils import timezone  # noqa: PLC0415 — ready() runs once the app registry is loaded

        from fazhi.core.calendar import register_provisional_field  # noqa: PLC0415 — ready() runs once the app registry is loaded

        def due_at(complaint: Any) -> Any:
            """The 处置时限 as counted from receipt; ``None`` (left as stored) once a 延期 set it by hand."""
            from fazhi.complaints.services import complaint_due  # noqa: PLC0415 — complaints.services imports the models, loaded after ready() starts

            if complaint.extension_count:
                return None
            return complaint_due(start=complaint.received_at, category=complaint.category_item)

        def deadline(complaint: Any) -> Any:
            from fazhi.complaints.services import complaint_deadline  # noqa: PLC0415

            if complaint.extension_count:
                return None  # an approved 延期 set it
            if complaint.category_item_id is not None:
                return timezone.localdate(due_at(complaint))
            return complaint_deadline(received_on=timezone.localdate(complaint.received_at))

        register_provisional_field("complaints.Complaint", "deadline", "诉求办理期限", deadline)
        register_provisional_field("complaints.Complaint", "due_at", "诉求处置时限", due_at)

        from fazhi.core.extensions import extension_add  # noqa: PLC0415 — ready() runs once the app registry is loaded

        def case_rows(case: Any) -> dict[str, Any]:
            """The 群众诉求 the case page names (``case.complaints``), read with the case's own rows."""
            from fazhi.complaints.models import Complaint  # noqa: PLC0415 — models load after the registry

            return {"complaints": Complaint.objects.filter(case_id=case.pk)}

        extension_add("case.rows", case_rows)
