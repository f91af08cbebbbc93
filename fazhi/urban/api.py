"""城管执法 API: 责令改正 and 复查; 违法建设 (责令限期拆除 → 公告 → 催告 → 强制拆除/代履行 → 拆除); the demolition
register and the yearly target. Refusals answer ``{"code", "message"}`` in Chinese with 403/404/409/422."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency
from fazhi.cases.selectors import access_case
from fazhi.core import clock
from fazhi.urban import selectors, services
from fazhi.urban.models import DemolitionRecord, DemolitionTarget, IllegalConstruction, RectificationOrder

router = Router(tags=["城管执法（责令改正、违法建设）"])


class ExemptionHintOut(Schema):
    has_rules: bool = Field(description="该案执法事项的免罚清单有不予处罚情形")
    applies: bool = Field(description="以“及时改正=是”核对免罚清单：是否适用（其他事实由案件认定）")
    kind_label: str = Field(description="适用的不予处罚类型（首违不罚、轻微不罚）")
    reasons: list[str] = Field(description="核对理由")
    missing: list[str] = Field(description="尚需在案件中认定的事实")


class RectificationOut(Schema):
    id: int
    agency_id: int
    case_id: int = Field(description="案件（案源）")
    case_number: str = Field(description="立案编号或案源编号")
    case_is_lead: bool = Field(description="案件尚在案源登记（未立案）")
    number: str = Field(description="责令改正通知书编号")
    ordered_on: date = Field(description="责令改正日期")
    requirement: str = Field(description="责令改正的内容")
    period_end: date = Field(description="改正期限届满日")
    result: str = Field(description="复查结果：pending 待复查、corrected 已改正、not_corrected 未改正")
    result_label: str
    reviewed_on: date | None = Field(description="复查日期")
    review_note: str = Field(description="复查情况")
    feeds_case: str = Field(description="复查结果对案件的意义")
    exemption: ExemptionHintOut | None = Field(description="已改正的：免罚清单核对（不予处罚、首违不罚）")

    @staticmethod
    def resolve_case_number(obj: RectificationOrder) -> str:
        return str(obj.case)

    @staticmethod
    def resolve_case_is_lead(obj: RectificationOrder) -> bool:
        return not obj.case.is_registered

    @staticmethod
    def resolve_result_label(obj: RectificationOrder) -> str:
        return obj.get_result_display()

    @staticmethod
    def resolve_feeds_case(obj: RectificationOrder) -> str:
        return selectors.rectification_feeds_case(obj)

    @staticmethod
    def resolve_exemption(obj: RectificationOrder) -> ExemptionHintOut | None:
        hint = selectors.rectification_exemption_hint(obj)
        if hint is None:
            return None
        return ExemptionHintOut(
            has_rules=hint.has_rules,
            applies=hint.applies,
            kind_label=hint.kind_label,
            reasons=list(hint.reasons),
            missing=list(hint.missing),
        )


class RectificationIn(Schema):
    case_id: int = Field(description="案件或案源的编号（id）")
    ordered_on: date = Field(description="责令改正日期")
    requirement: str = Field(description="责令改正的内容")
    period_end: date = Field(description="改正期限届满日")


class ReviewIn(Schema):
    reviewed_on: date = Field(description="复查日期：须在改正期限届满之日或其后")
    corrected: bool = Field(description="是否已改正")
    note: str = Field("", description="复查情况（未改正的必填）")


class ListQuery(Schema):
    status: str = ""
    q: str = ""
    offset: int = 0
    limit: int = 50


class RectificationQuery(ListQuery):
    case_id: int | None = Field(None, description="只列出该案件（案源）的责令改正")


class ConstructionOut(Schema):
    id: int
    agency_id: int
    case_id: int | None
    party_name: str = Field(description="当事人")
    location: str = Field(description="违法建设地点")
    area_m2: Decimal = Field(description="违法建设面积（平方米）")
    description: str
    status: str
    status_label: str
    order_number: str = Field(description="限期拆除决定书文号")
    ordered_on: date
    order_served_on: date
    order_period_end: date
    announced_on: date | None = Field(description="公告日期")
    announcement_period_end: date | None = Field(description="公告限期自行拆除届满日")
    reminder_served_on: date | None = Field(description="催告书送达日期")
    enforcement_kind: str = Field(description="forced 强制拆除 / substitute 代履行")
    enforcement_number: str
    enforcement_decided_on: date | None
    enforcement_decided_by_id: int | None = Field(description="决定人（负责人）")
    scheduled_on: date | None
    performer: str = Field(description="代履行人")
    cost_budget: Decimal | None = Field(description="代履行费用预算（元）")
    demolished_on: date | None
    demolished_by: str
    cost_actual: Decimal | None = Field(description="代履行费用（元，由当事人承担）")
    lawful_from: date | None = Field(description="今日起算：可依法强制拆除的最早日期（无法确定时为空）")
    bar_reason: str = Field(description="今日不得强制拆除的理由（可以时为空）")

    @staticmethod
    def resolve_status_label(obj: IllegalConstruction) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_lawful_from(obj: IllegalConstruction) -> date | None:
        return services.demolition_bar(obj, clock.today()).lawful_from

    @staticmethod
    def resolve_bar_reason(obj: IllegalConstruction) -> str:
        return services.demolition_bar(obj, clock.today()).reason


class ConstructionIn(Schema):
    agency_id: int
    case_id: int | None = Field(None, description="案件（可空）：复议、诉讼按此案件查找")
    party_name: str
    location: str
    area_m2: Decimal = Field(description="违法建设面积（平方米）")
    order_number: str = Field(description="限期拆除决定书文号")
    ordered_on: date
    order_served_on: date = Field(description="决定送达日期（复议、诉讼期限起算）")
    order_period_end: date = Field(description="限期拆除期限届满日")
    description: str = ""


class AnnounceIn(Schema):
    announced_on: date = Field(description="公告日期")
    period_end: date = Field(description="公告限期当事人自行拆除的届满日")


class RemindIn(Schema):
    served_on: date = Field(description="催告书送达日期")


class DecideIn(Schema):
    kind: str = Field(description="forced 强制拆除 / substitute 代履行")
    decided_on: date
    number: str = Field(description="强制拆除（代履行）决定书文号")
    scheduled_on: date = Field(description="拆除（代履行）日期")
    performer: str = Field("", description="代履行人（代履行必填）")
    cost_budget: Decimal | None = Field(None, description="代履行费用预算（元，代履行必填）")


class DemolishIn(Schema):
    demolished_on: date
    by: str = Field(description="party 当事人自行拆除 / forced 强制拆除 / substitute 代履行")
    area_m2: Decimal | None = Field(None, description="拆除面积（平方米），空则取违法建设面积")
    cost_actual: Decimal | None = Field(None, description="代履行费用（元，由当事人承担）")


class DemolitionOut(Schema):
    id: int
    agency_id: int
    place: str = Field(description="拆除地点")
    area_m2: Decimal = Field(description="拆除面积（平方米）")
    demolished_on: date
    demolished_by: str = Field(description="party 当事人自行拆除 / forced 强制拆除 / substitute 代履行")
    case_id: int | None
    construction_id: int | None
    note: str


class DemolitionIn(Schema):
    agency_id: int
    place: str
    area_m2: Decimal
    demolished_on: date
    demolished_by: str = Field(description="party / forced / substitute")
    case_id: int | None = None
    note: str = ""


class TargetOut(Schema):
    id: int
    agency_id: int
    year: int
    target_m2: Decimal = Field(description="政府下达的年度拆违目标（平方米）")
    source: str


class TargetIn(Schema):
    agency_id: int
    year: int
    target_m2: Decimal
    source: str = Field("", description="下达文件或机关")


def _page(query: ListQuery) -> tuple[int, int]:
    offset, limit = max(query.offset, 0), min(max(query.limit, 1), 500)
    return offset, offset + limit


# --- 责令改正 -----------------------------------------------------------------------------------------------


@router.get("/rectifications", response=list[RectificationOut], summary="责令改正列表")
def rectification_list(request: HttpRequest, query: Query[RectificationQuery]) -> list[RectificationOrder]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=query.case_id) if query.case_id else None
    qs = selectors.rectification_list(actor=actor, result=query.status, search=query.q[:60], case=case)
    start, stop = _page(query)
    return list(qs[start:stop])


@router.post("/rectifications", response={201: RectificationOut}, summary="责令改正（案件或案源）")
def rectification_create(request: HttpRequest, payload: RectificationIn) -> Status[RectificationOrder]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=payload.case_id)
    order = services.rectification_order(
        actor=actor,
        case=case,
        ordered_on=payload.ordered_on,
        requirement=payload.requirement,
        period_end=payload.period_end,
    )
    return Status(201, order)


@router.get("/rectifications/{order_id}", response=RectificationOut, summary="责令改正详情")
def rectification_get(request: HttpRequest, order_id: int) -> RectificationOrder:
    return selectors.access_rectification(actor=request_actor(request), order_id=order_id)


@router.post("/rectifications/{order_id}/review", response=RectificationOut, summary="复查（期限届满之日或其后）")
def rectification_review(request: HttpRequest, order_id: int, payload: ReviewIn) -> RectificationOrder:
    actor = request_actor(request)
    order = selectors.access_rectification(actor=actor, order_id=order_id)
    return services.rectification_review(
        actor=actor, order=order, reviewed_on=payload.reviewed_on, corrected=payload.corrected, note=payload.note
    )


# --- 违法建设 ------------------------------------------------------------------------------------------------


@router.get("/constructions", response=list[ConstructionOut], summary="违法建设列表")
def construction_list(request: HttpRequest, query: Query[ListQuery]) -> list[IllegalConstruction]:
    qs = selectors.construction_list(actor=request_actor(request), status=query.status, search=query.q[:60])
    start, stop = _page(query)
    return list(qs[start:stop])


@router.post("/constructions", response={201: ConstructionOut}, summary="责令限期拆除")
def construction_create(request: HttpRequest, payload: ConstructionIn) -> Status[IllegalConstruction]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    case_id = data.pop("case_id")
    case = access_case(actor=actor, case_id=case_id) if case_id else None
    return Status(201, services.construction_order(actor=actor, agency=agency, case=case, **data))


@router.get("/constructions/{construction_id}", response=ConstructionOut, summary="违法建设详情")
def construction_get(request: HttpRequest, construction_id: int) -> IllegalConstruction:
    return selectors.access_construction(actor=request_actor(request), construction_id=construction_id)


@router.post("/constructions/{construction_id}/announce", response=ConstructionOut, summary="公告，限期自行拆除")
def construction_announce(request: HttpRequest, construction_id: int, payload: AnnounceIn) -> IllegalConstruction:
    actor = request_actor(request)
    construction = selectors.access_construction(actor=actor, construction_id=construction_id)
    return services.construction_announce(
        actor=actor, construction=construction, announced_on=payload.announced_on, period_end=payload.period_end
    )


@router.post("/constructions/{construction_id}/remind", response=ConstructionOut, summary="催告")
def construction_remind(request: HttpRequest, construction_id: int, payload: RemindIn) -> IllegalConstruction:
    actor = request_actor(request)
    construction = selectors.access_construction(actor=actor, construction_id=construction_id)
    return services.construction_remind(actor=actor, construction=construction, served_on=payload.served_on)


@router.post(
    "/constructions/{construction_id}/decide", response=ConstructionOut, summary="强制拆除或代履行决定（负责人）"
)
def construction_decide(request: HttpRequest, construction_id: int, payload: DecideIn) -> IllegalConstruction:
    actor = request_actor(request)
    construction = selectors.access_construction(actor=actor, construction_id=construction_id)
    return services.construction_decide(actor=actor, construction=construction, **payload.dict())


@router.post("/constructions/{construction_id}/demolish", response={201: DemolitionOut}, summary="登记拆除完毕")
def construction_demolish(request: HttpRequest, construction_id: int, payload: DemolishIn) -> Status[DemolitionRecord]:
    actor = request_actor(request)
    construction = selectors.access_construction(actor=actor, construction_id=construction_id)
    return Status(201, services.construction_demolish(actor=actor, construction=construction, **payload.dict()))


# --- 拆除台账 and 年度目标 ---------------------------------------------------------------------------------------


@router.get("/demolitions", response=list[DemolitionOut], summary="拆除台账")
def demolition_list(request: HttpRequest, year: int | None = None) -> list[DemolitionRecord]:
    return list(selectors.demolition_list(actor=request_actor(request), year=year)[:500])


@router.post("/demolitions", response={201: DemolitionOut}, summary="登记拆除台账")
def demolition_create(request: HttpRequest, payload: DemolitionIn) -> Status[DemolitionRecord]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    case_id = data.pop("case_id")
    case = access_case(actor=actor, case_id=case_id) if case_id else None
    return Status(201, services.demolition_register(actor=actor, agency=agency, case=case, **data))


@router.get("/targets", response=list[TargetOut], summary="拆违年度目标")
def target_list(request: HttpRequest) -> list[DemolitionTarget]:
    return list(selectors.target_list(actor=request_actor(request)))


@router.post("/targets", response=TargetOut, summary="录入拆违年度目标（政府下达）")
def target_set(request: HttpRequest, payload: TargetIn) -> DemolitionTarget:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=payload.agency_id)
    return services.demolition_target_set(
        actor=actor, agency=agency, year=payload.year, target_m2=payload.target_m2, source=payload.source
    )
