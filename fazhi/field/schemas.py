"""Inputs of the field client's sync: one queued item, its photos and its signatures (Chinese refusals)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fazhi.cases.schemas.base import ActionIn
from fazhi.cases.schemas.simple import SimpleCaseIn
from fazhi.evidence.field_schemas import SignaturePayload


class PhotoIn(ActionIn):
    LABELS = {"data_url": "照片", "sha256": "照片哈希值", "taken_at": "拍摄时间", "title": "照片名称"}

    data_url: str
    sha256: str = ""
    taken_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    gps_source: str = ""
    title: str = ""


class SubmissionIn(ActionIn):
    LABELS = {"client_id": "客户端标识", "kind": "提交类别", "device_id": "设备标识", "data": "提交内容"}

    client_id: str
    kind: str
    device_id: str = ""
    data: dict[str, Any]
    photos: list[PhotoIn] = []
    signatures: list[SignaturePayload] = []


class TicketIn(SimpleCaseIn):
    """The 当场处罚 ticket as the device made it: the web form's fields, the reserved number, the device's date."""

    LABELS = {"form_number": "决定书编号", "decided_on": "决定日期"}

    form_number: str = ""
    decided_on: date | None = None


class FieldRecordIn(ActionIn):
    LABELS = {
        "case_id": "案件",
        "kind": "笔录类别",
        "place": "地点",
        "started_at": "开始时间",
        "ended_at": "结束时间",
        "subject_name": "当事人（被询问人）",
        "content": "笔录内容",
        "officer_ids": "执法人员",
        "recorder_id": "记录人",
    }

    case_id: int
    kind: str
    place: str
    started_at: datetime
    ended_at: datetime
    subject_name: str
    subject_id_number: str = ""
    content: str
    officer_ids: list[int]
    recorder_id: int


class EvidenceIn(ActionIn):
    LABELS = {"case_id": "案件"}

    case_id: int
    description: str = ""
    location: str = ""


class BlockIn(ActionIn):
    LABELS = {"device_id": "设备标识", "count": "份数", "officer_id": "执法人员"}

    device_id: str
    count: int
    officer_id: int | None = None
