"""普法 API: list, register, views."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import ModelSchema, Query, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.core.codes import CodeOf
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.api.common import Page, _agency, _case, _page, router
from fazhi.legal_affairs.models import (
    LegalEducation,
    LegalEducationKind,
)


class LegalEducationOut(ModelSchema):
    kind: Annotated[str, CodeOf(LegalEducationKind)]

    class Meta:
        model = LegalEducation
        fields = "__all__"


class LegalEducationIn(Schema):
    agency_id: int
    title: str
    kind: Annotated[str, CodeOf(LegalEducationKind)]
    published_on: date
    views: int = 0
    url: str = ""
    case_id: int | None = None


class ViewsIn(Schema):
    views: int


@router.get("/legal-education", response=list[LegalEducationOut], summary="普法列表")
def legal_education_list(request: HttpRequest, page: Query[Page]) -> list[LegalEducation]:
    return _page(selectors.scoped(actor=request_actor(request), model=LegalEducation), page)


@router.post("/legal-education", response={201: LegalEducationOut}, summary="登记普法")
def legal_education_create(request: HttpRequest, payload: LegalEducationIn) -> Status[LegalEducation]:
    actor = request_actor(request)
    item = services.legal_education_create(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        title=payload.title,
        kind=payload.kind,
        published_on=payload.published_on,
        views=payload.views,
        url=payload.url,
        case=_case(actor, payload.case_id),
    )
    return Status(201, item)


@router.patch("/legal-education/{item_id}", response=LegalEducationOut, summary="更新浏览量")
def legal_education_update(request: HttpRequest, item_id: int, payload: ViewsIn) -> LegalEducation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=LegalEducation, pk=item_id, what="普法")
    return services.legal_education_update_views(actor=actor, item=item, views=payload.views)
