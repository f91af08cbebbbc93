"""The annual report's figures beyond the case tables, as typed ``fazhi.core.figures`` values keyed by flat key.

Two sources (docs/reports.md says how each key is computed):

- ``record_figures``: records fazhi keeps today — trainings, exams, study hours, 普法, mediation, contracts,
  decisions, normative documents (``legal_affairs``), 督查 and 通报 (``supervision``), fines collected, the general
  procedure's handling time, new items' cases (the cases and the import), delegation and the exemption list
  (``powers``), complaints dispatched (``complaints``);
- ``app_figures``: the apps of issue 11 (``fazhi.urban``, ``fazhi.waste``, ``fazhi.campaigns``, ``fazhi.counsel``),
  each through its ``figures.annual_figures(*, agency, include_subordinates, start, end, today)`` when the app is
  installed and has that module. Every key of ``APP_KEYS`` is present; one no app gave is ``None`` (not 0).

Year-on-year (``<key>_yoy``) is a ``Rate`` of (this − last) over last: the same percentage with one decimal and
``None`` when last year is zero.
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Q, Sum

from fazhi.agencies.models import Agency
from fazhi.cases.figures import fines_collected
from fazhi.cases.models import Payment
from fazhi.core.figures import Figure, Measure, Money, Rate
from fazhi.powers.figures import delegation_counts, exemption_list_size
from fazhi.reports import derived
from fazhi.reports.cube import Cube
from fazhi.reports.facts import CaseFilter
from fazhi.reports.models import PaymentRollup

__all__ = [
    "APPS",
    "APP_KEYS",
    "RECORD_KEYS",
    "app_figures",
    "fines_collected_total",
    "general_handling_days",
    "record_figures",
    "yoy_rate",
]

# The apps of issue 11 and the keys each gives (their briefs); the report writes a sentence for every one.
APPS: tuple[str, ...] = ("fazhi.urban", "fazhi.waste", "fazhi.campaigns", "fazhi.counsel")
APP_KEYS: tuple[str, ...] = (
    "rectification.orders",
    "rectification.corrected",
    "demolition.count",
    "demolition.area_m2",
    "demolition.target_m2",
    "demolition.completion_rate",
    "construction_waste.permit_companies",
    "construction_waste.permit_vehicles",
    "campaigns.count",
    "campaigns.cases",
    "soft_enforcement.count",
    "legal_adviser.contracts",
    "legal_adviser.opinions",
    "legal_adviser.litigation",
    "legal_adviser.major_review_rate",
    "legal_review.accompanied",
    "case_consultations.count",
    "duties.meetings",
    "duties.statement",
    "delegation.reviews_for_townships",
)

RECORD_KEYS: tuple[str, ...] = (
    "training.sessions",
    "training.attendances",
    "exams.count",
    "exams.participation_rate",
    "exams.pass_rate",
    "study_hours.below_minimum",
    "legal_education.items",
    "legal_education.views",
    "mediation.count",
    "mediation.success_rate",
    "contracts.reviewed",
    "policy_decisions.count",
    "normative_documents.reviewed",
    "normative_documents.cleaned",
    "supervision.inspections",
    "supervision.bulletins",
    "fines.collected",
    "fines.collected_yoy",
    "cases.general.avg_handling_days",
    "powers.new_item_cases",
    "delegation.items",
    "delegation.townships",
    "complaints.dispatched",
    "exemptions.list_size",
)


def yoy_rate(this: int | Decimal, last: int | Decimal) -> Rate:
    """(this − last) / last × 100 as a ``Rate``: one decimal half up, None when last is zero."""
    return Rate(Decimal(this) - Decimal(last), Decimal(last))


def _agency_q(flt: CaseFilter, field: str = "agency") -> Q:
    if flt.include_subordinates:
        return Q(**{f"{field}__path__startswith": flt.agency.path})
    return Q(**{field: flt.agency})


def _live_fines_collected(flt: CaseFilter) -> Decimal:
    """罚款 paid in the filter's period on live cases: the clean closed years and months inside the period from
    ``PaymentRollup`` (one query), the rest (the open month, a dirty period) from the payments by their
    ``payment_paid_on`` index (``fazhi.cases.figures.fines_collected``, a query per span left)."""
    clean = derived.clean_periods()
    taken: list[tuple[date, date]] = []
    rolled = Q()
    for grain in derived.GRAINS:  # coarsest first
        starts = []
        for start in sorted(clean.get(("live", grain), ())):
            end = derived.period_end(start, grain)
            if start >= flt.start and end <= flt.end and not any(lo <= start <= hi for lo, hi in taken):
                starts.append(start)
                taken.append((start, end))
        if starts:
            rolled |= Q(grain=grain) & derived.starts_in(starts, grain)
    total = Decimal(0)
    if taken:
        scope = (
            Q(agency__in=Agency.objects.filter(path__startswith=flt.agency.path))
            if flt.include_subordinates
            else Q(agency=flt.agency)
        )
        rows = PaymentRollup.objects.filter(rolled, scope, kind=Payment.Kind.FINE)
        total += Decimal(rows.aggregate(total=Sum("amount"))["total"] or 0)
    cursor = flt.start
    for lo, hi in [*sorted(taken), (date.fromordinal(flt.end.toordinal() + 1), flt.end)]:
        if cursor < lo:
            total += fines_collected(
                agency=flt.agency,
                include_subordinates=flt.include_subordinates,
                start=cursor,
                end=min(date.fromordinal(lo.toordinal() - 1), flt.end),
            )
        cursor = max(cursor, date.fromordinal(hi.toordinal() + 1))
    return total


def fines_collected_total(flt: CaseFilter, cases: Cube, tally: str) -> Decimal:
    """罚款 collected in the period by payment date: live ``Payment`` rows of kind 罚款 (their rollups for the clean
    closed periods), and imported cases whose 缴款日期 falls in the period with their whole fine (the import records
    one payment date per case; the cube's ``tally`` — ``paid`` or ``paid_last`` — sums them)."""
    return _live_fines_collected(flt) + cases.total(tally, source="imported")


def general_handling_days(cases: Cube) -> Measure | None:
    """Mean days from 立案 to 结案 of general-procedure cases closed in the period (calendar days, live and
    imported alike; the cube's ``closed`` and ``closed_days``); None when none closed."""
    closed = cases.total("closed")
    if not closed:
        return None
    return Measure(Decimal(cases.total("closed_days")) / Decimal(closed), "天")


def _legal_affairs(flt: CaseFilter) -> dict[str, Figure]:
    keys = (
        "training.sessions",
        "training.attendances",
        "exams.count",
        "exams.participation_rate",
        "exams.pass_rate",
        "study_hours.below_minimum",
        "legal_education.items",
        "legal_education.views",
        "mediation.count",
        "mediation.success_rate",
        "contracts.reviewed",
        "policy_decisions.count",
        "normative_documents.reviewed",
        "normative_documents.cleaned",
    )
    if not apps.is_installed("fazhi.legal_affairs"):
        return dict.fromkeys(keys)
    from fazhi.legal_affairs import selectors as la  # noqa: PLC0415 — an optional app: imported only when installed

    period: dict[str, Any] = {"agency": flt.agency, "start": flt.start, "end": flt.end}
    exams = la.exam_figures(**period)
    mediation = la.mediation_figures(**period)
    education = la.legal_education_figures(**period)
    normative = la.normative_document_figures(**period)
    return {
        "training.sessions": la.training_count(**period),
        "training.attendances": la.training_attendance_count(**period),
        "exams.count": exams.exams,
        "exams.participation_rate": Rate(exams.sittings, exams.expected),
        "exams.pass_rate": Rate(exams.passed, exams.sittings),
        "study_hours.below_minimum": len(la.officers_below_study_minimum(agency=flt.agency, year=flt.end.year)),
        "legal_education.items": int(education["items"]),
        "legal_education.views": int(education["views"]),
        "mediation.count": mediation.received,
        "mediation.success_rate": Rate(mediation.resolved, mediation.resolved + mediation.failed),
        "contracts.reviewed": la.contract_review_figures(**period)["reviewed"],
        "policy_decisions.count": la.major_policy_decision_figures(**period)["adopted"],
        "normative_documents.reviewed": normative["reviewed"],
        "normative_documents.cleaned": normative["repealed"],
    }


def _supervision(flt: CaseFilter) -> dict[str, Figure]:
    if not apps.is_installed("fazhi.supervision"):
        return {"supervision.inspections": None, "supervision.bulletins": None}
    from fazhi.supervision.figures import bulletins_issued, unit_inspection_count  # noqa: PLC0415 — optional app

    return {
        "supervision.inspections": unit_inspection_count(agency=flt.agency, start=flt.start, end=flt.end),
        "supervision.bulletins": bulletins_issued(agency=flt.agency, start=flt.start, end=flt.end),
    }


def _complaints_dispatched(flt: CaseFilter) -> int | None:
    """Complaints dispatched (交办, ``dispatched_at`` in Asia/Shanghai) in the period by the agency (the body that
    received them), or by it and the units below it."""
    if not apps.is_installed("fazhi.complaints"):
        return None
    from fazhi.complaints.figures import complaints_dispatched  # noqa: PLC0415 — an optional app

    return complaints_dispatched(
        agency=flt.agency, include_subordinates=flt.include_subordinates, start=flt.start, end=flt.end
    )


def _new_item_cases(cases: Cube, listed: set[str]) -> int:
    """Cases registered in the period on an item of the list that had no case in scope registered before the period
    (the cases of ``powers.items_first_used``: 新案由)."""
    first = (cases.values("item", "reg") & listed) - cases.values("item", "reg_before")
    if not first:
        return 0
    return int(cases.total("reg", item=lambda code: code in first))


def record_figures(flt: CaseFilter, last: CaseFilter, *, listed: set[str], cases: Cube) -> dict[str, Figure]:
    """The keys of ``RECORD_KEYS`` for the filter's period (``last``: the same period a year earlier; ``listed``:
    the power items of the list in force, as ``powers.items_total`` counts them; ``cases``: the annual report's
    pass over the cases, ``fazhi.reports.selectors.annual_tallies``)."""
    collected = fines_collected_total(flt, cases, "paid")
    collected_last = fines_collected_total(last, cases, "paid_last")
    delegation = delegation_counts(agency=flt.agency, on=flt.end)
    out: dict[str, Figure] = {
        **_legal_affairs(flt),
        **_supervision(flt),
        "fines.collected": Money(collected),
        "fines.collected_yoy": yoy_rate(collected, collected_last),
        "cases.general.avg_handling_days": general_handling_days(cases),
        "powers.new_item_cases": _new_item_cases(cases, listed),
        "delegation.items": delegation.items,
        "delegation.townships": delegation.townships,
        "complaints.dispatched": _complaints_dispatched(flt),
        "exemptions.list_size": exemption_list_size(agency=flt.agency, on=flt.end),
    }
    return {key: out[key] for key in RECORD_KEYS}


def app_figures(flt: CaseFilter, today: date) -> dict[str, Figure]:
    """The figures of the issue-11 apps that are installed and have ``figures.py``; every ``APP_KEYS`` key is
    present (None where no app gave it). A key an app gives beyond ``APP_KEYS`` is kept too."""
    out: dict[str, Figure] = dict.fromkeys(APP_KEYS)
    for app in APPS:
        if not apps.is_installed(app):
            continue
        name = f"{app}.figures"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists but imports something missing: a real error
                raise
            continue
        given = module.annual_figures(
            agency=flt.agency, include_subordinates=flt.include_subordinates, start=flt.start, end=flt.end, today=today
        )
        out.update(given)
    return out
