"""双随机、一公开 API: targets, plans, draws (run and verify), inspection tasks and their results, figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.cases.selectors import access_case
from fazhi.core.codes import CodeOf
from fazhi.core.errors import ValidationError
from fazhi.inspections import draws, selectors, services
from fazhi.inspections.models import (
    CreditGrade,
    Draw,
    DrawStatus,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
    InspectionTask,
    ItemOutcome,
    PlanItem,
    RiskLevel,
    TargetExemption,
    TargetRelation,
)

router = Router(tags=["双随机一公开"])


class Page(Schema):
    offset: int = 0
    limit: int = 50
    year: int | None = None
    q: str = ""


def _page(qs: Any, page: Page) -> list[Any]:
    offset, limit = max(page.offset, 0), min(max(page.limit, 1), 500)
    return list(qs[offset : offset + limit])


class TargetOut(Schema):
    id: int
    agency_id: int
    name: str
    uscc: str
    address: str
    category: str
    risk_level: Annotated[str, CodeOf(RiskLevel)]
    credit_grade: Annotated[str, CodeOf(CreditGrade)]
    is_active: bool


class TargetIn(Schema):
    agency_id: int
    name: str
    uscc: str = ""
    address: str = ""
    category: str = ""
    risk_level: Annotated[str, CodeOf(RiskLevel)] = "medium"
    credit_grade: Annotated[str, CodeOf(CreditGrade)] = "B"


class TargetUpdate(Schema):
    address: str | None = None
    category: str | None = None
    is_active: bool | None = None
    risk_level: Annotated[str, CodeOf(RiskLevel)] | None = None
    credit_grade: Annotated[str, CodeOf(CreditGrade)] | None = None


class ChecklistItemOut(Schema):
    id: int
    number: int
    title: str
    basis: str
    department: str


class ItemIn(Schema):
    title: str
    basis: str = ""
    department: str = ""


class PlanOut(Schema):
    id: int
    agency_id: int
    title: str
    year: int
    category: str
    sample_share: Decimal
    officers_per_task: int
    items: str
    inspection_date: date | None
    scene: str
    joint_agencies: str
    allow_repeat: bool
    checklist: list[ChecklistItemOut]

    @staticmethod
    def resolve_checklist(obj: InspectionPlan) -> list[PlanItem]:
        return list(obj.checklist.all())


class PlanIn(Schema):
    agency_id: int
    title: str
    year: int
    sample_share: Decimal
    items: str = ""
    category: str = ""
    officers_per_task: int = 2
    inspection_date: date | None = None
    scene: str = ""
    joint_agencies: str = ""
    allow_repeat: bool = False
    checklist: list[ItemIn] = []


class CommitIn(Schema):
    inspection_date: date | None = None


class RedrawIn(Schema):
    reason: str
    inspection_date: date | None = None


class DrawOut(Schema):
    """A draw as published: the seed only once revealed (the secret one never leaves the database before)."""

    id: int
    plan_id: int
    status: Annotated[str, CodeOf(DrawStatus)]
    algorithm_version: str
    seed_hash: str
    snapshot_hash: str
    seed: str
    committed_at: datetime | None
    drawn_at: datetime | None
    target_count: int
    officers_per_task: int
    snapshot: dict[str, Any]
    order: list[int]
    assignment: dict[str, list[int]]
    superseded_reason: str
    verified: bool
    problems: list[str]
    changes: list[str]

    @staticmethod
    def resolve_verified(obj: Draw) -> bool:
        return _check(obj).ok

    @staticmethod
    def resolve_problems(obj: Draw) -> list[str]:
        return _check(obj).problems

    @staticmethod
    def resolve_changes(obj: Draw) -> list[str]:
        return _check(obj).changes


def _check(draw: Draw) -> draws.DrawCheck:
    """One verification per draw per response (three fields read it)."""
    cached = getattr(draw, "_fazhi_check", None)
    if cached is None:
        cached = draws.draw_verify(draw)
        draw._fazhi_check = cached  # type: ignore[attr-defined]
    return cached


class RelationIn(Schema):
    officer_id: int
    target_id: int
    reason: str


class RelationOut(Schema):
    id: int
    officer_id: int
    target_id: int
    reason: str
    is_active: bool


class ExemptionIn(Schema):
    agency_id: int
    target_id: int
    valid_from: date
    valid_until: date
    reason: str


class ExemptionOut(Schema):
    id: int
    agency_id: int
    target_id: int
    valid_from: date
    valid_until: date
    reason: str


class CaseOpenIn(Schema):
    power_item_code: str
    facts: str = ""
    party_name: str = ""
    party_id_number: str = ""


class CaseOpenOut(Schema):
    case_id: int
    lead_number: str


class TaskOut(Schema):
    id: int
    agency_id: int
    plan_id: int | None
    draw_id: int | None
    target_id: int
    officer_ids: list[int]
    inspected_on: date | None
    is_random: bool
    is_joint: bool
    joint_agencies: str
    result: Annotated[str, CodeOf(InspectionResult)]
    findings: str
    case_id: int | None

    @staticmethod
    def resolve_officer_ids(obj: InspectionTask) -> list[int]:
        return sorted(o.pk for o in obj.officers.all())


class TaskIn(Schema):
    agency_id: int
    target_id: int
    officer_ids: list[int]
    inspected_on: date
    result: Annotated[str, CodeOf(InspectionResult)] = "pending"
    findings: str = ""
    is_joint: bool = False
    joint_agencies: str = ""
    plan_id: int | None = None


class ItemResultIn(Schema):
    item_id: int
    outcome: Annotated[str, CodeOf(ItemOutcome)]
    note: str = ""


class ResultIn(Schema):
    inspected_on: date
    result: Annotated[str, CodeOf(InspectionResult)]
    findings: str = ""
    officer_ids: list[int] | None = None
    case_id: int | None = None
    items: list[ItemResultIn] = []


@router.get("/targets", response=list[TargetOut], summary="检查对象名录库")
def target_list(request: HttpRequest, page: Query[Page]) -> list[InspectionTarget]:
    return _page(selectors.inspection_target_list(actor=request_actor(request), search=page.q.strip()[:60]), page)


@router.post("/targets", response={201: TargetOut}, summary="登记检查对象")
def target_create(request: HttpRequest, payload: TargetIn) -> Status[InspectionTarget]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    return Status(201, services.inspection_target_create(actor=actor, agency=agency, **data))


@router.patch("/targets/{target_id}", response=TargetOut, summary="修改检查对象")
def target_update(request: HttpRequest, target_id: int, payload: TargetUpdate) -> InspectionTarget:
    actor = request_actor(request)
    target = selectors.access_inspection_target(actor=actor, target_id=target_id)
    return services.inspection_target_update(actor=actor, target=target, **payload.dict())


@router.get("/plans", response=list[PlanOut], summary="抽查计划")
def plan_list(request: HttpRequest, page: Query[Page]) -> list[InspectionPlan]:
    return _page(selectors.inspection_plan_list(actor=request_actor(request), year=page.year), page)


@router.post("/plans", response={201: PlanOut}, summary="制定抽查计划")
def plan_create(request: HttpRequest, payload: PlanIn) -> Status[InspectionPlan]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    data["checklist"] = [(i["title"], i["basis"], i["department"]) for i in data["checklist"]]
    return Status(201, services.inspection_plan_create(actor=actor, agency=agency, **data))


@router.post("/plans/{plan_id}/items", response={201: ChecklistItemOut}, summary="增加检查事项（检查事项清单）")
def plan_item_add(request: HttpRequest, plan_id: int, payload: ItemIn) -> Status[PlanItem]:
    actor = request_actor(request)
    plan = selectors.access_inspection_plan(actor=actor, plan_id=plan_id)
    return Status(201, services.plan_item_add(actor=actor, plan=plan, **payload.dict()))


@router.post("/plans/{plan_id}/draws", response={201: DrawOut}, summary="抽取承诺：公布种子哈希与名录快照")
def draw_commit(request: HttpRequest, plan_id: int, payload: CommitIn) -> Status[Draw]:
    actor = request_actor(request)
    plan = selectors.access_inspection_plan(actor=actor, plan_id=plan_id)
    return Status(201, draws.draw_commit(actor=actor, plan=plan, inspection_date=payload.inspection_date))


@router.post("/plans/{plan_id}/redraw", response={201: DrawOut}, summary="重新抽取（须写明理由，原抽取保留公示）")
def draw_redraw(request: HttpRequest, plan_id: int, payload: RedrawIn) -> Status[Draw]:
    actor = request_actor(request)
    plan = selectors.access_inspection_plan(actor=actor, plan_id=plan_id)
    return Status(
        201,
        draws.draw_redraw(actor=actor, plan=plan, reason=payload.reason, inspection_date=payload.inspection_date),
    )


@router.post("/draws/{draw_id}/run", response=DrawOut, summary="随机抽取：公开种子，按公开算法匹配对象与人员")
def draw_run(request: HttpRequest, draw_id: int) -> Draw:
    actor = request_actor(request)
    return draws.draw_run(actor=actor, draw=selectors.access_draw(actor=actor, draw_id=draw_id))


@router.get("/draws/{draw_id}", response=DrawOut, summary="抽取结果及复核（verified：按公开种子复算一致）")
def draw_get(request: HttpRequest, draw_id: int) -> Draw:
    return selectors.access_draw(actor=request_actor(request), draw_id=draw_id)


@router.post("/relations", response={201: RelationOut}, summary="登记回避关系（执法人员—检查对象）")
def relation_create(request: HttpRequest, payload: RelationIn) -> Status[TargetRelation]:
    actor = request_actor(request)
    relation = services.target_relation_create(
        actor=actor,
        officer=access_officer(actor=actor, officer_id=payload.officer_id),
        target=selectors.access_inspection_target(actor=actor, target_id=payload.target_id),
        reason=payload.reason,
    )
    return Status(201, relation)


@router.post("/exemptions", response={201: ExemptionOut}, summary="列入白名单（在限额与有效期内免于日常抽查）")
def exemption_create(request: HttpRequest, payload: ExemptionIn) -> Status[TargetExemption]:
    actor = request_actor(request)
    exemption = services.target_exemption_create(
        actor=actor,
        agency=access_agency(actor=actor, agency_id=payload.agency_id),
        target=selectors.access_inspection_target(actor=actor, target_id=payload.target_id),
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        reason=payload.reason,
    )
    return Status(201, exemption)


@router.get("/tasks", response=list[TaskOut], summary="检查任务")
def task_list(request: HttpRequest, page: Query[Page]) -> list[InspectionTask]:
    return _page(selectors.inspection_task_list(actor=request_actor(request), year=page.year), page)


@router.post("/tasks", response={201: TaskOut}, summary="登记检查（日常、专项、综合查一次）")
def task_create(request: HttpRequest, payload: TaskIn) -> Status[InspectionTask]:
    actor = request_actor(request)
    task = services.inspection_task_create(
        actor=actor,
        agency=access_agency(actor=actor, agency_id=payload.agency_id),
        target=selectors.access_inspection_target(actor=actor, target_id=payload.target_id),
        officers=[access_officer(actor=actor, officer_id=i) for i in payload.officer_ids],
        inspected_on=payload.inspected_on,
        result=payload.result,
        findings=payload.findings,
        is_joint=payload.is_joint,
        joint_agencies=payload.joint_agencies,
        plan=selectors.access_inspection_plan(actor=actor, plan_id=payload.plan_id) if payload.plan_id else None,
    )
    return Status(201, task)


@router.post("/tasks/{task_id}/result", response=TaskOut, summary="登记检查结果")
def task_result(request: HttpRequest, task_id: int, payload: ResultIn) -> InspectionTask:
    actor = request_actor(request)
    task = selectors.access_inspection_task(actor=actor, task_id=task_id)
    officers = (
        [access_officer(actor=actor, officer_id=i) for i in payload.officer_ids]
        if payload.officer_ids is not None
        else None
    )
    case = None
    if payload.case_id:
        case = access_case(actor=actor, case_id=payload.case_id)
    items = {i.pk: i for i in task.plan.checklist.all()} if task.plan is not None else {}
    answers = []
    for answer in payload.items:
        if answer.item_id not in items:
            raise ValidationError(f"检查事项{answer.item_id}不在本计划的清单中。")
        answers.append((items[answer.item_id], answer.outcome, answer.note))
    return services.inspection_record_result(
        actor=actor,
        task=task,
        inspected_on=payload.inspected_on,
        result=payload.result,
        findings=payload.findings,
        officers=officers,
        case=case,
        item_results=answers,
    )


@router.post("/tasks/{task_id}/case", response={201: CaseOpenOut}, summary="发现问题转为案源（一键登记）")
def task_case_open(request: HttpRequest, task_id: int, payload: CaseOpenIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    task = selectors.access_inspection_task(actor=actor, task_id=task_id)
    case = services.inspection_case_open(actor=actor, task=task, **payload.dict())
    return Status(201, {"case_id": case.pk, "lead_number": case.lead_number})


@router.get("/figures", summary="年度报告数据：双随机检查、联合检查、发现问题、转立案")
def figures(request: HttpRequest, agency_id: int, start: date, end: date) -> dict[str, Any]:
    agency = access_agency(actor=request_actor(request), agency_id=agency_id)
    return selectors.inspection_figures(agency=agency, start=start, end=end)
