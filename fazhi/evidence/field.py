"""Records made in the field: 现场检查（勘验）笔录, 询问笔录 and handwritten signatures on the screen.

A signature is a PNG drawn on the device (canvas → data URL). It is stored as evidence under its SHA-256, so it
can never change afterwards, and a ``Signature`` row says who signed which document. A party who refuses to sign
is recorded as such with the reason and a witness's name and signature, as the records of the law require
(笔录“当事人拒绝签名的，由执法人员注明，并由见证人签名”; cf. 行政处罚法 第五十二条 for the 当场处罚决定书).

A 笔录 is made by at least two officers of the case holding valid certificates (行政处罚法 第四十二条); it is
stored with its signatures and, in the same transaction, once more as evidence (a PDF of its text and its
signatures' hashes) of the kind the law gives it (第四十六条: 勘验笔录、现场笔录 / 当事人的陈述).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi import rules
from fazhi.agencies.models import Officer
from fazhi.agencies.services import officers_ensure_can_act
from fazhi.cases.models import Case, CaseHandler
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ValidationError
from fazhi.evidence.intake import aware
from fazhi.evidence.models import (
    FIELD_RECORD_DOCUMENT,
    FIELD_RECORD_EVIDENCE_KIND,
    Evidence,
    EvidenceKind,
    FieldRecord,
    FieldRecordKind,
    Signature,
    SignedDocument,
    SignerRole,
)
from fazhi.evidence.recordpdf import record_pdf
from fazhi.evidence.services import ensure_can_add, evidence_upload
from fazhi.rules.masking import mask_resident_id

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "MAX_SIGNATURE_BYTES",
    "SignatureIn",
    "field_record_create",
    "parse_signature_image",
    "signature_record",
]

MAX_SIGNATURE_BYTES = 512 * 1024  # a signature pad's PNG is 5–60 KB; more is not a signature
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_DATA_URL_PREFIX = "data:image/png;base64,"

SIGNATURE_EVIDENCE_KIND = {
    SignedDocument.SIMPLE_DECISION: EvidenceKind.DOCUMENTARY,
    SignedDocument.INSPECTION_RECORD: EvidenceKind.INSPECTION_RECORD,
    SignedDocument.INQUIRY_RECORD: EvidenceKind.PARTY_STATEMENT,
}
"""A signature is evidence of the same kind as the document it signs.

A signature is not a fact of the case by itself: it proves that the signer read and acknowledged *that*
document, and the law counts it as part of it (the signed 现场笔录 is the 现场笔录, the signed 询问笔录 is the
statement it records). So the PNG of a signature on a 现场检查笔录 is filed as 勘验笔录、现场笔录, one on a 询问笔录
as 当事人的陈述, and one on the 当场处罚决定书 as 书证 (the signed form is a document proving service and
acknowledgement). Filing it as 电子数据 instead would separate it from the record it belongs to in the 证据目录.
"""


def parse_signature_image(data_url: str) -> bytes:
    """The PNG bytes of a signature pad's ``data:image/png;base64,...``; a Chinese ValidationError otherwise."""
    value = (data_url or "").strip()
    if not value:
        raise ValidationError("签名为空：请在签名框内手写签名。")
    if not value.startswith(_DATA_URL_PREFIX):
        raise ValidationError("签名图像格式无效：应为签名板生成的PNG图像（data:image/png;base64,…）。")
    encoded = value[len(_DATA_URL_PREFIX) :]
    if len(encoded) > (MAX_SIGNATURE_BYTES * 4) // 3 + 4:
        raise ValidationError(f"签名图像过大（超过{MAX_SIGNATURE_BYTES // 1024}KB），请清除后重新签名。")
    try:
        image = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError("签名图像数据已损坏（不是有效的base64编码），请清除后重新签名。") from exc
    if not image.startswith(_PNG_MAGIC):
        raise ValidationError("签名图像不是PNG图片，请使用签名板重新签名。")
    if len(image) > MAX_SIGNATURE_BYTES:
        raise ValidationError(f"签名图像过大（超过{MAX_SIGNATURE_BYTES // 1024}KB），请清除后重新签名。")
    return image


@dataclass
class SignatureIn:
    """One signature (or a witnessed refusal) as the page, the API and the offline client send it."""

    signer_role: str
    signer_name: str
    image: bytes | None
    officer_id: int | None = None
    refused: bool = False
    refusal_reason: str = ""
    witness_name: str = ""
    witness_image: bytes | None = None


