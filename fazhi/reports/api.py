"""统计 API: the annual report's flat JSON object and the dashboard figures for an agency the actor may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from fazhi.accounts.request import request_actor
from fazhi.reports import selectors
from fazhi.reports.facts import CaseFilter
from fazhi.reports.figures import dashboard_json

router = Router(tags=["统计"])


@router.get("/annual")
def annual(request: HttpRequest, agency_id: int, year: int, include_subordinates: bool = False) -> dict[str, Any]:
    agency = selectors.access_report_agency(actor=request_actor(request), agency_id=agency_id)
    return selectors.annual_figures(agency=agency, year=year, include_subordinates=include_subordinates)


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
