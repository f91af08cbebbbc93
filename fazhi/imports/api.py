"""数据导入 API: the kinds one may import, their templates, an upload (queued for the worker) and its outcome.

The same rules as the page: a file of any kind is imported all or nothing by the worker; the outcome lists every
bad row with its line, its column and its reason in Chinese.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency
from fazhi.core.downloads import XLSX, attachment
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.imports.models import ImportKind, ImportRun
from fazhi.imports.runs import MAX_UPLOAD, import_run_start
from fazhi.imports.selectors import access_import_run, import_agencies_for, import_kinds_for, may_import
from fazhi.imports.template import import_template, layout_of, template_filename

router = Router(tags=["数据导入"])

KindCode = Literal[
    "cases", "officers", "targets", "complaints", "reconsiderations", "litigations", "trainings", "publications"
]
_KIND_HELP = "导入类别：" + "；".join(f"{code}={label}" for code, label in ImportKind.choices)


class ColumnOut(Schema):
    name: str = Field(description="列名（表头）")
    required: bool = Field(description="是否必填")
    note: str = Field(description="填写说明")


class KindOut(Schema):
    code: KindCode = Field(description=_KIND_HELP)
    label: str = Field(description="类别名称")
    columns: list[ColumnOut] = Field(description="模板各列")


class RowErrorOut(Schema):
    line: int = Field(description="文件行号（表头为第1行）")
    column: str = Field(description="所在列（空为整行或整个文件）")
    reason: str = Field(description="原因（中文）")


class RunOut(Schema):
    id: int
    kind: KindCode = Field(description=_KIND_HELP)
    agency_id: int | None = Field(description="导入到的机构（历史案件为空：各行自带承办机构）")
    filename: str
    status: Literal["queued", "validate", "write", "succeeded", "failed"] = Field(
        description="queued=等待执行；validate=校验中；write=写入中；succeeded=已导入；failed=未导入"
    )
    done: int = Field(description="已处理行数")
    total: int | None = Field(description="总行数（未知为空）")
    imported: int = Field(description="导入（新登记）行数")
    unchanged: int = Field(description="已存在、未变更的行数")
    message: str = Field(description="导入中断时的说明")
    errors: list[RowErrorOut] = Field(description="每一错误行（任何一行有错误则整个文件未导入）")
    requested_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_errors(obj: ImportRun) -> list[dict[str, Any]]:
        return [{"line": e[0], "reason": e[1], "column": e[2] if len(e) > 2 else ""} for e in obj.errors]


class UploadIn(Schema):
    kind: KindCode = Field(description=_KIND_HELP)
    agency_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="导入到的机构；系统管理员必填，其他用户为空则为本人所属机构"
    )


def _kind_out(code: str, label: str) -> dict[str, Any]:
    layout = layout_of(code)
    columns = [{"name": n, "required": n in layout.required, "note": note} for n, note in layout.columns]
    return {"code": code, "label": label, "columns": columns}


@router.get("/kinds", response=list[KindOut], summary="本人可导入的类别及各类别模板的列")
def kinds(request: HttpRequest) -> list[dict[str, Any]]:
    return [_kind_out(code, label) for code, label in import_kinds_for(request_actor(request))]


@router.get("/templates/{kind}", summary="下载某一类别的导入模板（.xlsx，含填写说明）")
def template(request: HttpRequest, kind: KindCode) -> HttpResponse:
    request_actor(request)
    return attachment(import_template(kind), template_filename(kind), XLSX)


def _agency(request: HttpRequest, kind: str, agency_id: int | None) -> Agency | None:
    if kind == ImportKind.CASES:
        return None
    actor = request_actor(request)
    if agency_id is not None:
        agency = import_agencies_for(actor).filter(pk=agency_id).first()
        if agency is None:
            raise PermissionDenied("所选机构不存在或不在您的管辖范围内，不能向其导入。")
        return agency
    if actor.agency is None:
        raise ValidationError("请指定导入到的机构（agency_id）。")
    return actor.agency


@router.post(
    "/runs",
    response={202: RunOut},
    summary="上传文件并排队导入（multipart：kind、agency_id + file；由后台任务进程执行）",
)
def upload(
    request: HttpRequest,
    payload: UploadIn = Form(...),  # noqa: B008
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[ImportRun]:
    actor = request_actor(request)
    agency = _agency(request, payload.kind, payload.agency_id)
    if not may_import(actor, payload.kind, agency):
        raise PermissionDenied(f"您无权导入{ImportKind(payload.kind).label}。")
    if file.size is not None and file.size > MAX_UPLOAD:
        raise ValidationError("文件超过100MB，请拆分后导入。")
    run = import_run_start(actor=actor, file=file, filename=file.name or "upload", kind=payload.kind, agency=agency)
    return Status(202, ImportRun.objects.get(pk=run.pk))


@router.get("/runs/{run_id}", response=RunOut, summary="导入任务的进度和结果（含每一错误行的行号、列和原因）")
def run_detail(request: HttpRequest, run_id: int) -> ImportRun:
    run = access_import_run(request_actor(request), run_id)
    return ImportRun.objects.get(pk=run.pk)
