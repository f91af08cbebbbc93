from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.accounts.request import request_actor
from fazhi.agencies import selectors, services
from fazhi.agencies.models import CertificateStatus
from fazhi.core import clock
from fazhi.core.errors import ApplicationError
from fazhi.core.forms import parse_date, parse_id


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = selectors.agency_list(actor=request_actor(request), include_inactive=True)
    return render(request, "agencies/agency_list.html", {"agencies": agencies})


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    agency = None
    agency_id = request.GET.get("agency")
    try:
        if agency_id:
            agency = selectors.access_agency(actor=actor, agency_id=int(agency_id))
    except (ApplicationError, ValueError):
        messages.error(request, "机构不存在或您无权访问。")
    search = request.GET.get("q", "").strip()
    officers = selectors.officer_list(actor=actor, agency=agency, search=search)
    page = Paginator(officers, 50).get_page(request.GET.get("page"))
    today = clock.today()
    rows = [(o, selectors.officer_certificate_problem(officer=o, on=today)) for o in page.object_list]
    return render(
        request,
        "agencies/officer_list.html",
        {
            "page": page,
            "rows": rows,
            "search": search,
            "agency": agency,
            "agencies": selectors.agency_list(actor=actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        try:
            agency = selectors.access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "所属机构"))
            officer = services.officer_create(
                actor=actor,
                agency=agency,
                name=request.POST.get("name", ""),
                resident_id=request.POST.get("resident_id", ""),
                phone=request.POST.get("phone", ""),
                gender=request.POST.get("gender", ""),
                has_legal_qualification=request.POST.get("has_legal_qualification") == "on",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记执法人员 {officer.name}。")
            return redirect("agencies:officer_detail", officer_id=officer.pk)
    return render(
        request,
        "agencies/officer_new.html",
        {
            "agencies": selectors.agency_list(actor=actor),
            "form": request.POST,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_detail(request: HttpRequest, officer_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        officer = selectors.access_officer(actor=actor, officer_id=officer_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "issue":
                services.certificate_issue(
                    actor=actor,
                    officer=officer,
                    number=request.POST.get("number", ""),
                    issuer=request.POST.get("issuer", ""),
                    valid_from=parse_date(request.POST.get("valid_from", ""), "有效期自"),
                    valid_until=parse_date(request.POST.get("valid_until", ""), "有效期至"),
                )
                messages.success(request, "已登记执法证。")
            elif action == "status":
                certificate = selectors.access_certificate(
                    actor=actor, certificate_id=parse_id(request.POST.get("certificate"), "执法证")
                )
                services.certificate_change_status(
                    actor=actor,
                    certificate=certificate,
                    status=request.POST.get("status", ""),
                    on=parse_date(request.POST.get("on", ""), "变更日期"),
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, "已变更执法证状态。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("agencies:officer_detail", officer_id=officer.pk)
    today = clock.today()
    return render(
        request,
        "agencies/officer_detail.html",
        {
            "officer": officer,
            "certificates": officer.certificates.all(),
            "problem": selectors.officer_certificate_problem(officer=officer, on=today),
            "statuses": CertificateStatus.choices,
            "today": today,
        },
    )
