"""The import page: download the template, upload a file, watch its progress, read the bad-row report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.request import request_actor
from fazhi.core.downloads import XLSX, attachment
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied
from fazhi.imports.models import ImportRun, ImportStatus
from fazhi.imports.parsing import COLUMNS, REQUIRED
from fazhi.imports.runs import MAX_UPLOAD, import_run_start
from fazhi.imports.selectors import access_import_run, import_batches_for, may_import
from fazhi.imports.services import RowError
from fazhi.imports.template import import_template


def _may_import(request: HttpRequest) -> bool:
    return may_import(request_actor(request))


def _run(request: HttpRequest, run_id: int) -> ImportRun:
    try:
        return access_import_run(request_actor(request), run_id)
    except NotFoundOrForbidden as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    return attachment(import_template(), "历史案件导入模板.xlsx", XLSX)


@login_required
@require_GET
def progress(request: HttpRequest, run_id: int) -> JsonResponse:
    """What the page polls while the worker imports: ``{"phase", "done", "total", "finished"}``, from the row."""
    run = _run(request, run_id)
    return JsonResponse({"phase": run.status, "done": run.done, "total": run.total, "finished": run.finished})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {
        "columns": [(name, name in REQUIRED, note) for name, note in COLUMNS],
        "batches": import_batches_for(request_actor(request))[:20],
        "may_import": _may_import(request),
    }
    if request.method == "POST":
        if not _may_import(request):
            raise PermissionDenied("只有系统管理员可以导入历史案件。")
        file = request.FILES.get("file")
        if file is None:
            context["error"] = "请选择要导入的文件。"
        elif file.size is not None and file.size > MAX_UPLOAD:
            context["error"] = "文件超过100MB，请拆分后导入。"
        else:
            run = import_run_start(actor=request_actor(request), file=file, filename=file.name or "upload")
            return redirect(f"{reverse('imports:upload')}?run={run.pk}")
    elif request.GET.get("run", "").isdigit():
        run = _run(request, int(request.GET["run"]))
        context["run"] = run
        if run.status == ImportStatus.SUCCEEDED:
            context["imported"] = run.imported
        elif run.status == ImportStatus.FAILED:
            context["errors"] = [RowError(line, reason) for line, reason in run.errors]
            context["failure"] = run.message
    return render(request, "imports/upload.html", context)
