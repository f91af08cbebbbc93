"""Read-only admin view: the workflow goes through the services (audit trail), never through the admin."""

from __future__ import annotations

from django.contrib import admin

from fazhi.complaints.models import Complaint, ComplaintCategory, ComplaintStep
from fazhi.legal_affairs.admin import ReadOnlyAdmin


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("number", "agency", "source", "received_at", "status", "deadline", "assigned_to", "escalated")
    list_filter = ("status", "source", "escalated")
    search_fields = ("number", "content")


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(ReadOnlyAdmin):
    """Edited through ``complaint_category_save`` (API ``POST /api/complaints/categories``), which audits."""

    list_display = ("kind", "code", "major_name", "name", "limit_value", "limit_unit", "default_unit", "active")
    list_filter = ("kind", "limit_unit", "active")
    search_fields = ("code", "name")


@admin.register(ComplaintStep)
class ComplaintStepAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "kind", "at", "by", "unit", "late", "imported")
    list_filter = ("kind", "imported")
