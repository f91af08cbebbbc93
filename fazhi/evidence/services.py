"""Writes of evidence: upload, correction (a new version), exclusion, and the chain of custody.

Uploads and corrections run in two steps on purpose. First every check that needs no lock (who, which case,
which kind, which file type and size); then the bytes go to the blob store — hashing up to 2 GB of video — *outside*
the database transaction, so the write lock is not held for minutes; then one short transaction re-checks the
case under its row lock and writes the evidence row, its recording, the custody event and the case's audit event
together. A refusal in the first step stores nothing; a refusal in the last step (the case closed meanwhile) can
leave an unreferenced blob, which is harmless: blobs are named by their content and referenced only by rows.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

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
from fazhi.core.storage import BlobNotFound, BlobRef, BlobTooLarge, get_blob_store
from fazhi.core.validation import ensure_fits
from fazhi.evidence import filetypes as ft
from fazhi.evidence.models import (
    ALLOWED_TYPES,
    CustodyAction,
    CustodyEvent,
    Evidence,
    EvidenceKind,
    Recording,
    RecordingStage,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

logger = logging.getLogger(__name__)

CLOCK_SKEW = timedelta(minutes=5)  # a camera's clock a little ahead of the server's is not a future time
COORDINATE_PLACES = Decimal("0.000001")  # about 0.1 m: more is noise from a phone's GPS


class EvidenceIntegrityError(ApplicationError):
    """The stored file no longer matches its SHA-256 (or is missing): it is not served."""

    status_code = 409
    code = "integrity"


# --- checks ---------------------------------------------------------------------------------------------------


def _is_handler(actor: User, case: Case) -> bool:
    return actor.officer_id is not None and CaseHandler.objects.filter(case=case, officer_id=actor.officer_id).exists()


def _in_legal_subject(actor: User, case: Case) -> bool:
    return actor.agency is not None and actor.agency.legal_subject().pk == case.legal_subject_id


def _ensure_can_add(actor: User, case: Case) -> None:
    """Handlers of the case, and the squad leader, head or legal reviewer of its legal subject, add evidence —
    and only while the case is open (立案后至结案前)."""
    from fazhi.accounts.models import Role

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


def _limit_for(file_type: ft.FileType) -> int:
    if file_type.family == ft.Family.VIDEO:
        return int(settings.FAZHI_EVIDENCE_MAX_VIDEO_BYTES)
    if file_type.family == ft.Family.AUDIO:
        return int(settings.FAZHI_EVIDENCE_MAX_AUDIO_BYTES)
    return int(settings.FAZHI_EVIDENCE_MAX_OTHER_BYTES)


def _too_large_message(file_type: ft.FileType, size: int | None, limit: int) -> str:
    family = ft.FAMILY_LABELS[file_type.family]
    actual = f"（{ft.human_size(size)}）" if size is not None else ""
    return f"文件过大{actual}：{family}文件不能超过{ft.human_size(limit)}。请压缩或分段后再上传。"


def _check_file(*, kind: str, file: File[Any]) -> ft.FileType:
    """The file's type, recognised from its content and allowed for the kind, and within its size limit."""
    if file is None or not getattr(file, "name", ""):
        raise ValidationError("请选择要上传的证据文件。")
    if file.size == 0:
        raise ValidationError("所选文件是空文件（0字节），请重新选择。")
    name = str(file.name)
    file_type = ft.sniff(cast(IO[bytes], file), name)
    allowed = ALLOWED_TYPES[kind]
    if file_type is None or file_type not in allowed:
        what = f"{file_type.label}文件" if file_type else "无法识别的格式"
        raise ValidationError(
            f"「{EvidenceKind(kind).label}」只能上传以下格式的文件：{ft.labels(allowed)}；"
            f"「{name}」是{what}（按文件内容识别，不看扩展名）。"
        )
    limit = _limit_for(file_type)
    if file.size is not None and file.size > limit:
        raise ValidationError(_too_large_message(file_type, file.size, limit))
    return file_type


def _aware(value: datetime, label: str) -> datetime:
    if timezone.is_naive(value):
        raise ValidationError(f"{label}须带时区（北京时间）。")
    if value > clock.now() + CLOCK_SKEW:
        raise ValidationError(f"{label}（{timezone.localtime(value):%Y年%m月%d日 %H:%M}）不能晚于现在。")
    return value


def _coordinate(value: Decimal | str | float | None, label: str, bound: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(f"{label}「{value}」不是数字。") from exc
    if not number.is_finite() or not -bound <= number <= bound:
        raise ValidationError(f"{label}应在 -{bound} 到 {bound} 之间（现为 {value}）。")
    return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _RecordingFacts:
    is_body_camera: bool
    device_id: str
    recorded_start: datetime | None
    recorded_end: datetime | None
    stage: str


def _recording_facts(
    *,
    kind: str,
    file_type: ft.FileType,
    is_body_camera: bool,
    device_id: str,
    recorded_start: datetime | None,
    recorded_end: datetime | None,
    stage: str,
) -> _RecordingFacts | None:
    """The full-process record of an audio/video file; None for other evidence."""
    device_id = device_id.strip()
    wanted = is_body_camera or device_id or recorded_start or recorded_end
    if not wanted:
        return None
    if kind != EvidenceKind.AUDIOVISUAL or file_type.family not in {ft.Family.AUDIO, ft.Family.VIDEO}:
        raise ValidationError("执法全过程记录（执法记录仪等录音录像）应作为「视听资料」上传音频或视频文件。")
    if is_body_camera and not device_id:
        raise ValidationError("执法记录仪拍摄的录像须填写设备编号。")
    if len(device_id) > 64:
        raise ValidationError("设备编号不能超过64个字符。")
    if stage not in RecordingStage.values:
        raise ValidationError(f"记录环节「{stage}」无效。")
    if recorded_start is not None:
        _aware(recorded_start, "录制开始时间")
    if recorded_end is not None:
        _aware(recorded_end, "录制结束时间")
    if recorded_start and recorded_end and recorded_end < recorded_start:
        raise ValidationError("录制结束时间不能早于开始时间。")
    return _RecordingFacts(is_body_camera, device_id, recorded_start, recorded_end, stage)


def _store(file: File[Any], file_type: ft.FileType) -> BlobRef:
    limit = _limit_for(file_type)
    try:
        return get_blob_store().put(file, max_size=limit)
    except BlobTooLarge as exc:  # the declared size was wrong: the stream itself passed the limit
        raise ValidationError(_too_large_message(file_type, None, limit)) from exc


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("agency", "legal_subject").get(pk=case.pk)


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip())) if value else None
    except ValueError:
        return None


