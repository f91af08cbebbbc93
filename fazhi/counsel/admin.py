"""Read-only admin views: writes go through the services (audit trail), never through the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fazhi.counsel import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for model in (
    models.LegalAdviser,
    models.AdviserParticipation,
    models.LegalOpinion,
    models.CaseAccompaniment,
    models.CaseConsultation,
    models.TownshipCaseReview,
    models.DutyRecord,
):
    admin.site.register(model, ReadOnlyAdmin)
