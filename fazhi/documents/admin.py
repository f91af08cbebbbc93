from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.documents.models import Document, DocumentTemplate


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "version", "case", "generated_by", "generated_at")
    list_filter = ("kind",)


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ReadOnlyAdmin):
    list_display = ("kind", "version", "source", "agency", "active", "uploaded_at")
    list_filter = ("kind", "source", "active")
