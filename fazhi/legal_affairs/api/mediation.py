"""矛盾纠纷调处 API: list, intake, result."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import ModelSchema, Query, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.api.common import Page, _agency, _page, router
from fazhi.legal_affairs.models import (
    Mediation,
)


class MediationOut(ModelSchema):
    class Meta:
        model = Mediation
        fields = "__all__"


class MediationIn(Schema):
    agency_id: int
    received_on: date
    parties: str
    subject: str


class MediationCloseIn(Schema):
    resolved: bool
    resolved_on: date
    result: str = ""


@router.get("/mediations", response=list[MediationOut], summary="矛盾纠纷调处列表")
def mediation_list(request: HttpRequest, page: Query[Page]) -> list[Mediation]:
    return _page(selectors.scoped(actor=request_actor(request), model=Mediation), page)


@router.post("/mediations", response={201: MediationOut}, summary="受理矛盾纠纷")
def mediation_create(request: HttpRequest, payload: MediationIn) -> Status[Mediation]:
    actor = request_actor(request)
    item = services.mediation_register(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        received_on=payload.received_on,
        parties=payload.parties,
        subject=payload.subject,
    )
    return Status(201, item)


@router.post("/mediations/{item_id}/close", response=MediationOut, summary="登记调处结果")
def mediation_close(request: HttpRequest, item_id: int, payload: MediationCloseIn) -> Mediation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Mediation, pk=item_id, what="矛盾纠纷")
    return services.mediation_close(actor=actor, mediation=item, **payload.dict())
