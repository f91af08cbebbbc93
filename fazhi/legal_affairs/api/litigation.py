"""行政诉讼 API: list, register, hearing (负责人出庭应诉), judgment, defence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import ModelSchema, Query, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.core.codes import CodeOf
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.api.common import DecideIn, Page, ReplyIn, _agency, _case, _page, router
from fazhi.legal_affairs.models import (
    Litigation,
    LitigationStage,
    Reconsideration,
    ReviewOutcome,
)


class LitigationOut(ModelSchema):
    stage: Annotated[str, CodeOf(LitigationStage)]
    outcome: Annotated[str, CodeOf(ReviewOutcome)]

    class Meta:
        model = Litigation
        fields = "__all__"


class LitigationIn(Schema):
    agency_id: int
    plaintiff: str
    cause: str
    filed_on: date
    court: str
    stage: Annotated[str, CodeOf(LitigationStage)] = "first_instance"
    case_id: int | None = None
    decision_number: str = ""
    complaint_received_on: date | None = None
    reconsideration_id: int | None = None
    previous_id: int | None = None
    number: str = ""
    note: str = ""


class HearingIn(Schema):
    hearing_date: date
    head_appeared: bool
    appeared_by: str
    appeared_role: str = ""
    lawyer_only: bool = False
    absence_explanation: str = ""
    court_suggested_attendance: bool = False


@router.get("/litigations", response=list[LitigationOut], summary="行政诉讼列表")
def litigation_list(request: HttpRequest, page: Query[Page]) -> list[Litigation]:
    return _page(selectors.litigation_list(actor=request_actor(request), year=page.year), page)


@router.post("/litigations", response={201: LitigationOut}, summary="登记行政诉讼")
def litigation_create(request: HttpRequest, payload: LitigationIn) -> Status[Litigation]:
    actor = request_actor(request)
    reconsideration = (
        selectors.access(actor=actor, model=Reconsideration, pk=payload.reconsideration_id, what="行政复议")
        if payload.reconsideration_id
        else None
    )
    previous = (
        selectors.access(actor=actor, model=Litigation, pk=payload.previous_id, what="行政诉讼")
        if payload.previous_id
        else None
    )
    item = services.litigation_register(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        plaintiff=payload.plaintiff,
        cause=payload.cause,
        filed_on=payload.filed_on,
        court=payload.court,
        stage=payload.stage,
        case=_case(actor, payload.case_id),
        decision_number=payload.decision_number,
        complaint_received_on=payload.complaint_received_on,
        reconsideration=reconsideration,
        previous=previous,
        number=payload.number,
        note=payload.note,
    )
    return Status(201, item)


@router.post("/litigations/{item_id}/hearing", response=LitigationOut, summary="登记开庭及负责人出庭应诉情况")
def litigation_hearing(request: HttpRequest, item_id: int, payload: HearingIn) -> Litigation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Litigation, pk=item_id, what="行政诉讼")
    return services.litigation_record_hearing(actor=actor, litigation=item, **payload.dict())


@router.post("/litigations/{item_id}/decide", response=LitigationOut, summary="登记裁判结果")
def litigation_decide(request: HttpRequest, item_id: int, payload: DecideIn) -> Litigation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Litigation, pk=item_id, what="行政诉讼")
    return services.litigation_decide(
        actor=actor,
        litigation=item,
        outcome=payload.outcome,
        closed_on=payload.on,
        served_on=payload.served_on,
        by_ruling=payload.by_ruling,
        changed_fine=payload.changed_fine,
        changed_reasons=payload.changed_reasons,
    )


@router.post("/litigations/{item_id}/defence", response=LitigationOut, summary="登记提交答辩状")
def litigation_defend(request: HttpRequest, item_id: int, payload: ReplyIn) -> Litigation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Litigation, pk=item_id, what="行政诉讼")
    return services.litigation_defend(actor=actor, litigation=item, defended_on=payload.on)
