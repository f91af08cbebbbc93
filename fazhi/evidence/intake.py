"""The checks of an incoming evidence file (type, size, recording facts) and storing its bytes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.files.base import File
from django.utils import timezone

from fazhi.core import clock
from fazhi.core.errors import (
    ValidationError,
)
from fazhi.core.storage import BlobRef, BlobTooLarge, get_blob_store
from fazhi.evidence import filetypes as ft
from fazhi.evidence.models import (
    ALLOWED_TYPES,
    EvidenceKind,
    GpsSource,
    RecordingStage,
)

if TYPE_CHECKING:
    pass

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


CLOCK_SKEW = timedelta(minutes=5)  # a camera's clock a little ahead of the server's is not a future time
COORDINATE_PLACES = Decimal("0.000001")  # about 0.1 m: more is noise from a phone's GPS


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


def check_file(*, kind: str, file: File[Any]) -> ft.FileType:
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
    check_content(file_type, cast(IO[bytes], file), name)
    return file_type


def check_content(file_type: ft.FileType, stream: IO[bytes], name: str) -> None:
    """Refuse an Office zip bomb and a PDF with active content, before anything is stored."""
    if file_type in (ft.DOCX, ft.XLSX):
        problem = ft.office_package_problem(stream)
        if problem:
            raise ValidationError(f"「{name}」未被接受：{problem}。请另存为普通文档后再上传。")
    elif file_type == ft.PDF:
        active = ft.pdf_active_content(stream)
        if active:
            raise ValidationError(
                f"「{name}」含有{'、'.join(active)}等活动内容，未被接受。请用“打印为PDF”另存为普通PDF后再上传。"
            )


def aware(value: datetime, label: str) -> datetime:
    if timezone.is_naive(value):
        raise ValidationError(f"{label}须带时区（北京时间）。")
    if value > clock.now() + CLOCK_SKEW:
        raise ValidationError(f"{label}（{timezone.localtime(value):%Y年%m月%d日 %H:%M}）不能晚于现在。")
    return value


def coordinate(value: Decimal | str | float | None, label: str, bound: int) -> Decimal | None:
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
class RecordingFacts:
    is_body_camera: bool
    device_id: str
    recorded_start: datetime | None
    recorded_end: datetime | None
    stage: str


def recording_facts(
    *,
    kind: str,
    file_type: ft.FileType,
    is_body_camera: bool,
    device_id: str,
    recorded_start: datetime | None,
    recorded_end: datetime | None,
    stage: str,
) -> RecordingFacts | None:
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
        aware(recorded_start, "录制开始时间")
    if recorded_end is not None:
        aware(recorded_end, "录制结束时间")
    if recorded_start and recorded_end and recorded_end < recorded_start:
        raise ValidationError("录制结束时间不能早于开始时间。")
    return RecordingFacts(is_body_camera, device_id, recorded_start, recorded_end, stage)


def store_file(file: File[Any], file_type: ft.FileType) -> BlobRef:
    limit = _limit_for(file_type)
    try:
        return get_blob_store().put(file, max_size=limit)
    except BlobTooLarge as exc:  # the declared size was wrong: the stream itself passed the limit
        raise ValidationError(_too_large_message(file_type, None, limit)) from exc


def client_hash(value: str) -> str:
    """The SHA-256 the device computed before upload, normalised (lower-case hex), or "" if it sent none."""
    value = (value or "").strip().lower()
    if value and not _SHA256_RE.fullmatch(value):
        raise ValidationError("设备端计算的SHA-256格式无效（应为64位十六进制字符）。请重新选择文件上传。")
    return value


def file_sha256(file: File[Any]) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def check_client_hash(file: File[Any], expected: str) -> None:
    """全过程记录（行政处罚法 第四十七条）: the file the server received is the one the device hashed at capture.

    Checked before the bytes are stored, so a mismatch stores nothing.
    """
    if not expected:
        return
    actual = file_sha256(file)
    if actual != expected:
        raise ValidationError(
            f"文件在传输中发生了变化：设备端SHA-256为{expected[:16]}…，服务器收到的文件为{actual[:16]}…，"
            "两者不一致，未保存。请在设备上重新选择原始文件上传。"
        )


def gps_source_of(source: str, has_coordinates: bool) -> str:
    """Where the coordinates come from; coordinates typed without a source are "manual"."""
    source = (source or "").strip()
    if source not in GpsSource.values:
        raise ValidationError(f"定位来源「{source}」无效，应为 exif、device、manual 之一。")
    if source and not has_coordinates:
        raise ValidationError(f"定位来源为「{GpsSource(source).label}」，但未提供经纬度。")
    if has_coordinates and not source:
        return GpsSource.MANUAL
    return source
