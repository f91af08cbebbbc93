"""Pages of 双随机、一公开: targets, plans (checklist, commitment, draw, redraw), 回避, 白名单, tasks and results."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, access_officer, agency_list, officer_list
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_date, parse_id
from fazhi.inspections import draws, selectors, services
from fazhi.inspections.models import CreditGrade, Draw, DrawStatus, InspectionResult, ItemOutcome, RiskLevel


def _decimal(raw: str, label: str) -> Decimal:
    try:
        return Decimal(raw.strip())
    except InvalidOperation as exc:
        raise ValidationError(f"{label}「{raw}」不是有效数字。") from exc


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Plans (with their draws) and the target register, with the forms to add either."""
    actor = request_actor(request)
    if request.method == "POST":
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "机构"))
            what = request.POST.get("what")
            if what == "plan":
                raw_date = request.POST.get("inspection_date", "").strip()
                services.inspection_plan_create(
                    actor=actor,
                    agency=agency,
                    title=request.POST.get("title", ""),
                    year=int(parse_id(request.POST.get("year"), "年度")),
                    sample_share=_decimal(request.POST.get("sample_share", ""), "抽查比例"),
                    items=request.POST.get("items", ""),
                    category=request.POST.get("category", ""),
                    inspection_date=parse_date(raw_date, "计划检查日期") if raw_date else None,
                    scene=request.POST.get("scene", ""),
                    joint_agencies=request.POST.get("joint_agencies", ""),
                    allow_repeat=request.POST.get("allow_repeat") == "on",
                    checklist=_checklist(request.POST.get("checklist", "")),
                )
            elif what == "relation":
                services.target_relation_create(
                    actor=actor,
                    officer=access_officer(actor=actor, officer_id=parse_id(request.POST.get("officer"), "执法人员")),
                    target=selectors.access_inspection_target(
                        actor=actor, target_id=parse_id(request.POST.get("target"), "检查对象")
                    ),
                    reason=request.POST.get("reason", ""),
                )
            elif what == "exemption":
                services.target_exemption_create(
                    actor=actor,
                    agency=agency,
                    target=selectors.access_inspection_target(
                        actor=actor, target_id=parse_id(request.POST.get("target"), "检查对象")
                    ),
                    valid_from=parse_date(request.POST.get("valid_from", ""), "有效期自"),
                    valid_until=parse_date(request.POST.get("valid_until", ""), "有效期至"),
                    reason=request.POST.get("reason", ""),
                )
            else:
                services.inspection_target_create(
                    actor=actor,
                    agency=agency,
                    name=request.POST.get("name", ""),
                    uscc=request.POST.get("uscc", ""),
                    address=request.POST.get("address", ""),
                    category=request.POST.get("category", ""),
                    risk_level=request.POST.get("risk_level") or RiskLevel.MEDIUM,
                    credit_grade=request.POST.get("credit_grade") or CreditGrade.B,
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记。")
            return redirect("inspections:index")
    plans = selectors.inspection_plan_list(actor=actor).prefetch_related("draws")[:50]
    targets = Paginator(selectors.inspection_target_list(actor=actor, search=request.GET.get("q", "")[:60]), 20)
    writable = not scope_for(actor).read_only
    return render(
        request,
        "inspections/index.html",
        {
            "plans": plans,
            "page": targets.get_page(request.GET.get("page")),
            "agencies": list(agency_list(actor=actor)) if writable else [],
            "all_targets": list(selectors.inspection_target_list(actor=actor).filter(is_active=True)[:500])
            if writable
            else [],
            "officers": list(officer_list(actor=actor).filter(is_active=True)) if writable else [],
            "relations": selectors.target_relation_list(actor=actor)[:50],
            "exemptions": selectors.target_exemption_list(actor=actor, today=clock.today())[:50],
            "risk_levels": RiskLevel.choices,
            "credit_grades": CreditGrade.choices,
            "default_agency": actor.agency_id,
            "year": clock.today().year,
        },
    )


def _checklist(raw: str) -> list[tuple[str, str, str]]:
    """One item a line: 检查事项｜检查依据｜负责部门 (the last two optional; | or ｜)."""
    items = []
    for line in raw.splitlines():
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if parts[0]:
            items.append((parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""))
    return items[:100]


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan: its checklist, its draws (the current one and those superseded) and the actions on them."""
    actor = request_actor(request)
    try:
        plan = selectors.access_inspection_plan(actor=actor, plan_id=plan_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    if request.method == "POST":
        try:
            what = request.POST.get("what")
            raw_date = request.POST.get("inspection_date", "").strip()
            day = parse_date(raw_date, "计划检查日期") if raw_date else None
            if what == "item":
                services.plan_item_add(
                    actor=actor,
                    plan=plan,
                    title=request.POST.get("title", ""),
                    basis=request.POST.get("basis", ""),
                    department=request.POST.get("department", ""),
                )
                messages.success(request, "已增加检查事项。")
            elif what == "commit":
                draw = draws.draw_commit(actor=actor, plan=plan, inspection_date=day)
                messages.success(request, f"已作出抽取承诺，种子哈希 {draw.seed_hash[:16]}… 已公示。")
            elif what == "run":
                draw = selectors.access_draw(actor=actor, draw_id=parse_id(request.POST.get("draw"), "抽取"))
                draw = draws.draw_run(actor=actor, draw=draw)
                messages.success(request, f"已抽取{len(draw.order)}户，随机种子已公开。")
                return redirect("inspections:draw", draw_id=draw.pk)
            elif what == "redraw":
                draws.draw_redraw(actor=actor, plan=plan, reason=request.POST.get("reason", ""), inspection_date=day)
                messages.success(request, "原抽取已作废并保留公示，已作出新的抽取承诺。")
            else:
                raise ValidationError("未知的操作。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("inspections:plan", plan_id=plan.pk)
    plan_draws = list(plan.draws.order_by("-pk"))
    current = next((d for d in plan_draws if d.status != DrawStatus.SUPERSEDED), None)
    return render(
        request,
        "inspections/plan.html",
        {"plan": plan, "draws": plan_draws, "current": current, "today": clock.today()},
    )


@login_required
def draw_detail(request: HttpRequest, draw_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        draw: Draw = selectors.access_draw(actor=actor, draw_id=draw_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    tasks = draw.tasks.select_related("target").prefetch_related("officers")
    return render(request, "inspections/draw.html", {"draw": draw, "check": draws.draw_verify(draw), "tasks": tasks})


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """One inspection: the result item by item, photos, and the one action that opens a case lead."""
    actor = request_actor(request)
    try:
        task = selectors.access_inspection_task(actor=actor, task_id=task_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    checklist = list(task.plan.checklist.all()) if task.plan is not None else []
    if request.method == "POST":
        try:
            what = request.POST.get("what")
            if what == "result":
                answers = [
                    (item, request.POST.get(f"item_{item.pk}", ""), request.POST.get(f"note_{item.pk}", ""))
                    for item in checklist
                ]
                services.inspection_record_result(
                    actor=actor,
                    task=task,
                    inspected_on=parse_date(request.POST.get("inspected_on", ""), "检查日期"),
                    result=request.POST.get("result", ""),
                    findings=request.POST.get("findings", ""),
                    item_results=answers,
                )
                messages.success(request, "已登记检查结果。")
            elif what == "photo":
                upload = request.FILES.get("photo")
                if upload is None or upload.file is None:
                    raise ValidationError("请选择照片。")
                raw_item = request.POST.get("item", "")
                item = next((i for i in checklist if str(i.pk) == raw_item), None)
                services.inspection_photo_add(
                    actor=actor, task=task, content=upload.file, filename=upload.name or "", item=item
                )
                messages.success(request, "已上传照片。")
            elif what == "case":
                case = services.inspection_case_open(
                    actor=actor,
                    task=task,
                    power_item_code=request.POST.get("power_item_code", ""),
                    facts=request.POST.get("facts", ""),
                )
                messages.success(request, f"已转为案源：{case.lead_number}。")
            else:
                raise ValidationError("未知的操作。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("inspections:task", task_id=task.pk)
    return render(
        request,
        "inspections/task.html",
        {
            "task": task,
            "checklist": checklist,
            "item_results": {r.item_id: r for r in task.item_results.all()},
            "photos": list(task.photos.all()),
            "results": [c for c in InspectionResult.choices if c[0] != InspectionResult.PENDING],
            "outcomes": ItemOutcome.choices,
            "today": clock.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tasks(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        try:
            officers = [access_officer(actor=actor, officer_id=int(i)) for i in request.POST.getlist("officers") if i]
            if request.POST.get("task"):
                task = selectors.access_inspection_task(actor=actor, task_id=parse_id(request.POST.get("task"), "任务"))
                services.inspection_record_result(
                    actor=actor,
                    task=task,
                    inspected_on=parse_date(request.POST.get("inspected_on", ""), "检查日期"),
                    result=request.POST.get("result", ""),
                    findings=request.POST.get("findings", ""),
                    officers=officers or None,
                )
            else:
                services.inspection_task_create(
                    actor=actor,
                    agency=access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "机构")),
                    target=selectors.access_inspection_target(
                        actor=actor, target_id=parse_id(request.POST.get("target"), "检查对象")
                    ),
                    officers=officers,
                    inspected_on=parse_date(request.POST.get("inspected_on", ""), "检查日期"),
                    result=request.POST.get("result", InspectionResult.PENDING),
                    findings=request.POST.get("findings", ""),
                    is_joint=request.POST.get("is_joint") == "on",
                    joint_agencies=request.POST.get("joint_agencies", ""),
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记检查。")
            return redirect("inspections:tasks")
    page = Paginator(selectors.inspection_task_list(actor=actor), 20).get_page(request.GET.get("page"))
    writable = not scope_for(actor).read_only
    return render(
        request,
        "inspections/tasks.html",
        {
            "page": page,
            "results": [c for c in InspectionResult.choices if c[0] != InspectionResult.PENDING],
            "agencies": list(agency_list(actor=actor)) if writable else [],
            "targets": list(selectors.inspection_target_list(actor=actor).filter(is_active=True)[:500])
            if writable
            else [],
            "officers": list(officer_list(actor=actor).filter(is_active=True)) if writable else [],
            "default_agency": actor.agency_id,
            "today": clock.today(),
        },
    )
