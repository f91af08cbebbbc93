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
from fazhi.complaints.models import (
    CategoryKind,
    Complaint,
    ComplaintCategory,
    ComplaintSource,
    ComplaintStatus,
    ComplaintStep,
    LimitUnit,
    Satisfaction,
    StepKind,
)
from fazhi.complaints.scores import UnitScore
from fazhi.core import clock
from fazhi.core.codes import CodeOf
from fazhi.core.errors import ValidationError

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
    category_item_id: int | None
    category_code: str
    due_at: datetime | None
    rework_due_at: datetime | None
    first_handled_at: datetime | None
    late: bool
    rework_count: int
    extension_count: int
    extension_requested_until: datetime | None
    extension_reason: str
    callback_at: datetime | None
    callback_result: str

    @staticmethod
    def resolve_category_code(obj: Complaint) -> str:
        c = obj.category_item
        return f"{c.get_kind_display()}{c.code}" if c is not None else ""

    @staticmethod
    def resolve_late(obj: Complaint) -> bool:
        return selectors.complaint_late(obj, clock.now())

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
        return selectors.complaint_late(obj, clock.now())


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
    category_id: int | None = None


class DispatchIn(Schema):
    assigned_to_id: int | None = None
    note: str = ""


class StepOut(Schema):
    kind: Annotated[str, CodeOf(StepKind)]
    kind_label: str
    at: datetime
    by: str
    unit_id: int | None
    unit: str
    note: str
    due_at: datetime | None
    late: bool | None
    imported: bool

    @staticmethod
    def resolve_kind_label(obj: ComplaintStep) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_by(obj: ComplaintStep) -> str:
        return obj.by.display_name if obj.by is not None else ""

    @staticmethod
    def resolve_unit(obj: ComplaintStep) -> str:
        return obj.unit.name if obj.unit is not None else ""


class CategoryOut(Schema):
    id: int
    kind: Annotated[str, CodeOf(CategoryKind)]
    major_code: str
    major_name: str
    code: str
    name: str
    limit_value: int
    limit_unit: Annotated[str, CodeOf(LimitUnit)]
    limit_label: str
    default_unit_id: int | None
    active: bool


class CategoryIn(Schema):
    kind: Annotated[str, CodeOf(CategoryKind)]
    major_code: str
    major_name: str
    code: str
    name: str
    limit_value: int
    limit_unit: Annotated[str, CodeOf(LimitUnit)]
    default_unit_id: int | None = None
    active: bool = True


class UnitScoreOut(Schema):
    rank: int
    unit_id: int
    unit_name: str
    unit_code: str
    dispatched: int
    on_time: int
    closed: int
    reworked: int
    extended: int
    satisfied: int
    rated: int
    on_time_rate: Decimal
    closed_rate: Decimal
    rework_rate: Decimal
    extension_rate: Decimal
    satisfaction_rate: Decimal | None
    composite: Decimal


class ExtensionIn(Schema):
    until: datetime
    reason: str


class ExtensionDecisionIn(Schema):
    approved: bool
    note: str = ""
    until: datetime | None = None


class CallbackIn(Schema):
    satisfaction: Annotated[str, CodeOf(Satisfaction)]
    result: str = ""


class CaseOpenIn(Schema):
    power_item_code: str
    party_kind: str
    party_name: str
    party_id_number: str = ""
    act_date: date | None = None
    facts: str = ""


class CaseOpenOut(Schema):
    complaint_id: int
    case_id: int
    lead_number: str


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
    category_id = data.pop("category_id")
    category = selectors.access_complaint_category(category_id=category_id) if category_id else None
    return Status(201, services.complaint_register(actor=actor, agency=agency, category_item=category, **data))


@router.get("/categories", response=list[CategoryOut], summary="问题类别表（GB/T 30428 部件/事件）及处置时限")
def category_list(request: HttpRequest, all: bool = False) -> list[ComplaintCategory]:
    request_actor(request)
    return list(selectors.complaint_category_list(active_only=not all))


@router.post("/categories", response=CategoryOut, summary="新增或修改问题类别（按部件/事件与小类代码）")
def category_save(request: HttpRequest, payload: CategoryIn) -> ComplaintCategory:
    actor = request_actor(request)
    data = payload.dict()
    unit_id = data.pop("default_unit_id")
    unit = access_agency(actor=actor, agency_id=unit_id) if unit_id else None
    return services.complaint_category_save(actor=actor, default_unit=unit, **data)


@router.get(
    "/unit-scores",
    response=list[UnitScoreOut],
    summary="承办单位考核：按期处置率、结案率、返工率、延期率、满意率、综合指标值及排名",
)
def unit_scores(request: HttpRequest, agency_id: int, start: date, end: date) -> list[UnitScore]:
    agency = access_agency(actor=request_actor(request), agency_id=agency_id)
    if end < start or (end - start).days > 366:
        raise ValidationError("统计期间的结束日期不能早于开始日期，且不超过一年。")
    return selectors.complaint_unit_scores(agency=agency, start=start, end=end)


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
    unit = access_agency(actor=actor, agency_id=payload.assigned_to_id) if payload.assigned_to_id else None
    return services.complaint_dispatch(actor=actor, complaint=complaint, assigned_to=unit, note=payload.note)


@router.get(
    "/{complaint_id}/steps", response=list[StepOut], summary="办理环节（受理、派遣、处置、返工、延期、督办、回访…）"
)
def complaint_steps(request: HttpRequest, complaint_id: int) -> list[ComplaintStep]:
    complaint = selectors.access_complaint(actor=request_actor(request), complaint_id=complaint_id)
    return selectors.complaint_steps(complaint)


@router.post("/{complaint_id}/extension", response=ComplaintOut, summary="申请延期（承办单位）")
def complaint_extension_request(request: HttpRequest, complaint_id: int, payload: ExtensionIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    return services.complaint_extension_request(
        actor=actor, complaint=complaint, until=payload.until, reason=payload.reason
    )


@router.post("/{complaint_id}/extension/decide", response=ComplaintOut, summary="审批延期（受理机构）")
def complaint_extension_decide(request: HttpRequest, complaint_id: int, payload: ExtensionDecisionIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    return services.complaint_extension_decide(
        actor=actor, complaint=complaint, approved=payload.approved, note=payload.note, until=payload.until
    )


@router.post("/{complaint_id}/callback", response=ComplaintOut, summary="回访诉求人")
def complaint_callback(request: HttpRequest, complaint_id: int, payload: CallbackIn) -> Complaint:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    return services.complaint_callback(
        actor=actor, complaint=complaint, satisfaction=payload.satisfaction, result=payload.result
    )


@router.post("/{complaint_id}/case", response={201: CaseOpenOut}, summary="转案源（一步登记案源并关联）")
def complaint_case_open(request: HttpRequest, complaint_id: int, payload: CaseOpenIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    case = services.complaint_case_open(actor=actor, complaint=complaint, **payload.dict())
    return Status(201, {"complaint_id": complaint.pk, "case_id": case.pk, "lead_number": case.lead_number})


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
