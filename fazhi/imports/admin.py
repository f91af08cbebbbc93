from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.imports.models import HistoricalCase, HistoricalPublication, ImportBatch, ImportRun


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("imported_at", "filename", "row_count", "imported_by")


@admin.register(HistoricalCase)
class HistoricalCaseAdmin(ReadOnlyAdmin):
    list_display = ("case_number", "agency", "procedure", "registered_on", "decided_on", "outcome", "fine")
    list_filter = ("procedure", "outcome", "domain")
    search_fields = ("case_number", "party_name")


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("requested_at", "filename", "status", "done", "total", "imported", "requested_by")
    list_filter = ("status",)
    exclude = ("errors",)


@admin.register(HistoricalPublication)
class HistoricalPublicationAdmin(ReadOnlyAdmin):
    list_display = ("case", "agency", "number", "due_on", "published_on", "publish_until", "withdrawn_on")
    search_fields = ("case__case_number", "number")
