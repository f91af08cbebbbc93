from __future__ import annotations

from django.apps import AppConfig, apps


class FieldConfig(AppConfig):
    name = "fazhi.field"
    label = "field"
    verbose_name = "现场执法（离线）"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        if apps.is_installed("fazhi.evidence") and apps.is_installed("fazhi.documents"):
            from fazhi.core.extensions import extension_add  # noqa: PLC0415 — app code loads once the registry is ready
            from fazhi.documents.printing import PRINT_RECORDS_SLOT, PRINT_SOURCES_SLOT  # noqa: PLC0415 — as above
            from fazhi.field import print_sources  # noqa: PLC0415 — evidence's models load after the registry

            # Printing on the spot: the print view's 笔录 and signatures. documents may not import evidence (siblings);
            # the field client sits above both and lends the one what the other holds.
            extension_add(PRINT_SOURCES_SLOT, print_sources.print_sources)
            extension_add(PRINT_RECORDS_SLOT, print_sources.print_records)
