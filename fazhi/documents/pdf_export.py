"""A document's PDF made by the worker: LibreOffice may take seconds (up to ``PDF_TIMEOUT_SECONDS``), so the page
asks for it through an ``Export`` (``fazhi.core.exports``), polls, and then downloads it. The PDF is recorded on the
document once (``services.document_open``) and served directly from then on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.core.exports import Progress, export_start
from fazhi.documents import selectors, services

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.core.models import Export
    from fazhi.documents.models import Document

__all__ = ["document_pdf_export_start", "document_pdf_file"]


def document_pdf_export_start(*, actor: User, document: Document) -> Export:
    """Queue the PDF of a document the actor has fetched through ``selectors.access_document``."""
    return export_start(
        actor=actor,
        builder="fazhi.documents.pdf_export.document_pdf_file",
        params={"document_id": document.pk},
        filename=services._filename(document, "pdf"),  # the name the direct download gives it
        content_type=services.PDF_CONTENT_TYPE,
    )


def document_pdf_file(*, actor: User, document_id: int, progress: Progress | None = None) -> bytes:
    document = selectors.access_document(actor=actor, document_id=document_id)
    if progress is not None:
        progress(0, 1)
    opened = services.document_open(actor=actor, document=document, fmt="pdf")
    with opened.reader as reader:
        content = reader.read()
    if progress is not None:
        progress(1, 1)
    return content
