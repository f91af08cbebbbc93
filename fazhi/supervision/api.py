"""API of supervision: the board and alerts, 预警处置, 督查 and its 交办单, issued 通报, and 案卷评查 — scoped like the
pages, every write through the same services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.codes import CodeOf
from fazhi.core.downloads import DOCX, attachment
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.supervision import dispositions as dsp
from fazhi.supervision import file_review, issuing, library, selectors, unit_inspections
from fazhi.supervision.models import (
    AlertDisposition,
    AssignmentItem,
    BulletinKind,
    DispositionAction,
    DispositionStatus,
    FileReview,
    FileReviewDraw,
    Grade,
    IssuedBulletin,
    Severity,
    UnitInspection,
)

router = Router(tags=["执法监督"])


class AlertOut(Schema):
    id: int
    rule_id: str
    severity: Annotated[str, CodeOf(Severity)]
    article: str
    record_type: str
    object_id: int
    record_label: str
    agency_id: int
    case_id: int | None
    explanation: str


@router.get("/board")
def board(request: HttpRequest) -> dict[str, Any]:
    return selectors.alert_board(actor=request_actor(request))


@router.get("/alerts", response=list[AlertOut])
def alerts(request: HttpRequest, rule: str = "", agency: int | None = None) -> Any:
    return list(selectors.alert_list(actor=request_actor(request), rule_id=rule, agency_id=agency)[:500])


# -- 预警处置 ------------------------------------------------------------------------------------------------------


class DispositionAttachmentOut(Schema):
    id: int
    name: str
    sha256: str
    size: int


class DispositionStepOut(Schema):
    id: int
    action: Annotated[str, CodeOf(DispositionAction)]
    status_after: Annotated[str, CodeOf(DispositionStatus)]
    actor_id: int
    at: datetime
    note: str
    deadline: date | None
    attachments: list[DispositionAttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())


class DispositionOut(Schema):
    id: int
    alert_id: int
    alert_label: str
    agency_id: int
    assignee_id: int
    deadline: date
    status: Annotated[str, CodeOf(DispositionStatus)]
    status_label: str
    escalated: bool
    overdue: bool
    steps: list[DispositionStepOut]

    @staticmethod
    def resolve_alert_label(obj: AlertDisposition) -> str:
        return obj.alert.record_label

    @staticmethod
    def resolve_status_label(obj: AlertDisposition) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj: AlertDisposition) -> bool:
        return obj.overdue_on(clock.today())

    @staticmethod
    def resolve_steps(obj: AlertDisposition) -> list[Any]:
        return list(obj.steps.prefetch_related("attachments").order_by("at", "pk"))


class DispositionAssignIn(Schema):
    agency_id: int
    assignee_id: int
    deadline: date
    note: str = ""


class DispositionReturnIn(Schema):
    reason: str
    deadline: date | None = None


class DispositionNoteIn(Schema):
    note: str = ""
    deadline: date | None = None


class DispositionAnswerIn(Schema):
    explanation: str


def _assignee(actor: User, user_id: int) -> User:
    user = User.objects.select_related("agency").filter(pk=user_id, agency__isnull=False).first()
    if user is None or user.agency is None or not scope_for(actor).sees(user.agency):
        raise NotFoundOrForbidden("整改责任人")
    return user


@router.get("/dispositions", response=list[DispositionOut], summary="预警处置（本人可见范围；mine=1 为本人待办）")
def disposition_list(request: HttpRequest, status: str = "", mine: bool = False) -> list[AlertDisposition]:
    code = status if status in DispositionStatus.values else ""
    return list(dsp.disposition_list(actor=request_actor(request), status=code, mine=mine)[:500])


@router.get("/dispositions/{disposition_id}", response=DispositionOut, summary="预警处置详情及各环节")
def disposition_get(request: HttpRequest, disposition_id: int) -> AlertDisposition:
    return dsp.access_disposition(actor=request_actor(request), disposition_id=disposition_id)


@router.post("/alerts/{alert_id}/assign", response={201: DispositionOut}, summary="交办预警（单位、责任人、期限）")
def disposition_assign(request: HttpRequest, alert_id: int, payload: DispositionAssignIn) -> Status[AlertDisposition]:
    actor = request_actor(request)
    alert = dsp.access_alert(actor=actor, alert_id=alert_id)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    assignee = _assignee(actor, payload.assignee_id)
    return Status(
        201,
        dsp.disposition_assign(
            actor=actor, alert=alert, agency=agency, assignee=assignee, deadline=payload.deadline, note=payload.note
        ),
    )


@router.post(
    "/dispositions/{disposition_id}/answer", response=DispositionOut, summary="整改答复（multipart：整改说明 + 材料）"
)
def disposition_answer(
    request: HttpRequest,
    disposition_id: int,
    payload: DispositionAnswerIn = Form(...),  # noqa: B008
    files: list[UploadedFile] = File(default=[]),  # noqa: B008
) -> AlertDisposition:
    actor = request_actor(request)
    d = dsp.access_disposition(actor=actor, disposition_id=disposition_id)
    return dsp.disposition_answer(actor=actor, disposition=d, explanation=payload.explanation, files=files)


@router.post("/dispositions/{disposition_id}/return", response=DispositionOut, summary="退回整改答复（理由）")
def disposition_return(request: HttpRequest, disposition_id: int, payload: DispositionReturnIn) -> AlertDisposition:
    actor = request_actor(request)
    d = dsp.access_disposition(actor=actor, disposition_id=disposition_id)
    return dsp.disposition_return(actor=actor, disposition=d, reason=payload.reason, deadline=payload.deadline)


@router.post("/dispositions/{disposition_id}/close", response=DispositionOut, summary="核查办结")
def disposition_close(request: HttpRequest, disposition_id: int, payload: DispositionNoteIn) -> AlertDisposition:
    actor = request_actor(request)
    d = dsp.access_disposition(actor=actor, disposition_id=disposition_id)
    return dsp.disposition_close(actor=actor, disposition=d, note=payload.note)


@router.post("/dispositions/{disposition_id}/escalate", response=DispositionOut, summary="督办")
def disposition_escalate(request: HttpRequest, disposition_id: int, payload: DispositionNoteIn) -> AlertDisposition:
    actor = request_actor(request)
    d = dsp.access_disposition(actor=actor, disposition_id=disposition_id)
    return dsp.disposition_escalate(actor=actor, disposition=d, note=payload.note, deadline=payload.deadline)


# -- 督查 and 交办单 -----------------------------------------------------------------------------------------------


class AssignmentItemOut(Schema):
    id: int
    number: int
    text: str
    deadline: date
    closed_on: date | None
    closure_note: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj: AssignmentItem) -> bool:
        return obj.overdue_on(clock.today())


class UnitInspectionOut(Schema):
    id: int
    agency_id: int
    inspected_on: date
    inspectors: str
    findings: str
    rectification: str
    problems: int
    items: list[AssignmentItemOut]

    @staticmethod
    def resolve_items(obj: UnitInspection) -> list[AssignmentItem]:
        return list(obj.items.all())


class AssignmentItemIn(Schema):
    text: str
    deadline: date


class UnitInspectionIn(Schema):
    agency_id: int
    inspected_on: date
    inspectors: str
    findings: str
    rectification: str = ""
    problems: int = 0
    items: list[AssignmentItemIn] = []


class AssignmentItemCloseIn(Schema):
    closed_on: date
    note: str


@router.get("/inspections", response=list[UnitInspectionOut], summary="督查记录")
def inspection_list(request: HttpRequest) -> list[UnitInspection]:
    return list(unit_inspections.unit_inspection_list(actor=request_actor(request))[:500])


@router.post("/inspections", response={201: UnitInspectionOut}, summary="登记督查及交办单")
def inspection_create(request: HttpRequest, payload: UnitInspectionIn) -> Status[UnitInspection]:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    inspection = unit_inspections.unit_inspection_record(
        actor=actor,
        agency=agency,
        inspected_on=payload.inspected_on,
        inspectors=payload.inspectors,
        findings=payload.findings,
        rectification=payload.rectification,
        problems=payload.problems,
        items=[unit_inspections.ItemIn(text=i.text, deadline=i.deadline) for i in payload.items],
    )
    return Status(201, inspection)


@router.get("/inspections/overdue-items", response=list[AssignmentItemOut], summary="逾期未销号的交办事项")
def items_overdue(request: HttpRequest) -> list[AssignmentItem]:
    actor = request_actor(request)
    return list(unit_inspections.assignment_items_overdue_for(actor=actor, today=clock.today())[:500])


@router.get("/inspections/{inspection_id}", response=UnitInspectionOut, summary="督查详情")
def inspection_get(request: HttpRequest, inspection_id: int) -> UnitInspection:
    return unit_inspections.access_unit_inspection(actor=request_actor(request), inspection_id=inspection_id)


@router.post("/inspections/{inspection_id}/items", response={201: AssignmentItemOut}, summary="增加交办事项")
def item_add(request: HttpRequest, inspection_id: int, payload: AssignmentItemIn) -> Status[AssignmentItem]:
    actor = request_actor(request)
    inspection = unit_inspections.access_unit_inspection(actor=actor, inspection_id=inspection_id)
    item = unit_inspections.assignment_item_add(
        actor=actor, inspection=inspection, text=payload.text, deadline=payload.deadline
    )
    return Status(201, item)


@router.post("/inspection-items/{item_id}/close", response=AssignmentItemOut, summary="交办事项销号")
def item_close(request: HttpRequest, item_id: int, payload: AssignmentItemCloseIn) -> AssignmentItem:
    actor = request_actor(request)
    item = unit_inspections.access_assignment_item(actor=actor, item_id=item_id)
    return unit_inspections.assignment_item_close(
        actor=actor, item=item, closed_on=payload.closed_on, note=payload.note
    )


# -- 通报 ----------------------------------------------------------------------------------------------------------


class IssuedBulletinOut(Schema):
    id: int
    agency_id: int
    kind: Annotated[str, CodeOf(BulletinKind)]
    year: int
    number: int
    number_label: str
    title: str
    period_start: date
    period_end: date
    issued_at: datetime
    issued_by_id: int
    docx_sha256: str
    content: dict[str, Any]


class BulletinIssueIn(Schema):
    agency_id: int
    kind: Annotated[str, CodeOf(BulletinKind)]
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    inspection_id: int | None = None


@router.get("/bulletins", response=list[IssuedBulletinOut], summary="已发布的通报")
def bulletin_list(request: HttpRequest, kind: str = "", year: int | None = None) -> list[IssuedBulletin]:
    code = kind if kind in BulletinKind.values else ""
    return list(issuing.issued_bulletin_list(actor=request_actor(request), kind=code, year=year)[:500])


@router.post("/bulletins", response={201: IssuedBulletinOut}, summary="发布通报（编号〔年〕第N期）")
def bulletin_issue(request: HttpRequest, payload: BulletinIssueIn) -> Status[IssuedBulletin]:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    inspection = None
    if payload.inspection_id is not None:
        inspection = unit_inspections.access_unit_inspection(actor=actor, inspection_id=payload.inspection_id)
    issued = issuing.bulletin_issue(
        actor=actor,
        agency=agency,
        kind=payload.kind,
        year=payload.year,
        month=payload.month,
        quarter=payload.quarter,
        inspection=inspection,
    )
    return Status(201, issued)


@router.get("/bulletins/{bulletin_id}", response=IssuedBulletinOut, summary="通报详情（发布时冻结的内容）")
def bulletin_get(request: HttpRequest, bulletin_id: int) -> IssuedBulletin:
    return issuing.access_issued_bulletin(actor=request_actor(request), bulletin_id=bulletin_id)


@router.get("/bulletins/{bulletin_id}/docx", summary="下载通报（.docx）")
def bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    b = issuing.access_issued_bulletin(actor=request_actor(request), bulletin_id=bulletin_id)
    return attachment(issuing.issued_bulletin_docx(bulletin=b), f"{b.title}{b.number_label}.docx", DOCX)


# -- 案卷评查 ------------------------------------------------------------------------------------------------------


class FileReviewDrawIn(Schema):
    agency_id: int
    period_start: date
    period_end: date
    share: Decimal  # 0.1 or "0.1": a share between 0 and 1 (the page also takes "10%")
    seed: str = ""


class FileReviewDrawOut(Schema):
    id: int
    agency_id: int
    period_start: date
    period_end: date
    share: Decimal
    seed: str
    candidate_ids: list[int]
    case_ids: list[int]
    drawn_at: datetime
    verified: bool

    @staticmethod
    def resolve_verified(obj: FileReviewDraw) -> bool:
        return file_review.file_review_draw_verify(draw=obj)


class FileReviewIn(Schema):
    case_id: int
    draw_id: int | None = None
    scores: dict[str, Decimal]
    comments: str = ""
    exemplary: bool = False
    poor: bool = False


class FileReviewOut(Schema):
    id: int
    case_id: int
    draw_id: int | None
    total: Decimal
    max_total: Decimal
    grade: Annotated[str, CodeOf(Grade)]
    exemplary: bool
    poor: bool
    comments: str
    reviewed_on: date


class FileReviewResultOut(Schema):
    agency_id: int
    agency_name: str
    reviewed: int
    average_percent: Decimal | None
    excellent: int
    passed: int
    failed: int
    exemplary: int
    poor: int


@router.post("/reviews/draws", response={201: FileReviewDrawOut}, summary="案卷评查随机抽取（比例0至1，如0.1）")
def review_draw(request: HttpRequest, payload: FileReviewDrawIn) -> Status[FileReviewDraw]:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    draw = file_review.file_review_draw(
        actor=actor,
        agency=agency,
        period_start=payload.period_start,
        period_end=payload.period_end,
        share=payload.share,
        seed=payload.seed,
    )
    return Status(201, draw)


@router.get("/reviews/draws/{draw_id}", response=FileReviewDrawOut, summary="抽取详情（含复核结果）")
def review_draw_get(request: HttpRequest, draw_id: int) -> FileReviewDraw:
    return library.access_draw(actor=request_actor(request), draw_id=draw_id)


@router.post("/reviews", response={201: FileReviewOut}, summary="登记案卷评查（各项得分）")
def review_record(request: HttpRequest, payload: FileReviewIn) -> Status[FileReview]:
    actor = request_actor(request)
    case = scope_for(actor).filter(Case.objects.select_related("agency")).filter(pk=payload.case_id).first()
    if case is None:
        raise NotFoundOrForbidden("案卷")
    draw = library.access_draw(actor=actor, draw_id=payload.draw_id) if payload.draw_id is not None else None
    review = file_review.file_review_record(
        actor=actor,
        case=case,
        scores={str(k): v for k, v in payload.scores.items()},
        comments=payload.comments,
        exemplary=payload.exemplary,
        poor=payload.poor,
        draw=draw,
    )
    return Status(201, review)


@router.get("/reviews/results", response=list[FileReviewResultOut], summary="评查结果（按单位）")
def review_results(request: HttpRequest, agency_id: int, start: date, end: date) -> list[Any]:
    agency = access_agency(actor=request_actor(request), agency_id=agency_id)
    return file_review.file_review_results(agency=agency, start=start, end=end)


@router.get("/reviews/library", summary="示范优案与典型差案（脱敏）")
def review_library(request: HttpRequest, kind: str = "") -> list[dict[str, Any]]:
    return [e.as_dict() for e in library.case_library(actor=request_actor(request), kind=kind)]
