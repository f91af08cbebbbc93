"""Pages of 城管执法: 责令改正 (list, form, 复查), 违法建设 (list, form, each step), the demolition register and the
yearly target. A refused form is shown again with what was typed and the Chinese reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, agency_list
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden, ValidationError
from fazhi.core.forms import parse_date, parse_id
from fazhi.urban import selectors, services
from fazhi.urban.models import ConstructionStatus, DemolishedBy, RectificationResult


def _text(request: HttpRequest, name: str) -> str:
    return str(request.POST.get(name, ""))


def _date(request: HttpRequest, name: str, label: str) -> date:
    raw = _text(request, name)
    if not raw.strip():
        raise ValidationError(f"请填写{label}。")
    return parse_date(raw, label)


def _decimal(request: HttpRequest, name: str, label: str, *, required: bool = True) -> Decimal | None:
    raw = _text(request, name).strip().replace(",", "")
    if not raw:
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError(f"{label}「{raw[:30]}」不是有效数字。") from exc
    if not value.is_finite():
        raise ValidationError(f"{label}「{raw[:30]}」不是有效数字。")
    return value


def _case_by_number(request: HttpRequest, name: str, *, required: bool) -> Case | None:
    """The case named by its 立案编号 or 案源编号 (or its id), within the actor's scope."""
    raw = _text(request, name).strip()[:60]
    if not raw:
        if required:
            raise ValidationError("请填写案件的立案编号或案源编号。")
        return None
    qs = scope_for(request_actor(request)).filter(Case.objects.select_related("agency", "legal_subject", "party"))
    query = Q(lead_number=raw) | Q(register_number=raw)
    if raw.isdigit() and len(raw) < 12:
        query |= Q(pk=int(raw))
    case = qs.filter(query).first()
    if case is None:
        raise NotFoundOrForbidden(f"编号为「{raw}」的案件")
    return case


def _agencies(request: HttpRequest) -> list[Any]:
    actor = request_actor(request)
    return [] if scope_for(actor).read_only else list(agency_list(actor=actor))


