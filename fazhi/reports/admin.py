from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.reports.models import AnnualReportText


@admin.register(AnnualReportText)
class AnnualReportTextAdmin(ReadOnlyAdmin):
    """Edited on /reports/annual/ (through the service, with its audit event), only shown here."""

    list_display = ("agency", "year", "updated_by", "updated_at")
