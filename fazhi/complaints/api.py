"""群众诉求 API: list, register, and each step of 交办—处置—核查—办结 (plus 退回, 督办) and the figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency
from fazhi.cases.selectors import access_case
from fazhi.complaints import selectors, services
from fazhi.complaints.models import Complaint, ComplaintSource, ComplaintStatus, Satisfaction
from fazhi.core import clock
from fazhi.core.codes import CodeOf

router = Router(tags=["群众诉求"])


class ComplaintOut(Schema):
    """Personal data of the complainant are masked (the full values stay in the record)."""

    id: int
    agency_id: int
    source: Annotated[str, CodeOf(ComplaintSource)]
    number: str
    received_at: datetime
    category: str
    content: str
    location: str
    party_name: str
    party_phone: str
    status: Annotated[str, CodeOf(ComplaintStatus)]
    status_label: str
    deadline: date
    overdue: bool
    assigned_to_id: int | None
    dispatched_at: datetime | None
    handled_at: datetime | None
    handling_result: str
    feedback: str
    verified_at: datetime | None
    satisfaction: Annotated[str, CodeOf(Satisfaction)]
    score: Decimal | None
    closed_at: datetime | None
    returned_reason: str
    case_id: int | None
    escalated: bool

    @staticmethod
    def resolve_party_name(obj: Complaint) -> str:
        return obj.masked_party_name

    @staticmethod
    def resolve_party_phone(obj: Complaint) -> str:
        return obj.masked_party_phone

    @staticmethod
    def resolve_status_label(obj: Complaint) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj: Complaint) -> bool:
        return selectors.complaint_overdue(obj, clock.today())


class ListQuery(Schema):
    status: Annotated[str, CodeOf(ComplaintStatus, blank=True)] = ""
    q: str = ""
    offset: int = 0
    limit: int = 50


class ComplaintIn(Schema):
    agency_id: int
    source: Annotated[str, CodeOf(ComplaintSource)]
    content: str
    received_at: datetime | None = None
    number: str = ""
    location: str = ""
    category: str = ""
    party_name: str = ""
    party_phone: str = ""


class DispatchIn(Schema):
    assigned_to_id: int
    note: str = ""


class ReturnIn(Schema):
    reason: str


class HandleIn(Schema):
    handling_result: str
    feedback: str = ""
    case_id: int | None = None


class VerifyIn(Schema):
    passed: bool
    note: str = ""


class CloseIn(Schema):
    satisfaction: Annotated[str, CodeOf(Satisfaction)] = "none"
    score: Decimal | None = None


class EscalateIn(Schema):
    note: str


@router.get("/", response=list[ComplaintOut], summary="群众诉求列表（受理的及交办本单位的）")
def complaint_list(request: HttpRequest, query: Query[ListQuery]) -> list[Complaint]:
    qs = selectors.complaint_list(actor=request_actor(request), status=query.status, search=query.q.strip()[:60])
    offset, limit = max(query.offset, 0), min(max(query.limit, 1), 500)
    return list(qs[offset : offset + limit])


@router.post("/", response={201: ComplaintOut}, summary="受理群众诉求")
def complaint_create(request: HttpRequest, payload: ComplaintIn) -> Status[Complaint]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    return Status(201, services.complaint_register(actor=actor, agency=agency, **data))


@router.get("/figures", summary="年度报告数据：受理、交办、按时处置、办结、督办、转立案")
def figures(request: HttpRequest, agency_id: int, start: date, end: date) -> dict[str, Any]:
    agency = access_agency(actor=request_actor(request), agency_id=agency_id)
    return selectors.complaint_figures(agency=agency, start=start, end=end)


@router.get("/{complaint_id}", response=ComplaintOut, summary="诉求详情")
def complaint_get(request: HttpRequest, complaint_id: int) -> Complaint:
    return selectors.access_complaint(actor=request_actor(request), complaint_id=complaint_id)


@router.post("/{complaint_id}/dispatch", response=ComplaintOut, summary="交办")
def complaint_dispatch(request: HttpRequest, complaint_id: int, payload: DispatchIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    unit = access_agency(actor=actor, agency_id=payload.assigned_to_id)
    return services.complaint_dispatch(actor=actor, complaint=complaint, assigned_to=unit, note=payload.note)


@router.post("/{complaint_id}/return", response=ComplaintOut, summary="退回")
def complaint_return(request: HttpRequest, complaint_id: int, payload: ReturnIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    return services.complaint_return(actor=actor, complaint=complaint, reason=payload.reason)


@router.post("/{complaint_id}/handle", response=ComplaintOut, summary="登记处置结果并回复诉求人")
def complaint_handle(request: HttpRequest, complaint_id: int, payload: HandleIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    case = None
    if payload.case_id:
        case = access_case(actor=actor, case_id=payload.case_id)
    return services.complaint_handle(
        actor=actor, complaint=complaint, handling_result=payload.handling_result, feedback=payload.feedback, case=case
    )


@router.post("/{complaint_id}/verify", response=ComplaintOut, summary="核查")
def complaint_verify(request: HttpRequest, complaint_id: int, payload: VerifyIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    return services.complaint_verify(actor=actor, complaint=complaint, passed=payload.passed, note=payload.note)


@router.post("/{complaint_id}/close", response=ComplaintOut, summary="办结（满意度、考核分）")
def complaint_close(request: HttpRequest, complaint_id: int, payload: CloseIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    return services.complaint_close(
        actor=actor, complaint=complaint, satisfaction=payload.satisfaction, score=payload.score
    )


@router.post("/{complaint_id}/escalate", response=ComplaintOut, summary="督办")
def complaint_escalate(request: HttpRequest, complaint_id: int, payload: EscalateIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    return services.complaint_escalate(actor=actor, complaint=complaint, note=payload.note)
