"""The filter of the statistics pages, read from request parameters: by the pages, and by the export task, which
gets the same parameters on its row and reads them again as the user who asked."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from fazhi.cases.models import CaseSource, DecisionOutcome, Procedure
from fazhi.core import clock
from fazhi.core.errors import ValidationError
from fazhi.powers.domain import Domain
from fazhi.reports import selectors
from fazhi.reports.facts import CaseFilter

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = ["FILTER_KEYS", "LABELS", "filter_from_params"]

LABELS: dict[str, dict[Any, str]] = {
    "by_procedure": dict(Procedure.choices),
    "by_domain": {d.value: d.label for d in Domain},
    "by_source": dict(CaseSource.choices),
    "by_month": {m: f"{m}月" for m in range(1, 13)},
    "outcome": dict(DecisionOutcome.choices),
}
FILTER_KEYS = ("agency", "sub", "year", "month", "procedure", "domain", "source", "item")


def _int(value: str | None, default: int, label: str) -> int:
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationError(f"{label}「{value}」不是数字。") from exc


def filter_from_params(*, actor: User, params: Mapping[str, str]) -> tuple[CaseFilter, dict[str, str]]:
    """The filter and its parameters as given (agency, year and sub filled in); refuses a non-numeric field."""
    agency = selectors.access_report_agency(actor=actor, agency_id=_int(params.get("agency"), 0, "机构") or None)
    year = _int(params.get("year"), clock.today().year, "年度")
    month = _int(params.get("month"), 0, "月份")
    start, end = date(year, 1, 1), date(year, 12, 31)
    if 1 <= month <= 12:
        start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    flt = CaseFilter(
        agency=agency,
        include_subordinates=params.get("sub", "1") == "1",
        start=start,
        end=end,
        procedure=params.get("procedure", "") if params.get("procedure", "") in Procedure.values else "",
        domain=params.get("domain", "") if params.get("domain", "") in {d.value for d in Domain} else "",
        source=params.get("source", "") if params.get("source", "") in CaseSource.values else "",
        item_code=params.get("item", "")[:40],
    )
    raw = {k: params.get(k, "") for k in FILTER_KEYS}
    raw.update(agency=str(agency.pk), year=str(year), sub="1" if flt.include_subordinates else "0")
    return flt, raw
