from django.contrib import admin

from fazhi.powers.models import Delegation, DiscretionRule, ExemptionRule, PowerItem, RuleSet

# Read-only: the power list changes through the import and publishing services, which check every row and
# write the audit trail; an edit here would bypass both.


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(RuleSet)
class RuleSetAdmin(_ReadOnly):
    list_display = ("owner", "version_label", "effective_from", "effective_until", "status", "is_sample")


@admin.register(PowerItem)
class PowerItemAdmin(_ReadOnly):
    list_display = ("code", "name", "domain", "kind", "rule_set", "is_sample")
    list_filter = ("rule_set", "domain")
    search_fields = ("code", "name")


@admin.register(DiscretionRule)
class DiscretionRuleAdmin(_ReadOnly):
    list_display = ("item", "tier", "condition_text")


@admin.register(ExemptionRule)
class ExemptionRuleAdmin(_ReadOnly):
    list_display = ("item", "kind", "condition_text", "look_back_months")


@admin.register(Delegation)
class DelegationAdmin(_ReadOnly):
    list_display = ("township", "item_code", "item_name", "valid_from", "valid_until", "document_number")
