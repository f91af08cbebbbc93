"""What partner systems hand in: 12345/数字城管 work orders (into the complaint loop) and 非现场执法 camera leads
(files hashed on arrival; a case lead opened once an officer has reviewed the record).

Each write is audited with the partner system as the actor (``SystemActor``: the audit event names the system and
its key's prefix, and stores no user). The same external id twice answers the record of the first time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.accounts.models import PartnerKey
from fazhi.cases.models import Case, CaseSource
from fazhi.cases.services import case_open
from fazhi.complaints.models import Complaint, ComplaintSource
from fazhi.complaints.public import partner_actor
from fazhi.complaints.services import complaint_receive
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, RuleViolation, ValidationError
from fazhi.core.storage import BlobTooLarge, get_blob_store
from fazhi.evidence import filetypes as ft
from fazhi.exchange.models import CameraFile, InboundKind, InboundRecord

if TYPE_CHECKING:
    from fazhi.accounts.models import User

WORKORDER_SOURCES = {"12345热线": ComplaintSource.HOTLINE_12345, "数字城管": ComplaintSource.DIGITAL_CITY}
CAMERA_TYPES = (*ft.IMAGES, *ft.VIDEO)


class PayloadTooLarge(ApplicationError):
    """A file beyond its size limit, or too many files (HTTP 413)."""

    status_code = 413
    code = "too_large"


@dataclass(frozen=True)
class Received:
    record: InboundRecord
    created: bool


def _existing(agency_id: int, kind: str, external_id: str) -> InboundRecord | None:
    return (
        InboundRecord.objects.select_related("complaint", "case")
        .filter(agency_id=agency_id, kind=kind, external_id=external_id)
        .first()
    )


def _text(value: str, label: str, limit: int, errors: list[str], *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.append(f"请填写{label}")
    elif len(value) > limit:
        errors.append(f"{label}不能超过{limit}个字符")
    return value


EARLIEST = date(2000, 1, 1)  # an order or a capture before this is a typing error, not a record


def _aware(value: datetime | None, label: str, errors: list[str]) -> datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        errors.append(f"{label}须带时区（如 2026-01-05T09:30:00+08:00）")
        return None
    try:
        local = timezone.localtime(value)
    except (OverflowError, ValueError):  # 0001-01-01T00:00+14:00 has no local time
        local = None
    if local is None or local.date() < EARLIEST or local.year > 9000:
        errors.append(f"{label}超出可接受的范围（{EARLIEST.year}年以后）")
        return None
    return local


def workorder_receive(
    *,
    partner: PartnerKey,
    order_id: str,
    source: str,
    content: str,
    received_at: datetime,
    category: str = "",
    location: str = "",
    due_at: datetime | None = None,
) -> Received:
    """A 12345/数字城管 work order enters the complaint loop in the key's agency (受理), once per order id."""
    errors: list[str] = []
    order_id = _text(order_id, "工单编号", 60, errors)
    if source not in WORKORDER_SOURCES:
        errors.append(f"工单来源只能是：{'、'.join(WORKORDER_SOURCES)}")
    content = _text(content, "诉求内容", 4000, errors)
    category = _text(category, "问题类别", 60, errors, required=False)
    location = _text(location, "地点", 300, errors, required=False)
    at = _aware(received_at, "受理时间", errors)
    due = _aware(due_at, "办理时限", errors)
    if at is not None and at > clock.now() + timedelta(minutes=5):
        errors.append("受理时间不能晚于现在")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    external_id = f"{WORKORDER_SOURCES[source]}:{order_id}"
    found = _existing(partner.agency_id, InboundKind.WORKORDER, external_id)
    if found is not None:
        return _same_workorder(found, content)
    try:
        return _workorder_create(
            partner=partner,
            external_id=external_id,
            order_id=order_id,
            source=WORKORDER_SOURCES[source],
            content=content,
            received_at=cast(datetime, at),
            category=category,
            location=location,
            due=due,
        )
    except IntegrityError:  # the same order handed in twice at once: the other one won
        found = _existing(partner.agency_id, InboundKind.WORKORDER, external_id)
        if found is None:
            raise
        return _same_workorder(found, content)


