"""规范性文件 API: list, register, change."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import ModelSchema, Query, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.api.common import Page, _agency, _page, _set, router
from fazhi.legal_affairs.models import (
    NormativeDocument,
)


class NormativeDocumentOut(ModelSchema):
    class Meta:
        model = NormativeDocument
        fields = "__all__"


class NormativeDocumentUpdate(Schema):
    title: str | None = None
    number: str | None = None
    legality_reviewed: bool | None = None
    issued_on: date | None = None
    filed_on: date | None = None
    repealed_on: date | None = None
    note: str | None = None


class NormativeDocumentIn(NormativeDocumentUpdate):
    agency_id: int
    title: str


@router.get("/normative-documents", response=list[NormativeDocumentOut], summary="规范性文件列表")
def normative_document_list(request: HttpRequest, page: Query[Page]) -> list[NormativeDocument]:
    return _page(selectors.scoped(actor=request_actor(request), model=NormativeDocument), page)


@router.post("/normative-documents", response={201: NormativeDocumentOut}, summary="登记规范性文件")
def normative_document_create(request: HttpRequest, payload: NormativeDocumentIn) -> Status[NormativeDocument]:
    actor = request_actor(request)
    doc = services.normative_document_create(actor=actor, agency=_agency(actor, payload.agency_id), **_set(payload))
    return Status(201, doc)


@router.patch(
    "/normative-documents/{item_id}", response=NormativeDocumentOut, summary="修改规范性文件（审核、印发、备案、废止）"
)
def normative_document_update(
    request: HttpRequest, item_id: int, payload: NormativeDocumentUpdate
) -> NormativeDocument:
    actor = request_actor(request)
    doc = selectors.access(actor=actor, model=NormativeDocument, pk=item_id, what="规范性文件")
    return services.normative_document_update(actor=actor, document=doc, **_set(payload))
