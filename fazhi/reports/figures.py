"""The figures of the statistics and of the annual report as typed values, and their formatting at the edges.

Counts are ``int``, amounts are yuan as ``Decimal`` (not rounded), rates and year-on-year changes are percentages
as ``Decimal`` with one decimal, ``None`` where the base is zero; a section whose app is not installed is
``None``. The selectors fill these structures; only the edges turn them into text: ``annual_json`` and
``dashboard_json`` (the flat JSON object of the API and of ``fazhi report annual``, keys in docs/reports.md), the
sentences (``fazhi.reports.sentences``), the .docx/.md/.xlsx renderings and the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fazhi.cases.models import CaseSource
from fazhi.core.figures import Figure, figure_json
from fazhi.powers.domain import Domain

__all__ = [
    "AnnualFigures",
    "Breakdown",
    "ComplaintFigures",
    "CountAndFines",
    "DashboardFigures",
    "LegalAffairsFigures",
    "LegalReviewFigures",
    "PowerFigures",
    "ProcedureFigures",
    "PublicityFigures",
    "annual_json",
    "dashboard_json",
    "money_text",
    "rate_text",
]

_CENT = Decimal("0.01")


def money_text(amount: Decimal) -> str:
    """Yuan with two decimals, half up: ``Decimal("9250.5")`` → ``"9250.50"``."""
    return str(Decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP))


def rate_text(value: Decimal | None) -> str | None:
    """A percentage as its digits (``"62.5"``), None kept: the JSON form of a rate."""
    return None if value is None else str(value)


@dataclass(frozen=True)
class ProcedureFigures:
    """Cases of one procedure: counted by registration date, fines by decision date, with last year's."""

    count: int
    fines: Decimal
    count_last_year: int
    fines_last_year: Decimal
    count_yoy: Decimal | None
    fines_yoy: Decimal | None


@dataclass(frozen=True)
class CountAndFines:
    count: int
    fines: Decimal


@dataclass(frozen=True)
class PowerFigures:
    items_total: int
    items_used: int
    coverage: Decimal | None
    items_first_used: int


@dataclass(frozen=True)
class LegalReviewFigures:
    cases: int
    opinions: int
    major_decided: int
    major_rate: Decimal | None


@dataclass(frozen=True)
class PublicityFigures:
    """Decision publications due in the period, those published on time, and the on-time rate."""

    due: int
    on_time: int
    on_time_rate: Decimal | None


@dataclass(frozen=True)
class ComplaintFigures:
    """Complaints received in the period, those judged (handled, or past their deadline), and the on-time rate."""

    received: int
    judged: int
    on_time_rate: Decimal | None


@dataclass(frozen=True)
class LegalAffairsFigures:
    reconsideration_count: int
    reconsideration_upheld: int
    reconsideration_corrected: int
    litigation_count: int
    litigation_upheld: int
    litigation_corrected: int
    head_appearance_rate: Decimal | None


@dataclass(frozen=True)
class AnnualFigures:
    """Everything the annual report states, for one agency and year."""

    agency_code: str
    agency_name: str
    year: int
    include_subordinates: bool
    simple: ProcedureFigures
    general: ProcedureFigures
    general_major: int
    by_domain: dict[str, CountAndFines]  # every Domain value, in Domain order
    by_source: dict[str, int]  # every CaseSource value, in its order
    total_count: int
    total_fines: Decimal
    total_confiscations: Decimal
    imported_count: int
    exempted: int
    delegated: int
    powers: PowerFigures
    legal_review: LegalReviewFigures
    publicity: PublicityFigures
    credit_repair: int
    legal_affairs: LegalAffairsFigures | None
    court_enforcement_applied: int
    court_enforcement_completed: int
    file_review: int | None
    complaints: ComplaintFigures | None
    inspections_random: int | None
    inspections_joint: int | None
    # The keys of ``fazhi.reports.collect`` (records beyond the case tables, and the issue-11 apps), typed as
    # ``fazhi.core.figures`` values and written with ``figure_json``.
    more: dict[str, Figure] = field(default_factory=dict)

    def get(self, key: str) -> Figure:
        """One of ``more`` by key; None when absent (the report leaves its sentence out)."""
        return self.more.get(key)


def _procedure_json(p: ProcedureFigures) -> dict[str, Any]:
    return {
        "count": p.count,
        "fines": money_text(p.fines),
        "count_yoy": rate_text(p.count_yoy),
        "fines_yoy": rate_text(p.fines_yoy),
        "count_last_year": p.count_last_year,
        "fines_last_year": money_text(p.fines_last_year),
    }


