from django.contrib import admin

from fazhi.core.models import AuditEvent, HolidayOverride, HolidayYear


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "entity_type", "entity_id", "seq", "action", "actor_label", "summary")
    list_filter = ("entity_type", "action")
    search_fields = ("entity_id", "summary", "actor_label")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source")


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "name", "year")
    list_filter = ("year", "kind")
