from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import (
    access_agency,
    access_officer,
    agency_list,
    officer_certificate_problem,
    officer_list,
)
from fazhi.cases import selectors, services
from fazhi.cases.models import CaseSource, CaseState, PartyKind
from fazhi.core import clock
from fazhi.core.errors import ApplicationError
from fazhi.core.forms import parse_date, parse_id


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    search = request.GET.get("q", "").strip()
    cases = selectors.case_list(actor=request_actor(request), state=state, search=search)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "state": state or "",
            "search": search,
            "states": CaseState.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = request.POST
    if request.method == "POST":
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(form.get("agency"), "承办机构"))
            act_ended = form.get("act_ended", "").strip()
            case = services.case_open(
                actor=actor,
                agency=agency,
                source=form.get("source", ""),
                power_item_code=form.get("power_item_code", ""),
                party_kind=form.get("party_kind", ""),
                party_name=form.get("party_name", ""),
                party_id_number=form.get("party_id_number", ""),
                party_address=form.get("party_address", ""),
                party_phone=form.get("party_phone", ""),
                act_date=parse_date(form.get("act_date", ""), "违法行为发生日期"),
                act_ended=parse_date(act_ended, "违法行为终了日期") if act_ended else None,
                discovered_on=parse_date(form.get("discovered_on", ""), "发现日期"),
                grave_harm=form.get("grave_harm") == "on",
                location=form.get("location", ""),
                facts=form.get("facts", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记案源 {case.lead_number}。")
            return redirect("cases:case_detail", case_id=case.pk)
    agencies = [a for a in agency_list(actor=actor) if a.kind != "justice_bureau"]
    return render(
        request,
        "cases/case_new.html",
        {
            "form": form,
            "agencies": agencies,
            "sources": CaseSource.choices,
            "party_kinds": PartyKind.choices,
            "today": clock.today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        case = selectors.access_case(actor=actor, case_id=case_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "register":
                handlers = [
                    access_officer(actor=actor, officer_id=int(i))
                    for i in request.POST.getlist("handlers")
                    if i.isdigit()
                ]
                services.case_register(
                    actor=actor,
                    case=case,
                    handlers=handlers,
                    on=parse_date(request.POST.get("on", ""), "立案日期"),
                )
                messages.success(request, "已立案。")
            elif request.POST.get("action") == "decline":
                services.case_decline(actor=actor, case=case, reason=request.POST.get("reason", ""))
                messages.success(request, "已作出不予立案决定。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("cases:case_detail", case_id=case.pk)
        case = selectors.access_case(actor=actor, case_id=case_id)
    today = clock.today()
    can_approve = case.state == CaseState.LEAD and actor.has_role(Role.HEAD) and not scope_for(actor).read_only
    candidates = []
    if case.state == CaseState.LEAD:
        for officer in officer_list(actor=actor, agency=case.legal_subject):
            candidates.append((officer, officer_certificate_problem(officer=officer, on=today)))
    from fazhi.core.models import AuditEvent

    events = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).order_by("seq")
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "handlers": case.handlers.select_related("officer", "certificate"),
            "candidates": candidates,
            "can_approve": can_approve,
            "today": today,
            "events": events,
        },
    )
