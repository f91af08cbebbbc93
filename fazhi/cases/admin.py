from django.contrib import admin

from fazhi.cases.models import Case, CaseHandler


class CaseHandlerInline(admin.TabularInline):
    model = CaseHandler
    extra = 0
    can_delete = False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("lead_number", "register_number", "agency", "state", "registered_on")
    list_filter = ("state", "source")
    readonly_fields = ("state",)
    inlines = [CaseHandlerInline]
