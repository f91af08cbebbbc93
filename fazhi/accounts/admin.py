from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fazhi.accounts.models import ApiToken, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "agency", "is_active", "locked_until")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("法治", {"fields": ("display_name", "agency", "officer", "failed_logins", "locked_until")}),
    )
    inlines = [RoleGrantInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash")
