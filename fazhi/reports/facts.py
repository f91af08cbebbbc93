"""One view of every case for statistics: live cases (``cases.Case``) and imported ones (``imports.HistoricalCase``).

Each source is a queryset annotated with the same names (``f_procedure``, ``f_fine``, ``f_registered_on`` …).
An indicator is written once, as a filter and an aggregate over these names, and evaluated on each source; the
results are added. So a figure never depends on where a case was recorded, and a new indicator cannot forget
the imported cases.

Which date puts a case in a period (docs/reports.md): counts of cases go by the registration date (立案日期);
amounts (fines, confiscations) and decision outcomes (首违不罚, legal review of major decisions) go by the
decision date (决定日期). Only registered cases count: a lead never registered is not a case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models import Case as Choose
from django.db.models.functions import ExtractMonth

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.cases.models import Case
from fazhi.imports.models import HistoricalCase

__all__ = ["CaseFilter", "Totals", "distinct_values", "grouped", "scoped", "sources", "totals"]


@dataclass(frozen=True)
class CaseFilter:
    """Which cases: an agency (and its subordinate units), a period and optional dimensions."""

    agency: Agency
    include_subordinates: bool
    start: date
    end: date
    procedure: str = ""
    domain: str = ""
    source: str = ""
    item_code: str = ""
    imported: bool | None = None  # None: both; True: imported only; False: live only

    def shifted_year(self, years: int) -> CaseFilter:
        def move(d: date) -> date:
            try:
                return d.replace(year=d.year + years)
            except ValueError:  # 29 February
                return d.replace(year=d.year + years, day=28)

        return replace(self, start=move(self.start), end=move(self.end))


@dataclass(frozen=True)
class Totals:
    count: int = 0
    fine: Decimal = Decimal("0.00")
    confiscation: Decimal = Decimal("0.00")

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.count + other.count, self.fine + other.fine, self.confiscation + other.confiscation)


def _live() -> QuerySet[Any]:
    return Case.objects.filter(registered_on__isnull=False).annotate(
        f_procedure=F("procedure"),
        f_source=F("source"),
        f_domain=F("power_item__domain"),
        f_item=F("power_item__code"),
        f_agency_path=F("agency__path"),
        f_major=F("is_major"),
        f_delegated=Choose(
            When(agency__kind=AgencyKind.TOWNSHIP, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        f_registered_on=F("registered_on"),
        f_decided_on=F("decision__decided_on"),
        f_outcome=F("decision__outcome"),
        f_fine=F("decision__fine"),
        f_confiscation=F("decision__confiscation"),
        f_closed_on=F("closed_on"),
    )


def _imported() -> QuerySet[Any]:
    return HistoricalCase.objects.annotate(
        f_procedure=F("procedure"),
        f_source=F("source"),
        f_domain=F("domain"),
        f_item=F("item_code"),
        f_agency_path=F("agency__path"),
        f_major=F("is_major"),
        f_delegated=F("is_delegated"),
        f_registered_on=F("registered_on"),
        f_decided_on=F("decided_on"),
        f_outcome=F("outcome"),
        f_fine=F("fine"),
        f_confiscation=F("confiscation"),
        f_closed_on=F("closed_on"),
    )


def _scoped(qs: QuerySet[Any], flt: CaseFilter) -> QuerySet[Any]:
    if flt.include_subordinates:
        qs = qs.filter(f_agency_path__startswith=flt.agency.path)
    else:
        qs = qs.filter(agency=flt.agency)
    if flt.procedure:
        qs = qs.filter(f_procedure=flt.procedure)
    if flt.domain:
        qs = qs.filter(f_domain=flt.domain)
    if flt.source:
        qs = qs.filter(f_source=flt.source)
    if flt.item_code:
        qs = qs.filter(f_item=flt.item_code)
    return qs


def scoped(qs: QuerySet[Any], flt: CaseFilter) -> QuerySet[Any]:
    """``qs`` (annotated with ``f_agency_path`` and the dimension fields) narrowed to the filter's scope and
    dimensions: the cases of a source, or their rollups (``fazhi.reports.derived``)."""
    return _scoped(qs, flt)


def sources(flt: CaseFilter) -> list[tuple[str, QuerySet[Any]]]:
    """The annotated, scoped querysets of each source: ``[("live", …), ("imported", …)]``."""
    out: list[tuple[str, QuerySet[Any]]] = []
    if flt.imported is not True:
        out.append(("live", _scoped(_live(), flt)))
    if flt.imported is not False:
        out.append(("imported", _scoped(_imported(), flt)))
    return out


def in_period(by: str, start: date, end: date) -> Q:
    """``by`` is ``registered`` (counts) or ``decided`` (amounts, outcomes)."""
    field = "f_registered_on" if by == "registered" else "f_decided_on"
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def _in_period(flt: CaseFilter, by: str, where: Q | None) -> list[tuple[str, QuerySet[Any]]]:
    """Each source narrowed to the cases whose ``by`` date falls in the period (and to ``where``)."""
    out = []
    for name, qs in sources(flt):
        narrowed = qs.filter(in_period(by, flt.start, flt.end))
        out.append((name, narrowed.filter(where) if where is not None else narrowed))
    return out


def totals(flt: CaseFilter, *, by: str, where: Q | None = None) -> Totals:
    """Count, fines and confiscations of the cases whose ``by`` date falls in the filter's period."""
    result = Totals()
    for _, qs in _in_period(flt, by, where):
        agg = qs.aggregate(n=Count("pk"), fine=Sum("f_fine"), conf=Sum("f_confiscation"))
        result += Totals(agg["n"] or 0, agg["fine"] or Decimal("0.00"), agg["conf"] or Decimal("0.00"))
    return result


def grouped(flt: CaseFilter, *, by: str, group: str, where: Q | None = None) -> dict[Any, Totals]:
    """``totals`` per value of an annotated field (``f_domain``, ``f_source``, ``f_item`` …) or ``month``."""
    out: dict[Any, Totals] = {}
    date_field = "f_registered_on" if by == "registered" else "f_decided_on"
    for _, qs in _in_period(flt, by, where):
        key = group
        grouped_qs = qs.annotate(month=ExtractMonth(date_field)) if group == "month" else qs
        rows = grouped_qs.order_by().values(key).annotate(n=Count("pk"), fine=Sum("f_fine"), conf=Sum("f_confiscation"))
        for row in rows:
            t = Totals(row["n"] or 0, row["fine"] or Decimal("0.00"), row["conf"] or Decimal("0.00"))
            out[row[key]] = out.get(row[key], Totals()) + t
    return out


def distinct_values(flt: CaseFilter, *, by: str, field: str, where: Q | None = None) -> set[Any]:
    values: set[Any] = set()
    for _, qs in _in_period(flt, by, where):
        values.update(qs.order_by().values_list(field, flat=True).distinct())
    return values


def records(flt: CaseFilter, *, by: str, where: Q | None = None, limit: int = 500) -> Iterable[dict[str, Any]]:
    """The records behind a figure (drill-down), live and imported, as plain rows."""
    fields = (
        "pk",
        "f_procedure",
        "f_source",
        "f_domain",
        "f_item",
        "f_registered_on",
        "f_decided_on",
        "f_outcome",
        "f_fine",
        "f_major",
        "agency__name",
    )
    rows: list[dict[str, Any]] = []
    for name, qs in _in_period(flt, by, where):
        number = "register_number" if name == "live" else "case_number"
        for row in qs.order_by("f_registered_on", "pk").values(*fields, number)[:limit]:
            row["number"] = row.pop(number)
            row["kind"] = name
            rows.append(row)
    return rows
