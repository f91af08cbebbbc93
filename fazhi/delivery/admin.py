"""电子送达 records are proof of service: read-only here (writes go through the audited services), address masked."""

from typing import Any

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.delivery.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("case", "document", "provider", "status", "masked_address", "sent_at", "delivered_at")
    list_filter = ("status", "provider")
    exclude = ("address", "consent")  # the consent's own label shows its address in full
    readonly_fields = [
        "masked_address",
        *(f.name for f in Delivery._meta.fields if f.name not in ("address", "consent")),
    ]

    @admin.display(description="送达地址")
    def masked_address(self, obj: Any) -> str:
        return str(obj.address_masked)