# --- custody ----------------------------------------------------------------------------------------------------


def _custody_hash(event: CustodyEvent, sha256: str) -> str:
    payload = {
        "evidence_id": event.evidence_id,
        "sha256": sha256,
        "seq": event.seq,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "at": event.at.astimezone(UTC).isoformat(),
        "action": event.action,
        "ip": event.ip,
        "note": event.note,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def custody_record(
    *, actor: User | None, evidence: Evidence, action: str, ip: str = "", note: str = ""
) -> CustodyEvent:
    """Append one event to the evidence's chain of custody (also for 文书/案卷 exports: action ``export``)."""
    if action not in CustodyAction.values:
        raise ValueError(f"unknown custody action {action!r}")
    locked = (
        Evidence.objects.select_for_update(of=("self",)).only("pk", "sha256").get(pk=evidence.pk)
    )  # one writer per chain
    last = CustodyEvent.objects.filter(evidence=locked).order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, "")
    label = ""
    if actor is not None:
        label = str(getattr(actor, "display_name", "") or getattr(actor, "username", ""))
    event = CustodyEvent(
        evidence=locked,
        seq=seq,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label or "系统",
        at=clock.now(),
        action=action,
        ip=_ip(ip),
        note=note[:500],
        prev_hash=prev_hash,
    )
    event.hash = _custody_hash(event, locked.sha256)
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class CustodyBreak:
    evidence_id: int
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"证据#{self.evidence_id} 保管链第{self.seq}条：{self.reason}"


def custody_verify() -> list[CustodyBreak]:
    """Recompute every evidence's chain of custody: hashes, links and sequence without gaps."""
    breaks: list[CustodyBreak] = []
    shas = dict(Evidence.objects.values_list("pk", "sha256"))
    current: int | None = None
    prev_hash, expected = "", 1
    for event in CustodyEvent.objects.order_by("evidence_id", "seq").iterator(chunk_size=2000):
        if event.evidence_id != current:
            current, prev_hash, expected = event.evidence_id, "", 1
        if event.seq != expected:
            breaks.append(CustodyBreak(event.evidence_id, event.seq, f"序号不连续：应为第{expected}条"))
        if event.prev_hash != prev_hash:
            breaks.append(CustodyBreak(event.evidence_id, event.seq, "与前一条记录的哈希链接不符"))
        if _custody_hash(event, shas.get(event.evidence_id, "")) != event.hash:
            breaks.append(CustodyBreak(event.evidence_id, event.seq, "记录内容与其哈希不符（记录被改动）"))
        prev_hash, expected = event.hash, event.seq + 1
    return breaks


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
) -> Evidence:
    """上传证据: store the file once under its SHA-256 and describe it; record custody and the case's event.

    Not one transaction on purpose (see the module docstring): the checks and the blob come first, the rows in
    ``_evidence_create``'s transaction.
    """
    _ensure_can_add(actor, case)
    if kind not in EvidenceKind.values:
        raise ValidationError(f"证据种类「{kind}」无效，应为行政处罚法第四十六条规定的八类之一。")
    errors = []
    title = title.strip()
    if not title:
        errors.append("证据名称不能为空")
    if not CaseHandler.objects.filter(case=case, officer=collected_by).exists():
        errors.append(f"收集人{collected_by.name}不是本案承办人：证据应由本案承办人收集")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    _aware(collected_at, "收集时间")
    lat = _coordinate(latitude, "纬度", 90)
    lon = _coordinate(longitude, "经度", 180)
    if (lat is None) != (lon is None):
        raise ValidationError("经度和纬度应同时填写或同时不填。")
    file_type = _check_file(kind=kind, file=file)
    recording = _recording_facts(
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
        sha256="0" * 64,
        size=0,
        original_filename=str(file.name)[-255:],
        file_type=file_type.code,
        content_type=file_type.mime,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    ensure_fits(evidence)
    ref = _store(file, file_type)
    evidence.sha256, evidence.size = ref.sha256, ref.size
    return _evidence_create(actor=actor, evidence=evidence, recording=recording, ip=ip)


@transaction.atomic
def _evidence_create(
    *, actor: User, evidence: Evidence, recording: _RecordingFacts | None, ip: str, previous: Evidence | None = None
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
    file_type = _check_file(kind=evidence.kind, file=file)
    old_recording = Recording.objects.filter(evidence=evidence).first()
    recording = None
    if old_recording is not None:
        recording = _recording_facts(
            kind=evidence.kind,
            file_type=file_type,
            is_body_camera=old_recording.is_body_camera,
            device_id=old_recording.device_id,
            recorded_start=old_recording.recorded_start,
            recorded_end=old_recording.recorded_end,
            stage=old_recording.stage,
        )
    ref = _store(file, file_type)
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
    recording: _RecordingFacts | None,
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
    from fazhi.accounts.models import Role

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
