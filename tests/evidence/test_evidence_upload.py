"""evidence_upload: who may upload, what is checked, and that a refusal saves nothing."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest

from fazhi.accounts.models import Role
from fazhi.cases.models import Case, CaseState
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.core.storage import get_blob_store
from fazhi.evidence.models import CustodyEvent, Evidence, Recording
from fazhi.evidence.services import evidence_upload
from tests.evidence.conftest import EXE, JPEG, MP4, PDF, at, upload


def _nothing_saved_since(before: tuple[int, int, int], media_root) -> None:  # type: ignore[no-untyped-def]
    assert (Evidence.objects.count(), CustodyEvent.objects.count(), AuditEvent.objects.count()) == before
    blobs = media_root / "blobs"
    assert not blobs.exists() or not [p for p in blobs.rglob("*") if p.is_file()]


def _counts() -> tuple[int, int, int]:
    return Evidence.objects.count(), CustodyEvent.objects.count(), AuditEvent.objects.count()


def test_a_handler_uploads_a_photo_stored_under_its_sha256_with_custody_and_the_case_event(
    registered, upload_photo
) -> None:
    evidence = upload_photo(location="人民路12号", latitude="27.6543219", longitude=Decimal("113.498765"))
    assert evidence.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert (evidence.size, evidence.file_type, evidence.content_type) == (len(JPEG), "jpg", "image/jpeg")
    assert (evidence.version, evidence.supersedes, evidence.uploaded_by) == (1, None, registered.lead_user)
    assert evidence.latitude == Decimal("27.654322")  # rounded to six places
    assert get_blob_store().exists(evidence.sha256)
    assert [(c.action, c.actor) for c in evidence.custody.all()] == [("upload", registered.lead_user)]
    last = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(registered.case.pk)).order_by("seq").last()
    assert last is not None and last.action == "evidence.upload"
    assert "违法现场照片" in last.summary and last.after["sha256"] == evidence.sha256


def test_the_same_photo_uploaded_as_two_pieces_of_evidence_is_stored_once(upload_photo, media_root) -> None:
    first, second = upload_photo(title="照片一"), upload_photo(title="照片二")
    assert first.sha256 == second.sha256 and first.pk != second.pk
    assert len([p for p in (media_root / "blobs").rglob("*") if p.is_file()]) == 1


def test_an_officer_who_is_not_a_handler_cannot_upload_and_nothing_is_saved(
    bureau, registered, make_officer, make_user, media_root
) -> None:
    outsider = make_user(bureau.squad, Role.OFFICER, officer=make_officer(name="丙"))
    before = _counts()
    with pytest.raises(PermissionDenied) as exc:
        evidence_upload(
            actor=outsider,
            case=registered.case,
            kind="physical",
            title="照片",
            file=upload(),
            collected_at=at(),
            collected_by=registered.lead,
        )
    assert exc.value.message == "只有本案承办人，或本案执法主体的中队长、负责人、法制审核人员可以上传或更正证据。"
    _nothing_saved_since(before, media_root)


def test_a_squad_leader_of_the_legal_subject_may_upload(bureau, registered, make_user) -> None:
    leader = make_user(bureau.squad, Role.SQUAD_LEADER)
    evidence = evidence_upload(
        actor=leader,
        case=registered.case,
        kind="documentary",
        title="营业执照复印件",
        file=upload("执照.pdf", PDF, "application/pdf"),
        collected_at=at(),
        collected_by=registered.second,
    )
    assert evidence.file_type == "pdf" and evidence.collected_by == registered.second


def test_another_squad_cannot_see_the_case_at_all(bureau, registered, make_user) -> None:
    west = make_user(bureau.squad2, Role.SQUAD_LEADER)
    with pytest.raises(NotFoundOrForbidden):
        evidence_upload(
            actor=west,
            case=registered.case,
            kind="physical",
            title="照片",
            file=upload(),
            collected_at=at(),
            collected_by=registered.lead,
        )


def test_a_file_too_large_for_its_kind_is_refused_with_the_limit_and_nothing_is_saved(
    settings, upload_photo, media_root
) -> None:
    settings.FAZHI_EVIDENCE_MAX_OTHER_BYTES = 1024
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        upload_photo(content=JPEG[:3] + b"\x00" * 2045)
    assert exc.value.message == "文件过大（2KB）：图片文件不能超过1KB。请压缩或分段后再上传。"
    _nothing_saved_since(before, media_root)


def test_a_video_has_its_own_larger_limit(settings, registered, upload_photo) -> None:
    settings.FAZHI_EVIDENCE_MAX_OTHER_BYTES = 16
    settings.FAZHI_EVIDENCE_MAX_VIDEO_BYTES = 1024**2
    evidence = upload_photo(content=MP4, kind="audiovisual", file=upload("记录仪.mp4", MP4, "video/mp4"))
    assert evidence.content_type == "video/mp4"


def test_a_file_of_a_type_not_allowed_for_the_kind_is_refused_naming_the_allowed_types(
    upload_photo, media_root
) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        upload_photo(file=upload("照片.jpg", EXE, "image/jpeg"))
    assert exc.value.message == (
        "「物证」只能上传以下格式的文件：JPG、PNG、HEIC、MP4、MOV、AVI、PDF；"
        "「照片.jpg」是无法识别的格式（按文件内容识别，不看扩展名）。"
    )
    with pytest.raises(ValidationError) as exc:
        upload_photo(kind="expert_opinion", file=upload("录像.mp4", MP4, "video/mp4"))
    assert exc.value.message.startswith("「鉴定意见」只能上传以下格式的文件：PDF、DOCX、DOC、XLSX、JPG、PNG、HEIC；")
    assert "「录像.mp4」是MP4文件" in exc.value.message
    _nothing_saved_since(before, media_root)


def test_an_empty_file_is_refused(upload_photo) -> None:
    with pytest.raises(ValidationError, match="0字节"):
        upload_photo(file=upload("空.jpg", b""))


def test_evidence_cannot_be_added_to_a_case_that_is_not_open(registered, upload_photo) -> None:
    Case.objects.filter(pk=registered.case.pk).update(state=CaseState.CLOSED)
    registered.case.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        upload_photo()
    assert exc.value.message == "案件当前状态为「已结案」：只有已立案、尚未结案的案件可以上传或更正证据。"


def test_the_collector_must_be_a_handler_of_the_case(registered, upload_photo, make_officer) -> None:
    with pytest.raises(ValidationError) as exc:
        upload_photo(collected_by=make_officer(name="丁"))
    assert exc.value.message == "收集人丁不是本案承办人：证据应由本案承办人收集。"


def test_coordinates_out_of_range_or_alone_are_refused(upload_photo) -> None:
    with pytest.raises(ValidationError, match="纬度应在 -90 到 90 之间"):
        upload_photo(latitude="91", longitude="113")
    with pytest.raises(ValidationError, match="经度应在 -180 到 180 之间"):
        upload_photo(latitude="27", longitude="-180.5")
    with pytest.raises(ValidationError, match="同时填写"):
        upload_photo(latitude="27")


def test_a_collection_time_in_the_future_or_without_a_zone_is_refused(upload_photo) -> None:
    with pytest.raises(ValidationError, match="不能晚于现在"):
        upload_photo(collected_at=clock.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="须带时区"):
        upload_photo(collected_at=at().replace(tzinfo=None))


def test_a_body_camera_video_is_a_recording_of_the_full_process(upload_photo) -> None:
    evidence = upload_photo(
        kind="audiovisual",
        title="执法记录仪录像",
        file=upload("DSJ_0001.mp4", MP4, "video/mp4"),
        is_body_camera=True,
        device_id="DSJ-430281-017",
        recorded_start=at(hour=9),
        recorded_end=at(hour=10),
    )
    recording = Recording.objects.get(evidence=evidence)
    assert (recording.is_body_camera, recording.device_id, recording.stage) == (True, "DSJ-430281-017", "investigation")


def test_a_body_camera_recording_must_be_audiovisual_audio_or_video_with_a_device(upload_photo) -> None:
    with pytest.raises(ValidationError, match="应作为「视听资料」上传音频或视频文件"):
        upload_photo(is_body_camera=True, device_id="DSJ-1")
    with pytest.raises(ValidationError, match="须填写设备编号"):
        upload_photo(kind="audiovisual", file=upload("a.mp4", MP4), is_body_camera=True)
    with pytest.raises(ValidationError, match="结束时间不能早于开始时间"):
        upload_photo(
            kind="audiovisual",
            file=upload("a.mp4", MP4),
            is_body_camera=True,
            device_id="DSJ-1",
            recorded_start=at(hour=10),
            recorded_end=at(hour=9),
        )
