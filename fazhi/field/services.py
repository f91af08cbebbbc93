"""The sync of the field client: an item queued on the device is accepted once, in one transaction, or refused
with its Chinese reason and nothing of it saved.

Idempotent by ``(officer, client_id)``: the first send inserts the ``FieldSubmission`` row and holds it (the
unique constraint makes a concurrent second send wait for the first to commit, then read its answer); an accepted
item answers every resend with the stored body. The item's own writes run in a savepoint: a refusal rolls them all
back and only the refusal is recorded, so the officer corrects the item and resends it under the same client id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from fazhi.agencies.models import Officer
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.cases.models import Case
from fazhi.cases.selectors import access_case, access_officer_for_case
from fazhi.cases.services.simple import simple_case_decide
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.evidence.field import PhotoIn, field_record_create, signature_record
from fazhi.evidence.field_schemas import SignaturePayload, signature_in
from fazhi.evidence.models import EvidenceKind
from fazhi.evidence.services import evidence_upload
from fazhi.field import schemas as s
from fazhi.field.models import FieldSubmission, SubmissionKind, SubmissionStatus
from fazhi.field.selectors import field_officer

if TYPE_CHECKING:
    from fazhi.accounts.models import User

logger = logging.getLogger(__name__)

PHOTO_MAX_BYTES = 15 * 1024 * 1024  # one phone photo in the JSON body (the request limit is 20 MB)
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/heic": "heic"}


@dataclass(frozen=True)
class SyncAnswer:
    status: int  # 201 accepted now, 200 accepted before (a resend), 422 refused
    body: dict[str, Any]


def submission_accept(*, actor: User, item: s.SubmissionIn, ip: str = "") -> SyncAnswer:
    """Accept one queued item of the actor's device once, or refuse it with nothing saved."""
    officer = field_officer(actor)
    client_id = _client_id(item.client_id)
    if item.kind not in SubmissionKind.values:
        raise ValidationError(f"提交类别「{item.kind[:30]}」无效。")
    try:
        return _accept(actor, officer, client_id, item, ip)
    except IntegrityError:
        # A concurrent send of the same item inserted the row first and has committed: answer with its outcome.
        return _accept(actor, officer, client_id, item, ip)


def _client_id(value: str) -> str:
    try:
        return str(uuid.UUID(value.strip()))
    except (ValueError, AttributeError):
        raise ValidationError("客户端标识应为设备生成的UUID。") from None


@transaction.atomic
def _accept(actor: User, officer: Officer, client_id: str, item: s.SubmissionIn, ip: str) -> SyncAnswer:
    sub, _ = FieldSubmission.objects.select_for_update().get_or_create(
        officer=officer,
        client_id=client_id,
        defaults={"user": actor, "kind": item.kind, "device_id": item.device_id[:64]},
    )
    if sub.status == SubmissionStatus.ACCEPTED:
        return SyncAnswer(200, {**sub.response, "replayed": True})
    sub.attempts += 1
    try:
        with transaction.atomic():
            body, case = _process(actor, item, ip)
    except ApplicationError as exc:
        sub.status, sub.response = SubmissionStatus.REFUSED, exc.as_dict()
        sub.save(update_fields=["status", "response", "attempts", "updated_at"])
        logger.info("field submission %s refused: %s", client_id, exc.code)
        return SyncAnswer(422, {**exc.as_dict(), "client_id": client_id})
    body = {"client_id": client_id, "kind": item.kind, **body}
    sub.status, sub.response, sub.case, sub.kind = SubmissionStatus.ACCEPTED, body, case, item.kind
    sub.save(update_fields=["status", "response", "case", "kind", "attempts", "updated_at"])
    return SyncAnswer(201, body)


def _process(actor: User, item: s.SubmissionIn, ip: str) -> tuple[dict[str, Any], Case]:
    if item.kind == SubmissionKind.SIMPLE_TICKET:
        return _ticket(actor, item, ip)
    if item.kind == SubmissionKind.FIELD_RECORD:
        return _field_record(actor, item)
    return _evidence(actor, item, ip)


# --- 当场处罚 ---


def _ticket(actor: User, item: s.SubmissionIn, ip: str) -> tuple[dict[str, Any], Case]:
    data = s.TicketIn.model_validate(item.data).dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    handlers = [access_officer(actor=actor, officer_id=i) for i in data.pop("handler_ids")]
    party = [g for g in item.signatures if g.signer_role == "party"]
    if len(party) != 1:
        raise ValidationError("请由当事人签名，或者记录当事人拒绝签名及见证人（行政处罚法第五十二条）。")
    signed = {g.officer_id for g in item.signatures if g.signer_role == "officer" and not g.refused}
    missing = [o.name for o in handlers if o.pk not in signed]
    if missing:
        raise ValidationError(f"当场处罚决定书应由执法人员签名：{'、'.join(missing)}尚未签名（第五十二条第二款）。")
    data["refused_to_sign"] = party[0].refused
    case = simple_case_decide(actor=actor, agency=agency, handlers=handlers, device_id=item.device_id, **data)
    _signatures(actor, case, "simple_decision", item.signatures)
    photos = _photos(actor, case, item.photos, location=data["location"], ip=ip)
    body = {
        "case_id": case.pk,
        "case_number": str(case),
        "form_number": case.simple_form_number,
        "pdf_url": _pdf_url(case),
        "evidence_ids": photos,
    }
    return body, case


