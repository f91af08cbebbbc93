from django.contrib import admin

from fazhi.delivery.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("case", "document", "provider", "status", "sent_at", "delivered_at")
    list_filter = ("status", "provider")
    readonly_fields = [f.name for f in Delivery._meta.fields]
