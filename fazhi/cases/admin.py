from django.contrib import admin

from fazhi.cases.models import Case, CaseHandler
from fazhi.core.admin import ReadOnlyAdmin, ReadOnlyInline


class CaseHandlerInline(ReadOnlyInline):
    model = CaseHandler


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("lead_number", "register_number", "agency", "state", "registered_on")
    list_filter = ("state", "source")
    inlines = [CaseHandlerInline]
