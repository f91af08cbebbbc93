"""Read-only admin view: the steps go through the services (audit trail), never through the admin."""

from __future__ import annotations

from django.contrib import admin

from fazhi.legal_affairs.admin import ReadOnlyAdmin
from fazhi.urban.models import DemolitionRecord, DemolitionTarget, IllegalConstruction, RectificationOrder


@admin.register(RectificationOrder)
class RectificationOrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "agency", "case", "ordered_on", "period_end", "result", "reviewed_on")
    list_filter = ("result",)
    search_fields = ("number",)


@admin.register(IllegalConstruction)
class IllegalConstructionAdmin(ReadOnlyAdmin):
    list_display = ("order_number", "agency", "location", "area_m2", "status", "demolished_on")
    list_filter = ("status",)
    search_fields = ("order_number", "location")


@admin.register(DemolitionRecord)
class DemolitionRecordAdmin(ReadOnlyAdmin):
    list_display = ("place", "agency", "area_m2", "demolished_on", "demolished_by")
    list_filter = ("demolished_by",)


@admin.register(DemolitionTarget)
class DemolitionTargetAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "target_m2", "source")