def _same_workorder(found: InboundRecord, content: str) -> Received:
    if found.detail.get("content") != content:
        raise RuleViolation(f"工单「{found.detail.get('order_id', '')}」已以不同内容报送：同一工单编号只受理一次。")
    return Received(found, created=False)


@transaction.atomic
def _workorder_create(
    *,
    partner: PartnerKey,
    external_id: str,
    order_id: str,
    source: str,
    content: str,
    received_at: datetime,
    category: str,
    location: str,
    due: datetime | None,
) -> Received:
    actor = partner_actor(partner)
    if Complaint.objects.filter(agency=partner.agency, number=order_id).exists():
        raise RuleViolation(f"工单编号「{order_id}」已在本机构登记（非经本接口），请勿重复报送。")
    complaint = complaint_receive(
        actor=actor,
        agency=partner.agency,
        source=source,
        content=content,
        received_at=received_at,
        number=order_id,
        location=location,
        category=category,
    )
    detail = {"order_id": order_id, "content": content, "due_at": due.isoformat() if due else None}
    with transaction.atomic():  # the unique constraint refuses a concurrent twin: roll back to here only
        record = InboundRecord.objects.create(
            agency=partner.agency,
            partner=partner,
            kind=InboundKind.WORKORDER,
            external_id=external_id,
            complaint=complaint,
            detail=detail,
            received_at=clock.now(),
        )
    audit_record(
        actor=actor,
        entity=record,
        action="exchange.workorder_receive",
        summary=f"接收{complaint.get_source_display()}工单 {order_id}",
        after={"complaint_id": complaint.pk, "order_id": order_id, "due_at": detail["due_at"]},
    )
    return Received(record, created=True)


def camera_max_bytes(file_type: ft.FileType) -> int:
    if file_type.family == ft.Family.VIDEO:
        return int(getattr(settings, "FAZHI_EXCHANGE_CAMERA_MAX_VIDEO_BYTES", 500 * 1024**2))
    return int(getattr(settings, "FAZHI_EXCHANGE_CAMERA_MAX_PHOTO_BYTES", 20 * 1024**2))


def _camera_file_type(file: File[Any]) -> ft.FileType:
    name = str(getattr(file, "name", "") or "")
    if not file.size:
        raise ValidationError(f"文件「{name[-60:]}」是空文件。")
    file_type = ft.sniff(cast(IO[bytes], file), name)
    if file_type is None or file_type not in CAMERA_TYPES:
        raise ValidationError(f"文件「{name[-60:]}」不是可接受的照片或视频（{ft.labels(CAMERA_TYPES)}，按内容识别）。")
    limit = camera_max_bytes(file_type)
    if file.size > limit:
        raise PayloadTooLarge(
            f"文件「{name[-60:]}」过大：{ft.FAMILY_LABELS[file_type.family]}不能超过{ft.human_size(limit)}。"
        )
    return file_type


def camera_lead_receive(
    *,
    partner: PartnerKey,
    event_id: str,
    device_id: str,
    place: str,
    taken_at: datetime,
    violation: str,
    files: list[File[Any]],
) -> Received:
    """A 非现场执法 record: its files are hashed and stored as they arrive, then the record waits for review."""
    errors: list[str] = []
    event_id = _text(event_id, "抓拍事件编号", 100, errors)
    device_id = _text(device_id, "设备编号", 100, errors)
    place = _text(place, "地点", 300, errors)
    violation = _text(violation, "违法行为", 500, errors)
    at = _aware(taken_at, "抓拍时间", errors)
    if at is not None and at > clock.now() + timedelta(minutes=5):
        errors.append("抓拍时间不能晚于现在")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    found = _existing(partner.agency_id, InboundKind.CAMERA, event_id)
    if found is not None:
        if found.detail.get("device_id") != device_id:
            raise RuleViolation(f"抓拍事件「{event_id}」已由设备「{found.detail.get('device_id')}」报送。")
        return Received(found, created=False)
    maximum = int(getattr(settings, "FAZHI_EXCHANGE_CAMERA_MAX_FILES", 10))
    if not files:
        raise ValidationError("请至少附一张照片或一段视频。")
    if len(files) > maximum:
        raise PayloadTooLarge(f"一条线索最多附{maximum}个文件。")
    types = [_camera_file_type(f) for f in files]
    stored = []
    store = get_blob_store()
    for file, file_type in zip(files, types, strict=True):
        try:  # SHA-256 computed as the bytes arrive; stored once under it
            ref = store.put(file, max_size=camera_max_bytes(file_type))
        except BlobTooLarge as exc:
            raise PayloadTooLarge(f"文件「{str(file.name)[-60:]}」过大。") from exc
        stored.append((file, file_type, ref))
    try:
        return _camera_create(
            partner=partner,
            event_id=event_id,
            device_id=device_id,
            place=place,
            taken_at=cast(datetime, at),
            violation=violation,
            stored=stored,
        )
    except IntegrityError:
        found = _existing(partner.agency_id, InboundKind.CAMERA, event_id)
        if found is None:
            raise
        return Received(found, created=False)


