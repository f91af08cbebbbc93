"""Pages of 渣土准运: companies and vehicles, 准运证 (list, issue, detail, revoke), checks (list, record, detail,
立案). Each view parses the form, calls one service or selector and renders; a refusal is shown with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, access_officer, agency_list, officer_list
from fazhi.cases.selectors import access_case
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id
from fazhi.waste import forms, selectors, services
from fazhi.waste.models import CheckResult


def _writable_agencies(actor: User) -> list[object]:
    return list(agency_list(actor=actor)) if not scope_for(actor).read_only else []


def _keep_form(request: HttpRequest, key: str) -> None:
    """Keep the refused form's fields for the page the redirect lands on (post/redirect/get)."""
    request.session[key] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}


def _error_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """运输企业与车辆: the lists and the two register forms (``form=company`` or ``form=vehicle``)."""
    actor = request_actor(request)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    if posted:
        data = request.POST
        try:
            if posted == "company":
                company = services.company_create(
                    actor=actor,
                    agency=access_agency(actor=actor, agency_id=parse_id(data.get("agency"), "登记机构")),
                    name=forms.text(data, "name"),
                    uscc=forms.text(data, "uscc"),
                    address=forms.text(data, "address"),
                )
                messages.success(request, f"已登记运输企业「{company.name}」。")
            elif posted == "vehicle":
                company_obj = selectors.access_company(
                    actor=actor, company_id=parse_id(data.get("company"), "所属企业")
                )
                vehicle = services.vehicle_create(
                    actor=actor,
                    company=company_obj,
                    plate_number=forms.text(data, "plate_number"),
                    note=forms.text(data, "note"),
                )
                messages.success(request, f"已登记车辆 {vehicle.plate_number}。")
            else:
                raise ValidationError("未知的表单。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("waste:index")
    search = request.GET.get("q", "").strip()[:60]
    companies = selectors.company_list(actor=actor, search=search)
    page = Paginator(companies, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "waste/index.html",
        {
            "page": page,
            "search": search,
            "all_companies": list(selectors.company_list(actor=actor)[:500]),
            "vehicles": list(selectors.vehicle_list(actor=actor)[:50]),
            "agencies": _writable_agencies(actor),
            "default_agency": actor.agency_id,
            "posted": posted,
            "form": request.POST if posted else {},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def permit_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    data = request.POST
    if request.method == "POST":
        try:
            company = selectors.access_company(actor=actor, company_id=parse_id(data.get("company"), "运输企业"))
            permit = services.permit_issue(
                actor=actor,
                agency=access_agency(actor=actor, agency_id=parse_id(data.get("agency"), "核发机构")),
                company=company,
                number=forms.text(data, "number"),
                vehicles=[
                    selectors.access_vehicle(actor=actor, vehicle_id=pk)
                    for pk in forms.ids(data, "vehicles", "准运车辆")
                ],
                route=forms.text(data, "route"),
                site=forms.text(data, "site"),
                valid_from=forms.required_date(data, "valid_from", "有效期起"),
                valid_until=forms.required_date(data, "valid_until", "有效期止"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已核发准运证 {permit.number}。")
            return redirect("waste:permit_detail", permit_id=permit.pk)
    today = clock.today()
    page = Paginator(selectors.permit_list(actor=actor), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "waste/permits.html",
        {
            "page": page,
            "rows": [(p, p.state_label(today)) for p in page],
            "companies": list(selectors.company_list(actor=actor)[:500]),
            "vehicles": list(selectors.vehicle_list(actor=actor)[:1000]),
            "agencies": _writable_agencies(actor),
            "default_agency": actor.agency_id,
            "form": data if request.method == "POST" else {},
            "selected_vehicles": [str(pk) for pk in data.getlist("vehicles")] if request.method == "POST" else [],
        },
    )


@login_required
def permit_detail(request: HttpRequest, permit_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        permit = selectors.access_permit(actor=actor, permit_id=permit_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    return render(
        request,
        "waste/permit_detail.html",
        {
            "p": permit,
            "validity": permit.state_label(clock.today()),
            "today": clock.today(),
            "form": request.session.pop("waste_revoke_form", {}),
        },
    )


@login_required
@require_POST
def permit_revoke(request: HttpRequest, permit_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        permit = selectors.access_permit(actor=actor, permit_id=permit_id)
        services.permit_revoke(
            actor=actor,
            permit=permit,
            revoked_on=forms.required_date(request.POST, "revoked_on", "撤销日期"),
            reason=forms.text(request.POST, "reason"),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        _keep_form(request, "waste_revoke_form")
    else:
        messages.success(request, "已撤销准运证。")
    return redirect("waste:permit_detail", permit_id=permit_id)


@login_required
@require_http_methods(["GET", "POST"])
def check_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    data = request.POST
    if request.method == "POST":
        try:
            check = services.check_record(
                actor=actor,
                agency=access_agency(actor=actor, agency_id=parse_id(data.get("agency"), "检查机构")),
                checked_on=forms.required_date(data, "checked_on", "检查日期"),
                place=forms.text(data, "place"),
                plate_number=forms.text(data, "plate_number"),
                officer=access_officer(actor=actor, officer_id=parse_id(data.get("officer"), "检查人员")),
                violation=forms.text(data, "violation"),
                result=forms.text(data, "result"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记检查：{check.get_result_display()}。")
            return redirect("waste:check_detail", check_id=check.pk)
    result = request.GET.get("result", "")
    if result not in CheckResult.values:
        result = ""
    page = Paginator(selectors.check_list(actor=actor, result=result), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "waste/checks.html",
        {
            "page": page,
            "result": result,
            "results": CheckResult.choices,
            "officers": list(officer_list(actor=actor).filter(is_active=True)[:500]),
            "agencies": _writable_agencies(actor),
            "default_agency": actor.agency_id,
            "default_officer": actor.officer_id,
            "form": data if request.method == "POST" else {},
            "today": clock.today(),
        },
    )


@login_required
def check_detail(request: HttpRequest, check_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        check = selectors.access_check(actor=actor, check_id=check_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    return render(
        request,
        "waste/check_detail.html",
        {
            "c": check,
            "links": list(selectors.check_cases(actor=actor, check=check)),
            "form": request.session.pop("waste_case_form", {}),
        },
    )


@login_required
@require_POST
def check_case(request: HttpRequest, check_id: int) -> HttpResponse:
    """立案 from the check (``action=open``) or 关联 an existing case (``action=link``)."""
    actor = request_actor(request)
    data = request.POST
    try:
        check = selectors.access_check(actor=actor, check_id=check_id)
        if data.get("action") == "link":
            case = access_case(actor=actor, case_id=parse_id(data.get("case"), "案件"))
            link = services.check_case_link(actor=actor, check=check, case=case)
        else:
            link = services.check_case_open(
                actor=actor,
                check=check,
                power_item_code=forms.text(data, "power_item_code"),
                party_kind=forms.text(data, "party_kind"),
                party_name=forms.text(data, "party_name"),
                party_id_number=forms.text(data, "party_id_number"),
                facts=forms.text(data, "facts"),
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        _keep_form(request, "waste_case_form")
        return redirect("waste:check_detail", check_id=check_id)
    messages.success(request, f"已登记案源 {link.case.lead_number}，并关联本次检查。")
    return redirect("cases:case_detail", case_id=link.case_id)
