from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from fazhi.cases.models import Case, CaseHandler, ExtensionProvision, FormStock, ServiceConsent
from fazhi.cases.models.execution import FormBlock
from fazhi.core.admin import ReadOnlyAdmin, ReadOnlyInline
from fazhi.core.audit import audit_record, snapshot


class CaseHandlerInline(ReadOnlyInline):
    model = CaseHandler


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("lead_number", "register_number", "agency", "state", "registered_on")
    list_filter = ("state", "source")
    inlines = [CaseHandlerInline]


@admin.register(ServiceConsent)
class ServiceConsentAdmin(ReadOnlyAdmin):
    list_display = ("case", "channel", "address", "signed_on", "withdrawn_on")


class FormBlockInline(ReadOnlyInline):
    model = FormBlock


@admin.register(FormStock)
class FormStockAdmin(ReadOnlyAdmin):
    """领用的当场处罚决定书号段 and the blocks reserved from them to officers' devices (made through the pages)."""

    list_display = ("prefix", "first_no", "last_no", "next_no", "agency", "received_on")
    inlines = [FormBlockInline]


@admin.register(ExtensionProvision)
class ExtensionProvisionAdmin(admin.ModelAdmin):
    """The bureau's setting of 行政处罚法 第六十条's "另有规定": edited here, like the holiday table, each edit audited.

    A provision an extension relied on cannot be deleted (PROTECT); end it with 失效日期 instead. Each extension
    keeps the provision's text as approved.
    """

    list_display = ("citation", "max_days", "condition", "effective_from", "effective_until")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user, entity=obj, action="extension_provision.save", summary=str(obj), after=snapshot(obj)
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                entity=obj,
                action="extension_provision.delete",
                summary=str(obj),
                before=snapshot(obj),
            )
            super().delete_model(request, obj)
