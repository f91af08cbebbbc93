"""统计 API: the annual report's flat JSON object and the dashboard figures for an agency the actor may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from fazhi.accounts.request import request_actor
from fazhi.core.downloads import attachment
from fazhi.reports import selectors
from fazhi.reports.annual import annual_report, render_docx, render_pdf
from fazhi.reports.exports import DOCX, PDF
from fazhi.reports.facts import CaseFilter
from fazhi.reports.figures import dashboard_json

router = Router(tags=["统计"])


@router.get("/annual")
def annual(request: HttpRequest, agency_id: int, year: int, include_subordinates: bool = False) -> dict[str, Any]:
    agency = selectors.access_report_agency(actor=request_actor(request), agency_id=agency_id)
    return selectors.annual_figures(agency=agency, year=year, include_subordinates=include_subordinates)


def _annual_file(request: HttpRequest, agency_id: int, year: int, include_subordinates: bool, fmt: str) -> HttpResponse:
    agency = selectors.access_report_agency(actor=request_actor(request), agency_id=agency_id)
    report = annual_report(agency=agency, year=year, include_subordinates=include_subordinates)
    content = render_docx(report) if fmt == "docx" else render_pdf(report)
    return attachment(content, f"{agency.code}_{year}_法治政府建设年度报告.{fmt}", DOCX if fmt == "docx" else PDF)


@router.get("/annual/docx", summary="年度报告 Word（公文格式）")
def annual_docx(request: HttpRequest, agency_id: int, year: int, include_subordinates: bool = False) -> HttpResponse:
    """法治政府建设年度报告的 .docx（GB/T 9704—2012 公文格式），与页面下载的文件相同。"""
    return _annual_file(request, agency_id, year, include_subordinates, "docx")


@router.get("/annual/pdf", summary="年度报告 PDF")
def annual_pdf(request: HttpRequest, agency_id: int, year: int, include_subordinates: bool = False) -> HttpResponse:
    """法治政府建设年度报告的 PDF（与 .docx 结构相同；服务器未安装中文字体时拒绝并说明原因）。"""
    return _annual_file(request, agency_id, year, include_subordinates, "pdf")


@router.get("/dashboard")
def dashboard(
    request: HttpRequest,
    *,
    agency_id: int,
    year: int,
    include_subordinates: bool = True,
    procedure: str = "",
    domain: str = "",
    source: str = "",
    item_code: str = "",
) -> dict[str, Any]:
    agency = selectors.access_report_agency(actor=request_actor(request), agency_id=agency_id)
    flt = selectors.year_filter(agency, year, include_subordinates)
    flt = CaseFilter(flt.agency, flt.include_subordinates, flt.start, flt.end, procedure, domain, source, item_code)
    return dashboard_json(selectors.dashboard(flt))
