"""Read-only admin views: a draw must never be edited by hand (verify-draw would flag it)."""

from __future__ import annotations

from django.contrib import admin

from fazhi.inspections import models
from fazhi.legal_affairs.admin import ReadOnlyAdmin

for model in (
    models.InspectionTarget,
    models.InspectionPlan,
    models.PlanItem,
    models.TargetRelation,
    models.TargetExemption,
    models.Draw,
    models.InspectionTask,
    models.TaskItemResult,
    models.TaskPhoto,
):
    admin.site.register(model, ReadOnlyAdmin)
