"""evidence_upload from the field client: the device's hash, time and GPS source."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from fazhi.core import clock
from fazhi.core.errors import ValidationError
from fazhi.core.models import AuditEvent
from fazhi.evidence.models import CustodyEvent, Evidence
from tests.evidence.conftest import JPEG


def _counts() -> tuple[int, int, int]:
    return Evidence.objects.count(), CustodyEvent.objects.count(), AuditEvent.objects.count()


def test_a_photo_whose_device_hash_matches_is_stored_with_device_time_and_gps_source(upload_photo) -> None:
    taken = clock.now() - timedelta(minutes=3)
    evidence = upload_photo(
        client_sha256=hashlib.sha256(JPEG).hexdigest().upper(),
        device_taken_at=taken,
        latitude="27.1",
        longitude="113.2",
        gps_source="exif",
    )
    assert evidence.client_sha256 == evidence.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert (evidence.device_taken_at, evidence.gps_source) == (taken, "exif")


def test_a_photo_whose_device_hash_differs_is_refused_and_nothing_is_stored(upload_photo, media_root) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        upload_photo(client_sha256="0" * 64)
    assert exc.value.message.startswith("文件在传输中发生了变化：设备端SHA-256为0000000000000000…")
    assert _counts() == before
    blobs = media_root / "blobs"
    assert not blobs.exists() or not [p for p in blobs.rglob("*") if p.is_file()]


def test_a_malformed_device_hash_is_refused(upload_photo) -> None:
    with pytest.raises(ValidationError) as exc:
        upload_photo(client_sha256="abc")
    assert exc.value.message == "设备端计算的SHA-256格式无效（应为64位十六进制字符）。请重新选择文件上传。"


def test_coordinates_typed_without_a_source_are_manual_and_a_source_without_coordinates_is_refused(
    upload_photo,
) -> None:
    assert upload_photo(latitude="27.1", longitude="113.2").gps_source == "manual"
    assert upload_photo().gps_source == ""
    with pytest.raises(ValidationError) as exc:
        upload_photo(gps_source="device")
    assert exc.value.message == "定位来源为「设备定位」，但未提供经纬度。"


def test_a_device_time_in_the_future_is_refused(upload_photo) -> None:
    with pytest.raises(ValidationError) as exc:
        upload_photo(device_taken_at=clock.now() + timedelta(hours=2))
    assert "设备拍摄时间" in exc.value.message and "不能晚于现在" in exc.value.message
