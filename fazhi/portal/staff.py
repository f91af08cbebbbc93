"""The bureau's side of the portal (/publishing/, login required): typical cases (以案释法) written from closed cases,
approved and withdrawn, and the year's figures published. Thin views over ``fazhi.portal.services``; a refused form
comes back with what was typed and the Chinese reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id
from fazhi.portal import services
from fazhi.portal.models import PublishedFigures, TypicalCase

CLOSED_CASES_SHOWN = 200


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    actor = request_actor(request)
    scope = scope_for(actor)
    visible = list(TypicalCase.objects.select_related("case", "agency").order_by("-pk")[:500])
    cases = Case.objects.filter(state__in=services.CLOSED_STATES).select_related("agency").order_by("-pk")
    agency = actor.agency.legal_subject() if actor.agency is not None else None
    return {
        "typical_cases": [tc for tc in visible if scope.sees(tc.case.agency)][:100],
        "closed_cases": [c for c in cases[: CLOSED_CASES_SHOWN * 5] if scope.sees(c.agency)][:CLOSED_CASES_SHOWN],
        "can_write": not scope.read_only and actor.has_role(*services.WRITER_ROLES),
        "can_approve": not scope.read_only and actor.has_role(*services.APPROVER_ROLES),
        "can_publish_figures": not scope.read_only and actor.has_role(Role.HEAD) and agency is not None,
        "figures": PublishedFigures.objects.filter(agency=agency).order_by("-year", "-published_at")[:20]
        if agency is not None
        else [],
        "last_year": clock.today().year - 1,
        "form": {},
        **extra,
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/staff.html", _context(request))


def _refused(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(
        request, "portal/staff.html", _context(request, error=exc.message, form=request.POST), status=exc.status_code
    )


@login_required
@require_POST
def typical_case_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    try:
        services.typical_case_create(
            actor=actor,
            case_id=parse_id(request.POST.get("case"), "案件"),
            title=request.POST.get("title", ""),
            facts=request.POST.get("facts", ""),
            lesson=request.POST.get("lesson", ""),
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    messages.success(request, "典型案例已保存，待法制审核人员或负责人审核发布。")
    return redirect("portal_staff:index")


@login_required
@require_POST
def typical_case_action(request: HttpRequest, typical_case_id: int, action: str) -> HttpResponse:
    actor = request_actor(request)
    try:
        if action == "publish":
            services.typical_case_publish(actor=actor, typical_case_id=typical_case_id)
            messages.success(request, "典型案例已发布到信息公开门户。")
        elif action == "withdraw":
            services.typical_case_withdraw(
                actor=actor, typical_case_id=typical_case_id, reason=request.POST.get("reason", "")
            )
            messages.success(request, "典型案例已撤下。")
        else:
            raise ValidationError("未知的操作。")
    except ApplicationError as exc:
        return _refused(request, exc)
    return redirect("portal_staff:index")


@login_required
@require_POST
def figures_publish(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    try:
        if actor.agency is None:
            raise ValidationError("您的账户不属于任何机关，不能公开年度数据。")
        try:
            year = int(request.POST.get("year", "").strip())
        except ValueError as exc:
            raise ValidationError("请填写年度（四位数字）。") from exc
        if not 2000 <= year <= 2100:
            raise ValidationError("请填写年度（四位数字）。")
        services.figures_publish(actor=actor, agency=actor.agency.legal_subject(), year=year)
    except ApplicationError as exc:
        return _refused(request, exc)
    messages.success(request, f"{year}年度数据已公开。")
    return redirect("portal_staff:index")
