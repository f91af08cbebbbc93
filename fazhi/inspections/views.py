"""Pages of 双随机、一公开: targets, plans with their draws (and the check of each draw), inspection tasks."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, access_officer, agency_list, officer_list
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_date, parse_id
from fazhi.inspections import selectors, services
from fazhi.inspections.models import Draw, InspectionResult


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
            if request.POST.get("what") == "plan":
                services.inspection_plan_create(
                    actor=actor,
                    agency=agency,
                    title=request.POST.get("title", ""),
                    year=int(parse_id(request.POST.get("year"), "年度")),
                    sample_share=_decimal(request.POST.get("sample_share", ""), "抽查比例"),
                    items=request.POST.get("items", ""),
                    category=request.POST.get("category", ""),
                )
            else:
                services.inspection_target_create(
                    actor=actor,
                    agency=agency,
                    name=request.POST.get("name", ""),
                    uscc=request.POST.get("uscc", ""),
                    address=request.POST.get("address", ""),
                    category=request.POST.get("category", ""),
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记。")
            return redirect("inspections:index")
    plans = selectors.inspection_plan_list(actor=actor).prefetch_related("draws")[:50]
    targets = Paginator(selectors.inspection_target_list(actor=actor, search=request.GET.get("q", "")[:60]), 20)
    return render(
        request,
        "inspections/index.html",
        {
            "plans": plans,
            "page": targets.get_page(request.GET.get("page")),
            "agencies": list(agency_list(actor=actor)) if not scope_for(actor).read_only else [],
            "default_agency": actor.agency_id,
            "year": clock.today().year,
        },
    )


@login_required
@require_POST
def draw_run(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        plan = selectors.access_inspection_plan(actor=actor, plan_id=plan_id)
        raw = request.POST.get("seed", "").strip()
        seed = int(raw) if raw.isascii() and raw.isdigit() else None
        if raw and seed is None:
            raise ValidationError("随机种子应为非负整数，留空则自动生成。")
        draw = services.draw_run(actor=actor, plan=plan, seed=seed)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:index")
    messages.success(request, f"已抽取{draw.target_count}户，随机种子{draw.seed}。")
    return redirect("inspections:draw", draw_id=draw.pk)


@login_required
def draw_detail(request: HttpRequest, draw_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        draw: Draw = selectors.access_draw(actor=actor, draw_id=draw_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    tasks = draw.tasks.select_related("target").prefetch_related("officers")
    return render(
        request, "inspections/draw.html", {"draw": draw, "verified": services.draw_verify(draw), "tasks": tasks}
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
