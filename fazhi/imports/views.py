"""The import page: choose what to import (and, for an administrator, into which agency), download its template,
upload a file, watch its progress, read the bad-row report (line, column, reason)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency
from fazhi.core.downloads import XLSX, attachment
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied
from fazhi.imports.models import ImportKind, ImportRun, ImportStatus
from fazhi.imports.runs import MAX_UPLOAD, import_run_start
from fazhi.imports.selectors import (
    access_import_run,
    import_agencies_for,
    import_batches_for,
    import_kinds_for,
    may_import,
)
from fazhi.imports.services import RowError
from fazhi.imports.template import import_template, layout_of, template_filename


def _run(request: HttpRequest, run_id: int) -> ImportRun:
    try:
        return access_import_run(request_actor(request), run_id)
    except NotFoundOrForbidden as exc:
        raise Http404(str(exc)) from exc


def _kind(value: str | None) -> str:
    return value if value in ImportKind.values else ImportKind.CASES


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    kind = _kind(request.GET.get("kind"))
    return attachment(import_template(kind), template_filename(kind), XLSX)


@login_required
@require_GET
def progress(request: HttpRequest, run_id: int) -> JsonResponse:
    """What the page polls while the worker imports: ``{"phase", "done", "total", "finished"}``, from the row."""
    run = _run(request, run_id)
    return JsonResponse({"phase": run.status, "done": run.done, "total": run.total, "finished": run.finished})


def _target_agency(request: HttpRequest, kind: str) -> tuple[Agency | None, str]:
    """The agency a file of ``kind`` goes into: the one picked (within those the user may import into), or his
    own; (None, why) when there is none."""
    if kind == ImportKind.CASES:
        return None, ""
    actor = request_actor(request)
    choices = import_agencies_for(actor)
    picked = request.POST.get("agency", "")
    if picked.isascii() and picked.isdigit() and len(picked) < 19:
        agency = choices.filter(pk=int(picked)).first()
        if agency is None:
            return None, "所选机构不存在或不在您的管辖范围内。"
        return agency, ""
    if actor.agency is not None and choices.filter(pk=actor.agency.pk).exists():
        return actor.agency, ""
    return None, "请选择导入到的机构。"


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    kinds = import_kinds_for(actor)
    shown: ImportRun | None = None
    if (
        request.method == "GET"
        and request.GET.get("run", "").isascii()
        and request.GET.get("run", "").isdigit()
        and len(request.GET["run"]) < 19
    ):
        shown = _run(request, int(request.GET["run"]))
    kind = _kind(request.POST.get("kind") if request.method == "POST" else request.GET.get("kind"))
    if shown is not None:
        kind = shown.kind
    elif request.method == "GET" and "kind" not in request.GET and kinds:
        kind = kinds[0][0]
    layout = layout_of(kind)
    context: dict[str, object] = {
        "kind": kind,
        "kind_label": ImportKind(kind).label,
        "kinds": kinds or [(kind, ImportKind(kind).label)],
        "columns": [(name, name in layout.required, note) for name, note in layout.columns],
        "batches": import_batches_for(actor).select_related("agency")[:20],
        "may_import": may_import(actor, kind),
        "agencies": import_agencies_for(actor) if kind != ImportKind.CASES else [],
        "picked_agency": request.POST.get("agency", "") if request.method == "POST" else "",
    }
    if request.method == "POST":
        agency, why = _target_agency(request, kind)
        if not may_import(actor, kind, agency):
            raise PermissionDenied(f"您无权导入{ImportKind(kind).label}。")
        file = request.FILES.get("file")
        if why:
            context["error"] = why
        elif file is None:
            context["error"] = "请选择要导入的文件。"
        elif file.size is not None and file.size > MAX_UPLOAD:
            context["error"] = "文件超过100MB，请拆分后导入。"
        else:
            run = import_run_start(actor=actor, file=file, filename=file.name or "upload", kind=kind, agency=agency)
            return redirect(f"{reverse('imports:upload')}?run={run.pk}")
    elif shown is not None:
        run = shown
        context["run"] = run
        if run.status == ImportStatus.SUCCEEDED:
            context["imported"] = run.imported
            context["unchanged"] = run.unchanged
            context["run_label"] = run.get_kind_display()
        elif run.status == ImportStatus.FAILED:
            context["errors"] = [RowError(e[0], e[1], e[2] if len(e) > 2 else "") for e in run.errors]
            context["failure"] = run.message
    return render(request, "imports/upload.html", context)