def annual_json(f: AnnualFigures) -> dict[str, Any]:
    """The flat object of the annual report: amounts as yuan strings with two decimals, rates and changes as
    percent strings with one decimal (None where the base is zero), counts as integers."""
    out: dict[str, Any] = {
        "agency.code": f.agency_code,
        "agency.name": f.agency_name,
        "year": f.year,
        "include_subordinates": f.include_subordinates,
    }
    for name, procedure in (("simple", f.simple), ("general", f.general)):
        for key, value in _procedure_json(procedure).items():
            out[f"cases.{name}.{key}"] = value
    out["cases.general.major"] = f.general_major
    for domain in Domain:
        out[f"cases.by_domain.{domain.value}.count"] = f.by_domain[domain.value].count
        out[f"cases.by_domain.{domain.value}.fines"] = money_text(f.by_domain[domain.value].fines)
    for source in CaseSource.values:
        out[f"cases.by_source.{source}.count"] = f.by_source[source]
    out["cases.total.count"] = f.total_count
    out["cases.total.fines"] = money_text(f.total_fines)
    out["cases.total.confiscations"] = money_text(f.total_confiscations)
    out["cases.imported.count"] = f.imported_count
    out["cases.exempted"] = f.exempted
    out["cases.delegated"] = f.delegated
    out["powers.items_total"] = f.powers.items_total
    out["powers.items_used"] = f.powers.items_used
    out["powers.coverage"] = rate_text(f.powers.coverage)
    out["powers.items_first_used"] = f.powers.items_first_used
    out["legal_review.cases"] = f.legal_review.cases
    out["legal_review.opinions"] = f.legal_review.opinions
    out["legal_review.major_decided"] = f.legal_review.major_decided
    out["legal_review.major_rate"] = rate_text(f.legal_review.major_rate)
    out["publicity.due"] = f.publicity.due
    out["publicity.on_time"] = f.publicity.on_time
    out["publicity.on_time_rate"] = rate_text(f.publicity.on_time_rate)
    out["credit_repair.count"] = f.credit_repair
    la = f.legal_affairs
    if la is None:
        out.update({"reconsideration.count": None, "litigation.count": None, "litigation.head_appearance_rate": None})
    else:
        out["reconsideration.count"] = la.reconsideration_count
        out["reconsideration.upheld"] = la.reconsideration_upheld
        out["reconsideration.corrected"] = la.reconsideration_corrected
        out["litigation.count"] = la.litigation_count
        out["litigation.upheld"] = la.litigation_upheld
        out["litigation.corrected"] = la.litigation_corrected
        out["litigation.head_appearance_rate"] = rate_text(la.head_appearance_rate)
    out["court_enforcement.applied"] = f.court_enforcement_applied
    out["court_enforcement.completed"] = f.court_enforcement_completed
    out["file_review.count"] = f.file_review
    if f.complaints is None:
        out.update({"complaints.count": None, "complaints.on_time_rate": None})
    else:
        out["complaints.count"] = f.complaints.received
        out["complaints.judged"] = f.complaints.judged
        out["complaints.on_time_rate"] = rate_text(f.complaints.on_time_rate)
    out["inspections.random.count"] = f.inspections_random
    out["inspections.joint.count"] = f.inspections_joint
    for key, value in f.more.items():
        out[key] = figure_json(value)
    return out


# --- the dashboard ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown: the group's key (a month number, a code, or None), its cases and its fines."""

    key: Any
    count: int
    fines: Decimal


BREAKDOWNS: tuple[str, ...] = ("by_month", "by_procedure", "by_domain", "by_source", "by_item")


@dataclass(frozen=True)
class DashboardFigures:
    count: int
    count_last_year: int
    count_yoy: Decimal | None
    fines: Decimal
    fines_last_year: Decimal
    fines_yoy: Decimal | None
    confiscations: Decimal
    breakdowns: dict[str, list[Breakdown]]  # keyed by BREAKDOWNS


def dashboard_json(d: DashboardFigures) -> dict[str, Any]:
    """The statistics page's figures as JSON: amounts and rates as strings, as in ``annual_json``."""
    out: dict[str, Any] = {
        "count": d.count,
        "count_last_year": d.count_last_year,
        "count_yoy": rate_text(d.count_yoy),
        "fines": money_text(d.fines),
        "fines_last_year": money_text(d.fines_last_year),
        "fines_yoy": rate_text(d.fines_yoy),
        "confiscations": money_text(d.confiscations),
    }
    for name in BREAKDOWNS:
        out[name] = [{"key": r.key, "count": r.count, "fines": money_text(r.fines)} for r in d.breakdowns[name]]
    return out
