"""Every download is written here once: a file offered as an attachment under its (usually Chinese) name.

Django writes the ``Content-Disposition`` header itself (``filename*=utf-8''…`` per RFC 5987 when the name is not
ASCII), so no view builds it by hand.
"""

from __future__ import annotations

from typing import IO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

__all__ = ["DOCX", "XLSX", "attachment", "attachment_file"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """Bytes built in memory (a workbook, a report) offered for download as ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    # never None for an attachment; "or" only satisfies the type
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    return response


def attachment_file(file: IO[bytes], filename: str, content_type: str) -> FileResponse:
    """A stored file (from the blob store) streamed for download as ``filename``."""
    return FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
