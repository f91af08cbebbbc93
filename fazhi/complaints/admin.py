"""Read-only admin view: the workflow goes through the services (audit trail), never through the admin."""

from __future__ import annotations

from django.contrib import admin

from fazhi.complaints.models import Complaint
from fazhi.legal_affairs.admin import ReadOnlyAdmin


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("number", "agency", "source", "received_at", "status", "deadline", "assigned_to", "escalated")
    list_filter = ("status", "source", "escalated")
    search_fields = ("number", "content")