# --- checks -----------------------------------------------------------------------------------------------------


def _handler_ids(case: Case) -> set[int]:
    return set(CaseHandler.objects.filter(case=case).values_list("officer_id", flat=True))


def _png_problem(image: bytes | None, what: str) -> str | None:
    if not image:
        return f"缺少{what}"
    if not image.startswith(_PNG_MAGIC):
        return f"{what}不是PNG图片"
    if len(image) > MAX_SIGNATURE_BYTES:
        return f"{what}过大（超过{MAX_SIGNATURE_BYTES // 1024}KB）"
    return None


def _signature_problems(sign: SignatureIn, handlers: set[int], record_officers: set[int] | None) -> list[str]:
    """Everything wrong with one signature, as Chinese sentences (empty if it may be recorded)."""
    role_label = dict(SignerRole.choices).get(sign.signer_role)
    if role_label is None:
        return [f"签名人身份「{sign.signer_role}」无效，应为 party、officer 或 witness"]
    who = f"{role_label}{sign.signer_name.strip()}"
    problems = []
    if not sign.signer_name.strip() and sign.signer_role != SignerRole.OFFICER:
        problems.append(f"{role_label}签名须填写签名人姓名")
    if len(sign.signer_name.strip()) > 100 or len(sign.witness_name.strip()) > 100:
        problems.append("姓名不能超过100个字")
    if sign.signer_role == SignerRole.OFFICER:
        if sign.officer_id is None or sign.officer_id not in handlers:
            problems.append(f"执法人员{sign.signer_name.strip()}不是本案承办人：只有本案承办人可以作为执法人员签名")
        elif record_officers is not None and sign.officer_id not in record_officers:
            problems.append(f"执法人员{sign.signer_name.strip()}不是本笔录的执法人员")
    if sign.refused:
        if sign.signer_role != SignerRole.PARTY:
            problems.append(f"只有当事人可以拒绝签名；{who}应当签名")
        if not sign.refusal_reason.strip() or len(sign.refusal_reason.strip()) > 500:
            problems.append("当事人拒绝签名的，须注明拒签情况（不超过500个字）")
        if not sign.witness_name.strip():
            problems.append("当事人拒绝签名的，须由见证人签名：请填写见证人姓名")
        if problem := _png_problem(sign.witness_image, "见证人的签名"):
            problems.append(f"当事人拒绝签名的，须由见证人签名：{problem}")
    elif problem := _png_problem(sign.image, f"{who}的签名"):
        problems.append(problem)
    return problems


def _collector(actor: User, case: Case, sign: SignatureIn, record: FieldRecord | None) -> Officer:
    """The handler who collects the signature as evidence: the signing officer, the record's recorder, the actor
    if he is a handler, else the case's lead handler."""
    if sign.signer_role == SignerRole.OFFICER and sign.officer_id:
        return Officer.objects.get(pk=sign.officer_id)
    if record is not None:
        return record.recorder
    handlers = CaseHandler.objects.filter(case=case).select_related("officer").order_by("-is_lead", "pk")
    own = handlers.filter(officer_id=actor.officer_id).first() if actor.officer_id else None
    chosen = own or handlers.first()
    if chosen is None:
        raise ValidationError("本案没有承办人，不能收集签名。")
    return chosen.officer


def _store_png(
    *, actor: User, case: Case, kind: str, title: str, image: bytes, at: datetime, by: Officer, place: str
) -> Evidence:
    return evidence_upload(
        actor=actor,
        case=case,
        kind=kind,
        title=title[:200],
        file=ContentFile(image, name="签名.png"),
        collected_at=at,
        collected_by=by,
        location=place,
        client_sha256=hashlib.sha256(image).hexdigest(),
    )


# --- signatures -------------------------------------------------------------------------------------------------


