"""API of the 笔录 and signatures made in the field (mounted under /api/evidence by ``fazhi.evidence.api``).

Signature images travel as the signature pad's data URL (``data:image/png;base64,...``), as on the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_officer
from fazhi.cases.selectors import access_case
from fazhi.core.codes import CodeOf
from fazhi.evidence import selectors
from fazhi.evidence.field import field_record_create, signature_record
from fazhi.evidence.field_schemas import DocumentSignaturePayload, SignaturePayload, signature_in
from fazhi.evidence.models import FieldRecord, FieldRecordKind, Signature, SignedDocument, SignerRole
from fazhi.rules.masking import mask_resident_id

router = Router(tags=["笔录与签名"])


def _local(value: datetime) -> datetime:
    """A time without a zone is read as Beijing time, as the officers write it."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class SignatureOut(Schema):
    id: int
    case_id: int
    document: Annotated[str, CodeOf(SignedDocument)]
    record_id: int | None
    signer_role: Annotated[str, CodeOf(SignerRole)]
    signer_name: str
    officer_id: int | None
    evidence_id: int | None
    sha256: str
    refused: bool
    refusal_reason: str
    witness_name: str
    witness_evidence_id: int | None
    witness_sha256: str
    signed_at: datetime

    @staticmethod
    def resolve_witness_sha256(obj: Signature) -> str:
        return obj.witness_evidence.sha256 if obj.witness_evidence else ""


class FieldRecordIn(Schema):
    kind: Annotated[str, CodeOf(FieldRecordKind)]
    place: str
    started_at: datetime
    ended_at: datetime
    subject_name: str
    subject_id_number: str = ""
    content: str
    officer_ids: list[int]
    recorder_id: int
    signatures: list[SignaturePayload] = []


class FieldRecordOut(Schema):
    id: int
    case_id: int
    kind: Annotated[str, CodeOf(FieldRecordKind)]
    kind_label: str
    place: str
    started_at: datetime
    ended_at: datetime
    subject_name: str
    subject_id_number: str
    content: str
    officer_ids: list[int]
    recorder_id: int
    evidence_id: int | None
    evidence_sha256: str
    photo_ids: list[int]
    created_at: datetime
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_kind_label(obj: FieldRecord) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_subject_id_number(obj: FieldRecord) -> str:
        return mask_resident_id(obj.subject_id_number) if obj.subject_id_number else ""

    @staticmethod
    def resolve_officer_ids(obj: FieldRecord) -> list[int]:
        return sorted(o.pk for o in obj.officers.all())

    @staticmethod
    def resolve_evidence_sha256(obj: FieldRecord) -> str:
        return obj.evidence.sha256 if obj.evidence else ""

    @staticmethod
    def resolve_photo_ids(obj: FieldRecord) -> list[int]:
        return sorted(p.pk for p in obj.photos.all())

    @staticmethod
    def resolve_signatures(obj: FieldRecord) -> list[Signature]:
        return selectors.signatures_for(obj.case, obj.document, obj)


@router.get("/case/{case_id}/records", response=list[FieldRecordOut], summary="案件的现场检查笔录、询问笔录")
def list_field_records(request: HttpRequest, case_id: int) -> list[FieldRecord]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    return selectors.field_records_for(actor=actor, case=case)


@router.post(
    "/case/{case_id}/records", response={201: FieldRecordOut}, summary="制作笔录（含签名，整体保存或整体拒绝）"
)
def create_field_record(request: HttpRequest, case_id: int, payload: FieldRecordIn) -> Status[FieldRecord]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    officers = [access_officer(actor=actor, officer_id=i) for i in payload.officer_ids]
    record = field_record_create(
        actor=actor,
        case=case,
        kind=payload.kind,
        place=payload.place,
        started_at=_local(payload.started_at),
        ended_at=_local(payload.ended_at),
        subject_name=payload.subject_name,
        subject_id_number=payload.subject_id_number,
        content=payload.content,
        officers=officers,
        recorder=access_officer(actor=actor, officer_id=payload.recorder_id),
        signatures=[signature_in(s) for s in payload.signatures],
    )
    return Status(201, record)


@router.get("/records/{record_id}", response=FieldRecordOut, summary="笔录详情（含签名）")
def get_field_record(request: HttpRequest, record_id: int) -> FieldRecord:
    return selectors.access_field_record(actor=request_actor(request), record_id=record_id)


@router.post("/records/{record_id}/signatures", response={201: SignatureOut}, summary="为笔录补充签名或记录拒签")
def add_record_signature(request: HttpRequest, record_id: int, payload: SignaturePayload) -> Status[Signature]:
    actor = request_actor(request)
    record = selectors.access_field_record(actor=actor, record_id=record_id)
    signature = signature_record(
        actor=actor, case=record.case, document=record.document, sign=signature_in(payload), record=record
    )
    return Status(201, signature)


@router.post("/case/{case_id}/signatures", response={201: SignatureOut}, summary="文书签名（如当场处罚决定书）")
def add_document_signature(request: HttpRequest, case_id: int, payload: DocumentSignaturePayload) -> Status[Signature]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    signature = signature_record(actor=actor, case=case, document=payload.document, sign=signature_in(payload))
    return Status(201, signature)


@router.get("/case/{case_id}/signatures", response=list[SignatureOut], summary="案件某一文书的签名")
def list_document_signatures(request: HttpRequest, case_id: int, document: str = "simple_decision") -> list[Signature]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    return selectors.signatures_for(case, document)
