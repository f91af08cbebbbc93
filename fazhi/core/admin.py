"""The Django admin: read-only for everything a service owns.

Writes go through the services, which check permissions, validate, and write the audit trail; an edit in the
admin would bypass all three. Only the holiday table is edited here, and each edit is audited.
"""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from fazhi.core.audit import audit_record, snapshot
from fazhi.core.models import AuditEvent, HolidayOverride, HolidayYear


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


class _AuditedAdmin(admin.ModelAdmin):
    """Each save and delete writes an audit event in the same transaction."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, entity=obj, action="holiday.save", summary=str(obj), after=snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user, entity=obj, action="holiday.delete", summary=str(obj), before=snapshot(obj)
            )
            super().delete_model(request, obj)


@admin.register(HolidayYear)
class HolidayYearAdmin(_AuditedAdmin):
    list_display = ("year", "source")


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(_AuditedAdmin):
    list_display = ("day", "kind", "name", "year")
    list_filter = ("year", "kind")
