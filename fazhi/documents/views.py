from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency
from fazhi.cases.selectors import access_case
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_id
from fazhi.documents import printing, rendering, selectors, services
from fazhi.documents.kinds import SPECS
from fazhi.documents.pdf_export import document_pdf_export_start


def _error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)


def case_documents_context(*, actor: Any, case: Any) -> dict[str, Any]:
    """The context of ``documents/_case_documents.html``, for any page that includes it (e.g. the case page)."""
    documents = selectors.documents_for_case(actor=actor, case=case)
    statuses = selectors.document_kinds_status(case)
    return {
        "case": case,
        "documents": documents,
        "document_groups": selectors.group_documents(documents),
        "available_kinds": [(s.kind, s.title) for s in statuses if s.available],
        "print_kinds": [(s.kind, s.title) for s in statuses if s.available and s.kind in printing.PRINT_KINDS],
        "print_records": printing.printable_records(case),
        "unavailable_kinds": [s for s in statuses if not s.available],
        "can_generate": not scope_for(actor).read_only,
        "pdf_available": rendering.pdf_converter() is not None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_documents(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        case = access_case(actor=actor, case_id=case_id)
    except ApplicationError as exc:
        return _error(request, exc)
    if request.method == "POST":
        try:
            document = services.document_generate(actor=actor, case=case, kind=request.POST.get("kind", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"已生成《{SPECS[document.kind].title}》{document.number}（第{document.version}版）。"
            )
            return redirect("documents:case_documents", case_id=case.pk)
    return render(request, "documents/case_documents.html", case_documents_context(actor=actor, case=case))


def _file(opened: services.OpenedDocument) -> FileResponse:
    response = FileResponse(
        opened.reader, as_attachment=True, filename=opened.filename, content_type=opened.content_type
    )
    response["Content-Length"] = str(opened.size)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def document_download(request: HttpRequest, document_id: int, fmt: str) -> HttpResponseBase:
    actor = request_actor(request)
    try:
        document = selectors.access_document(actor=actor, document_id=document_id)
        if fmt == "pdf" and document.pdf_sha256 is None and rendering.pdf_converter() is not None:
            return redirect("core:export", export_id=document_pdf_export_start(actor=actor, document=document).pk)
        return _file(services.document_open(actor=actor, document=document, fmt=fmt))
    except ApplicationError as exc:
        return _error(request, exc)


@login_required
@require_GET
def print_view(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """The print view of a 当场处罚决定书 or 笔录 (?paper=a4|80mm&record=<id>): 打印 in the browser."""
    actor = request_actor(request)
    try:
        case = access_case(actor=actor, case_id=case_id)
        html = printing.print_html(
            actor=actor,
            case=case,
            kind=kind,
            paper=request.GET.get("paper", "a4"),
            record=request.GET.get("record") or None,
        )
    except ApplicationError as exc:
        return _error(request, exc)
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def print_pdf(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """The same document as a PDF (WeasyPrint, the server's CJK fonts), as an attachment."""
    actor = request_actor(request)
    paper = request.GET.get("paper", "a4")
    try:
        case = access_case(actor=actor, case_id=case_id)
        data = printing.print_pdf(
            actor=actor, case=case, kind=kind, paper=paper, record=request.GET.get("record") or None
        )
    except ApplicationError as exc:
        return _error(request, exc)
    return pdf_response(data, printing.print_filename(case=case, kind=kind, paper=paper))


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=services.PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def templates_admin(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    try:
        agency_id = request.GET.get("agency") or request.POST.get("agency")
        if agency_id:
            agency = access_agency(actor=actor, agency_id=parse_id(agency_id, "执法主体"))
        elif actor.agency is not None:
            agency = actor.agency
        else:
            raise ValidationError("请在地址中指定执法主体：?agency=<机构编号>。")
    except ApplicationError as exc:
        return _error(request, exc)
    subject = agency.legal_subject()
    if request.method == "POST":
        action = request.POST.get("action", "")
        kind = request.POST.get("kind", "")
        try:
            if action == "upload":
                upload = request.FILES.get("file")
                template = services.template_upload(
                    actor=actor,
                    agency=subject,
                    kind=kind,
                    file=upload,
                    filename=(upload.name or "") if upload else "",
                    note=request.POST.get("note", ""),
                )
                messages.success(request, f"已上传并启用《{SPECS[kind].title}》模板第{template.version}版。")
            elif action == "activate":
                template = selectors.access_template(
                    actor=actor, template_id=parse_id(request.POST.get("template"), "模板")
                )
                services.template_activate(actor=actor, template=template)
                messages.success(request, f"已启用《{SPECS[template.kind].title}》模板第{template.version}版。")
            elif action == "revert":
                services.template_revert(actor=actor, agency=subject, kind=kind)
                messages.success(request, f"《{SPECS[kind].title}》已恢复使用系统默认模板。")
            else:
                raise ValidationError("未知的操作。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect(f"{request.path}?agency={subject.pk}")
    can_manage = not scope_for(actor).read_only and (
        actor.has_role(Role.SYSTEM_ADMIN)
        or (actor.has_role(Role.HEAD) and actor.agency is not None and actor.agency.legal_subject().pk == subject.pk)
    )
    return render(
        request,
        "documents/templates_admin.html",
        {
            "agency": subject,
            "rows": selectors.template_overview(actor=actor, agency=subject),
            "can_manage": can_manage,
            "pdf_available": rendering.pdf_converter() is not None,
        },
    )


@login_required
@require_GET
def template_download(request: HttpRequest, template_id: int) -> HttpResponseBase:
    try:
        template = selectors.access_template(actor=request_actor(request), template_id=template_id)
    except ApplicationError as exc:
        return _error(request, exc)
    return _template_file(template)


@login_required
@require_GET
def template_default_download(request: HttpRequest, kind: str) -> HttpResponseBase:
    if kind not in SPECS:
        return _error(request, ValidationError(f"文书种类「{kind}」无效。"))
    return _template_file(services.shipped_template(kind))


def _template_file(template: Any) -> FileResponse:
    data = services.template_bytes(template)
    name = f"{SPECS[template.kind].title}_模板第{template.version}版.docx"
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type=services.DOCX_CONTENT_TYPE
    )
    response["Content-Length"] = str(len(data))
    return response
