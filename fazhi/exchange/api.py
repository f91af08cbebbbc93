"""The inbound API of partner systems, under /api/exchange/: 12345/数字城管 work orders and 非现场执法 camera leads.

A partner authenticates with its key in the ``X-Api-Key`` header (issued by an administrator for one purpose:
``workorders`` or ``camera``); a missing, unknown, revoked or other-purpose key is a Chinese 403. No session, no
CSRF: these are machine-to-machine calls.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader
from pydantic import Field

from fazhi.accounts.models import PartnerKey, PartnerPurpose
from fazhi.accounts.services import partner_key_check
from fazhi.exchange import inbound


class _PartnerKeyAuth(APIKeyHeader):
    param_name = "X-Api-Key"
    purpose = ""

    def authenticate(self, request: HttpRequest, key: str | None) -> PartnerKey:
        return partner_key_check(key or "", self.purpose)  # refuses with a Chinese 403


class WorkorderKey(_PartnerKeyAuth):
    purpose = PartnerPurpose.WORKORDERS


class CameraKey(_PartnerKeyAuth):
    purpose = PartnerPurpose.CAMERA


router = Router(tags=["数据交换（对接系统）"])


class WorkorderIn(Schema):
    order_id: str = Field(min_length=1, max_length=60, description="对方系统的工单编号（幂等：同一编号只受理一次）")
    source: str = Field(description="12345热线 或 数字城管")
    category: str = Field("", max_length=60, description="问题类别")
    content: str = Field(min_length=1, max_length=4000, description="诉求内容")
    location: str = Field("", max_length=300, description="地点")
    received_at: datetime = Field(description="对方受理时间（ISO 8601，带时区）")
    due_at: datetime | None = Field(None, description="对方要求的办理时限（带时区），记录备查")


class WorkorderOut(Schema):
    order_id: str
    complaint_id: int
    complaint_number: str
    status: str
    created: bool


def _partner(request: HttpRequest) -> PartnerKey:
    partner: Any = request.auth  # type: ignore[attr-defined]
    assert isinstance(partner, PartnerKey)
    return partner


@router.post(
    "/workorders",
    auth=WorkorderKey(),
    response={200: WorkorderOut, 201: WorkorderOut},
    summary="12345/数字城管 交办工单（受理为群众诉求；同一工单编号再次报送返回同一诉求）",
)
def workorder_post(request: HttpRequest, payload: WorkorderIn) -> Status[dict[str, Any]]:
    received = inbound.workorder_receive(partner=_partner(request), **payload.dict())
    complaint = received.record.complaint
    assert complaint is not None
    body = {
        "order_id": str(received.record.detail.get("order_id", "")),
        "complaint_id": complaint.pk,
        "complaint_number": complaint.number,
        "status": complaint.status,
        "created": received.created,
    }
    return Status(201 if received.created else 200, body)


class CameraLeadIn(Schema):
    event_id: str = Field(min_length=1, max_length=100, description="抓拍事件编号（幂等）")
    device_id: str = Field(min_length=1, max_length=100, description="设备编号")
    place: str = Field(min_length=1, max_length=300, description="地点")
    taken_at: datetime = Field(description="抓拍时间（ISO 8601，带时区）")
    violation: str = Field(min_length=1, max_length=500, description="违法行为（设备识别的类型文字）")


class CameraFileOut(Schema):
    sha256: str
    size: int
    file_type: str


class CameraLeadOut(Schema):
    event_id: str
    lead_id: int
    status: str
    files: list[CameraFileOut]
    created: bool


@router.post(
    "/camera-leads",
    auth=CameraKey(),
    response={200: CameraLeadOut, 201: CameraLeadOut},
    summary="非现场执法 推送线索（multipart：表单字段 + files；文件到达即计算 SHA-256；待执法人员审核后登记案源）",
)
def camera_lead_post(
    request: HttpRequest,
    payload: CameraLeadIn = Form(...),  # noqa: B008
    files: list[UploadedFile] = File(...),  # noqa: B008
) -> Status[dict[str, Any]]:
    received = inbound.camera_lead_receive(partner=_partner(request), files=list(files), **payload.dict())
    record = received.record
    body = {
        "event_id": record.external_id,
        "lead_id": record.pk,
        "status": "registered" if record.case_id else "awaiting_review",
        "files": [{"sha256": f.sha256, "size": f.size, "file_type": f.file_type} for f in record.files.order_by("pk")],
        "created": received.created,
    }
    return Status(201 if received.created else 200, body)
