"""Read-only admin views: records change only through the services (audit trail), never through the admin."""

from __future__ import annotations

from django.contrib import admin

from fazhi.legal_affairs.admin import ReadOnlyAdmin
from fazhi.waste.models import CheckCase, TransportCompany, TransportPermit, Vehicle, WasteCheck


@admin.register(TransportCompany)
class TransportCompanyAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "agency")
    search_fields = ("name", "uscc")


@admin.register(Vehicle)
class VehicleAdmin(ReadOnlyAdmin):
    list_display = ("plate_number", "company")
    search_fields = ("plate_number",)


@admin.register(TransportPermit)
class TransportPermitAdmin(ReadOnlyAdmin):
    list_display = ("number", "company", "valid_from", "valid_until", "revoked_on")


@admin.register(WasteCheck)
class WasteCheckAdmin(ReadOnlyAdmin):
    list_display = ("checked_on", "plate_number", "place", "result")
    list_filter = ("result",)


@admin.register(CheckCase)
class CheckCaseAdmin(ReadOnlyAdmin):
    list_display = ("check_record", "case")
