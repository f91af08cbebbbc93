"""Records made in the field: 现场检查（勘验）笔录 and 询问笔录, with their signatures and photos.

A 笔录 is made by at least two officers of the case holding valid certificates (行政处罚法 第四十二条); it is
stored with its signatures (``fazhi.evidence.signing``), the photos taken with it and, in the same transaction,
once more as evidence (a PDF of its text and its signatures' hashes) of the kind the law gives it (第四十六条:
勘验笔录、现场笔录 / 当事人的陈述). All or nothing: a refused signature or photo stores no record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone

from fazhi import rules
from fazhi.agencies.models import Officer
from fazhi.agencies.services import officers_ensure_can_act
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ValidationError
from fazhi.evidence.intake import aware
from fazhi.evidence.models import (
    FIELD_RECORD_DOCUMENT,
    FIELD_RECORD_EVIDENCE_KIND,
    Evidence,
    FieldRecord,
    FieldRecordKind,
    Signature,
)
from fazhi.evidence.recordpdf import record_pdf
from fazhi.evidence.services import ensure_can_add, evidence_upload
from fazhi.evidence.signing import (
    MAX_SIGNATURE_BYTES,
    SIGNATURE_EVIDENCE_KIND,
    SignatureIn,
    handler_ids,
    parse_signature_image,
    signature_problems,
    signature_record,
    signature_write,
)
from fazhi.rules.masking import mask_resident_id

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "MAX_SIGNATURE_BYTES",
    "SIGNATURE_EVIDENCE_KIND",
    "PhotoIn",
    "SignatureIn",
    "field_record_create",
    "parse_signature_image",
    "record_lines",
    "signature_record",
]

# --- 笔录 -----------------------------------------------------------------------------------------------------


@dataclass
class PhotoIn:
    """A photo or video taken with the 笔录, with what the device recorded at capture (see ``evidence_upload``)."""

    file: File[Any]
    title: str = ""
    client_sha256: str = ""
    device_taken_at: datetime | None = None
    latitude: Decimal | str | None = None
    longitude: Decimal | str | None = None
    gps_source: str = ""


def _record_problems(
    *, kind: str, place: str, subject_name: str, content: str, started_at: datetime, ended_at: datetime
) -> list[str]:
    problems = []
    if kind not in FieldRecordKind.values:
        problems.append(f"笔录种类「{kind}」无效，应为 inspection（现场检查笔录）或 inquiry（询问笔录）")
    if not place.strip() or len(place.strip()) > 300:
        problems.append("请填写地点（不超过300个字）")
    if not subject_name.strip() or len(subject_name.strip()) > 100:
        problems.append("请填写当事人/被询问人姓名（不超过100个字）")
    if not content.strip():
        problems.append("笔录内容不能为空")
    if ended_at < started_at:
        problems.append("结束时间不能早于开始时间")
    return problems


def _record_officers(case: Case, officers: Sequence[Officer], recorder: Officer, on: datetime) -> list[Officer]:
    """At least two handlers of the case, each with a certificate valid that day (行政处罚法 第四十二条)."""
    chosen = list(dict.fromkeys(officers))
    if len(chosen) < rules.MIN_HANDLERS:
        raise ValidationError("执法人员不得少于两人（行政处罚法第四十二条）：请选择至少两名本案承办人。")
    handlers = handler_ids(case)
    outsiders = [o.name for o in chosen if o.pk not in handlers]
    if outsiders:
        raise ValidationError(f"{'、'.join(outsiders)}不是本案承办人：笔录的执法人员须为本案承办人。")
    if recorder.pk not in handlers:
        raise ValidationError(f"记录人{recorder.name}不是本案承办人。")
    officers_ensure_can_act(officers=chosen, on=timezone.localdate(on), what="制作笔录")
    return chosen


@transaction.atomic
def field_record_create(
    *,
    actor: User,
    case: Case,
    kind: str,
    place: str,
    started_at: datetime,
    ended_at: datetime,
    subject_name: str,
    content: str,
    officers: Sequence[Officer],
    recorder: Officer,
    subject_id_number: str = "",
    signatures: Sequence[SignatureIn] = (),
    photos: Sequence[PhotoIn] = (),
) -> FieldRecord:
    """制作笔录: the record, its signatures, its photos and the record as evidence, all or nothing.

    The signatures are dated at the end of the record (they are given when it is read back and closed).
    """
    ensure_can_add(actor, case)
    aware(started_at, "开始时间")
    aware(ended_at, "结束时间")
    problems = _record_problems(
        kind=kind, place=place, subject_name=subject_name, content=content, started_at=started_at, ended_at=ended_at
    )
    if len(subject_id_number.strip()) > 30:
        problems.append("身份证件号码不能超过30个字符")
    chosen_ids = {o.pk for o in officers}
    handlers = handler_ids(case)
    for sign in signatures:
        problems += signature_problems(sign, handlers, chosen_ids)
    if problems:
        raise ValidationError("；".join(dict.fromkeys(problems)) + "。")
    chosen = _record_officers(case, officers, recorder, started_at)
    record = FieldRecord.objects.create(
        case=case,
        kind=kind,
        place=place.strip(),
        started_at=started_at,
        ended_at=ended_at,
        subject_name=subject_name.strip(),
        subject_id_number=subject_id_number.strip(),
        content=content.strip(),
        recorder=recorder,
        created_by=actor,
        created_at=clock.now(),
    )
    record.officers.set(chosen)
    document = FIELD_RECORD_DOCUMENT[FieldRecordKind(kind)]
    signed = [
        signature_write(actor=actor, case=case, document=document, sign=sign, record=record, at=ended_at)
        for sign in signatures
    ]
    record.photos.set([_photo(actor=actor, record=record, photo=p, n=i) for i, p in enumerate(photos, start=1)])
    record.evidence = _record_evidence(actor=actor, record=record, officers=chosen, signatures=signed)
    record.save(update_fields=["evidence"])
    audit_record(
        actor=actor,
        entity=case,
        action="field_record.create",
        summary=f"制作{record.get_kind_display()}（{record.subject_name}，{len(signed)}个签名）",
        after={
            "field_record_id": record.pk,
            "kind": kind,
            "evidence_id": record.evidence.pk,
            "officer_ids": [o.pk for o in chosen],
            "signature_ids": [s.pk for s in signed],
            "photo_ids": list(record.photos.values_list("pk", flat=True)),
        },
    )
    return record


def _photo(*, actor: User, record: FieldRecord, photo: PhotoIn, n: int) -> Evidence:
    label = record.get_kind_display()
    return evidence_upload(
        actor=actor,
        case=record.case,
        kind=FIELD_RECORD_EVIDENCE_KIND[FieldRecordKind(record.kind)],
        title=(photo.title.strip() or f"{label}（{record.subject_name}）现场照片{n}")[:200],
        file=photo.file,
        collected_at=photo.device_taken_at or record.ended_at,
        collected_by=record.recorder,
        location=record.place[:300],
        latitude=photo.latitude,
        longitude=photo.longitude,
        device_taken_at=photo.device_taken_at,
        client_sha256=photo.client_sha256,
        gps_source=photo.gps_source,
    )


def record_lines(record: FieldRecord, officers: Sequence[Officer], signatures: Sequence[Signature]) -> list[str]:
    """The text of a 笔录 as it is filed (ID number masked: the file is read by everyone who sees the case)."""
    local = timezone.localtime
    lines = [
        f"案件：{record.case.register_number or record.case.lead_number}",
        f"时间：{local(record.started_at):%Y年%m月%d日 %H:%M} 至 {local(record.ended_at):%Y年%m月%d日 %H:%M}",
        f"地点：{record.place}",
        f"{'当事人' if record.kind == FieldRecordKind.INSPECTION else '被询问人'}：{record.subject_name}",
    ]
    if record.subject_id_number:
        lines.append(f"身份证件号码：{mask_resident_id(record.subject_id_number)}")
    lines += [
        f"执法人员：{'、'.join(o.name for o in officers)}",
        f"记录人：{record.recorder.name}",
        "",
        "内容：",
        *record.content.splitlines(),
        "",
        "签名：",
    ]
    for s in signatures:
        if s.refused:
            lines.append(f"{s.get_signer_role_display()}{s.signer_name}拒绝签名（{s.refusal_reason}）")
            lines.append(
                f"  见证人{s.witness_name}签名 SHA-256 {s.witness_evidence.sha256 if s.witness_evidence else ''}"
            )
        else:
            lines.append(f"{s.get_signer_role_display()}{s.signer_name} 签名 SHA-256 {s.sha256}")
    if not signatures:
        lines.append("（制作时尚无签名）")
    return lines


def _record_evidence(
    *, actor: User, record: FieldRecord, officers: Sequence[Officer], signatures: Sequence[Signature]
) -> Evidence:
    label = record.get_kind_display()
    pdf = record_pdf(label, record_lines(record, officers, signatures))
    return evidence_upload(
        actor=actor,
        case=record.case,
        kind=FIELD_RECORD_EVIDENCE_KIND[FieldRecordKind(record.kind)],
        title=f"{label}（{record.subject_name}，{timezone.localtime(record.started_at):%Y-%m-%d %H:%M}）"[:200],
        file=ContentFile(pdf, name=f"{label}.pdf"),
        collected_at=record.ended_at,
        collected_by=record.recorder,
        location=record.place[:300],
        description=record.content[:1000],
    )
