"""合同审查 API: list, register, change."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import ModelSchema, Query, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.api.common import Page, _agency, _page, _set, router
from fazhi.legal_affairs.models import (
    ContractReview,
)


class ContractReviewOut(ModelSchema):
    class Meta:
        model = ContractReview
        fields = "__all__"


class ContractReviewUpdate(Schema):
    title: str | None = None
    counterparty: str | None = None
    received_on: date | None = None
    reviewed_on: date | None = None
    opinion_issued: bool | None = None
    adviser: str | None = None
    note: str | None = None


class ContractReviewIn(ContractReviewUpdate):
    agency_id: int
    title: str
    received_on: date


@router.get("/contract-reviews", response=list[ContractReviewOut], summary="合同审查列表")
def contract_review_list(request: HttpRequest, page: Query[Page]) -> list[ContractReview]:
    return _page(selectors.scoped(actor=request_actor(request), model=ContractReview), page)


@router.post("/contract-reviews", response={201: ContractReviewOut}, summary="登记合同审查")
def contract_review_create(request: HttpRequest, payload: ContractReviewIn) -> Status[ContractReview]:
    actor = request_actor(request)
    item = services.contract_review_create(actor=actor, agency=_agency(actor, payload.agency_id), **_set(payload))
    return Status(201, item)


@router.patch("/contract-reviews/{item_id}", response=ContractReviewOut, summary="修改合同审查")
def contract_review_update(request: HttpRequest, item_id: int, payload: ContractReviewUpdate) -> ContractReview:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=ContractReview, pk=item_id, what="合同审查")
    return services.contract_review_update(actor=actor, review=item, **_set(payload))
