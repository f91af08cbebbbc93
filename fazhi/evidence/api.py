from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_officer
from fazhi.cases.selectors import access_case
from fazhi.core.codes import CodeOf
from fazhi.core.middleware import client_ip
from fazhi.evidence import field_api, selectors, services
from fazhi.evidence.models import (
    CustodyAction,
    CustodyEvent,
    Evidence,
    EvidenceKind,
    GpsSource,
    RecordingStage,
    recording_of,
    superseding,
)
from fazhi.evidence.views import file_response

router = Router(tags=["证据"])
router.add_router("", field_api.router)  # 笔录 and signatures: /case/{id}/records, /records/{id}/signatures


def _local(value: datetime | None) -> datetime | None:
    """A time without a zone is read as Beijing time, as the officers write it."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _ip(request: HttpRequest) -> str:
    return client_ip(request)


class RecordingOut(Schema):
    is_body_camera: bool
    device_id: str
    recorded_start: datetime | None
    recorded_end: datetime | None
    stage: Annotated[str, CodeOf(RecordingStage)]


class EvidenceOut(Schema):
    id: int
    case_id: int
    kind: Annotated[str, CodeOf(EvidenceKind)]
    kind_label: str
    title: str
    description: str
    collected_at: datetime
    collected_by_id: int
    collected_by_name: str
    location: str
    latitude: Decimal | None
    longitude: Decimal | None
    gps_source: Annotated[str, CodeOf(GpsSource, blank=True)]
    device_taken_at: datetime | None
    client_sha256: str
    sha256: str
    size: int
    original_filename: str
    file_type: str
    content_type: str
    version: int
    supersedes_id: int | None
    superseded_by_id: int | None
    is_current: bool
    correction_reason: str
    uploaded_by_id: int
    uploaded_at: datetime
    is_excluded: bool
    exclusion_reason: str
    recording: RecordingOut | None

    @staticmethod
    def resolve_kind_label(obj: Evidence) -> str:
        return EvidenceKind(obj.kind).label

    @staticmethod
    def resolve_collected_by_name(obj: Evidence) -> str:
        return obj.collected_by.name

    @staticmethod
    def resolve_superseded_by_id(obj: Evidence) -> int | None:
        later = superseding(obj)
        return later.pk if later else None

    @staticmethod
    def resolve_is_current(obj: Evidence) -> bool:
        return superseding(obj) is None

    @staticmethod
    def resolve_recording(obj: Evidence) -> RecordingOut | None:
        recording = recording_of(obj)
        return RecordingOut.from_orm(recording) if recording else None


class EvidenceUploadIn(Schema):
    kind: Annotated[str, CodeOf(EvidenceKind)]
    title: str
    collected_at: datetime
    collected_by_id: int
    description: str = ""
    location: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    is_body_camera: bool = False
    device_id: str = ""
    recorded_start: datetime | None = None
    recorded_end: datetime | None = None
    stage: Annotated[str, CodeOf(RecordingStage)] = RecordingStage.INVESTIGATION
    device_taken_at: datetime | None = None
    client_sha256: str = ""
    gps_source: Annotated[str, CodeOf(GpsSource, blank=True)] = ""


class EvidenceCorrectIn(Schema):
    reason: str


class EvidenceExcludeIn(Schema):
    reason: str


class CustodyOut(Schema):
    seq: int
    evidence_id: int
    version: int
    actor_id: int | None
    actor_label: str
    at: datetime
    action: Annotated[str, CodeOf(CustodyAction)]
    action_label: str
    ip: str | None
    note: str
    hash: str

    @staticmethod
    def resolve_version(obj: CustodyEvent) -> int:
        return obj.evidence.version

    @staticmethod
    def resolve_action_label(obj: CustodyEvent) -> str:
        return obj.get_action_display()


@router.get("/case/{case_id}", response=list[EvidenceOut], summary="案件的证据（含全部版本）")
def list_evidence(request: HttpRequest, case_id: int) -> list[Evidence]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    return list(selectors.evidence_versions(actor=actor, case=case))


@router.post("/case/{case_id}", response={201: EvidenceOut}, summary="上传证据（multipart：表单字段 + file）")
def upload_evidence(
    request: HttpRequest,
    case_id: int,
    payload: EvidenceUploadIn = Form(...),  # noqa: B008
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[Evidence]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    data = payload.dict()
    collected_by = access_officer(actor=actor, officer_id=data.pop("collected_by_id"))
    evidence = services.evidence_upload(
        actor=actor,
        case=case,
        file=file,
        collected_by=collected_by,
        **{
            **data,
            "collected_at": _local(payload.collected_at),
            "recorded_start": _local(payload.recorded_start),
            "recorded_end": _local(payload.recorded_end),
            "device_taken_at": _local(payload.device_taken_at),
        },
        ip=_ip(request),
    )
    return Status(201, evidence)


@router.get("/{evidence_id}", response=EvidenceOut, summary="证据详情（不含文件，不记入保管链）")
def get_evidence(request: HttpRequest, evidence_id: int) -> Evidence:
    return selectors.access_evidence(actor=request_actor(request), evidence_id=evidence_id)


@router.post("/{evidence_id}/correct", response={201: EvidenceOut}, summary="更正证据（上传新版本，旧版本保留）")
def correct_evidence(
    request: HttpRequest,
    evidence_id: int,
    payload: EvidenceCorrectIn = Form(...),  # noqa: B008
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[Evidence]:
    actor = request_actor(request)
    evidence = selectors.access_evidence(actor=actor, evidence_id=evidence_id)
    new = services.evidence_correct(actor=actor, evidence=evidence, file=file, reason=payload.reason, ip=_ip(request))
    return Status(201, new)


@router.post("/{evidence_id}/exclude", response=EvidenceOut, summary="排除证据（法制审核人员或负责人）")
def exclude_evidence(request: HttpRequest, evidence_id: int, payload: EvidenceExcludeIn) -> Evidence:
    actor = request_actor(request)
    evidence = selectors.access_evidence(actor=actor, evidence_id=evidence_id)
    return services.evidence_exclude(actor=actor, evidence=evidence, reason=payload.reason, ip=_ip(request))


@router.get("/{evidence_id}/download", summary="下载证据文件（记入保管链）")
def download_evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    actor = request_actor(request)
    evidence = selectors.access_evidence(actor=actor, evidence_id=evidence_id)
    return file_response(request, actor=actor, evidence=evidence, purpose="download")


@router.get("/{evidence_id}/custody", response=list[CustodyOut], summary="证据保管链（全部版本）")
def custody(request: HttpRequest, evidence_id: int) -> list[CustodyEvent]:
    actor = request_actor(request)
    evidence = selectors.access_evidence(actor=actor, evidence_id=evidence_id)
    return list(selectors.custody_log(actor=actor, evidence=evidence))
