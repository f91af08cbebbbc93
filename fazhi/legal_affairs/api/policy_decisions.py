"""重大行政决策 API: list, register, the steps, adoption."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import ModelSchema, Query, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.api.common import Page, _agency, _page, _set, router
from fazhi.legal_affairs.models import (
    MajorPolicyDecision,
)


class MajorPolicyDecisionOut(ModelSchema):
    class Meta:
        model = MajorPolicyDecision
        fields = "__all__"


class StepsIn(Schema):
    public_participation: bool | None = None
    expert_argument: bool | None = None
    risk_assessment: bool | None = None
    legality_review: bool | None = None
    collective_decision: bool | None = None


class MajorPolicyDecisionIn(StepsIn):
    agency_id: int
    title: str
    note: str = ""


class AdoptIn(Schema):
    decided_on: date


@router.get("/major-decisions", response=list[MajorPolicyDecisionOut], summary="重大行政决策列表")
def major_decision_list(request: HttpRequest, page: Query[Page]) -> list[MajorPolicyDecision]:
    return _page(selectors.scoped(actor=request_actor(request), model=MajorPolicyDecision), page)


@router.post("/major-decisions", response={201: MajorPolicyDecisionOut}, summary="登记重大行政决策")
def major_decision_create(request: HttpRequest, payload: MajorPolicyDecisionIn) -> Status[MajorPolicyDecision]:
    actor = request_actor(request)
    fields = _set(payload)
    item = services.major_policy_decision_create(
        actor=actor, agency=_agency(actor, payload.agency_id), title=fields.pop("title"), **fields
    )
    return Status(201, item)


@router.patch("/major-decisions/{item_id}", response=MajorPolicyDecisionOut, summary="登记决策程序")
def major_decision_update(request: HttpRequest, item_id: int, payload: StepsIn) -> MajorPolicyDecision:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=MajorPolicyDecision, pk=item_id, what="重大行政决策")
    return services.major_policy_decision_update_steps(actor=actor, decision=item, **_set(payload))


@router.post("/major-decisions/{item_id}/adopt", response=MajorPolicyDecisionOut, summary="登记作出决策")
def major_decision_adopt(request: HttpRequest, item_id: int, payload: AdoptIn) -> MajorPolicyDecision:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=MajorPolicyDecision, pk=item_id, what="重大行政决策")
    return services.major_policy_decision_adopt(actor=actor, decision=item, decided_on=payload.decided_on)
