from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin, ReadOnlyInline
from fazhi.evidence.models import CustodyEvent, Evidence, FieldRecord, Recording, Signature


class RecordingInline(ReadOnlyInline):
    model = Recording


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "case", "kind", "version", "sha256", "size", "gps_source", "is_excluded", "uploaded_at")
    list_filter = ("kind", "is_excluded", "gps_source")
    search_fields = ("title", "sha256")
    inlines = [RecordingInline]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    list_display = ("evidence", "seq", "action", "actor_label", "at", "ip")
    list_filter = ("action",)


class SignatureInline(ReadOnlyInline):
    model = Signature
    fk_name = "record"
    exclude = ("case",)


@admin.register(FieldRecord)
class FieldRecordAdmin(ReadOnlyAdmin):
    list_display = ("kind", "case", "subject_name", "place", "started_at", "recorder")
    list_filter = ("kind",)
    search_fields = ("place",)
    exclude = ("subject_id_number",)  # personal data: shown masked on the record's page
    inlines = [SignatureInline]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("document", "case", "signer_role", "signer_name", "refused", "witness_name", "signed_at")
    list_filter = ("document", "signer_role", "refused")
