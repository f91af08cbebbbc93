"""Read-only admin views: records change only through the services (audit trail), never through the admin."""

from __future__ import annotations

from django.contrib import admin

from fazhi.campaigns.models import Campaign, SoftMeasure
from fazhi.legal_affairs.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "agency", "starts_on", "ends_on")
    search_fields = ("name",)


@admin.register(SoftMeasure)
class SoftMeasureAdmin(ReadOnlyAdmin):
    list_display = ("taken_on", "kind", "target_name", "agency")
    list_filter = ("kind",)
