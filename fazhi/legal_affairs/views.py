"""Pages of the legal work: one list-and-register page per kind of record, and the 出庭应诉 form.

Every kind is described once in ``KINDS`` (columns, form fields, the service that registers it); the views only
parse the form, call the service and render. Refusals are shown as messages, exactly as the API returns them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, agency_list
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.forms import parse_date, parse_id
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.models import (
    ContractReview,
    Exam,
    LegalEducation,
    LegalEducationKind,
    Litigation,
    LitigationStage,
    MajorPolicyDecision,
    Mediation,
    NormativeDocument,
    Reconsideration,
    ReviewOutcome,
    Training,
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, bool, decimal, int, select
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    model: type[Model]
    columns: tuple[tuple[str, str], ...]  # (attribute or get_x_display, label)
    fields: tuple[Field, ...]
    create: Callable[..., Any]


def _steps() -> tuple[Field, ...]:
    return tuple(Field(name, label, "bool", required=False) for name, label in MajorPolicyDecision.STEPS)


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind(
            "reconsiderations",
            "行政复议",
            Reconsideration,
            (
                ("number", "案号"),
                ("applicant", "申请人"),
                ("case", "原案件"),
                ("received_on", "收到日期"),
                ("reply_due", "答复期限"),
                ("replied_on", "已答复"),
                ("get_outcome_display", "结果"),
                ("decided_on", "决定日期"),
            ),
            (
                Field("applicant", "申请人"),
                Field("matter", "复议事项", "textarea"),
                Field("decision_number", "被申请的处罚决定书文号（关联案件）", required=False),
                Field("applied_on", "申请人申请复议日期（加处罚款自此停止计算）", "date", required=False),
                Field("received_on", "收到复议申请书副本日期", "date"),
                Field("simplified", "适用简易程序（五个工作日答复）", "bool", required=False),
                Field("number", "复议案号", required=False),
                Field("reconsideration_body", "复议机关", required=False),
            ),
            services.reconsideration_register,
        ),
        Kind(
            "litigations",
            "行政诉讼",
            Litigation,
            (
                ("plaintiff", "原告"),
                ("court", "法院"),
                ("get_stage_display", "审级"),
                ("case", "原案件"),
                ("filed_on", "立案日期"),
                ("defence_due", "答辩期限"),
                ("defended_on", "已答辩"),
                ("hearing_date", "开庭日期"),
                ("head_appeared", "负责人出庭"),
                ("appeared_by", "出庭人员"),
                ("get_outcome_display", "结果"),
            ),
            (
                Field("plaintiff", "原告"),
                Field("cause", "案由", "textarea"),
                Field("decision_number", "被诉的处罚决定书文号（关联案件）", required=False),
                Field("filed_on", "立案日期", "date"),
                Field("complaint_received_on", "收到起诉状副本日期", "date", required=False),
                Field("court", "受理法院"),
                Field("stage", "审级", "select", choices=tuple(LitigationStage.choices)),
                Field("number", "诉讼案号", required=False),
            ),
            services.litigation_register,
        ),
        Kind(
            "major-decisions",
            "重大行政决策",
            MajorPolicyDecision,
            (
                ("title", "决策事项"),
                ("public_participation", "公众参与"),
                ("expert_argument", "专家论证"),
                ("risk_assessment", "风险评估"),
                ("legality_review", "合法性审查"),
                ("collective_decision", "集体讨论"),
                ("adopted", "已作出"),
                ("decided_on", "决策日期"),
            ),
            (Field("title", "决策事项"), *_steps()),
            services.major_policy_decision_create,
        ),
        Kind(
            "normative-documents",
            "规范性文件",
            NormativeDocument,
            (
                ("title", "文件名称"),
                ("number", "文号"),
                ("legality_reviewed", "合法性审核"),
                ("issued_on", "印发"),
                ("filed_on", "备案"),
                ("repealed_on", "废止"),
            ),
            (
                Field("title", "文件名称"),
                Field("number", "文号", required=False),
                Field("legality_reviewed", "已合法性审核", "bool", required=False),
                Field("issued_on", "印发日期", "date", required=False),
                Field("filed_on", "备案日期", "date", required=False),
            ),
            services.normative_document_create,
        ),
        Kind(
            "contract-reviews",
            "合同审查",
            ContractReview,
            (
                ("title", "合同名称"),
                ("received_on", "送审"),
                ("reviewed_on", "审查完成"),
                ("opinion_issued", "书面意见"),
                ("adviser", "审查人"),
            ),
            (
                Field("title", "合同名称"),
                Field("counterparty", "合同相对方", required=False),
                Field("received_on", "送审日期", "date"),
                Field("reviewed_on", "审查完成日期", "date", required=False),
                Field("opinion_issued", "已出具书面法律意见", "bool", required=False),
                Field("adviser", "审查人（法律顾问/公职律师）", required=False),
            ),
            services.contract_review_create,
        ),
        Kind(
            "mediations",
            "矛盾纠纷调处",
            Mediation,
            (
                ("received_on", "受理日期"),
                ("parties", "当事各方"),
                ("subject", "纠纷事项"),
                ("resolved", "调处成功"),
                ("resolved_on", "办结日期"),
            ),
            (
                Field("received_on", "受理日期", "date"),
                Field("parties", "当事各方"),
                Field("subject", "纠纷事项", "textarea"),
            ),
            services.mediation_register,
        ),
        Kind(
            "trainings",
            "培训",
            Training,
            (("title", "培训名称"), ("held_on", "日期"), ("hours", "学时")),
            (Field("title", "培训名称"), Field("held_on", "培训日期", "date"), Field("hours", "学时", "decimal")),
            services.training_create,
        ),
        Kind(
            "exams",
            "考试",
            Exam,
            (("title", "考试名称"), ("held_on", "日期"), ("pass_score", "合格分数")),
            (
                Field("title", "考试名称"),
                Field("held_on", "考试日期", "date"),
                Field("pass_score", "合格分数", "decimal"),
            ),
            services.exam_create,
        ),
        Kind(
            "legal-education",
            "普法",
            LegalEducation,
            (("title", "标题"), ("get_kind_display", "类别"), ("published_on", "发布日期"), ("views", "浏览量")),
            (
                Field("title", "标题"),
                Field("kind", "类别", "select", choices=tuple(LegalEducationKind.choices)),
                Field("published_on", "发布日期", "date"),
                Field("views", "浏览量", "int", required=False),
                Field("url", "链接", required=False),
            ),
            services.legal_education_create,
        ),
    )
}


def parse_fields(fields: tuple[Field, ...], data: Any) -> dict[str, Any]:
    """Turn the posted form into service arguments; an empty optional field is left out."""
    values: dict[str, Any] = {}
    for field in fields:
        raw = str(data.get(field.name, "")).strip()
        if field.kind == "bool":
            values[field.name] = raw in {"on", "1", "true"}
            continue
        if not raw:
            if field.required:
                raise ValidationError(f"请填写{field.label}。")
            continue
        if field.kind == "date":
            values[field.name] = parse_date(raw, field.label)
        elif field.kind == "decimal":
            try:
                values[field.name] = Decimal(raw)
            except InvalidOperation as exc:
                raise ValidationError(f"{field.label}「{raw}」不是有效数字。") from exc
        elif field.kind == "int":
            try:
                values[field.name] = int(raw)
            except ValueError as exc:
                raise ValidationError(f"{field.label}「{raw}」不是整数。") from exc
        elif field.kind == "select" and raw not in {c for c, _ in field.choices}:
            raise ValidationError(f"请选择{field.label}。")
        else:
            values[field.name] = raw
    return values


def _cell(row: Model, attr: str) -> Any:
    value = getattr(row, attr)
    value = value() if callable(value) else value
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return value


def _agencies(actor: User) -> list[Any]:
    return list(agency_list(actor=actor)) if not scope_for(actor).read_only else []


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    agency = actor.agency.legal_subject() if actor.agency is not None else None
    figures = None
    year = clock.today().year
    if agency is not None:
        start, end = date(year, 1, 1), date(year, 12, 31)
        figures = {
            "reconsideration": selectors.reconsideration_figures(agency=agency, start=start, end=end),
            "litigation": selectors.litigation_figures(agency=agency, start=start, end=end),
            "appearance": selectors.head_appearance(agency=agency, start=start, end=end),
            "mediation": selectors.mediation_figures(agency=agency, start=start, end=end),
            "exams": selectors.exam_figures(agency=agency, start=start, end=end),
            "below_minimum": len(selectors.officers_below_study_minimum(agency=agency, year=year)),
        }
    return render(
        request,
        "legal_affairs/index.html",
        {
            "kinds": KINDS.values(),
            "figures": figures,
            "agency": agency,
            "year": year,
            "minimum": selectors.study_hours_minimum(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def records(request: HttpRequest, slug: str) -> HttpResponse:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    actor = request_actor(request)
    if request.method == "POST":
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "机构"))
            kind.create(actor=actor, agency=agency, **parse_fields(kind.fields, request.POST))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记{kind.title}。")
            return redirect("legal_affairs:records", slug=slug)
    qs = selectors.scoped(actor=actor, model=kind.model)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    rows = [(row, [_cell(row, attr) for attr, _ in kind.columns]) for row in page]
    return render(
        request,
        "legal_affairs/records.html",
        {
            "outcomes": [c for c in ReviewOutcome.choices if c[0] != ReviewOutcome.PENDING],
            "kind": kind,
            "page": page,
            "rows": rows,
            "agencies": _agencies(actor),
            "default_agency": actor.agency_id,
            "form": request.POST if request.method == "POST" else {},
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def litigation_hearing(request: HttpRequest, litigation_id: int) -> HttpResponse:
    """登记出庭应诉情况; "仅委托律师出庭" is a choice on the form so that the refusal is explained, not hidden."""
    actor = request_actor(request)
    try:
        litigation = selectors.access(actor=actor, model=Litigation, pk=litigation_id, what="行政诉讼")
        appearance = request.POST.get("appearance", "")
        if appearance not in {"head", "staff", "lawyer"}:
            raise ValidationError("请选择出庭情况。")
        services.litigation_record_hearing(
            actor=actor,
            litigation=litigation,
            hearing_date=parse_date(request.POST.get("hearing_date", ""), "开庭日期"),
            head_appeared=appearance == "head",
            appeared_by=request.POST.get("appeared_by", ""),
            lawyer_only=appearance == "lawyer",
            absence_explanation=request.POST.get("absence_explanation", ""),
        )
        messages.success(request, "已登记出庭应诉情况。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("legal_affairs:records", slug="litigations")


_REMEDY_MODELS: dict[str, tuple[type[Reconsideration] | type[Litigation], str]] = {
    "reconsiderations": (Reconsideration, "行政复议"),
    "litigations": (Litigation, "行政诉讼"),
}


@login_required
@require_POST
def remedy_action(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """登记复议答复/答辩 (``action=reply``) or the 复议决定/裁判结果 (``action=decide``), which acts on the linked
    case."""
    if slug not in _REMEDY_MODELS:
        raise Http404
    model, what = _REMEDY_MODELS[slug]
    actor = request_actor(request)
    data = request.POST
    try:
        item = selectors.access(actor=actor, model=model, pk=item_id, what=what)
        on = parse_date(data.get("on", ""), "日期")
        if data.get("action") == "reply":
            if isinstance(item, Reconsideration):
                services.reconsideration_reply(actor=actor, reconsideration=item, replied_on=on)
            else:
                services.litigation_defend(actor=actor, litigation=item, defended_on=on)
            messages.success(request, "已登记答复（答辩）。")
        elif data.get("action") == "decide":
            served_raw = str(data.get("served_on", "")).strip()
            fine_raw = str(data.get("changed_fine", "")).strip()
            try:
                changed_fine = Decimal(fine_raw) if fine_raw else None
            except InvalidOperation as exc:
                raise ValidationError(f"变更后的罚款金额「{fine_raw}」不是有效数字。") from exc
            common: dict[str, Any] = {
                "actor": actor,
                "outcome": str(data.get("outcome", "")),
                "served_on": parse_date(served_raw, "送达日期") if served_raw else None,
                "changed_fine": changed_fine,
                "changed_reasons": str(data.get("changed_reasons", "")),
            }
            if isinstance(item, Reconsideration):
                services.reconsideration_decide(reconsideration=item, decided_on=on, **common)
            else:
                services.litigation_decide(
                    litigation=item, closed_on=on, by_ruling=data.get("by_ruling") in {"on", "1"}, **common
                )
            messages.success(request, "已登记结果。")
        else:
            raise ValidationError("未知的操作。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("legal_affairs:records", slug=slug)
