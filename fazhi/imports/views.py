"""The import page: download the template, upload a file, watch its progress, read the bad-row report."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.core.errors import PermissionDenied
from fazhi.imports.models import ImportBatch
from fazhi.imports.parsing import COLUMNS, REQUIRED
from fazhi.imports.services import ImportFailed, cases_import
from fazhi.imports.template import import_template

_PROGRESS = "imports:progress:{}"
MAX_UPLOAD = 100 * 1024 * 1024


def _may_import(request: HttpRequest) -> bool:
    actor = request_actor(request)
    return bool(actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN))


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        import_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('历史案件导入模板.xlsx')}"
    return response


@login_required
@require_GET
def progress(request: HttpRequest, token: str) -> JsonResponse:
    """What the upload page polls while its POST runs: ``{"phase", "done", "total"}`` (same-process cache)."""
    return JsonResponse(cache.get(_PROGRESS.format(token[:64])) or {"phase": "waiting", "done": 0, "total": None})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {
        "columns": [(name, name in REQUIRED, note) for name, note in COLUMNS],
        "batches": ImportBatch.objects.all()[:20],
        "token": uuid.uuid4().hex,
        "may_import": _may_import(request),
    }
    if request.method == "POST":
        if not _may_import(request):
            raise PermissionDenied("只有系统管理员可以导入历史案件。")
        file = request.FILES.get("file")
        token = request.POST.get("token", "")[:64]
        if file is None:
            context["error"] = "请选择要导入的文件。"
        elif file.size is not None and file.size > MAX_UPLOAD:
            context["error"] = "文件超过100MB，请拆分后导入。"
        else:
            key = _PROGRESS.format(token)

            def report_progress(phase: str, done: int, total: int | None) -> None:
                cache.set(key, {"phase": phase, "done": done, "total": total}, 600)

            try:
                result = cases_import(
                    actor=request_actor(request),
                    data=file.read(),
                    filename=file.name or "upload",
                    progress=report_progress,
                )
                context["imported"] = result.imported
            except ImportFailed as exc:
                context["errors"] = exc.errors
            finally:
                cache.delete(key)
    return render(request, "imports/upload.html", context)
