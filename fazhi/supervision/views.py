"""The supervision board (counts by rule and by unit, the drill-down list), bulletins, and the 案卷评查 pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, agency_list
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.downloads import DOCX, attachment, attachment_file
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, ValidationError
from fazhi.core.forms import parse_date, parse_id
from fazhi.core.storage import get_blob_store
from fazhi.supervision import bulletins, file_review, issuing, library, selectors, unit_inspections
from fazhi.supervision import dispositions as dsp
from fazhi.supervision.models import (
    DISPOSITION_OWED,
    AlertDisposition,
    BulletinKind,
    DispositionAttachment,
    FileReview,
    FileReviewDraw,
)
from fazhi.supervision.registry import rule_by_id


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    return render(request, "supervision/board.html", {"board": selectors.alert_board(actor=actor)})


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    rule_id = request.GET.get("rule", "")
    rule = rule_by_id(rule_id)
    agency_id = parse_id(request.GET.get("agency", ""), "单位") if request.GET.get("agency") else None
    resolved = request.GET.get("resolved") == "1"
    alerts = selectors.alert_list(actor=actor, rule_id=rule.id if rule else "", agency_id=agency_id, resolved=resolved)
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(request, "supervision/alert_list.html", {"page": page, "rule": rule, "resolved": resolved})


def _bulletin_agency(request: HttpRequest) -> Agency:
    actor = request_actor(request)
    if request.GET.get("agency"):
        return access_agency(actor=actor, agency_id=parse_id(request.GET.get("agency"), "单位"))
    if actor.agency is None or actor.agency.kind == AgencyKind.JUSTICE_BUREAU:
        bureau = Agency.objects.filter(kind=AgencyKind.BUREAU, parent__isnull=True).order_by("pk").first()
        if bureau is None:
            raise NotFoundOrForbidden("机构")
        return bureau
    return actor.agency.legal_subject()


def _int(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except ValueError:
        return default


def _docx_response(content: bytes, title: str) -> HttpResponse:
    return attachment(content, f"{title}.docx", DOCX)


@login_required
@require_GET
def bulletin(request: HttpRequest) -> HttpResponse:
    """The monthly bulletin (通报) as a page, or as a .docx with ``?format=docx``."""
    today = clock.today()
    try:
        agency = _bulletin_agency(request)
        b = bulletins.monthly_bulletin(
            agency=agency, year=_int(request, "year", today.year), month=_int(request, "month", today.month)
        )
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    if request.GET.get("format") == "docx":
        return _docx_response(bulletins.bulletin_docx(b), b.title)
    return render(request, "supervision/bulletin.html", {"b": b, "columns": bulletins.COLUMNS, "rows": _rows(b)})


@login_required
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    """The quarterly ranking of units, as a page or a .docx."""
    today = clock.today()
    try:
        agency = _bulletin_agency(request)
        b = bulletins.quarterly_ranking(
            agency=agency,
            year=_int(request, "year", today.year),
            quarter=_int(request, "quarter", (today.month - 1) // 3 + 1),
        )
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    if request.GET.get("format") == "docx":
        return _docx_response(bulletins.bulletin_docx(b), b.title)
    columns = [("名次", "rank"), *bulletins.COLUMNS, ("综合得分", "score")]
    return render(request, "supervision/bulletin.html", {"b": b, "columns": columns, "rows": _rows(b, columns)})


def _rows(b: bulletins.Bulletin, columns: Any = bulletins.COLUMNS) -> list[list[str]]:
    return [[bulletins.cell(u, attr) for _, attr in columns] for u in b.units]


# -- 案卷评查 (file review): pages over fazhi.supervision.file_review; every write goes through its services ------


def _share(text: str) -> Decimal:
    """``10%``, ``10％`` or ``0.1``: the share of the candidates to draw."""
    raw = (text or "").strip().replace("％", "%")
    try:
        if raw.endswith("%"):
            return Decimal(raw[:-1].strip()) / 100
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError("抽取比例应为数字，如 10% 或 0.1。") from exc


def _visible_draw(actor: Any, draw_id: int) -> FileReviewDraw:
    draw = FileReviewDraw.objects.select_related("agency", "drawn_by").filter(pk=draw_id).first()
    if draw is None or not scope_for(actor).sees(draw.agency):
        raise NotFoundOrForbidden("评查抽取")
    return draw


@login_required
def review_draws(request: HttpRequest) -> HttpResponse:
    """The draws in the user's scope, and the form to make a new one."""
    actor = request_actor(request)
    if request.method == "POST":
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "被评查机构"))
            draw = file_review.file_review_draw(
                actor=actor,
                agency=agency,
                period_start=parse_date(request.POST.get("period_start", ""), "结案日期自"),
                period_end=parse_date(request.POST.get("period_end", ""), "结案日期至"),
                share=_share(request.POST.get("share", "")),
                seed=request.POST.get("seed", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"已抽取：候选{len(draw.candidate_ids)}件，抽中{len(draw.case_ids)}件，"
                f"随机种子 {draw.seed}（已记录，可复核）。",
            )
            return redirect("supervision:review_draw", draw_id=draw.pk)
    draws = scope_for(actor).filter(FileReviewDraw.objects.select_related("agency", "drawn_by"), field="agency")
    page = Paginator(draws.order_by("-drawn_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/review_draws.html",
        {"page": page, "agencies": agency_list(actor=actor), "form": request.POST},
    )


@login_required
@require_GET
def review_draw(request: HttpRequest, draw_id: int) -> HttpResponse:
    """The drawn cases, each with its reviews and a scoring form (one input per checklist item)."""
    actor = request_actor(request)
    try:
        draw = _visible_draw(actor, draw_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    cases = Case.objects.filter(pk__in=draw.case_ids).select_related("agency").order_by("pk")
    reviews: dict[int, list[FileReview]] = {}
    for r in FileReview.objects.filter(case__in=cases).select_related("reviewer").order_by("pk"):
        reviews.setdefault(r.case_id, []).append(r)
    checklists: dict[int, Any] = {}
    rows = []
    for case in cases:
        if case.agency_id not in checklists:
            checklist = file_review.checklist_for(agency=case.agency)
            checklists[case.agency_id] = list(checklist.items.all()) if checklist else None
        done = reviews.get(case.pk, [])
        rows.append(
            {
                "case": case,
                "items": checklists[case.agency_id],
                "reviews": done,
                "mine": any(r.reviewer_id == actor.pk for r in done),
            }
        )
    return render(
        request,
        "supervision/review_draw.html",
        {
            "draw": draw,
            "rows": rows,
            "verified": file_review.file_review_draw_verify(draw=draw),
            "share_percent": format((draw.share * 100).normalize(), "f"),
        },
    )


@login_required
@require_POST
def review_checklist_default(request: HttpRequest, draw_id: int) -> HttpResponse:
    """Set up the default checklist (100 points) when none applies yet."""
    actor = request_actor(request)
    try:
        _visible_draw(actor, draw_id)
        file_review.checklist_create(actor=actor, name="默认评查标准")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已启用默认评查标准。")
    return redirect("supervision:review_draw", draw_id=draw_id)


@login_required
@require_POST
def review_score(request: HttpRequest, draw_id: int, case_id: int) -> HttpResponse:
    """Score one drawn case; a refusal (a handler, out of scope, a bad score) is shown as a message."""
    actor = request_actor(request)
    try:
        draw = _visible_draw(actor, draw_id)
        if case_id not in draw.case_ids:
            raise NotFoundOrForbidden("案卷")
        case = Case.objects.select_related("agency").get(pk=case_id)
        scores: dict[int | str, Decimal | int | str] = {
            k[len("score_") :]: (request.POST.get(k) or "").strip() for k in request.POST if k.startswith("score_")
        }
        if any(v == "" for v in scores.values()):
            raise ValidationError("请为每一评查项目打分。")
        review = file_review.file_review_record(
            actor=actor,
            case=case,
            scores=scores,
            comments=request.POST.get("comments", ""),
            exemplary=request.POST.get("exemplary") == "on",
            poor=request.POST.get("poor") == "on",
            draw=draw,
        )
    except NotFoundOrForbidden as exc:
        messages.error(request, exc.message)
        return redirect("supervision:review_draws")
    except ApplicationError as exc:
        messages.error(request, f"案卷 {case_id}：{exc.message}")
    else:
        messages.success(request, f"已评查 {case}：{review.total}/{review.max_total}分，{review.get_grade_display()}。")
    return redirect(f"{reverse('supervision:review_draw', kwargs={'draw_id': draw_id})}#case-{case_id}")


@login_required
@require_GET
def review_results(request: HttpRequest) -> HttpResponse:
    """Results per unit of the reviews made in a period, for an agency's subtree."""
    actor = request_actor(request)
    today = clock.today()
    results = None
    agency = None
    start = request.GET.get("start") or date(today.year, 1, 1).isoformat()
    end = request.GET.get("end") or today.isoformat()
    if request.GET.get("agency"):
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(request.GET.get("agency"), "单位"))
            results = file_review.file_review_results(
                agency=agency, start=parse_date(start, "评查日期自"), end=parse_date(end, "评查日期至")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "supervision/review_results.html",
        {"agencies": agency_list(actor=actor), "agency": agency, "start": start, "end": end, "results": results},
    )


# -- 预警处置, 督查 and 交办单, issued 通报, the case library: thin pages over dispositions / unit_inspections /
# issuing / library; every write goes through their services and a refusal is shown as a message ---------------


def _error_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)


def _optional_date(value: str | None, label: str) -> date | None:
    return parse_date(value, label) if value and value.strip() else None


def _assignable_users(actor: Any) -> Any:
    scope = scope_for(actor)
    return scope.filter(User.objects.filter(is_active=True).select_related("agency")).order_by(
        "agency__path", "display_name", "pk"
    )[:500]


@login_required
@require_GET
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    """One alert, its disposition with every step, and the forms the actor may use."""
    actor = request_actor(request)
    try:
        alert = dsp.access_alert(actor=actor, alert_id=alert_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    disposition = AlertDisposition.objects.filter(alert=alert).select_related("agency", "assignee").first()
    if disposition is not None and not dsp.disposition_list(actor=actor).filter(pk=disposition.pk).exists():
        disposition = None
    steps = list(disposition.steps.select_related("actor").prefetch_related("attachments")) if disposition else []
    supervises = dsp.may_supervise(actor, alert.agency)
    return render(
        request,
        "supervision/alert_detail.html",
        {
            "alert": alert,
            "d": disposition,
            "steps": steps,
            "supervises": supervises,
            "answers": disposition is not None and dsp.may_answer(actor, disposition),
            "overdue": disposition is not None and disposition.overdue_on(clock.today()),
            "agencies": agency_list(actor=actor) if supervises and disposition is None else [],
            "users": _assignable_users(actor) if supervises and disposition is None else [],
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def alert_assign(request: HttpRequest, alert_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        alert = dsp.access_alert(actor=actor, alert_id=alert_id)
        agency = access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "整改单位"))
        assignee_id = parse_id(request.POST.get("assignee"), "整改责任人")
        assignee = User.objects.filter(pk=assignee_id, agency=agency).first()
        if assignee is None:
            raise ValidationError(f"整改责任人须为「{agency.name}」的在用账号。")
        dsp.disposition_assign(
            actor=actor,
            alert=alert,
            agency=agency,
            assignee=assignee,
            deadline=parse_date(request.POST.get("deadline", ""), "整改期限"),
            note=request.POST.get("note", ""),
        )
    except NotFoundOrForbidden as exc:
        return _error_page(request, exc)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已交办。")
    return redirect("supervision:alert_detail", alert_id=alert_id)


@login_required
@require_POST
def disposition_step(request: HttpRequest, disposition_id: int, action: str) -> HttpResponse:
    """答复 (with files), 退回, 办结 or 督办 of one disposition."""
    actor = request_actor(request)
    try:
        if action not in {"answer", "return", "close", "escalate"}:
            raise NotFoundOrForbidden("办理环节")
        d = dsp.access_disposition(actor=actor, disposition_id=disposition_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    post = request.POST
    try:
        if action == "answer":
            dsp.disposition_answer(
                actor=actor,
                disposition=d,
                explanation=post.get("explanation", ""),
                files=request.FILES.getlist("files"),
            )
        elif action == "return":
            dsp.disposition_return(
                actor=actor,
                disposition=d,
                reason=post.get("reason", ""),
                deadline=_optional_date(post.get("deadline"), "新的整改期限"),
            )
        elif action == "close":
            dsp.disposition_close(actor=actor, disposition=d, note=post.get("note", ""))
        else:
            dsp.disposition_escalate(
                actor=actor,
                disposition=d,
                note=post.get("note", ""),
                deadline=_optional_date(post.get("deadline"), "新的整改期限"),
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已办理。")
    return redirect("supervision:alert_detail", alert_id=d.alert_id)


@login_required
@require_GET
def disposition_attachment(
    request: HttpRequest, disposition_id: int, attachment_id: int
) -> HttpResponse | FileResponse:
    actor = request_actor(request)
    try:
        d = dsp.access_disposition(actor=actor, disposition_id=disposition_id)
        found = DispositionAttachment.objects.filter(pk=attachment_id, step__disposition=d).first()
        if found is None:
            raise NotFoundOrForbidden("整改材料")
    except ApplicationError as exc:
        return _error_page(request, exc)
    return attachment_file(get_blob_store().open(found.sha256), found.name, "application/octet-stream")


@login_required
@require_GET
def disposition_list(request: HttpRequest) -> HttpResponse:
    """我的待办 (default), every disposition of the scope, or the overdue ones."""
    actor = request_actor(request)
    view = request.GET.get("view", "mine")
    qs = dsp.disposition_list(actor=actor, mine=view == "mine")
    today = clock.today()
    if view == "overdue":
        qs = qs.filter(status__in=DISPOSITION_OWED, deadline__lt=today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "supervision/disposition_list.html", {"page": page, "view": view, "today": today})


def _items_of(text: str) -> list[unit_inspections.ItemIn]:
    """交办单 lines as typed: one per line, ``事项｜YYYY-MM-DD`` (a full-width or ASCII bar)."""
    items = []
    for n, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        text_part, sep, day = line.replace("｜", "|").rpartition("|")
        if not sep:
            raise ValidationError(f"交办单第{n}行应为「事项|整改期限」，如：重新装订案卷|2026-01-15。")
        items.append(unit_inspections.ItemIn(text_part.strip(), parse_date(day.strip(), f"交办单第{n}行的整改期限")))
    return items


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    """督查 records of the scope and the form to record one with its 交办单."""
    actor = request_actor(request)
    if request.method == "POST":
        post = request.POST
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(post.get("agency"), "被督查单位"))
            visit = unit_inspections.unit_inspection_record(
                actor=actor,
                agency=agency,
                inspected_on=parse_date(post.get("inspected_on", ""), "督查日期"),
                inspectors=post.get("inspectors", ""),
                findings=post.get("findings", ""),
                rectification=post.get("rectification", ""),
                items=_items_of(post.get("items", "")),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记督查。")
            return redirect("supervision:inspection_detail", inspection_id=visit.pk)
    today = clock.today()
    page = Paginator(unit_inspections.unit_inspection_list(actor=actor), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/inspection_list.html",
        {
            "page": page,
            "agencies": agency_list(actor=actor),
            "form": request.POST,
            "overdue": list(unit_inspections.assignment_items_overdue_for(actor=actor, today=today)[:200]),
            "today": today,
        },
    )


@login_required
@require_GET
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        visit = unit_inspections.access_unit_inspection(actor=actor, inspection_id=inspection_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    today = clock.today()
    items = [(i, i.overdue_on(today)) for i in visit.items.all()]
    return render(request, "supervision/inspection_detail.html", {"v": visit, "items": items, "today": today})


@login_required
@require_POST
def inspection_item(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """Add a line to the 交办单, or 销号 one (``item`` given)."""
    actor = request_actor(request)
    try:
        visit = unit_inspections.access_unit_inspection(actor=actor, inspection_id=inspection_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    post = request.POST
    try:
        if post.get("item"):
            item = visit.items.filter(pk=parse_id(post.get("item"), "交办事项")).first()
            if item is None:
                raise NotFoundOrForbidden("交办事项")
            unit_inspections.assignment_item_close(
                actor=actor,
                item=item,
                closed_on=parse_date(post.get("closed_on", ""), "销号日期"),
                note=post.get("note", ""),
            )
        else:
            unit_inspections.assignment_item_add(
                actor=actor,
                inspection=visit,
                text=post.get("text", ""),
                deadline=parse_date(post.get("deadline", ""), "整改期限"),
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存。")
    return redirect("supervision:inspection_detail", inspection_id=inspection_id)


def _opt_int(value: str | None, label: str) -> int | None:
    return parse_id(value, label) if (value or "").strip() else None


@login_required
def issued_list(request: HttpRequest) -> HttpResponse:
    """Issued 通报 and the form to issue one (月度, 季度考核, 督查通报)."""
    actor = request_actor(request)
    if request.method == "POST":
        post = request.POST
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(post.get("agency"), "发布机关"))
            inspection_id = _opt_int(post.get("inspection"), "督查")
            issued = issuing.bulletin_issue(
                actor=actor,
                agency=agency,
                kind=post.get("kind", ""),
                year=_opt_int(post.get("year"), "年度"),
                month=_opt_int(post.get("month"), "月份"),
                quarter=_opt_int(post.get("quarter"), "季度"),
                inspection=unit_inspections.access_unit_inspection(actor=actor, inspection_id=inspection_id)
                if inspection_id
                else None,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已发布 {issued.title}{issued.number_label}。")
            return redirect("supervision:issued_detail", bulletin_id=issued.pk)
    page = Paginator(issuing.issued_bulletin_list(actor=actor), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/issued_list.html",
        {
            "page": page,
            "agencies": agency_list(actor=actor),
            "inspections": unit_inspections.unit_inspection_list(actor=actor)[:100],
            "kinds": BulletinKind.choices,
            "form": request.POST,
            "today": clock.today(),
        },
    )


@login_required
@require_GET
def issued_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        b = issuing.access_issued_bulletin(actor=actor, bulletin_id=bulletin_id)
    except ApplicationError as exc:
        return _error_page(request, exc)
    if request.GET.get("format") == "docx":
        return _docx_response(issuing.issued_bulletin_docx(bulletin=b), f"{b.title}{b.number_label}")
    return render(request, "supervision/issued_detail.html", {"b": b, "c": b.content})


@login_required
@require_GET
def case_library(request: HttpRequest) -> HttpResponse:
    """示范优案 and 典型差案 for training: every logged-in user, masked (``library``)."""
    kind = request.GET.get("kind", "")
    entries = library.case_library(actor=request_actor(request), kind=kind)
    return render(request, "supervision/library.html", {"entries": entries, "kind": kind})
