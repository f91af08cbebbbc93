from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_officer
from fazhi.cases.models import Case
from fazhi.cases.selectors import access_case
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id
from fazhi.core.middleware import client_ip
from fazhi.evidence import selectors, services
from fazhi.evidence.filetypes import human_size, labels
from fazhi.evidence.models import ALLOWED_TYPES, Evidence, EvidenceKind, RecordingStage

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def parse_datetime_local(value: str, label: str) -> datetime:
    """A ``<input type="datetime-local">`` value (2026-03-02T09:30), read as Beijing time."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError(f"{label}「{value}」不是有效时间，请按 年-月-日 时:分 填写。") from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def file_response(request: HttpRequest, *, actor: User, evidence: Evidence, purpose: str) -> FileResponse:
    """Stream the evidence file; ``evidence_open`` checks it and records the view or download."""
    reader = services.evidence_open(actor=actor, evidence=evidence, purpose=purpose, ip=client_ip(request))
    response = FileResponse(
        reader,
        as_attachment=purpose == "download",
        filename=evidence.original_filename,
        content_type=evidence.content_type,
    )
    response["Content-Length"] = str(evidence.size)
    response["Cache-Control"] = "no-store"  # every view must come back here to be recorded
    response["Content-Security-Policy"] = "sandbox"
    return response


def _upload(request: HttpRequest, actor: User, case: Case) -> str:
    form = request.POST
    optional = {
        name: parse_datetime_local(form[name], label) if form.get(name, "").strip() else None
        for name, label in (("recorded_start", "录制开始时间"), ("recorded_end", "录制结束时间"))
    }
    evidence = services.evidence_upload(
        actor=actor,
        case=case,
        kind=form.get("kind", ""),
        title=form.get("title", ""),
        file=request.FILES.get("file"),  # type: ignore[arg-type]  # a missing file is refused by the service
        collected_at=parse_datetime_local(form.get("collected_at", ""), "收集时间"),
        collected_by=access_officer(actor=actor, officer_id=parse_id(form.get("collected_by"), "收集人")),
        location=form.get("location", ""),
        latitude=form.get("latitude", "").strip() or None,
        longitude=form.get("longitude", "").strip() or None,
        description=form.get("description", ""),
        device_taken_at=device_time(form.get("device_taken_at", "")),
        client_sha256=form.get("client_sha256", ""),
        gps_source=form.get("gps_source", ""),
        is_body_camera=form.get("is_body_camera") == "on",
        device_id=form.get("device_id", ""),
        stage=form.get("stage") or RecordingStage.INVESTIGATION,
        ip=client_ip(request),
        **optional,
    )
    return f"已上传证据「{evidence.title}」，SHA-256：{evidence.sha256}。"


def device_time(value: str) -> datetime | None:
    """The device's capture time as capture.js writes it (ISO 8601 with the offset); "" when unknown."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(f"设备拍摄时间「{value}」无效。") from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _correct(request: HttpRequest, actor: User) -> str:
    evidence = selectors.access_evidence(actor=actor, evidence_id=parse_id(request.POST.get("evidence"), "证据"))
    new = services.evidence_correct(
        actor=actor,
        evidence=evidence,
        file=request.FILES.get("file"),  # type: ignore[arg-type]
        reason=request.POST.get("reason", ""),
        ip=client_ip(request),
    )
    return f"已更正「{new.title}」为第{new.version}版，原版本保留。"


def _exclude(request: HttpRequest, actor: User) -> str:
    evidence = selectors.access_evidence(actor=actor, evidence_id=parse_id(request.POST.get("evidence"), "证据"))
    excluded = services.evidence_exclude(
        actor=actor, evidence=evidence, reason=request.POST.get("reason", ""), ip=client_ip(request)
    )
    return f"已排除「{excluded.title}」，该证据不得作为处罚的根据。"


@login_required
@require_http_methods(["GET", "POST"])
def case_evidence(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        case = access_case(actor=actor, case_id=case_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "upload":
                done = _upload(request, actor, case)
            elif action == "correct":
                done = _correct(request, actor)
            elif action == "exclude":
                done = _exclude(request, actor)
            else:
                raise ValidationError("未知的操作。")
            messages.success(request, done)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("evidence:case_evidence", case_id=case.pk)
    context: dict[str, Any] = {
        "case": case,
        "evidence_list": selectors.evidence_for_case(actor=actor, case=case),
        **selectors.field_records_panel(actor=actor, case=case),
        "handlers": case.handlers.select_related("officer").order_by("-is_lead", "officer__name"),
        "kinds": EvidenceKind.choices,
        "stages": RecordingStage.choices,
        "type_table": [(EvidenceKind(k).label, labels(v)) for k, v in ALLOWED_TYPES.items()],
        "limits": _limits(),
        "can_upload": case.is_open and not scope_for(actor).read_only,
        "can_exclude": actor.has_role(Role.LEGAL_REVIEWER, Role.HEAD) and not scope_for(actor).read_only,
        "now": clock.now(),
        "form": request.POST,
    }
    return render(request, "evidence/case_evidence.html", context)


def _limits() -> str:
    return (
        f"视频不超过{human_size(settings.FAZHI_EVIDENCE_MAX_VIDEO_BYTES)}，"
        f"音频不超过{human_size(settings.FAZHI_EVIDENCE_MAX_AUDIO_BYTES)}，"
        f"图片和文档不超过{human_size(settings.FAZHI_EVIDENCE_MAX_OTHER_BYTES)}"
    )


def _serve(request: HttpRequest, evidence_id: int, purpose: str) -> HttpResponseBase:
    actor = request_actor(request)
    try:
        evidence = selectors.access_evidence(actor=actor, evidence_id=evidence_id)
        return file_response(request, actor=actor, evidence=evidence, purpose=purpose)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)


@login_required
@require_GET
def evidence_view(request: HttpRequest, evidence_id: int) -> HttpResponseBase:
    return _serve(request, evidence_id, "view")


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponseBase:
    return _serve(request, evidence_id, "download")