@transaction.atomic
def _camera_create(
    *,
    partner: PartnerKey,
    event_id: str,
    device_id: str,
    place: str,
    taken_at: datetime,
    violation: str,
    stored: list[tuple[File[Any], ft.FileType, Any]],
) -> Received:
    actor = partner_actor(partner)
    now = clock.now()
    detail = {"device_id": device_id, "place": place, "taken_at": taken_at.isoformat(), "violation": violation}
    with transaction.atomic():
        record = InboundRecord.objects.create(
            agency=partner.agency,
            partner=partner,
            kind=InboundKind.CAMERA,
            external_id=event_id,
            detail=detail,
            received_at=now,
        )
    CameraFile.objects.bulk_create(
        [
            CameraFile(
                record=record,
                sha256=ref.sha256,
                size=ref.size,
                file_type=file_type.code,
                content_type=file_type.mime,
                original_filename=str(file.name)[-255:],
                received_at=now,
            )
            for file, file_type, ref in stored
        ]
    )
    audit_record(
        actor=actor,
        entity=record,
        action="exchange.camera_lead_receive",
        summary=f"接收非现场执法线索 {event_id}（设备 {device_id}，{len(stored)}个文件）",
        after={**detail, "files": [ref.sha256 for _, _, ref in stored]},
    )
    return Received(record, created=True)


def access_camera_record(*, actor: User, record_id: int) -> InboundRecord:
    """A camera record of an agency the actor sees; else "not found"."""
    from fazhi.agencies.scope import scope_for  # noqa: PLC0415 - only the staff side needs the scope

    record = InboundRecord.objects.select_related("agency").filter(pk=record_id, kind=InboundKind.CAMERA).first()
    if record is None or not scope_for(actor).sees(record.agency):
        raise NotFoundOrForbidden("非现场执法线索")
    return record


@transaction.atomic
def camera_lead_open(
    *,
    actor: User,
    record: InboundRecord,
    power_item_code: str,
    party_kind: str,
    party_name: str,
    party_id_number: str = "",
    agency: Any = None,
) -> Case:
    """An officer who reviewed a camera record (行政处罚法 第四十一条) opens its case lead, source 非现场执法."""
    record = InboundRecord.objects.select_for_update().get(pk=record.pk)
    if record.kind != InboundKind.CAMERA:
        raise NotFoundOrForbidden("非现场执法线索")
    if record.case_id is not None:
        raise RuleViolation("该线索已登记案源，不能重复登记。")
    taken = datetime.fromisoformat(str(record.detail.get("taken_at")))
    act_date: date = timezone.localtime(taken).date()
    case = case_open(
        actor=actor,
        agency=agency or record.agency,
        source=CaseSource.OFF_SITE,
        power_item_code=power_item_code,
        party_kind=party_kind,
        party_name=party_name,
        party_id_number=party_id_number,
        act_date=act_date,
        discovered_on=max(act_date, timezone.localtime(record.received_at).date()),
        location=str(record.detail.get("place", "")),
        facts=f"{record.detail.get('violation', '')}（非现场执法设备 {record.detail.get('device_id', '')} 抓拍）",
    )
    record.case = case
    record.save(update_fields=["case"])
    audit_record(
        actor=actor,
        entity=record,
        action="exchange.camera_lead_open",
        summary=f"审核非现场执法线索 {record.external_id} 并登记案源 {case.lead_number}",
        after={"case_id": case.pk, "files": list(record.files.values_list("sha256", flat=True))},
    )
    return case
