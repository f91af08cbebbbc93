"""行政复议 API: list, register, decide, reply."""

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
    Reconsideration,
    ReviewOutcome,
)


class ReconsiderationOut(ModelSchema):
    outcome: Annotated[str, CodeOf(ReviewOutcome)]

    class Meta:
        model = Reconsideration
        fields = "__all__"


class ReconsiderationIn(Schema):
    agency_id: int
    applicant: str
    matter: str
    received_on: date
    case_id: int | None = None
    decision_number: str = ""
    applied_on: date | None = None
    simplified: bool = False
    number: str = ""
    reconsideration_body: str = ""
    note: str = ""


@router.get("/reconsiderations", response=list[ReconsiderationOut], summary="行政复议列表")
def reconsideration_list(request: HttpRequest, page: Query[Page]) -> list[Reconsideration]:
    return _page(selectors.reconsideration_list(actor=request_actor(request), year=page.year), page)


@router.post("/reconsiderations", response={201: ReconsiderationOut}, summary="登记行政复议")
def reconsideration_create(request: HttpRequest, payload: ReconsiderationIn) -> Status[Reconsideration]:
    actor = request_actor(request)
    item = services.reconsideration_register(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        applicant=payload.applicant,
        matter=payload.matter,
        received_on=payload.received_on,
        case=_case(actor, payload.case_id),
        decision_number=payload.decision_number,
        applied_on=payload.applied_on,
        simplified=payload.simplified,
        number=payload.number,
        reconsideration_body=payload.reconsideration_body,
        note=payload.note,
    )
    return Status(201, item)


@router.post("/reconsiderations/{item_id}/decide", response=ReconsiderationOut, summary="登记复议决定")
def reconsideration_decide(request: HttpRequest, item_id: int, payload: DecideIn) -> Reconsideration:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Reconsideration, pk=item_id, what="行政复议")
    return services.reconsideration_decide(
        actor=actor,
        reconsideration=item,
        outcome=payload.outcome,
        decided_on=payload.on,
        served_on=payload.served_on,
        changed_fine=payload.changed_fine,
        changed_reasons=payload.changed_reasons,
    )


@router.post("/reconsiderations/{item_id}/reply", response=ReconsiderationOut, summary="登记提交复议答复")
def reconsideration_reply(request: HttpRequest, item_id: int, payload: ReplyIn) -> Reconsideration:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Reconsideration, pk=item_id, what="行政复议")
    return services.reconsideration_reply(actor=actor, reconsideration=item, replied_on=payload.on)
