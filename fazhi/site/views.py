"""The site-wide pages: 工作台, healthz, 节假日安排 and the export pages (moved here from core, URLs unchanged)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency, Officer
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import bureau_of, officer_valid_certificate, officers_without_valid_certificate
from fazhi.core import clock
from fazhi.core import holidays as hol
from fazhi.core.downloads import attachment_file
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden
from fazhi.core.exports import access_export
from fazhi.core.models import Export, ExportStatus
from fazhi.core.storage import get_blob_store
from fazhi.powers.selectors import rule_set_in_force
from fazhi.site.workbench import workbench


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """工作台: the panels of the user's roles (fazhi.site.workbench), then the bureau's basic figures."""
    actor = request_actor(request)
    scope = scope_for(actor)
    today = clock.today()
    officers = scope.filter(Officer.objects.filter(is_active=True))
    soon = today + timedelta(days=30)
    expiring = 0
    for officer in officers.prefetch_related("certificates"):
        certificate = officer_valid_certificate(officer=officer, on=today)
        if certificate is not None and officer_valid_certificate(officer=officer, on=soon) is None:
            expiring += 1
    bureau = bureau_of(actor.agency) if actor.agency else None
    rule_set = rule_set_in_force(owner=bureau, on=today) if bureau else None
    stats = {
        "agencies": scope.filter(Agency.objects.filter(is_active=True), field="").count(),
        "officers": officers.count(),
        "expiring": expiring,
        "invalid": len(officers_without_valid_certificate(officers=officers, on=today)),
        "power_items": rule_set.items.count() if rule_set else None,
        "rule_set": rule_set,
    }
    if scope.sees_all:
        scope_label = "全部机构" + ("（只读）" if scope.read_only else "")
    else:
        scope_label = f"{actor.agency}及下级机构"
    context = {
        "stats": stats,
        "scope_label": scope_label,
        "panels": workbench(actor=actor, today=today),
        "show_stats": actor.is_system_admin or actor.has_role(Role.HEAD, Role.SUPERVISOR, Role.SQUAD_LEADER),
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request: HttpRequest) -> HttpResponse:
    """节假日安排: enter a year from the State Council's notice, preview it, confirm it (system administrators)."""
    actor = request_actor(request)
    try:
        hol.ensure_calendar_admin(actor)
        can_edit = True
    except ApplicationError:
        can_edit = False
    today = clock.today()
    context: dict[str, Any] = {
        "years": hol.year_status(today),
        "can_edit": can_edit,
        "form": {"year": next(iter(hol.missing_years(today)), ""), "source": "", "text": ""},
    }
    if request.method == "POST":
        form = {
            "year": request.POST.get("year", "")[:10],
            "source": request.POST.get("source", "")[:200],
            "text": request.POST.get("text", "")[: hol.MAX_TEXT_CHARS + 1],
        }
        context["form"] = form
        try:
            hol.ensure_calendar_admin(actor)
            year = hol.check_year_number(form["year"])
            if request.POST.get("step") == "confirm":
                parsed = hol.decode(year, request.POST.get("days", ""))
                result = hol.holiday_year_confirm(actor=actor, parsed=parsed, source=form["source"])
                messages.success(
                    request,
                    f"已录入{result.year}年节假日安排（放假{result.holidays}天、调休上班{result.workdays}天），"
                    f"重新计算了{result.recomputed}个已保存的期限。",
                )
                return redirect("core:holidays")
            upload = request.FILES.get("file")
            if upload is not None:
                parsed = hol.parse_upload(year, upload.name or "", upload.read(hol.MAX_UPLOAD_BYTES + 1))
            else:
                parsed = hol.parse_notice_text(year, form["text"])
            preview = hol.preview(parsed)
            context["preview"] = preview
            context["encoded"] = hol.encode(parsed)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return render(request, "core/holidays.html", context, status=exc.status_code)
    return render(request, "core/holidays.html", context)


def _export(request: HttpRequest, export_id: int) -> Export:
    try:
        return access_export(request_actor(request), export_id)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc


@login_required
@require_GET
def export_status(request: HttpRequest, export_id: int) -> HttpResponse:
    """The page an export request lands on: it polls until the worker has built the file, then offers it."""
    return render(request, "core/export.html", {"export": _export(request, export_id)})


@login_required
@require_GET
def export_progress(request: HttpRequest, export_id: int) -> JsonResponse:
    export = _export(request, export_id)
    body: dict[str, object] = {"status": export.status, "finished": export.finished}
    if export.total is not None:  # the builder reports its progress: rows written, steps done
        body.update(done=export.done, total=export.total)
    return JsonResponse(body)


@login_required
@require_GET
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = _export(request, export_id)
    if export.status != ExportStatus.SUCCEEDED:
        raise Http404("文件尚未生成。")
    return attachment_file(get_blob_store().open(export.sha256), export.filename, export.content_type)
