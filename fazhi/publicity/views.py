"""The public page (no login) and the staff page of publications."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency
from fazhi.core import clock
from fazhi.core.downloads import attachment
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.exports import export_start
from fazhi.core.forms import parse_date, parse_id
from fazhi.publicity import selectors, services

_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def export_response(content: bytes, *, fmt: str, agency: Agency, start: date, end: date) -> HttpResponse:
    filename = f"行政处罚公示_{agency.code}_{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    return attachment(content, filename, _CONTENT_TYPES[fmt])


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """The public list moved to the portal (/public/decisions/): old links and bookmarks follow, query kept."""
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect("/public/decisions/" + (f"?{query}" if query else ""))


def _year_bounds(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), date(today.year, 12, 31)


@login_required
@require_GET
def staff_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    today = clock.today()
    start, end = _year_bounds(today)
    due = list(selectors.publication_due_list(actor=actor)[:200])
    agency = actor.agency.legal_subject() if actor.agency is not None else None
    stats = None
    if agency is not None:
        stats = selectors.publication_stats(agency=agency, include_subordinates=True, start=start, end=end, today=today)
    recent = selectors.publication_list(actor=actor).exclude(status="pending")[:50]
    can_manage = actor.has_role(Role.HEAD, Role.CLERK) and not scope_for(actor).read_only
    return render(
        request,
        "publicity/staff.html",
        {
            "due": [(p, p.is_overdue(today)) for p in due],
            "recent": recent,
            "stats": stats,
            "agency": agency,
            "start": start,
            "end": end,
            "today": today,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def publication_action(request: HttpRequest, publication_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        publication = selectors.access_publication(actor=actor, publication_id=publication_id)
        action = request.POST.get("action")
        if action == "publish":
            services.publication_publish(
                actor=actor, publication=publication, on=parse_date(request.POST.get("on", ""), "公示日期")
            )
            messages.success(request, f"已登记公示 {publication.number}。")
        elif action == "withdraw":
            services.publication_withdraw(
                actor=actor,
                publication=publication,
                reason=request.POST.get("reason", ""),
                changed_on=parse_date(request.POST.get("changed_on", ""), "决定被变更、撤销的日期"),
            )
            messages.success(request, f"已撤回公示 {publication.number}。")
        else:
            messages.error(request, "未知的操作。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("publicity:staff")


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Check the request now, build the file on the task queue, and send the user to the export's page."""
    actor = request_actor(request)
    fmt = request.POST.get("fmt", "xlsx")
    try:
        agency = access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "机构"))
        start = parse_date(request.POST.get("start", ""), "开始日期")
        end = parse_date(request.POST.get("end", ""), "结束日期")
        if fmt not in _CONTENT_TYPES:
            raise ValidationError("导出格式应为 xlsx 或 csv。")
        if end < start:
            raise ValidationError("结束日期不能早于开始日期。")
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    export = export_start(
        actor=actor,
        builder="fazhi.publicity.export.publications_export_file",
        params={"agency_id": agency.pk, "start": start.isoformat(), "end": end.isoformat(), "fmt": fmt},
        filename=f"行政处罚公示_{agency.code}_{start:%Y%m%d}-{end:%Y%m%d}.{fmt}",
        content_type=_CONTENT_TYPES[fmt],
    )
    return redirect("core:export", export_id=export.pk)
