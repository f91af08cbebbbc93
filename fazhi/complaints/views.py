"""Pages of 群众诉求: the list with the register form, and one page per complaint with the next step's form."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, agency_list
from fazhi.complaints import selectors, services
from fazhi.complaints.models import ComplaintSource, ComplaintStatus, Satisfaction
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id


def _received_at(raw: str) -> datetime | None:
    if not raw.strip():
        return None
    try:
        return timezone.make_aware(datetime.fromisoformat(raw.strip()))
    except ValueError as exc:
        raise ValidationError(f"受理时间「{raw}」格式不正确。") from exc


@login_required
@require_http_methods(["GET", "POST"])
def complaint_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        try:
            complaint = services.complaint_register(
                actor=actor,
                agency=access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "受理机构")),
                source=request.POST.get("source", ""),
                content=request.POST.get("content", ""),
                received_at=_received_at(request.POST.get("received_at", "")),
                number=request.POST.get("number", ""),
                location=request.POST.get("location", ""),
                category=request.POST.get("category", ""),
                party_name=request.POST.get("party_name", ""),
                party_phone=request.POST.get("party_phone", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已受理诉求 {complaint.number}，办理期限 {complaint.deadline:%Y-%m-%d}。")
            return redirect("complaints:detail", complaint_id=complaint.pk)
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()[:60]
    qs = selectors.complaint_list(actor=actor, status=status, search=search)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    today = clock.today()
    return render(
        request,
        "complaints/list.html",
        {
            "page": page,
            "rows": [(c, selectors.complaint_overdue(c, today)) for c in page],
            "status": status,
            "search": search,
            "statuses": ComplaintStatus.choices,
            "sources": ComplaintSource.choices,
            "agencies": list(agency_list(actor=actor)) if not scope_for(actor).read_only else [],
            "default_agency": actor.agency_id,
        },
    )


@login_required
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    units = list(agency_list(actor=actor).filter(path__startswith=complaint.agency.path))
    return render(
        request,
        "complaints/detail.html",
        {
            "c": complaint,
            "overdue": selectors.complaint_overdue(complaint, clock.today()),
            "units": units,
            "satisfactions": Satisfaction.choices,
            "writable": not scope_for(actor).read_only,
        },
    )


@login_required
@require_POST
def complaint_action(request: HttpRequest, complaint_id: int) -> HttpResponse:
    actor = request_actor(request)
    action = request.POST.get("action", "")
    try:
        complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
        if action == "dispatch":
            unit = access_agency(actor=actor, agency_id=parse_id(request.POST.get("assigned_to"), "承办单位"))
            services.complaint_dispatch(
                actor=actor, complaint=complaint, assigned_to=unit, note=request.POST.get("note", "")
            )
        elif action == "return":
            services.complaint_return(actor=actor, complaint=complaint, reason=request.POST.get("reason", ""))
        elif action == "handle":
            services.complaint_handle(
                actor=actor,
                complaint=complaint,
                handling_result=request.POST.get("handling_result", ""),
                feedback=request.POST.get("feedback", ""),
            )
        elif action == "verify":
            services.complaint_verify(
                actor=actor,
                complaint=complaint,
                passed=request.POST.get("passed") == "1",
                note=request.POST.get("note", ""),
            )
        elif action == "close":
            raw = request.POST.get("score", "").strip()
            try:
                score = Decimal(raw) if raw else None
            except InvalidOperation as exc:
                raise ValidationError(f"考核分「{raw}」不是有效数字。") from exc
            services.complaint_close(
                actor=actor, complaint=complaint, satisfaction=request.POST.get("satisfaction", "none"), score=score
            )
        elif action == "escalate":
            services.complaint_escalate(actor=actor, complaint=complaint, note=request.POST.get("note", ""))
        else:
            raise ValidationError("未知的操作。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已办理。")
    return redirect("complaints:detail", complaint_id=complaint_id)
