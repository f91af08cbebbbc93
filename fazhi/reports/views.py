"""统计 pages: the dashboard (ECharts), drill-down lists, Excel export, and the annual report with its own text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import CaseSource, DecisionOutcome, Procedure
from fazhi.core.downloads import attachment
from fazhi.core.errors import ApplicationError
from fazhi.powers.domain import Domain
from fazhi.reports import exports, facts, selectors, services
from fazhi.reports.annual import annual_report, render_json, render_markdown
from fazhi.reports.facts import CaseFilter
from fazhi.reports.figures import dashboard_json
from fazhi.reports.filters import LABELS, filter_from_params
from fazhi.reports.layout import date_text
from fazhi.reports.models import NARRATIVE_PARTS, AnnualReportText


def parse_filter(request: HttpRequest, params: QueryDict) -> tuple[CaseFilter, dict[str, str]]:
    return filter_from_params(actor=request_actor(request), params=params)


def _link(raw: dict[str, str], **changes: Any) -> str:
    params = {**raw, **{k: "" if v is None else str(v) for k, v in changes.items()}}
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _agencies(request: HttpRequest) -> list[Agency]:
    return list(scope_for(request_actor(request)).filter(Agency.objects.all(), field="").order_by("path"))


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        flt, raw = parse_filter(request, request.GET)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return render(request, "reports/dashboard.html", {"data": None, "agencies": _agencies(request)})
    data = dashboard_json(selectors.dashboard(flt))  # the page shows the figures as the API gives them
    group_param = {
        "by_month": "month",
        "by_procedure": "procedure",
        "by_domain": "domain",
        "by_source": "source",
        "by_item": "item",
    }
    tables: list[dict[str, Any]] = []
    for key, title in (
        ("by_month", "按月份"),
        ("by_procedure", "按程序"),
        ("by_domain", "按领域"),
        ("by_source", "按案件来源"),
        ("by_item", "按执法事项"),
    ):
        rows = [
            {
                **row,
                "label": LABELS.get(key, {}).get(row["key"], row["key"] or "—"),
                "link": "records/" + _link(raw, **{group_param[key]: row["key"]}),
            }
            for row in data[key]
        ]
        tables.append({"key": key, "title": title, "rows": rows})
    charts = {
        t["key"]: {
            "labels": [str(r["label"]) for r in t["rows"]],
            "counts": [r["count"] for r in t["rows"]],
            "fines": [r["fines"] for r in t["rows"]],
        }
        for t in tables
    }
    context = {
        "data": data,
        "flt": flt,
        "raw": raw,
        "tables": tables,
        "charts": charts,
        "agencies": _agencies(request),
        "procedures": Procedure.choices,
        "domains": [(d.value, d.label) for d in Domain],
        "sources": CaseSource.choices,
        "months": range(1, 13),
        "records_link": "records/" + _link(raw),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def records(request: HttpRequest) -> HttpResponse:
    """The records behind a figure: counts by registration date, ``by=decided`` for amounts."""
    try:
        flt, raw = parse_filter(request, request.GET)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("reports:dashboard")
    by = "decided" if request.GET.get("by") == "decided" else "registered"
    where = None
    outcome = request.GET.get("outcome", "")
    if outcome in DecisionOutcome.values:
        where = Q(f_outcome=outcome)
    if request.GET.get("imported") in ("0", "1"):
        flt = replace(flt, imported=request.GET["imported"] == "1")
    rows = list(facts.records(flt, by=by, where=where, limit=5000))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "reports/records.html", {"page": page, "flt": flt, "by": by, "labels": LABELS, "raw": raw})


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Check the filter now, build the workbook on the task queue, and send the user to the export's page."""
    try:
        flt, raw = parse_filter(request, request.POST)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("reports:dashboard")
    export = exports.dashboard_export_start(actor=request_actor(request), flt=flt, raw=raw)
    return redirect("core:export", export_id=export.pk)


@login_required
@require_http_methods(["GET", "POST"])
def annual(request: HttpRequest) -> HttpResponse:
    """The annual report: its figures, the bureau's own text for each part (editable), and the downloads."""
    actor = request_actor(request)
    params = request.POST if request.method == "POST" else request.GET
    try:
        flt, raw = parse_filter(request, params)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("reports:dashboard")
    year = flt.start.year
    if request.method == "POST":
        try:
            services.annual_report_text_save(
                actor=actor,
                agency=flt.agency,
                year=year,
                title=request.POST.get("title", ""),
                parts={code: request.POST.get(f"part_{code}", "") for code, _ in NARRATIVE_PARTS},
            )
            messages.success(request, "已保存年度报告文字。")
        except ApplicationError as exc:
            messages.error(request, str(exc))
        return redirect(f"{request.path}{_link(raw)}")
    fmt = request.GET.get("format", "")
    if fmt in ("docx", "pdf"):  # built by the worker; the export's page polls and then offers the file
        start = exports.annual_docx_export_start if fmt == "docx" else exports.annual_pdf_export_start
        export = start(actor=actor, agency=flt.agency, year=year, include_subordinates=flt.include_subordinates)
        return redirect("core:export", export_id=export.pk)
    if fmt in ("json", "md"):
        report = annual_report(agency=flt.agency, year=year, include_subordinates=flt.include_subordinates)
        name = f"{flt.agency.code}_{year}_法治政府建设年度报告.{fmt}"
        content: bytes
        if fmt == "md":
            content, ctype = render_markdown(report).encode(), "text/markdown; charset=utf-8"
        else:
            content, ctype = render_json(report).encode(), "application/json"
        return attachment(content, name, ctype)
    text = AnnualReportText.objects.filter(agency=flt.agency, year=year).first()
    report = annual_report(agency=flt.agency, year=year, include_subordinates=flt.include_subordinates)
    parts = [(code, label, text.part(code) if text else "") for code, label in NARRATIVE_PARTS]
    return render(
        request,
        "reports/annual.html",
        {
            "report": report,
            "dated": date_text(report.dated),
            "raw": raw,
            "parts": parts,
            "text": text,
            "agencies": _agencies(request),
            "link": _link(raw),
            "can_edit": not scope_for(actor).read_only,
        },
    )
