"""The 笔录 and signatures the print view prints, read from ``fazhi.evidence`` for ``fazhi.documents.printing``.

documents and evidence are independent siblings (pyproject's layers): documents may not import evidence. The field
client sits above both, so it lends the print view what evidence holds, through the slots ``PRINT_SOURCES_SLOT``
and ``PRINT_RECORDS_SLOT`` (filled in ``FieldConfig.ready``). The caller holds the case through ``access_case``.
"""

from __future__ import annotations

from typing import Any

from fazhi.agencies.selectors import officer_valid_certificate
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.oneread import rows_of
from fazhi.documents.printing import PrintRecord, PrintSignature, PrintSources
from fazhi.evidence.models import FieldRecord, FieldRecordKind, Signature
from fazhi.evidence.selectors import field_record_rows, signature_image, signatures_for

_DOCUMENT_OF = {FieldRecordKind.INSPECTION: "inspection_record", FieldRecordKind.INQUIRY: "inquiry_record"}


def _pk(row: Any) -> int:
    return int(row.pk)


def _certificate(case: Any, officer: Any, on: Any) -> str:
    handler = case.handlers.filter(officer=officer).select_related("certificate").first()
    if handler is not None:
        return str(handler.certificate.number)
    certificate = officer_valid_certificate(officer=officer, on=on)
    return str(certificate.number) if certificate is not None else ""


def _record(record: FieldRecord) -> PrintRecord:
    on = record.started_at.date()
    return PrintRecord(
        id=record.pk,
        kind=record.kind,
        place=record.place,
        started_at=record.started_at,
        ended_at=record.ended_at,
        subject_name=record.subject_name,
        subject_id_number=record.subject_id_number,
        content=record.content,
        officers=[(o.name, _certificate(record.case, o, on)) for o in sorted(record.officers.all(), key=_pk)],
        recorder=record.recorder.name,
    )


def _signature(s: Signature) -> PrintSignature:
    image = signature_image(s) if (s.evidence_id or s.witness_evidence_id) else b""
    return PrintSignature(
        signer_role=s.signer_role,
        signer_name=s.signer_name,
        image=None if s.refused else image or None,
        refused=s.refused,
        refusal_reason=s.refusal_reason,
        witness_name=s.witness_name,
        witness_image=image or None if s.refused else None,
        signed_at=s.signed_at,
        officer_id=s.officer_id,
    )


def print_sources(*, case: Any, document: str, record_id: int | None) -> PrintSources:
    """The 笔录 ``record_id`` of ``case`` (of the kind ``document``) and the signatures of that document."""
    record = None
    if record_id is not None:
        record = FieldRecord.objects.select_related("recorder", "case").filter(pk=record_id, case=case).first()
        if record is None or _DOCUMENT_OF.get(FieldRecordKind(record.kind)) != document:
            raise NotFoundOrForbidden("笔录")
    signatures = signatures_for(case, document, record)
    if record is None and document != "simple_decision":
        signatures = []  # a blank 笔录 form carries no one's signature
    return PrintSources(record=_record(record) if record else None, signatures=[_signature(s) for s in signatures])


def print_records(*, case: Any) -> list[PrintRecord]:
    records = rows_of(case, "evidence.field_records", field_record_rows)
    for r in records:
        r.case = case  # the caller's case: one instance, not one read per 笔录
    return [_record(r) for r in records]