# --- 责令改正 -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rectification_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form: dict[str, str] = {"case": request.GET.get("case", "")[:60], "ordered_on": clock.today().isoformat()}
    status = 200
    if request.method == "POST":
        form = {k: _text(request, k) for k in ("case", "ordered_on", "requirement", "period_end")}
        try:
            case = _case_by_number(request, "case", required=True)
            assert case is not None
            order = services.rectification_order(
                actor=actor,
                case=case,
                ordered_on=_date(request, "ordered_on", "责令改正日期"),
                requirement=_text(request, "requirement"),
                period_end=_date(request, "period_end", "改正期限届满日"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, f"已责令改正 {order.number}，期限至{order.period_end:%Y-%m-%d}。")
            return redirect("urban:rectification_detail", order_id=order.pk)
    result = request.GET.get("result", "")
    search = request.GET.get("q", "").strip()[:60]
    qs = selectors.rectification_list(actor=actor, result=result, search=search)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "urban/rectification_list.html",
        {
            "page": page,
            "result": result,
            "search": search,
            "results": RectificationResult.choices,
            "form": form,
            "today": clock.today(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        order = selectors.access_rectification(actor=actor, order_id=order_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    form: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = {k: _text(request, k) for k in ("reviewed_on", "corrected", "note")}
        try:
            services.rectification_review(
                actor=actor,
                order=order,
                reviewed_on=_date(request, "reviewed_on", "复查日期"),
                corrected=_text(request, "corrected") == "1",
                note=_text(request, "note"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, "已登记复查结果。")
            return redirect("urban:rectification_detail", order_id=order.pk)
    return render(
        request,
        "urban/rectification_detail.html",
        {
            "o": order,
            "form": form,
            "hint": selectors.rectification_exemption_hint(order),
            "feeds_case": selectors.rectification_feeds_case(order),
            "today": clock.today(),
        },
        status=status,
    )


# --- 违法建设 ------------------------------------------------------------------------------------------------

CONSTRUCTION_FIELDS = (
    "agency",
    "case",
    "party_name",
    "location",
    "area_m2",
    "order_number",
    "ordered_on",
    "order_served_on",
    "order_period_end",
    "description",
)


@login_required
@require_http_methods(["GET", "POST"])
def construction_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form: dict[str, str] = {"agency": str(actor.agency_id or "")}
    status = 200
    if request.method == "POST":
        form = {k: _text(request, k) for k in CONSTRUCTION_FIELDS}
        try:
            construction = services.construction_order(
                actor=actor,
                agency=access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "作出机构")),
                case=_case_by_number(request, "case", required=False),
                party_name=_text(request, "party_name"),
                location=_text(request, "location"),
                area_m2=_decimal(request, "area_m2", "违法建设面积"),
                order_number=_text(request, "order_number"),
                ordered_on=_date(request, "ordered_on", "决定日期"),
                order_served_on=_date(request, "order_served_on", "送达日期"),
                order_period_end=_date(request, "order_period_end", "限期拆除期限届满日"),
                description=_text(request, "description"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, f"已登记责令限期拆除 {construction.order_number}。")
            return redirect("urban:construction_detail", construction_id=construction.pk)
    state = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()[:60]
    qs = selectors.construction_list(actor=actor, status=state, search=search)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "urban/construction_list.html",
        {
            "page": page,
            "status": state,
            "search": search,
            "statuses": ConstructionStatus.choices,
            "agencies": _agencies(request),
            "form": form,
        },
        status=status,
    )


def _construction_step(request: HttpRequest, construction: Any, step: str) -> None:
    actor = request_actor(request)
    if step == "announce":
        services.construction_announce(
            actor=actor,
            construction=construction,
            announced_on=_date(request, "announced_on", "公告日期"),
            period_end=_date(request, "period_end", "公告限期自行拆除届满日"),
        )
    elif step == "remind":
        services.construction_remind(
            actor=actor, construction=construction, served_on=_date(request, "served_on", "催告书送达日期")
        )
    elif step == "decide":
        services.construction_decide(
            actor=actor,
            construction=construction,
            kind=_text(request, "kind"),
            decided_on=_date(request, "decided_on", "决定日期"),
            number=_text(request, "number"),
            scheduled_on=_date(request, "scheduled_on", "拆除（代履行）日期"),
            performer=_text(request, "performer"),
            cost_budget=_decimal(request, "cost_budget", "代履行费用预算", required=False),
        )
    elif step == "demolish":
        services.construction_demolish(
            actor=actor,
            construction=construction,
            demolished_on=_date(request, "demolished_on", "拆除日期"),
            by=_text(request, "by"),
            area_m2=_decimal(request, "area_m2", "拆除面积", required=False),
            cost_actual=_decimal(request, "cost_actual", "代履行费用", required=False),
        )
    else:
        raise ValidationError("未知的操作。")


@login_required
@require_http_methods(["GET", "POST"])
def construction_detail(request: HttpRequest, construction_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        construction = selectors.access_construction(actor=actor, construction_id=construction_id)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=exc.status_code)
    form: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = {k: _text(request, k) for k in request.POST if k != "csrfmiddlewaretoken"}
        try:
            _construction_step(request, construction, _text(request, "step"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, "已办理。")
            return redirect("urban:construction_detail", construction_id=construction.pk)
    today = clock.today()
    return render(
        request,
        "urban/construction_detail.html",
        {
            "c": construction,
            "bar": services.demolition_bar(construction, today),
            "form": form,
            "kinds": [(DemolishedBy.FORCED, "强制拆除"), (DemolishedBy.SUBSTITUTE, "代履行")],
            "by_choices": DemolishedBy.choices,
            "record": getattr(construction, "demolition", None),
            "today": today,
        },
        status=status,
    )


# --- 拆除台账 and 年度目标 ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def demolition_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    try:
        year = int(request.GET.get("year", "") or clock.today().year)
    except ValueError:
        year = clock.today().year
    year = min(max(year, 2000), 2100)
    form: dict[str, str] = {"agency": str(actor.agency_id or ""), "year": str(year)}
    status = 200
    if request.method == "POST":
        form = {k: _text(request, k) for k in request.POST if k != "csrfmiddlewaretoken"}
        try:
            agency = access_agency(actor=actor, agency_id=parse_id(request.POST.get("agency"), "机构"))
            if _text(request, "form") == "target":
                try:
                    target_year = int(_text(request, "year").strip())
                except ValueError as exc:
                    raise ValidationError("请填写年度（如 2026）。") from exc
                services.demolition_target_set(
                    actor=actor,
                    agency=agency,
                    year=target_year,
                    target_m2=_decimal(request, "target_m2", "目标面积"),
                    source=_text(request, "source"),
                )
                done = "已录入拆违年度目标。"
            else:
                services.demolition_register(
                    actor=actor,
                    agency=agency,
                    place=_text(request, "place"),
                    area_m2=_decimal(request, "area_m2", "拆除面积"),
                    demolished_on=_date(request, "demolished_on", "拆除日期"),
                    demolished_by=_text(request, "demolished_by"),
                    case=_case_by_number(request, "case", required=False),
                    note=_text(request, "note"),
                )
                done = "已登记拆除台账。"
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, done)
            return redirect(f"{request.path}?year={year}")
    rows = selectors.demolition_list(actor=actor, year=year)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    own = actor.agency
    totals = (
        selectors.demolition_totals(
            agency=own, include_subordinates=True, start=date(year, 1, 1), end=date(year, 12, 31)
        )
        if own is not None
        else None
    )
    return render(
        request,
        "urban/demolition_list.html",
        {
            "page": page,
            "year": year,
            "totals": totals,
            "targets": selectors.target_list(actor=actor),
            "agencies": _agencies(request),
            "by_choices": DemolishedBy.choices,
            "form": form,
        },
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return redirect("urban:rectification_list")
