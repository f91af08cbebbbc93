"""公示 API: the due list, publish, withdraw, 信用修复, statistics, export; and the public list (no login)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency
from fazhi.core import clock
from fazhi.core.codes import CodeOf
from fazhi.publicity import selectors, services
from fazhi.publicity.export import publications_export
from fazhi.publicity.models import CreditRepair, CreditRepairStatus, Publication, PublicationKind, PublicationStatus
from fazhi.publicity.views import export_response

router = Router(tags=["公示"])


class PublicationOut(Schema):
    id: int
    kind: Annotated[str, CodeOf(PublicationKind)]
    status: Annotated[str, CodeOf(PublicationStatus)]
    status_label: str
    agency_id: int
    decision_id: int | None
    number: str
    public_name: str
    decided_on: date | None
    due_on: date
    published_on: date | None
    published_late: bool
    period_months: int
    publish_until: date | None
    changed_on: date | None
    withdrawal_due: date | None
    withdrawn_on: date | None
    withdrawal_reason: str
    ended_on: date | None
    snapshot: dict[str, Any]

    @staticmethod
    def resolve_status_label(obj: Publication) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_published_late(obj: Publication) -> bool:
        return obj.is_published_late


class PublicPublicationOut(Schema):
    """Only the frozen, masked snapshot and the publication dates: nothing internal."""

    id: int
    published_on: date | None
    publish_until: date | None
    snapshot: dict[str, Any]


class PublishIn(Schema):
    on: date


class WithdrawIn(Schema):
    reason: str
    changed_on: date


class CreditRepairIn(Schema):
    applicant: str
    grounds: str
    applied_on: date | None = None


class RefuseIn(Schema):
    reason: str


class CreditRepairOut(Schema):
    id: int
    publication_id: int
    status: Annotated[str, CodeOf(CreditRepairStatus)]
    applicant: str
    applied_on: date
    grounds: str
    decided_on: date | None
    refusal_reason: str
    ended_on: date | None


class StatsOut(Schema):
    agency_id: int
    start: date
    end: date
    include_subordinates: bool
    due: int
    on_time: int
    rate: Decimal | None
    credit_repairs: int


@router.get("/public", response=list[PublicPublicationOut], auth=None, summary="公开查询：公示中的行政处罚决定")
def public_list(
    request: HttpRequest, q: str = "", offset: int = Query(0, ge=0), limit: int = Query(20, ge=1, le=100)
) -> list[Publication]:
    return list(selectors.public_publication_list(today=clock.today(), search=q)[offset : offset + limit])


@router.get("/due", response=list[PublicationOut], summary="待公示清单（到期日在前，含逾期）")
def due_list(
    request: HttpRequest, offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=500)
) -> list[Publication]:
    return list(selectors.publication_due_list(actor=request_actor(request))[offset : offset + limit])


@router.get("/stats", response=StatsOut, summary="公示及时率与信用修复数")
def stats(
    request: HttpRequest, agency_id: int, start: date, end: date, include_subordinates: bool = True
) -> dict[str, Any]:
    agency = access_agency(actor=request_actor(request), agency_id=agency_id)
    figures = selectors.publication_stats(
        agency=agency, include_subordinates=include_subordinates, start=start, end=end
    )
    repairs = selectors.credit_repair_count(
        agency=agency, include_subordinates=include_subordinates, start=start, end=end
    )
    return {
        "agency_id": agency.pk,
        "start": start,
        "end": end,
        "include_subordinates": include_subordinates,
        "due": figures.due,
        "on_time": figures.on_time,
        "rate": figures.rate,
        "credit_repairs": repairs,
    }


class ExportQuery(Schema):
    agency_id: int
    start: date
    end: date
    fmt: str = "xlsx"
    include_subordinates: bool = True


@router.get("/export", summary="导出公示数据（信用平台双公示格式，xlsx 或 csv）")
def export(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponse:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=query.agency_id)
    content = publications_export(
        actor=actor,
        agency=agency,
        start=query.start,
        end=query.end,
        fmt=query.fmt,
        include_subordinates=query.include_subordinates,
    )
    return export_response(content, fmt=query.fmt, agency=agency, start=query.start, end=query.end)


@router.get("/{publication_id}", response=PublicationOut, summary="公示详情")
def get_publication(request: HttpRequest, publication_id: int) -> Publication:
    return selectors.access_publication(actor=request_actor(request), publication_id=publication_id)


@router.post("/{publication_id}/publish", response=PublicationOut, summary="登记公示（逾期可登记，计为未按时）")
def publish(request: HttpRequest, publication_id: int, payload: PublishIn) -> Publication:
    actor = request_actor(request)
    publication = selectors.access_publication(actor=actor, publication_id=publication_id)
    return services.publication_publish(actor=actor, publication=publication, on=payload.on)


@router.post("/{publication_id}/withdraw", response=PublicationOut, summary="撤回公示（决定被变更、撤销后3个工作日内）")
def withdraw(request: HttpRequest, publication_id: int, payload: WithdrawIn) -> Publication:
    actor = request_actor(request)
    publication = selectors.access_publication(actor=actor, publication_id=publication_id)
    return services.publication_withdraw(
        actor=actor, publication=publication, reason=payload.reason, changed_on=payload.changed_on
    )


@router.post("/{publication_id}/credit-repairs", response={201: CreditRepairOut}, summary="受理信用修复申请")
def credit_repair_apply(request: HttpRequest, publication_id: int, payload: CreditRepairIn) -> Status[CreditRepair]:
    actor = request_actor(request)
    publication = selectors.access_publication(actor=actor, publication_id=publication_id)
    repair = services.credit_repair_apply(
        actor=actor,
        publication=publication,
        applicant=payload.applicant,
        grounds=payload.grounds,
        applied_on=payload.applied_on,
    )
    return Status(201, repair)


@router.post("/credit-repairs/{repair_id}/approve", response=CreditRepairOut, summary="同意信用修复，提前停止公示")
def credit_repair_approve(request: HttpRequest, repair_id: int) -> CreditRepair:
    actor = request_actor(request)
    repair = selectors.access_credit_repair(actor=actor, repair_id=repair_id)
    return services.credit_repair_approve(actor=actor, repair=repair)


@router.post("/credit-repairs/{repair_id}/refuse", response=CreditRepairOut, summary="不予同意信用修复")
def credit_repair_refuse(request: HttpRequest, repair_id: int, payload: RefuseIn) -> CreditRepair:
    actor = request_actor(request)
    repair = selectors.access_credit_repair(actor=actor, repair_id=repair_id)
    return services.credit_repair_refuse(actor=actor, repair=repair, reason=payload.reason)
