"""The 笔录 pages: a new 现场检查笔录 / 询问笔录 made on the phone, and one record with its signatures as images."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import officer_certificate_problem
from fazhi.cases.models import Case, CaseHandler
from fazhi.cases.selectors import access_case
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id
from fazhi.evidence import selectors
from fazhi.evidence.field import PhotoIn, SignatureIn, field_record_create, parse_signature_image, signature_record
from fazhi.evidence.models import FieldRecord, FieldRecordKind, SignerRole
from fazhi.evidence.selectors import can_make_records
from fazhi.evidence.views import device_time, parse_datetime_local
from fazhi.rules.masking import mask_resident_id

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from fazhi.accounts.models import User


def _error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)


def _can_write(actor: User, case: Case) -> bool:
    return can_make_records(actor, case)


def _handlers(case: Case) -> list[dict[str, Any]]:
    today = clock.today()
    rows = (
        CaseHandler.objects.filter(case=case, removed_on__isnull=True)
        .select_related("officer")
        .order_by("-is_lead", "officer__name")
    )
    return [
        {
            "officer": h.officer,
            "is_lead": h.is_lead,
            "problem": officer_certificate_problem(officer=h.officer, on=today),
        }
        for h in rows
    ]


def _image(form: QueryDict, name: str) -> bytes | None:
    value = form.get(name, "").strip()
    return parse_signature_image(value) if value else None


def party_signature(form: QueryDict, subject_name: str) -> SignatureIn | None:
    """The party's signature, or the refusal before a witness, from the page's fields (None if neither)."""
    if form.get("party_refused") == "on":
        return SignatureIn(
            signer_role=SignerRole.PARTY,
            signer_name=subject_name,
            image=None,
            refused=True,
            refusal_reason=form.get("refusal_reason", ""),
            witness_name=form.get("witness_name", ""),
            witness_image=_image(form, "witness_signature"),
        )
    image = _image(form, "party_signature")
    return SignatureIn(SignerRole.PARTY, subject_name, image) if image else None


def _photo(request: HttpRequest) -> list[PhotoIn]:
    file: UploadedFile | None = request.FILES.get("photo")
    if file is None:
        return []
    form = request.POST
    return [
        PhotoIn(
            file=file,
            title=form.get("photo_title", ""),
            client_sha256=form.get("client_sha256", ""),
            device_taken_at=device_time(form.get("device_taken_at", "")),
            latitude=form.get("latitude", "").strip() or None,
            longitude=form.get("longitude", "").strip() or None,
            gps_source=form.get("gps_source", ""),
        )
    ]


def _create(request: HttpRequest, actor: User, case: Case, kind: str) -> FieldRecord:
    form = request.POST
    handlers = {
        h.officer_id: h.officer
        for h in CaseHandler.objects.filter(case=case, removed_on__isnull=True).select_related("officer")
    }
    officer_ids = [parse_id(v, "执法人员") for v in form.getlist("officers")]
    officers = [handlers[i] for i in officer_ids if i in handlers]
    if len(officers) != len(officer_ids):
        raise ValidationError("所选执法人员须为本案承办人。")
    recorder_id = parse_id(form.get("recorder"), "记录人")
    if recorder_id not in handlers:
        raise ValidationError("记录人须为本案承办人。")
    subject_name = form.get("subject_name", "")
    signatures = []
    if party := party_signature(form, subject_name):
        signatures.append(party)
    for officer in officers:
        if image := _image(form, f"officer_signature_{officer.pk}"):
            signatures.append(SignatureIn(SignerRole.OFFICER, officer.name, image, officer_id=officer.pk))
    return field_record_create(
        actor=actor,
        case=case,
        kind=kind,
        place=form.get("place", ""),
        started_at=parse_datetime_local(form.get("started_at", ""), "开始时间"),
        ended_at=parse_datetime_local(form.get("ended_at", ""), "结束时间"),
        subject_name=subject_name,
        subject_id_number=form.get("subject_id_number", ""),
        content=form.get("content", ""),
        officers=officers,
        recorder=handlers[recorder_id],
        signatures=signatures,
        photos=_photo(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def field_record_new(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        case = access_case(actor=actor, case_id=case_id)
    except ApplicationError as exc:
        return _error(request, exc)
    kind = request.POST.get("kind") or request.GET.get("kind") or FieldRecordKind.INSPECTION
    if kind not in FieldRecordKind.values:
        kind = FieldRecordKind.INSPECTION
    if not _can_write(actor, case):
        message = "当前不能制作笔录：案件未立案或已结案，或您只能查看。"
        return render(request, "core/error.html", {"message": message}, status=403)
    form: Any = request.POST
    if request.method == "POST":
        try:
            record = _create(request, actor, case, kind)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已制作{record.get_kind_display()}，并作为证据保存（SHA-256 已记录）。")
            return redirect("evidence:field_record_detail", case_id=case.pk, record_id=record.pk)
    else:
        now = timezone.localtime(clock.now())
        form = {
            "place": case.location,
            "subject_name": case.party.name if case.party_id else "",
            "started_at": f"{now - timedelta(minutes=30):%Y-%m-%dT%H:%M}",
            "ended_at": f"{now:%Y-%m-%dT%H:%M}",
        }
    handlers = _handlers(case)
    for h in handlers:  # a refused form draws the officers' signatures back
        h["signature"] = form.get(f"officer_signature_{h['officer'].pk}", "")
    context = {
        "case": case,
        "kind": kind,
        "kind_label": FieldRecordKind(kind).label,
        "kinds": FieldRecordKind.choices,
        "handlers": handlers,
        "form": form,
        "selected": _selected(request, handlers),
        "lead_id": next((h["officer"].pk for h in handlers if h["is_lead"]), None),
        "now": clock.now(),
    }
    return render(request, "evidence/field_record_new.html", context)


def _selected(request: HttpRequest, handlers: list[dict[str, Any]]) -> set[str]:
    if request.method == "POST":
        return set(request.POST.getlist("officers"))
    return {str(h["officer"].pk) for h in handlers if h["problem"] is None}


def _sign(request: HttpRequest, actor: User, record: FieldRecord) -> str:
    form = request.POST
    role = form.get("signer_role", "")
    if role == SignerRole.PARTY:
        sign = party_signature(form, record.subject_name)
        if sign is None:
            raise ValidationError("请当事人在签名框内签名，或勾选“当事人拒绝签名”并由见证人签名。")
    elif role == SignerRole.OFFICER:
        officer_id = parse_id(form.get("officer"), "执法人员")
        sign = SignatureIn(SignerRole.OFFICER, "", _image(form, "signature"), officer_id=officer_id)
    else:
        sign = SignatureIn(SignerRole.WITNESS, form.get("signer_name", ""), _image(form, "signature"))
    signature = signature_record(actor=actor, case=record.case, document=record.document, sign=sign, record=record)
    return f"已记录：{signature}。"


@login_required
@require_http_methods(["GET", "POST"])
def field_record_detail(request: HttpRequest, case_id: int, record_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        case = access_case(actor=actor, case_id=case_id)
        record = selectors.access_field_record(actor=actor, record_id=record_id, case=case)
    except ApplicationError as exc:
        return _error(request, exc)
    can_write = _can_write(actor, case)
    if request.method == "POST":
        if not can_write:
            return render(request, "core/error.html", {"message": "您只能查看本笔录。"}, status=403)
        try:
            messages.success(request, _sign(request, actor, record))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("evidence:field_record_detail", case_id=case.pk, record_id=record.pk)
    signatures = selectors.signatures_for(case, record.document, record)
    officers = list(record.officers.order_by("name"))
    signed_officers = {s.officer_id for s in signatures if s.officer_id}
    context = {
        "case": case,
        "record": record,
        "officers": officers,
        "unsigned_officers": [o for o in officers if o.pk not in signed_officers],
        "party_signed": any(s.signer_role == SignerRole.PARTY for s in signatures),
        "signatures": signatures,
        "photos": list(record.photos.order_by("pk")),
        "subject_id": mask_resident_id(record.subject_id_number) if record.subject_id_number else "",
        "can_write": can_write,
        "form": request.POST,
    }
    return render(request, "evidence/field_record_detail.html", context)
