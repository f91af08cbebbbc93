from django.contrib import admin

from fazhi.agencies.models import Agency, Certificate, Officer
from fazhi.core.admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "code", "region_code", "uscc", "is_active")


class CertificateInline(ReadOnlyInline):
    model = Certificate


@admin.register(Officer)
class OfficerAdmin(ReadOnlyAdmin):
    list_display = ("name", "agency", "has_legal_qualification", "is_active")
    list_filter = ("agency",)
    search_fields = ("name",)
    inlines = [CertificateInline]
