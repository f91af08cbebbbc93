from django.contrib import admin

from fazhi.agencies.models import Agency, Certificate, Officer


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "region_code", "uscc", "is_active")
    readonly_fields = ("path",)


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "has_legal_qualification", "is_active")
    list_filter = ("agency",)
    search_fields = ("name",)
    inlines = [CertificateInline]
