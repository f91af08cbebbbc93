"""The supervision board: counts by rule and by unit, and the drill-down list linking to each record."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.selectors import access_agency
from fazhi.core import clock
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden
from fazhi.core.forms import parse_id
from fazhi.supervision import bulletins, selectors
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
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.docx"
    return response


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
