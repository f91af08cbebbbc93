"""Handwritten signatures on the screen, and a party's refusal to sign before a witness.

A signature is a PNG drawn on the device (canvas → data URL). It is stored as evidence under its SHA-256, so it
can never change afterwards, and a ``Signature`` row says who signed which document. A party who refuses to sign
is recorded as such with the reason and a witness's name and signature, as the records of the law require
(笔录“当事人拒绝签名的，由执法人员注明，并由见证人签名”; cf. 行政处罚法 第五十二条 for the 当场处罚决定书).
The public names are re-exported by ``fazhi.evidence.field``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction

from fazhi.agencies.models import Officer
from fazhi.cases.models import Case, CaseHandler
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ValidationError
from fazhi.evidence.intake import aware
from fazhi.evidence.models import (
    Evidence,
    EvidenceKind,
    FieldRecord,
    Signature,
    SignedDocument,
    SignerRole,
)
from fazhi.evidence.services import ensure_can_add, evidence_upload

if TYPE_CHECKING:
    from fazhi.accounts.models import User

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


def handler_ids(case: Case) -> set[int]:
    return set(CaseHandler.objects.filter(case=case, removed_on__isnull=True).values_list("officer_id", flat=True))


def _png_problem(image: bytes | None, what: str) -> str | None:
    if not image:
        return f"缺少{what}"
    if not image.startswith(_PNG_MAGIC):
        return f"{what}不是PNG图片"
    if len(image) > MAX_SIGNATURE_BYTES:
        return f"{what}过大（超过{MAX_SIGNATURE_BYTES // 1024}KB）"
    return None


def signature_problems(sign: SignatureIn, handlers: set[int], record_officers: set[int] | None) -> list[str]:
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
    handlers = (
        CaseHandler.objects.filter(case=case, removed_on__isnull=True)
        .select_related("officer")
        .order_by("-is_lead", "pk")
    )
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
    problems = signature_problems(sign, handler_ids(case), record_officers)
    if problems:
        raise ValidationError("；".join(problems) + "。")
    return signature_write(actor=actor, case=case, document=document, sign=sign, record=record, at=signed_at)


def signature_write(
    *, actor: User, case: Case, document: str, sign: SignatureIn, record: FieldRecord | None, at: datetime
) -> Signature:
    officer = None
    if sign.signer_role == SignerRole.OFFICER and sign.officer_id is not None:  # checked: a handler of the case
        officer = Officer.objects.get(pk=sign.officer_id)
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
