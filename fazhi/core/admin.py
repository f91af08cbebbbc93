"""The Django admin: read-only for everything a service owns.

Writes go through the services, which check permissions, validate, and write the audit trail; an edit in the
admin would bypass all three. Only the holiday table is edited here, and each edit is audited.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fazhi.core.models import AuditEvent, Export, HolidayOverride, HolidayYear


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "entity_type", "entity_id", "seq", "action", "actor_label", "summary")
    list_filter = ("entity_type", "action")
    search_fields = ("entity_id", "summary", "actor_label")


class _HolidayAdmin(ReadOnlyAdmin):
    """A year is entered, checked against 《全国年节及纪念日放假办法》 and confirmed on /system/holidays/ only:
    one day per admin form let an incomplete year count as complete."""


@admin.register(HolidayYear)
class HolidayYearAdmin(_HolidayAdmin):
    list_display = ("year", "source")


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(_HolidayAdmin):
    list_display = ("day", "kind", "name", "year")
    list_filter = ("year", "kind")


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ("requested_at", "filename", "status", "size", "requested_by")
    list_filter = ("status",)
