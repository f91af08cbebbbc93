from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.powers.models import Delegation, DiscretionRule, ExemptionRule, PowerItem, RuleSet

# Read-only: the power list changes through the import and publishing services, which check every row and
# write the audit trail; an edit here would bypass both.


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ("owner", "version_label", "effective_from", "effective_until", "status", "is_sample")


@admin.register(PowerItem)
class PowerItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "domain", "kind", "rule_set", "is_sample")
    list_filter = ("rule_set", "domain")
    search_fields = ("code", "name")


@admin.register(DiscretionRule)
class DiscretionRuleAdmin(ReadOnlyAdmin):
    list_display = ("item", "tier", "condition_text")


@admin.register(ExemptionRule)
class ExemptionRuleAdmin(ReadOnlyAdmin):
    list_display = ("item", "kind", "condition_text", "look_back_months")


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ("township", "item_code", "item_name", "valid_from", "valid_until", "document_number")
