"""Build the shipped .docx templates (doc_templates/<kind>.docx) with python-docx.

A development tool, run by ``fazhi build_doc_templates`` after changing the wording; no runtime module imports it.
The files are committed; a bureau that wants other wording uploads its own .docx instead (docs/documents.md), no
code needed.

The templates use docxtpl's Jinja syntax: ``{{ party.name }}``, ``{% if … %}`` inside a paragraph, ``{%p … %}``
for whole paragraphs and ``{%tr … %}`` for table rows. The layout is in ``layout``, the wording of each kind in
``forms_before_decision`` and ``forms_decision``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fazhi.documents.kinds import SPECS, TEMPLATE_DIR, DocumentKind
from fazhi.documents.management.doc_template_builder.forms_before_decision import (
    correction_order,
    discussion_record,
    hearing_notice,
    hearing_record,
    inquiry_record,
    inspection_record,
    investigation_report,
    legal_review_opinion,
    pre_decision_notice,
    preservation_notice,
    register_approval,
)
from fazhi.documents.management.doc_template_builder.forms_decision import (
    closing_report,
    criminal_transfer,
    enforcement_application,
    file_cover,
    penalty_decision,
    reminder,
    service_receipt,
    simple_decision,
)
from fazhi.documents.management.doc_template_builder.layout import Builder

K = DocumentKind

BUILDERS: dict[str, Callable[[Builder], None]] = {
    K.REGISTER_APPROVAL: register_approval,
    K.CORRECTION_ORDER: correction_order,
    K.INSPECTION_RECORD: inspection_record,
    K.INQUIRY_RECORD: inquiry_record,
    K.PRESERVATION_NOTICE: preservation_notice,
    K.INVESTIGATION_REPORT: investigation_report,
    K.LEGAL_REVIEW_OPINION: legal_review_opinion,
    K.DISCUSSION_RECORD: discussion_record,
    K.PRE_DECISION_NOTICE: pre_decision_notice,
    K.HEARING_NOTICE: hearing_notice,
    K.HEARING_RECORD: hearing_record,
    K.PENALTY_DECISION: penalty_decision,
    K.SIMPLE_DECISION: simple_decision,
    K.SERVICE_RECEIPT: service_receipt,
    K.REMINDER: reminder,
    K.ENFORCEMENT_APPLICATION: enforcement_application,
    K.CRIMINAL_TRANSFER: criminal_transfer,
    K.CLOSING_REPORT: closing_report,
    K.FILE_COVER: file_cover,
}


def build(kind: str) -> bytes:
    builder = Builder(DocumentKind(kind))
    BUILDERS[kind](builder)
    return builder.to_bytes()


def build_all(directory: Path = TEMPLATE_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, s in SPECS.items():
        path = directory / s.filename
        path.write_bytes(build(kind))
        written.append(path)
    return written
