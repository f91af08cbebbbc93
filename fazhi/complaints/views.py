"""Pages of 群众诉求: the list with the register form, and one page per complaint with the next step's form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

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
from fazhi.cases.models import CaseState
from fazhi.complaints import selectors, services
from fazhi.complaints.models import Complaint, ComplaintCategory, ComplaintSource, ComplaintStatus, Satisfaction
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def _received_at(raw: str, label: str = "受理时间") -> datetime | None:
    if not raw.strip():
        return None
    try:
        value = datetime.fromisoformat(raw.strip()[:40])
    except ValueError as exc:
        raise ValidationError(f"{label}「{raw[:40]}」格式不正确。") from exc
    if value.year < 1990 or value.year > 2200:
        raise ValidationError(f"{label}「{raw[:40]}」不在可办理的年份内。")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _category(raw: str | None) -> ComplaintCategory | None:
    if not (raw or "").strip():
        return None
    return selectors.access_complaint_category(category_id=parse_id(raw, "问题类别"))


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
                category_item=_category(request.POST.get("category_item")),
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
    now = clock.now()
    return render(
        request,
        "complaints/list.html",
        {
            "page": page,
            "rows": [(c, selectors.complaint_late(c, now)) for c in page],
            "categories": list(selectors.complaint_category_list()),
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
            "overdue": selectors.complaint_late(complaint, clock.now()),
            "units": units,
            "default_unit_id": complaint.category_item.default_unit_id if complaint.category_item else None,
            "steps": selectors.complaint_steps(complaint),
            "satisfactions": Satisfaction.choices,
            "writable": not scope_for(actor).read_only,
            "case_visible": complaint.case is not None and scope_for(actor).sees(complaint.case.agency),
            "case_open_state": CaseState.LEAD,
        },
    )


Post = dict[str, str]


def _dispatch(actor: User, complaint: Complaint, post: Post) -> str:
    raw = post.get("assigned_to", "")
    unit = access_agency(actor=actor, agency_id=parse_id(raw, "承办单位")) if raw else None
    services.complaint_dispatch(actor=actor, complaint=complaint, assigned_to=unit, note=post.get("note", ""))
    return "已交办。"


def _return(actor: User, complaint: Complaint, post: Post) -> str:
    services.complaint_return(actor=actor, complaint=complaint, reason=post.get("reason", ""))
    return "已退回。"


def _handle(actor: User, complaint: Complaint, post: Post) -> str:
    services.complaint_handle(
        actor=actor,
        complaint=complaint,
        handling_result=post.get("handling_result", ""),
        feedback=post.get("feedback", ""),
    )
    return "已登记处置结果。"


def _verify(actor: User, complaint: Complaint, post: Post) -> str:
    passed = post.get("passed") == "1"
    services.complaint_verify(actor=actor, complaint=complaint, passed=passed, note=post.get("note", ""))
    return "核查通过。" if passed else "已返工。"


def _close(actor: User, complaint: Complaint, post: Post) -> str:
    raw = post.get("score", "").strip()
    try:
        score = Decimal(raw) if raw else None
    except InvalidOperation as exc:
        raise ValidationError(f"考核分「{raw[:20]}」不是有效数字。") from exc
    if score is not None and not score.is_finite():
        raise ValidationError(f"考核分「{raw[:20]}」不是有效数字。")
    services.complaint_close(
        actor=actor, complaint=complaint, satisfaction=post.get("satisfaction", "none"), score=score
    )
    return "已办结。"


def _escalate(actor: User, complaint: Complaint, post: Post) -> str:
    services.complaint_escalate(actor=actor, complaint=complaint, note=post.get("note", ""))
    return "已督办。"


def _extension_request(actor: User, complaint: Complaint, post: Post) -> str:
    until = _received_at(post.get("until", ""), "申请延期至")
    if until is None:
        raise ValidationError("请填写申请延期至的时间。")
    services.complaint_extension_request(actor=actor, complaint=complaint, until=until, reason=post.get("reason", ""))
    return "已申请延期，待受理机构审批。"


def _extension_decide(actor: User, complaint: Complaint, post: Post) -> str:
    approved = post.get("approved") == "1"
    services.complaint_extension_decide(
        actor=actor,
        complaint=complaint,
        approved=approved,
        note=post.get("note", ""),
        until=_received_at(post.get("until", ""), "批准延期至"),
    )
    return "已批准延期。" if approved else "已不批准延期。"


def _callback(actor: User, complaint: Complaint, post: Post) -> str:
    services.complaint_callback(
        actor=actor, complaint=complaint, satisfaction=post.get("satisfaction", ""), result=post.get("result", "")
    )
    return "已登记回访。"


def _case_open(actor: User, complaint: Complaint, post: Post) -> str:
    raw_day = post.get("act_date", "").strip()
    try:
        act_date = date.fromisoformat(raw_day) if raw_day else None
    except ValueError as exc:
        raise ValidationError(f"违法行为发生日期「{raw_day[:20]}」格式不正确。") from exc
    case = services.complaint_case_open(
        actor=actor,
        complaint=complaint,
        power_item_code=post.get("power_item_code", ""),
        party_kind=post.get("party_kind", ""),
        party_name=post.get("party_name", ""),
        party_id_number=post.get("party_id_number", ""),
        act_date=act_date,
        facts=post.get("facts", ""),
    )
    return f"已转案源 {case.lead_number}。"


ACTIONS: dict[str, Callable[[User, Complaint, Post], str]] = {
    "dispatch": _dispatch,
    "return": _return,
    "handle": _handle,
    "verify": _verify,
    "close": _close,
    "escalate": _escalate,
    "extension_request": _extension_request,
    "extension_decide": _extension_decide,
    "callback": _callback,
    "case_open": _case_open,
}


@login_required
@require_POST
def complaint_action(request: HttpRequest, complaint_id: int) -> HttpResponse:
    actor = request_actor(request)
    step = ACTIONS.get(request.POST.get("action", ""))
    try:
        complaint = selectors.access_complaint(actor=actor, complaint_id=complaint_id)
        if step is None:
            raise ValidationError("未知的操作。")
        done = step(actor, complaint, {k: request.POST.get(k, "") for k in request.POST})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("complaints:detail", complaint_id=complaint_id)


def _month(raw: str, today: date) -> tuple[date, date]:
    """``YYYY-MM`` → the first and last day of that month (this month when empty)."""
    raw = raw.strip()
    try:
        first = date.fromisoformat(raw + "-01") if raw else today.replace(day=1)
    except ValueError as exc:
        raise ValidationError(f"月份「{raw[:20]}」格式不正确，应如 2025-06。") from exc
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


@login_required
def complaint_scores(request: HttpRequest) -> HttpResponse:
    """承办单位考核 of a month, with the ranking (the formula: docs/complaints.md)."""
    actor = request_actor(request)
    agencies = list(agency_list(actor=actor))
    try:
        start, end = _month(request.GET.get("month", ""), clock.today())
        raw_agency = request.GET.get("agency", "")
        agency_id = parse_id(raw_agency, "受理机构") if raw_agency else (actor.agency_id or None)
        agency = access_agency(actor=actor, agency_id=agency_id) if agency_id else (agencies[0] if agencies else None)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    rows = selectors.complaint_unit_scores(agency=agency, start=start, end=end) if agency is not None else []
    return render(
        request,
        "complaints/scores.html",
        {"rows": rows, "agency": agency, "agencies": agencies, "month": f"{start:%Y-%m}", "start": start, "end": end},
    )
