from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.publicity.models import CreditRepair, Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "public_name", "agency", "status", "due_on", "published_on", "publish_until")
    list_filter = ("status", "kind")
    search_fields = ("number", "public_name")


@admin.register(CreditRepair)
class CreditRepairAdmin(ReadOnlyAdmin):
    list_display = ("publication", "applicant", "applied_on", "status", "decided_on")
    list_filter = ("status",)
