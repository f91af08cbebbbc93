from __future__ import annotations

import io
from datetime import datetime
from typing import Annotated

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency
from fazhi.agencies.selectors import access_agency
from fazhi.cases.selectors import access_case
from fazhi.core.codes import CodeOf
from fazhi.core.errors import ValidationError
from fazhi.documents import printing, selectors, services
from fazhi.documents.kinds import SPECS, DocumentKind
from fazhi.documents.models import Document, DocumentTemplate, TemplateSource

router = Router(tags=["文书"])


class DocumentOut(Schema):
    id: int
    case_id: int
    kind: Annotated[str, CodeOf(DocumentKind)]
    kind_label: str
    number: str
    version: int
    supersedes_id: int | None
    sha256: str
    size: int
    pdf_sha256: str | None
    template_id: int
    template_version: int
    generated_by_id: int
    generated_by_name: str
    generated_at: datetime

    @staticmethod
    def resolve_kind_label(obj: Document) -> str:
        return SPECS[obj.kind].title

    @staticmethod
    def resolve_template_version(obj: Document) -> int:
        return obj.template.version

    @staticmethod
    def resolve_generated_by_name(obj: Document) -> str:
        return str(obj.generated_by)


class KindStatusOut(Schema):
    kind: Annotated[str, CodeOf(DocumentKind)]
    title: str
    available: bool
    reason: str | None


class GenerateIn(Schema):
    kind: Annotated[str, CodeOf(DocumentKind)]


class TemplateOut(Schema):
    id: int
    kind: Annotated[str, CodeOf(DocumentKind)]
    kind_label: str
    version: int
    source: Annotated[str, CodeOf(TemplateSource)]
    agency_id: int | None
    sha256: str
    size: int
    original_filename: str
    uploaded_by_id: int | None
    uploaded_at: datetime
    active: bool
    note: str

    @staticmethod
    def resolve_kind_label(obj: DocumentTemplate) -> str:
        return SPECS[obj.kind].title


class TemplateUploadIn(Schema):
    kind: Annotated[str, CodeOf(DocumentKind)]
    note: str = ""
    agency_id: int | None = None
    activate: bool = True


class TemplateRevertIn(Schema):
    kind: Annotated[str, CodeOf(DocumentKind)]
    agency_id: int | None = None


def _agency(request: HttpRequest, agency_id: int | None) -> Agency:
    actor = request_actor(request)
    if agency_id is not None:
        return access_agency(actor=actor, agency_id=agency_id)
    if actor.agency is None:
        raise ValidationError("请指定执法主体（agency_id）。")
    return actor.agency


def _file(opened: services.OpenedDocument) -> FileResponse:
    response = FileResponse(
        opened.reader, as_attachment=True, filename=opened.filename, content_type=opened.content_type
    )
    response["Content-Length"] = str(opened.size)
    response["Cache-Control"] = "no-store"
    return response


@router.get("/templates", response=list[TemplateOut], summary="本机关上传的文书模板（全部版本）")
def list_templates(request: HttpRequest, agency_id: int | None = None) -> list[DocumentTemplate]:
    rows = selectors.template_overview(actor=request_actor(request), agency=_agency(request, agency_id))
    return [t for row in rows for t in row.versions]


@router.post("/templates", response={201: TemplateOut}, summary="上传文书模板（multipart：表单字段 + file）")
def upload_template(
    request: HttpRequest,
    payload: TemplateUploadIn = Form(...),  # noqa: B008
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[DocumentTemplate]:
    template = services.template_upload(
        actor=request_actor(request),
        agency=_agency(request, payload.agency_id),
        kind=payload.kind,
        file=file,
        filename=file.name or "",
        note=payload.note,
        activate=payload.activate,
    )
    return Status(201, template)


@router.post("/templates/revert", response=TemplateOut, summary="恢复系统默认模板（返回此后使用的模板）")
def revert_template(request: HttpRequest, payload: TemplateRevertIn) -> DocumentTemplate:
    return services.template_revert(
        actor=request_actor(request), agency=_agency(request, payload.agency_id), kind=payload.kind
    )


@router.get("/templates/default/{kind}", summary="下载系统默认模板（修改后可上传替换）")
def download_default_template(request: HttpRequest, kind: str) -> FileResponse:
    request_actor(request)
    if kind not in SPECS:
        raise ValidationError(f"文书种类「{kind}」无效。")
    template = services.shipped_template(kind)
    return _template_file(template)


@router.post("/templates/{template_id}/activate", response=TemplateOut, summary="启用某一版本的上传模板")
def activate_template(request: HttpRequest, template_id: int) -> DocumentTemplate:
    actor = request_actor(request)
    template = selectors.access_template(actor=actor, template_id=template_id)
    return services.template_activate(actor=actor, template=template)


@router.get("/templates/{template_id}/download", summary="下载模板文件")
def download_template(request: HttpRequest, template_id: int) -> FileResponse:
    template = selectors.access_template(actor=request_actor(request), template_id=template_id)
    return _template_file(template)


def _template_file(template: DocumentTemplate) -> FileResponse:
    data = services.template_bytes(template)
    name = f"{SPECS[template.kind].title}_模板第{template.version}版.docx"
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type=services.DOCX_CONTENT_TYPE
    )
    response["Content-Length"] = str(len(data))
    return response


@router.get("/case/{case_id}", response=list[DocumentOut], summary="案件的文书（含全部版本）")
def list_documents(request: HttpRequest, case_id: int) -> list[Document]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    return selectors.documents_for_case(actor=actor, case=case)


@router.get("/case/{case_id}/kinds", response=list[KindStatusOut], summary="可生成的文书种类（不可生成的附原因）")
def list_kinds(request: HttpRequest, case_id: int) -> list[selectors.KindStatus]:
    case = access_case(actor=request_actor(request), case_id=case_id)
    return selectors.document_kinds_status(case)


@router.post("/case/{case_id}", response={201: DocumentOut}, summary="生成文书（再次生成即新版本，旧版本保留）")
def generate_document(request: HttpRequest, case_id: int, payload: GenerateIn) -> Status[Document]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    document = services.document_generate(actor=actor, case=case, kind=payload.kind)
    return Status(201, document)


@router.get(
    "/cases/{case_id}/print/{kind}.pdf",
    summary="打印用PDF：当场处罚决定书、现场检查笔录、询问笔录（paper=a4 或 80mm；record=笔录编号）",
)
def print_document_pdf(
    request: HttpRequest, case_id: int, kind: str, paper: str = "a4", record: int | None = None
) -> HttpResponse:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=case_id)
    data = printing.print_pdf(actor=actor, case=case, kind=kind, paper=paper, record=record)
    response = HttpResponse(data, content_type=services.PDF_CONTENT_TYPE)
    filename = printing.print_filename(case=case, kind=kind, paper=paper)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    response["Cache-Control"] = "no-store"
    return response


@router.get("/{document_id}", response=DocumentOut, summary="文书详情")
def get_document(request: HttpRequest, document_id: int) -> Document:
    return selectors.access_document(actor=request_actor(request), document_id=document_id)


@router.get("/{document_id}/download", summary="下载文书（fmt=docx 或 pdf；PDF 需服务器安装 LibreOffice）")
def download_document(request: HttpRequest, document_id: int, fmt: str = "docx") -> FileResponse:
    actor = request_actor(request)
    document = selectors.access_document(actor=actor, document_id=document_id)
    return _file(services.document_open(actor=actor, document=document, fmt=fmt))
