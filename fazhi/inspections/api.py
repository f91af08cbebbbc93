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
from fazhi.inspections import selectors, services
from fazhi.inspections.models import Draw, InspectionPlan, InspectionResult, InspectionTarget, InspectionTask

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
    is_active: bool


class TargetIn(Schema):
    agency_id: int
    name: str
    uscc: str = ""
    address: str = ""
    category: str = ""


class TargetUpdate(Schema):
    address: str | None = None
    category: str | None = None
    is_active: bool | None = None


class PlanOut(Schema):
    id: int
    agency_id: int
    title: str
    year: int
    category: str
    sample_share: Decimal
    officers_per_task: int
    items: str


class PlanIn(Schema):
    agency_id: int
    title: str
    year: int
    sample_share: Decimal
    items: str = ""
    category: str = ""
    officers_per_task: int = 2


class DrawIn(Schema):
    seed: int | None = None


class DrawOut(Schema):
    id: int
    plan_id: int
    seed: int
    drawn_at: datetime
    target_count: int
    officers_per_task: int
    candidate_target_ids: list[int]
    candidate_officer_ids: list[int]
    assignment: dict[str, list[int]]
    verified: bool

    @staticmethod
    def resolve_verified(obj: Draw) -> bool:
        return services.draw_verify(obj)


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


class ResultIn(Schema):
    inspected_on: date
    result: Annotated[str, CodeOf(InspectionResult)]
    findings: str = ""
    officer_ids: list[int] | None = None
    case_id: int | None = None


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
    return Status(201, services.inspection_plan_create(actor=actor, agency=agency, **data))


@router.post("/plans/{plan_id}/draws", response={201: DrawOut}, summary="随机抽取（记录种子，可复核）")
def draw_run(request: HttpRequest, plan_id: int, payload: DrawIn) -> Status[Draw]:
    actor = request_actor(request)
    plan = selectors.access_inspection_plan(actor=actor, plan_id=plan_id)
    return Status(201, services.draw_run(actor=actor, plan=plan, seed=payload.seed))


@router.get("/draws/{draw_id}", response=DrawOut, summary="抽取结果及复核（verified：按种子重算一致）")
def draw_get(request: HttpRequest, draw_id: int) -> Draw:
    return selectors.access_draw(actor=request_actor(request), draw_id=draw_id)


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
    return services.inspection_record_result(
        actor=actor,
        task=task,
        inspected_on=payload.inspected_on,
        result=payload.result,
        findings=payload.findings,
        officers=officers,
        case=case,
    )


@router.get("/figures", summary="年度报告数据：双随机检查、联合检查、发现问题、转立案")
def figures(request: HttpRequest, agency_id: int, start: date, end: date) -> dict[str, Any]:
    agency = access_agency(actor=request_actor(request), agency_id=agency_id)
    return selectors.inspection_figures(agency=agency, start=start, end=end)
