"""The supervision board (counts by rule and by unit, the drill-down list), bulletins, and the 案卷评查 pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, agency_list
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.downloads import DOCX, attachment
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, ValidationError
from fazhi.core.forms import parse_date, parse_id
from fazhi.supervision import bulletins, file_review, selectors
from fazhi.supervision.models import FileReview, FileReviewDraw
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