def _pdf_url(case: Case) -> str:
    try:
        return reverse("documents:print_pdf", kwargs={"case_id": case.pk, "kind": "simple_decision"})
    except NoReverseMatch:
        return f"/documents/case/{case.pk}/print/simple_decision/pdf/"


# --- 笔录 and evidence on an existing case ---


def _field_record(actor: User, item: s.SubmissionIn) -> tuple[dict[str, Any], Case]:
    data = s.FieldRecordIn.model_validate(item.data)
    case = access_case(actor=actor, case_id=data.case_id)
    officers = [access_officer_for_case(actor=actor, case=case, officer_id=i) for i in data.officer_ids]
    recorder = access_officer_for_case(actor=actor, case=case, officer_id=data.recorder_id)
    record = field_record_create(
        actor=actor,
        case=case,
        kind=data.kind,
        place=data.place,
        started_at=_aware(data.started_at, "开始时间"),
        ended_at=_aware(data.ended_at, "结束时间"),
        subject_name=data.subject_name,
        subject_id_number=data.subject_id_number,
        content=data.content,
        officers=officers,
        recorder=recorder,
        signatures=[signature_in(g) for g in item.signatures],
        photos=[_record_photo(i, p) for i, p in enumerate(item.photos, 1)],
    )
    return {"case_id": case.pk, "case_number": str(case), "record_id": record.pk}, case


def _evidence(actor: User, item: s.SubmissionIn, ip: str) -> tuple[dict[str, Any], Case]:
    data = s.EvidenceIn.model_validate(item.data)
    case = access_case(actor=actor, case_id=data.case_id)
    if not item.photos:
        raise ValidationError("请拍摄或选择至少一张照片。")
    ids = _photos(actor, case, item.photos, location=data.location, ip=ip, description=data.description)
    return {"case_id": case.pk, "case_number": str(case), "evidence_ids": ids}, case


# --- the parts ---


def _aware(value: datetime, label: str) -> datetime:
    if timezone.is_naive(value):
        raise ValidationError(f"{label}须带时区。")
    return value


def _signatures(actor: User, case: Case, document: str, signatures: list[SignaturePayload]) -> None:
    for g in signatures:
        signature_record(actor=actor, case=case, document=document, sign=signature_in(g))


def _photo_bytes(data_url: str) -> tuple[bytes, str]:
    head, sep, payload = data_url.partition(",")
    mime = head.removeprefix("data:").removesuffix(";base64")
    if not sep or not head.startswith("data:") or not head.endswith(";base64") or mime not in PHOTO_TYPES:
        raise ValidationError("照片应为JPEG、PNG或HEIC图片（data:image/…;base64,…）。")
    if len(payload) > PHOTO_MAX_BYTES * 4 // 3 + 4:
        raise ValidationError(f"照片超过{PHOTO_MAX_BYTES // 1024 // 1024}MB。")
    try:
        return base64.b64decode(payload, validate=True), PHOTO_TYPES[mime]
    except (binascii.Error, ValueError):
        raise ValidationError("照片数据已损坏（base64），请重新拍摄。") from None


def _record_photo(i: int, photo: s.PhotoIn) -> PhotoIn:
    """One photo of the item as the evidence services take it, its hash checked against the device's."""
    content, ext = _photo_bytes(photo.data_url)
    sha256 = photo.sha256.strip().lower()
    if sha256 and hashlib.sha256(content).hexdigest() != sha256:
        raise ValidationError(f"第{i}张照片的哈希值与设备上计算的不一致，照片可能在传输中损坏，请重新发送。")
    has_gps = photo.latitude is not None and photo.longitude is not None
    return PhotoIn(
        file=ContentFile(content, name=f"field-photo-{i}.{ext}"),
        title=(photo.title.strip() or f"现场照片{i}")[:200],
        client_sha256=sha256,
        device_taken_at=_aware(photo.taken_at, "拍摄时间") if photo.taken_at else None,
        latitude=Decimal(str(photo.latitude)) if has_gps else None,
        longitude=Decimal(str(photo.longitude)) if has_gps else None,
        gps_source=photo.gps_source if has_gps else "",
    )


def _photos(
    actor: User, case: Case, photos: list[s.PhotoIn], *, location: str, ip: str, description: str = ""
) -> list[int]:
    officer = field_officer(actor)
    ids: list[int] = []
    for i, item in enumerate(photos, 1):
        photo = _record_photo(i, item)
        evidence = evidence_upload(
            actor=actor,
            case=case,
            kind=EvidenceKind.AUDIOVISUAL,
            title=photo.title,
            file=photo.file,
            collected_at=photo.device_taken_at or clock.now(),
            collected_by=officer,
            location=location,
            latitude=photo.latitude,
            longitude=photo.longitude,
            description=description,
            ip=ip,
            device_taken_at=photo.device_taken_at,
            client_sha256=photo.client_sha256,
            gps_source=photo.gps_source,
        )
        ids.append(evidence.pk)
    return ids
