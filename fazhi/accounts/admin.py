from django.contrib import admin

from fazhi.accounts.models import ApiToken, LoginAttempt, RoleGrant, User
from fazhi.core.admin import ReadOnlyAdmin, ReadOnlyInline


class RoleGrantInline(ReadOnlyInline):
    model = RoleGrant


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "display_name", "agency", "is_active", "locked_until")
    exclude = ("password",)
    inlines = [RoleGrantInline]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "ip", "succeeded", "cleared", "user")
    list_filter = ("succeeded",)
    search_fields = ("username", "ip")
