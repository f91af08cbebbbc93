"""Writes of evidence: upload, correction (a new version), exclusion, and the chain of custody.

Uploads and corrections run in two steps on purpose. First every check that needs no lock (who, which case,
which kind, which file type and size); then the bytes go to the blob store — hashing up to 2 GB of video — *outside*
the database transaction, so the write lock is not held for minutes; then one short transaction re-checks the
case under its row lock and writes the evidence row, its recording, the custody event and the case's audit event
together. A refusal in the first step stores nothing; a refusal in the last step (the case closed meanwhile) can
leave an unreferenced blob, which is harmless: blobs are named by their content and referenced only by rows.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.agencies.models import Officer
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import OPEN_STATES, Case, CaseHandler
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import (
    ApplicationError,
    NotFoundOrForbidden,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from fazhi.core.storage import BlobNotFound, BlobRef, get_blob_store
from fazhi.core.validation import ensure_fits
from fazhi.evidence import filetypes as ft
from fazhi.evidence.custody import CustodyBreak, custody_record, custody_verify
from fazhi.evidence.intake import (
    RecordingFacts,
    aware,
    check_client_hash,
    check_file,
    client_hash,
    coordinate,
    gps_source_of,
    recording_facts,
    store_file,
)
from fazhi.evidence.models import (
    CustodyAction,
    Evidence,
    EvidenceKind,
    Recording,
    RecordingStage,
)

__all__ = [
    "CustodyBreak",
    "EvidenceIntegrityError",
    "custody_record",
    "custody_verify",
    "ensure_can_add",
    "evidence_correct",
    "evidence_exclude",
    "evidence_open",
    "evidence_upload",
]

if TYPE_CHECKING:
    from fazhi.accounts.models import User

logger = logging.getLogger(__name__)


class EvidenceIntegrityError(ApplicationError):
    """The stored file no longer matches its SHA-256 (or is missing): it is not served."""

    status_code = 409
    code = "integrity"


# --- checks ---------------------------------------------------------------------------------------------------


def _is_handler(actor: User, case: Case) -> bool:
    return (
        actor.officer_id is not None
        and CaseHandler.objects.filter(case=case, removed_on__isnull=True, officer_id=actor.officer_id).exists()
    )


def _in_legal_subject(actor: User, case: Case) -> bool:
    return actor.agency is not None and actor.agency.legal_subject().pk == case.legal_subject_id


def _ensure_can_add(actor: User, case: Case) -> None:
    """Handlers of the case, and the squad leader, head or legal reviewer of its legal subject, add evidence —
    and only while the case is open (立案后至结案前)."""
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("案件")
    scope_for(actor).ensure_can_write(case.agency)
    if not (
        _is_handler(actor, case)
        or (actor.has_role(Role.SQUAD_LEADER, Role.HEAD, Role.LEGAL_REVIEWER) and _in_legal_subject(actor, case))
    ):
        raise PermissionDenied("只有本案承办人，或本案执法主体的中队长、负责人、法制审核人员可以上传或更正证据。")
    if case.state not in OPEN_STATES:
        raise RuleViolation(
            f"案件当前状态为「{case.get_state_display()}」：只有已立案、尚未结案的案件可以上传或更正证据。"
        )


ensure_can_add = _ensure_can_add  # public for the 笔录 and signatures of fazhi.evidence.field


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("agency", "legal_subject").get(pk=case.pk)


# --- upload, correction, exclusion --------------------------------------------------------------------------------


def evidence_upload(
    *,
    actor: User,
    case: Case,
    kind: str,
    title: str,
    file: File[Any],
    collected_at: datetime,
    collected_by: Officer,
    location: str = "",
    latitude: Decimal | str | None = None,
    longitude: Decimal | str | None = None,
    description: str = "",
    is_body_camera: bool = False,
    device_id: str = "",
    recorded_start: datetime | None = None,
    recorded_end: datetime | None = None,
    stage: str = RecordingStage.INVESTIGATION,
    ip: str = "",
    device_taken_at: datetime | None = None,
    client_sha256: str = "",
    gps_source: str = "",
) -> Evidence:
    """上传证据: store the file once under its SHA-256 and describe it; record custody and the case's event.

    Not one transaction on purpose (see the module docstring): the checks and the blob come first, the rows in
    ``_evidence_create``'s transaction. From the field client come the device's time of capture
    (``device_taken_at``: EXIF or the camera), where the coordinates come from (``gps_source``) and the SHA-256
    the device computed before upload (``client_sha256``): a file whose hash differs is refused before anything
    is stored (全过程记录, 行政处罚法 第四十七条).
    """
    _ensure_can_add(actor, case)
    if kind not in EvidenceKind.values:
        raise ValidationError(f"证据种类「{kind}」无效，应为行政处罚法第四十六条规定的八类之一。")
    errors = []
    title = title.strip()
    if not title:
        errors.append("证据名称不能为空")
    if not CaseHandler.objects.filter(case=case, removed_on__isnull=True, officer=collected_by).exists():
        errors.append(f"收集人{collected_by.name}不是本案承办人：证据应由本案承办人收集")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    aware(collected_at, "收集时间")
    lat = coordinate(latitude, "纬度", 90)
    lon = coordinate(longitude, "经度", 180)
    if (lat is None) != (lon is None):
        raise ValidationError("经度和纬度应同时填写或同时不填。")
    source = gps_source_of(gps_source, lat is not None)
    if device_taken_at is not None:
        aware(device_taken_at, "设备拍摄时间")
    expected = client_hash(client_sha256)
    file_type = check_file(kind=kind, file=file)
    recording = recording_facts(
        kind=kind,
        file_type=file_type,
        is_body_camera=is_body_camera,
        device_id=device_id,
        recorded_start=recorded_start,
        recorded_end=recorded_end,
        stage=stage,
    )
    evidence = Evidence(
        case=case,
        kind=kind,
        title=title,
        description=description.strip(),
        collected_at=collected_at,
        collected_by=collected_by,
        location=location.strip(),
        latitude=lat,
        longitude=lon,
        gps_source=source,
        device_taken_at=device_taken_at,
        client_sha256=expected,
        sha256="0" * 64,
        size=0,
        original_filename=str(file.name)[-255:],
        file_type=file_type.code,
        content_type=file_type.mime,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    ensure_fits(evidence)
    check_client_hash(file, expected)
    ref = store_file(file, file_type)
    if expected and ref.sha256 != expected:  # the file changed between the two reads: refuse, never store a lie
        raise ValidationError("文件在上传过程中发生了变化，与设备端SHA-256不一致，未保存。请重新上传。")
    evidence.sha256, evidence.size = ref.sha256, ref.size
    return _evidence_create(actor=actor, evidence=evidence, recording=recording, ip=ip)


@transaction.atomic
def _evidence_create(
    *, actor: User, evidence: Evidence, recording: RecordingFacts | None, ip: str, previous: Evidence | None = None
) -> Evidence:
    case = _lock_case(evidence.case)
    _ensure_can_add(actor, case)  # again under the lock: the case may have been closed while the file uploaded
    evidence.case = case
    evidence.uploaded_at = clock.now()
    evidence.save(force_insert=True)
    if recording is not None:
        Recording.objects.create(
            evidence=evidence,
            is_body_camera=recording.is_body_camera,
            device_id=recording.device_id,
            recorded_start=recording.recorded_start,
            recorded_end=recording.recorded_end,
            stage=recording.stage,
        )
    facts = {
        "evidence_id": evidence.pk,
        "kind": evidence.kind,
        "title": evidence.title,
        "version": evidence.version,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "file_type": evidence.file_type,
        "collected_at": evidence.collected_at,
        "collected_by_id": evidence.collected_by_id,
        **({"device_taken_at": evidence.device_taken_at} if evidence.device_taken_at else {}),
        **({"gps_source": evidence.gps_source} if evidence.gps_source else {}),
        **({"client_sha256_verified": True} if evidence.client_sha256 else {}),
    }
    kind_label = EvidenceKind(evidence.kind).label
    if previous is None:
        custody_record(actor=actor, evidence=evidence, action=CustodyAction.UPLOAD, ip=ip, note=evidence.sha256)
        audit_record(
            actor=actor,
            entity=case,
            action="evidence.upload",
            summary=f"上传证据「{evidence.title}」（{kind_label}，SHA-256 {evidence.sha256[:16]}…）",
            after=facts,
        )
    else:
        note = f"更正第{previous.version}版：{evidence.correction_reason}"
        custody_record(actor=actor, evidence=evidence, action=CustodyAction.NEW_VERSION, ip=ip, note=note)
        custody_record(
            actor=actor,
            evidence=previous,
            action=CustodyAction.NEW_VERSION,
            ip=ip,
            note=f"已由第{evidence.version}版更正：{evidence.correction_reason}",
        )
        audit_record(
            actor=actor,
            entity=case,
            action="evidence.correct",
            summary=f"更正证据「{evidence.title}」为第{evidence.version}版：{evidence.correction_reason}",
            before={"evidence_id": previous.pk, "version": previous.version, "sha256": previous.sha256},
            after={**facts, "supersedes_id": previous.pk, "reason": evidence.correction_reason},
        )
    return evidence


def evidence_correct(*, actor: User, evidence: Evidence, file: File[Any], reason: str, ip: str = "") -> Evidence:
    """更正: a new version with a new file that supersedes ``evidence``; the old version and its file stay."""
    case = evidence.case
    _ensure_can_add(actor, case)
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise ValidationError("更正证据须写明理由（不超过500个字）。")
    _ensure_correctable(evidence)
    file_type = check_file(kind=evidence.kind, file=file)
    old_recording = Recording.objects.filter(evidence=evidence).first()
    recording = None
    if old_recording is not None:
        recording = recording_facts(
            kind=evidence.kind,
            file_type=file_type,
            is_body_camera=old_recording.is_body_camera,
            device_id=old_recording.device_id,
            recorded_start=old_recording.recorded_start,
            recorded_end=old_recording.recorded_end,
            stage=old_recording.stage,
        )
    ref = store_file(file, file_type)
    if ref.sha256 == evidence.sha256:
        raise ValidationError("所传文件与当前版本完全相同（SHA-256 一致），无需更正。")
    return _evidence_correct_write(
        actor=actor,
        evidence=evidence,
        ref=ref,
        file_type=file_type,
        filename=str(file.name)[-255:],
        reason=reason,
        recording=recording,
        ip=ip,
    )


def _ensure_correctable(evidence: Evidence) -> None:
    if Evidence.objects.filter(supersedes=evidence).exists():
        raise RuleViolation(f"「{evidence.title}」第{evidence.version}版已被更正，只能更正最新版本。")
    if evidence.is_excluded:
        raise RuleViolation(f"「{evidence.title}」已被排除，不能再更正。")


@transaction.atomic
def _evidence_correct_write(
    *,
    actor: User,
    evidence: Evidence,
    ref: BlobRef,
    file_type: ft.FileType,
    filename: str,
    reason: str,
    recording: RecordingFacts | None,
    ip: str,
) -> Evidence:
    previous = Evidence.objects.select_for_update(of=("self",)).get(pk=evidence.pk)
    _ensure_correctable(previous)  # again under the lock: two corrections of one version cannot both win
    new = Evidence(
        case_id=previous.case_id,
        kind=previous.kind,
        title=previous.title,
        description=previous.description,
        collected_at=previous.collected_at,
        collected_by_id=previous.collected_by_id,
        location=previous.location,
        latitude=previous.latitude,
        longitude=previous.longitude,
        gps_source=previous.gps_source,
        sha256=ref.sha256,
        size=ref.size,
        original_filename=filename,
        file_type=file_type.code,
        content_type=file_type.mime,
        version=previous.version + 1,
        original_id=previous.lineage_id,
        supersedes=previous,
        correction_reason=reason,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    ensure_fits(new)
    return _evidence_create(actor=actor, evidence=new, recording=recording, ip=ip, previous=previous)


@transaction.atomic
def evidence_exclude(*, actor: User, evidence: Evidence, reason: str, ip: str = "") -> Evidence:
    """排除: illegally obtained evidence may not be the basis of a decision (行政处罚法 第四十六条第三款).

    A legal reviewer or head of the case's legal subject marks every version excluded; nothing is deleted.
    """
    case = _lock_case(evidence.case)
    if not scope_for(actor).sees(case.agency):
        raise NotFoundOrForbidden("证据")
    scope_for(actor).ensure_can_write(case.agency)
    if not actor.has_role(Role.LEGAL_REVIEWER, Role.HEAD) or not _in_legal_subject(actor, case):
        raise PermissionDenied("只有本案执法主体的法制审核人员或负责人可以排除证据。")
    if _is_handler(actor, case):
        raise PermissionDenied("本案承办人不能排除本案证据（办审分离）。")
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise ValidationError("排除证据须写明理由（不超过500个字），例如以非法手段取得。")
    current = Evidence.objects.select_for_update(of=("self",)).get(pk=evidence.pk)
    if current.is_excluded:
        raise RuleViolation(f"「{current.title}」已于{timezone.localtime(current.excluded_at):%Y年%m月%d日}被排除。")
    lineage = Evidence.objects.filter(pk=current.lineage_id) | Evidence.objects.filter(original_id=current.lineage_id)
    now = clock.now()
    versions = list(lineage.select_for_update(of=("self",)).order_by("version"))
    for version in versions:
        version.is_excluded = True
        version.exclusion_reason = reason
        version.excluded_by = actor
        version.excluded_at = now
        version.save(update_fields=["is_excluded", "exclusion_reason", "excluded_by", "excluded_at"])
        custody_record(actor=actor, evidence=version, action=CustodyAction.EXCLUDE, ip=ip, note=reason)
    audit_record(
        actor=actor,
        entity=case,
        action="evidence.exclude",
        summary=f"排除证据「{current.title}」：{reason}",
        before={"evidence_ids": [v.pk for v in versions], "is_excluded": False},
        after={"evidence_ids": [v.pk for v in versions], "is_excluded": True, "reason": reason},
    )
    current.refresh_from_db()
    return current


# --- reading a file -----------------------------------------------------------------------------------------------

OPEN_PURPOSES = {"view": CustodyAction.VIEW, "download": CustodyAction.DOWNLOAD}


def evidence_open(*, actor: User, evidence: Evidence, purpose: str = "view", ip: str = "") -> IO[bytes]:
    """The evidence file, for anyone who can see the case; each opening is recorded in the chain of custody.

    A file up to ``FAZHI_EVIDENCE_VERIFY_BEFORE_SERVING_BYTES`` is re-hashed before it is served, so a tampered
    file is refused; a larger one is hashed as it streams and the stream fails at its end if it does not match.
    """
    if purpose not in OPEN_PURPOSES:
        raise ValidationError(f"用途「{purpose}」无效，应为 view 或 download。")
    if not scope_for(actor).sees(evidence.case.agency):
        raise NotFoundOrForbidden("证据")
    store = get_blob_store()
    try:
        if evidence.size <= int(settings.FAZHI_EVIDENCE_VERIFY_BEFORE_SERVING_BYTES) and not store.verify(
            evidence.sha256
        ):
            logger.error("evidence blob corrupted: evidence=%s sha256=%s", evidence.pk, evidence.sha256)
            raise EvidenceIntegrityError(
                f"证据文件「{evidence.original_filename}」与登记的SHA-256不符，可能已被篡改或损坏，已停止提供。"
                "请立即报告系统管理员核查（fazhi evidence_verify）。"
            )
        reader = store.open(evidence.sha256)
    except BlobNotFound as exc:
        logger.error("evidence blob missing: evidence=%s sha256=%s", evidence.pk, evidence.sha256)
        raise EvidenceIntegrityError(
            f"证据文件「{evidence.original_filename}」在存储中缺失，请立即报告系统管理员核查（fazhi evidence_verify）。"
        ) from exc
    try:
        custody_record(actor=actor, evidence=evidence, action=OPEN_PURPOSES[purpose], ip=ip)
    except BaseException:
        reader.close()
        raise
    return reader
