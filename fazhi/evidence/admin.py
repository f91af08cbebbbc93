from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin, ReadOnlyInline
from fazhi.evidence.models import CustodyEvent, Evidence, Recording


class RecordingInline(ReadOnlyInline):
    model = Recording


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "case", "kind", "version", "sha256", "size", "is_excluded", "uploaded_at")
    list_filter = ("kind", "is_excluded")
    search_fields = ("title", "sha256")
    inlines = [RecordingInline]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    list_display = ("evidence", "seq", "action", "actor_label", "at", "ip")
    list_filter = ("action",)
