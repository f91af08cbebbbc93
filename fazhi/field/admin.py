from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.field.models import FieldSubmission


@admin.register(FieldSubmission)
class FieldSubmissionAdmin(ReadOnlyAdmin):
    """What officers' devices sent: accepted once per client id, or refused with the reason (made by the sync only)."""

    list_display = ("client_id", "officer", "kind", "status", "case", "attempts", "created_at", "updated_at")
    list_filter = ("kind", "status")
    search_fields = ("client_id", "device_id")
