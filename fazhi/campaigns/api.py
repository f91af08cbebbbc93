"""专项行动 and 柔性执法 API: campaigns with their targets, actions and linked records; soft measures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.campaigns import selectors, services
from fazhi.campaigns.models import Campaign, CampaignAction, CampaignTarget, SoftMeasure
from fazhi.cases.selectors import access_case
from fazhi.complaints.selectors import access_complaint
from fazhi.inspections.selectors import access_inspection_task

router = Router(tags=["专项行动与柔性执法"])


class CampaignOut(Schema):
    id: int
    agency_id: int
    name: str = Field(description="行动名称")
    starts_on: date = Field(description="开始日期")
    ends_on: date = Field(description="结束日期")
    description: str = Field(description="行动内容")


class CampaignIn(Schema):
    agency_id: int = Field(description="牵头机构")
    name: str = Field(description="行动名称")
    starts_on: date = Field(description="开始日期")
    ends_on: date = Field(description="结束日期（不早于开始日期）")
    description: str = Field("", description="行动内容")


class TargetOut(Schema):
    id: int
    campaign_id: int
    kind: str = Field(description="目标事项，如 拆除违建、整治点位")
    unit: str = Field(description="单位，如 平方米、处、个")
    number: Decimal = Field(description="目标数")
    achieved: Decimal | None = Field(description="完成数")


class TargetIn(Schema):
    kind: str = Field(description="目标事项")
    unit: str = Field(description="单位")
    number: Decimal = Field(description="目标数（大于0，最多两位小数）")
    achieved: Decimal | None = Field(None, description="完成数")


class AchieveIn(Schema):
    achieved: Decimal = Field(description="完成数")


class ActionOut(Schema):
    id: int
    campaign_id: int
    kind: str = Field(description="措施类别：notice 通知书、call 语音告知、check 检查、other 其他")
    taken_on: date = Field(description="日期")
    count: int = Field(description="数量")
    note: str = Field(description="说明")


class ActionIn(Schema):
    kind: str = Field(description="措施类别：notice、call、check、other")
    taken_on: date = Field(description="日期（在行动期间内）")
    count: int = Field(description="数量（如 语音告知的号码数）")
    note: str = Field("", description="说明")


class LinkIn(Schema):
    id: int = Field(description="案件、诉求或检查任务的ID")


class LinkOut(Schema):
    campaign_id: int
    linked_id: int = Field(description="已计入的记录ID")


class CampaignDetailOut(CampaignOut):
    targets: list[TargetOut]
    actions: list[ActionOut]
    case_ids: list[int] = Field(description="计入本行动的案件")
    complaint_ids: list[int] = Field(description="计入本行动的群众诉求")
    inspection_task_ids: list[int] = Field(description="计入本行动的检查任务")
    soft_measure_ids: list[int] = Field(description="本行动中的柔性执法")


class SoftMeasureOut(Schema):
    id: int
    agency_id: int
    kind: str = Field(
        description="方式：warm_notice 温馨告知书、persuasion 说服教育、demonstration 劝导示范、"
        "warning 警示告诫、interview 指导约谈"
    )
    kind_label: str = Field(description="方式（中文）")
    target_name: str = Field(description="对象（当事人或商户）")
    place: str = Field(description="地点")
    taken_on: date = Field(description="日期")
    officer_id: int = Field(description="执法人员")
    content: str = Field(description="内容")
    campaign_id: int | None = Field(description="所属专项行动")
    case_id: int | None = Field(description="后续立案")

    @staticmethod
    def resolve_kind_label(obj: SoftMeasure) -> str:
        return obj.get_kind_display()


class SoftMeasureIn(Schema):
    agency_id: int = Field(description="实施机构")
    kind: str = Field(description="方式：warm_notice、persuasion、demonstration、warning、interview")
    target_name: str = Field(description="对象（当事人或商户）")
    place: str = Field(description="地点")
    taken_on: date = Field(description="日期")
    officer_id: int = Field(description="执法人员")
    content: str = Field(description="内容")
    campaign_id: int | None = Field(None, description="所属专项行动（日期须在其期间内）")


class CaseIn(Schema):
    case_id: int = Field(description="后续立案的案件")


class Page(Schema):
    offset: int = 0
    limit: int = 50


def _slice(qs: QuerySet[Any], query: Page) -> list[Any]:
    offset, limit = max(query.offset, 0), min(max(query.limit, 1), 500)
    return list(qs[offset : offset + limit])


@router.get("/", response=list[CampaignOut], summary="专项行动列表")
def campaign_list(request: HttpRequest, query: Query[Page], q: str = "") -> list[Campaign]:
    return _slice(selectors.campaign_list(actor=request_actor(request), search=q.strip()[:60]), query)


@router.post("/", response={201: CampaignOut}, summary="开展专项行动")
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status[Campaign]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    return Status(201, services.campaign_create(actor=actor, agency=agency, **data))


@router.get("/soft-measures", response=list[SoftMeasureOut], summary="柔性执法列表")
def soft_measure_list(
    request: HttpRequest, query: Query[Page], kind: str = "", campaign_id: int = 0
) -> list[SoftMeasure]:
    qs = selectors.soft_measure_list(actor=request_actor(request), kind=kind, campaign_id=campaign_id or None)
    return _slice(qs, query)


@router.post("/soft-measures", response={201: SoftMeasureOut}, summary="登记柔性执法")
def soft_measure_create(request: HttpRequest, payload: SoftMeasureIn) -> Status[SoftMeasure]:
    actor = request_actor(request)
    campaign = selectors.access_campaign(actor=actor, campaign_id=payload.campaign_id) if payload.campaign_id else None
    measure = services.soft_measure_record(
        actor=actor,
        agency=access_agency(actor=actor, agency_id=payload.agency_id),
        kind=payload.kind,
        target_name=payload.target_name,
        place=payload.place,
        taken_on=payload.taken_on,
        officer=access_officer(actor=actor, officer_id=payload.officer_id),
        content=payload.content,
        campaign=campaign,
    )
    return Status(201, measure)


@router.get("/soft-measures/{measure_id}", response=SoftMeasureOut, summary="柔性执法详情")
def soft_measure_get(request: HttpRequest, measure_id: int) -> SoftMeasure:
    return selectors.access_soft_measure(actor=request_actor(request), measure_id=measure_id)


@router.post("/soft-measures/{measure_id}/case", response=SoftMeasureOut, summary="关联后续立案")
def soft_measure_case(request: HttpRequest, measure_id: int, payload: CaseIn) -> SoftMeasure:
    actor = request_actor(request)
    measure = selectors.access_soft_measure(actor=actor, measure_id=measure_id)
    case = access_case(actor=actor, case_id=payload.case_id)
    return services.soft_measure_link_case(actor=actor, measure=measure, case=case)


@router.post("/targets/{target_id}/achieved", response=TargetOut, summary="登记目标完成数")
def target_achieve(request: HttpRequest, target_id: int, payload: AchieveIn) -> CampaignTarget:
    actor = request_actor(request)
    target = selectors.access_target(actor=actor, target_id=target_id)
    return services.campaign_target_achieve(actor=actor, target=target, achieved=payload.achieved)


@router.get("/{campaign_id}", response=CampaignDetailOut, summary="专项行动详情（目标、措施及计入的记录）")
def campaign_get(request: HttpRequest, campaign_id: int) -> dict[str, object]:
    actor = request_actor(request)
    campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
    detail = selectors.campaign_detail(actor=actor, campaign=campaign)
    return {
        "id": campaign.pk,
        "agency_id": campaign.agency_id,
        "name": campaign.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "description": campaign.description,
        "targets": detail["targets"],
        "actions": detail["actions"],
        "case_ids": [c.pk for c in detail["cases"]],  # type: ignore[attr-defined]
        "complaint_ids": [c.pk for c in detail["complaints"]],  # type: ignore[attr-defined]
        "inspection_task_ids": [t.pk for t in detail["tasks"]],  # type: ignore[attr-defined]
        "soft_measure_ids": [m.pk for m in detail["soft_measures"]],  # type: ignore[attr-defined]
    }


@router.post("/{campaign_id}/targets", response={201: TargetOut}, summary="设定行动目标")
def target_add(request: HttpRequest, campaign_id: int, payload: TargetIn) -> Status[CampaignTarget]:
    actor = request_actor(request)
    campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
    return Status(201, services.campaign_target_add(actor=actor, campaign=campaign, **payload.dict()))


@router.post("/{campaign_id}/actions", response={201: ActionOut}, summary="登记行动措施（通知书、语音告知、检查）")
def action_record(request: HttpRequest, campaign_id: int, payload: ActionIn) -> Status[CampaignAction]:
    actor = request_actor(request)
    campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
    return Status(201, services.campaign_action_record(actor=actor, campaign=campaign, **payload.dict()))


@router.post("/{campaign_id}/cases", response={201: LinkOut}, summary="计入案件（发现日期须在行动期间内）")
def case_link(request: HttpRequest, campaign_id: int, payload: LinkIn) -> Status[dict[str, int]]:
    actor = request_actor(request)
    campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
    case = access_case(actor=actor, case_id=payload.id)
    services.campaign_case_link(actor=actor, campaign=campaign, case=case)
    return Status(201, {"campaign_id": campaign.pk, "linked_id": case.pk})


@router.post("/{campaign_id}/complaints", response={201: LinkOut}, summary="计入群众诉求")
def complaint_link(request: HttpRequest, campaign_id: int, payload: LinkIn) -> Status[dict[str, int]]:
    actor = request_actor(request)
    campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
    complaint = access_complaint(actor=actor, complaint_id=payload.id)
    services.campaign_complaint_link(actor=actor, campaign=campaign, complaint=complaint)
    return Status(201, {"campaign_id": campaign.pk, "linked_id": complaint.pk})


@router.post("/{campaign_id}/inspections", response={201: LinkOut}, summary="计入检查任务")
def inspection_link(request: HttpRequest, campaign_id: int, payload: LinkIn) -> Status[dict[str, int]]:
    actor = request_actor(request)
    campaign = selectors.access_campaign(actor=actor, campaign_id=campaign_id)
    task = access_inspection_task(actor=actor, task_id=payload.id)
    services.campaign_inspection_link(actor=actor, campaign=campaign, task=task)
    return Status(201, {"campaign_id": campaign.pk, "linked_id": task.pk})