@transaction.atomic
def signature_record(
    *,
    actor: User,
    case: Case,
    document: str,
    sign: SignatureIn,
    record: FieldRecord | None = None,
    signed_at: datetime | None = None,
) -> Signature:
    """签名: store a handwritten signature (or a witnessed refusal to sign) of ``document`` as evidence.

    An officer's signature must be a handler's of the case (and of the record's officers when it signs a 笔录); a
    refusal needs the reason, the witness's name and the witness's own signature.
    """
    ensure_can_add(actor, case)
    if document not in SignedDocument.values:
        raise ValidationError(f"文书「{document}」无效，应为 simple_decision、inspection_record 或 inquiry_record。")
    if record is not None and (record.case_id != case.pk or record.document != document):
        raise ValidationError("所签笔录不属于本案或与文书种类不符。")
    if document != SignedDocument.SIMPLE_DECISION and record is None:
        raise ValidationError("笔录的签名须指明所签的笔录。")
    signed_at = signed_at or clock.now()
    aware(signed_at, "签名时间")
    record_officers = set(record.officers.values_list("pk", flat=True)) if record is not None else None
    problems = _signature_problems(sign, _handler_ids(case), record_officers)
    if problems:
        raise ValidationError("；".join(problems) + "。")
    return _signature_write(actor=actor, case=case, document=document, sign=sign, record=record, at=signed_at)


def _signature_write(
    *, actor: User, case: Case, document: str, sign: SignatureIn, record: FieldRecord | None, at: datetime
) -> Signature:
    officer = Officer.objects.get(pk=sign.officer_id) if sign.signer_role == SignerRole.OFFICER else None
    name = (officer.name if officer else sign.signer_name).strip()
    role_label = SignerRole(sign.signer_role).label
    doc_label = SignedDocument(document).label
    kind = SIGNATURE_EVIDENCE_KIND[SignedDocument(document)]
    by = _collector(actor, case, sign, record)
    place = record.place if record is not None else ""
    image = witness = None
    if sign.refused:
        assert sign.witness_image is not None
        witness = _store_png(
            actor=actor,
            case=case,
            kind=kind,
            title=f"{doc_label}·见证人{sign.witness_name.strip()}签名（当事人{name}拒绝签名）",
            image=sign.witness_image,
            at=at,
            by=by,
            place=place,
        )
    else:
        assert sign.image is not None
        image = _store_png(
            actor=actor, case=case, kind=kind, title=f"{doc_label}·{role_label}{name}签名", image=sign.image, at=at,
            by=by, place=place,
        )  # fmt: skip
    signature = Signature.objects.create(
        case=case,
        document=document,
        record=record,
        signer_role=sign.signer_role,
        signer_name=name,
        officer=officer,
        evidence=image,
        sha256=image.sha256 if image else "",
        refused=sign.refused,
        refusal_reason=sign.refusal_reason.strip() if sign.refused else "",
        witness_name=sign.witness_name.strip() if sign.refused else "",
        witness_evidence=witness,
        signed_at=at,
        recorded_by=actor,
    )
    what = (
        f"{role_label}{name}拒绝签名，见证人{signature.witness_name}签名" if sign.refused else f"{role_label}{name}签名"
    )
    audit_record(
        actor=actor,
        entity=case,
        action="signature.record",
        summary=f"{doc_label}：{what}",
        after={
            "signature_id": signature.pk,
            "document": document,
            "record_id": record.pk if record else None,
            "signer_role": sign.signer_role,
            "refused": sign.refused,
            "evidence_id": image.pk if image else None,
            "witness_evidence_id": witness.pk if witness else None,
            "sha256": signature.sha256,
        },
    )
    return signature


# --- 笔录 -----------------------------------------------------------------------------------------------------


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
    handlers = _handler_ids(case)
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
) -> FieldRecord:
    """制作笔录: the record, its signatures and the record as evidence, all or nothing."""
    ensure_can_add(actor, case)
    aware(started_at, "开始时间")
    aware(ended_at, "结束时间")
    problems = _record_problems(
        kind=kind, place=place, subject_name=subject_name, content=content, started_at=started_at, ended_at=ended_at
    )
    if len(subject_id_number.strip()) > 30:
        problems.append("身份证件号码不能超过30个字符")
    chosen_ids = {o.pk for o in officers}
    handlers = _handler_ids(case)
    for sign in signatures:
        problems += _signature_problems(sign, handlers, chosen_ids)
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
        _signature_write(actor=actor, case=case, document=document, sign=sign, record=record, at=ended_at)
        for sign in signatures
    ]
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
        },
    )
    return record


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
        client_sha256=hashlib.sha256(pdf).hexdigest(),
    )
