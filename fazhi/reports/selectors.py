"""The figures of the statistics pages and of the annual report (法治政府建设年度报告), read-only.

``annual_figures_typed`` and ``dashboard`` return typed figures (``fazhi.reports.figures``: int, Decimal, None);
``annual_figures`` is their flat JSON object of ``fazhi report annual`` and the API (keys documented in
docs/reports.md). Case figures come from ``fazhi.reports.facts`` (live and imported cases alike); the rest come
from the app that owns the records (its ``selectors`` or ``figures`` module: publicity, legal_affairs, cases,
complaints, inspections). No figure is typed by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractMonth

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import bureau_of
from fazhi.cases.figures import court_enforcement_counts
from fazhi.cases.models import CaseSource, DecisionOutcome, LegalReview, Procedure
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.figures import Figure, Measure
from fazhi.imports.selectors import historical_publication_stats
from fazhi.powers.domain import Domain, PowerKind
from fazhi.powers.models import Delegation, PowerItem
from fazhi.powers.selectors import rule_set_in_force
from fazhi.publicity.selectors import combined_publication_stats, credit_repair_count, publication_stats
from fazhi.reports import collect
from fazhi.reports.cube import Cube, Tally, cube
from fazhi.reports.facts import CaseFilter
from fazhi.reports.figures import (
    BREAKDOWNS,
    AnnualFigures,
    Breakdown,
    ComplaintFigures,
    CountAndFines,
    DashboardFigures,
    LegalAffairsFigures,
    LegalReviewFigures,
    PowerFigures,
    ProcedureFigures,
    PublicityFigures,
    annual_json,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "ANNUAL_KEYS",
    "access_report_agency",
    "annual_figures",
    "annual_figures_typed",
    "annual_tallies",
    "dashboard",
    "dashboard_tallies",
    "rate",
    "year_filter",
    "yoy",
]

_TENTH = Decimal("0.1")
_ZERO_YUAN = Decimal("0.00")


def group_order(key: object) -> tuple[bool, bool, object]:
    """Months sort as numbers (6 before 10), codes as text, and an empty group last."""
    return (key is None, isinstance(key, str), key if isinstance(key, int) else str(key))


def rate(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole × 100 with one decimal (half up); None when the base is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def yoy(this: int | Decimal, last: int | Decimal) -> Decimal | None:
    """Year-on-year change in percent: (this − last) / last × 100, one decimal; None when last year is zero."""
    if not last:
        return None
    return ((Decimal(this) - Decimal(last)) * 100 / Decimal(last)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def year_filter(agency: Agency, year: int, include_subordinates: bool) -> CaseFilter:
    return CaseFilter(agency, include_subordinates, date(year, 1, 1), date(year, 12, 31))


def access_report_agency(*, actor: User, agency_id: int | None) -> Agency:
    """The agency whose figures the actor asked for (their own unit by default); same answer for unseen and absent."""
    scope = scope_for(actor)
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else actor.agency
    if agency is None or not scope.sees(agency):
        raise NotFoundOrForbidden("机构")
    return agency


def _agency_q(flt: CaseFilter, field: str = "agency") -> Q:
    if flt.include_subordinates:
        return Q(**{f"{field}__path__startswith": flt.agency.path})
    return Q(**{field: flt.agency})


# --- cases ----------------------------------------------------------------------------------------------------


def _procedure_figures(c: Cube, procedure: str) -> ProcedureFigures:
    count = c.total("reg", procedure=procedure)
    count_last = c.total("reg_last", procedure=procedure)
    fines = c.total("fine", procedure=procedure)
    fines_last = c.total("fine_last", procedure=procedure)
    return ProcedureFigures(
        count=count,
        fines=fines,
        count_last_year=count_last,
        fines_last_year=fines_last,
        count_yoy=yoy(count, count_last),
        fines_yoy=yoy(fines, fines_last),
    )


# --- powers ---------------------------------------------------------------------------------------------------


def power_item_codes(agency: Agency, start: date, end: date) -> set[str]:
    """The enforceable (行政处罚) items of the agency's list in force at the period's end.

    A township's list is what was delegated to it for some day of the period (赋权); any other unit works under
    its bureau's list.
    """
    if agency.kind == AgencyKind.TOWNSHIP:
        return set(
            Delegation.objects.filter(township=agency, valid_from__lte=end)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
            .values_list("item_code", flat=True)
        )
    bureau = bureau_of(agency)
    rule_set = rule_set_in_force(owner=bureau, on=end) if bureau is not None else None
    if rule_set is None:
        return set()
    return set(PowerItem.objects.filter(rule_set=rule_set, kind=PowerKind.PENALTY).values_list("code", flat=True))


def _powers(c: Cube, listed: set[str]) -> PowerFigures:
    used = c.values("item", "reg") & listed
    used_before = c.values("item", "reg_before")
    return PowerFigures(
        items_total=len(listed),
        items_used=len(used),
        coverage=rate(len(used), len(listed)),
        items_first_used=len(used - used_before),
    )


# --- legal review ---------------------------------------------------------------------------------------------


def _legal_review(flt: CaseFilter, c: Cube) -> LegalReviewFigures:
    """法制审核: cases reviewed and written opinions issued in the period, and the share of major decisions reviewed.

    Live cases: a LegalReview row is one written opinion (法制审核意见书), dated by its review date. Imported
    cases: the file's count of opinions, dated by the decision date. ``major_rate``: major cases decided in the
    period (any outcome) that had at least one legal review.
    """
    live = LegalReview.objects.filter(_agency_q(flt, "case__agency"), on__gte=flt.start, on__lte=flt.end).aggregate(
        cases=Count("case", distinct=True), opinions=Count("pk")
    )
    major = c.total("major_decided")
    return LegalReviewFigures(
        cases=live["cases"] + c.total("reviewed"),
        opinions=live["opinions"] + c.total("opinions"),
        major_decided=major,
        major_rate=rate(c.total("major_reviewed"), major),
    )


# --- other records --------------------------------------------------------------------------------------------


def _file_review(flt: CaseFilter) -> int | None:
    """案卷评查: reviews dated in the period of cases of the agency (None while the supervision app is off)."""
    if not apps.is_installed("fazhi.supervision"):
        return None
    model = apps.get_model("supervision", "FileReview")
    qs = model.objects.filter(_agency_q(flt, "case__agency"), reviewed_on__gte=flt.start, reviewed_on__lte=flt.end)
    return int(qs.count())


def _legal_affairs(flt: CaseFilter) -> LegalAffairsFigures | None:
    """复议、诉讼 and 负责人出庭应诉率, from the legal_affairs selectors (they always include subordinate units)."""
    if not apps.is_installed("fazhi.legal_affairs"):
        return None
    from fazhi.legal_affairs import selectors as la  # noqa: PLC0415 — an optional app: imported only when installed

    recon = la.reconsideration_figures(agency=flt.agency, start=flt.start, end=flt.end)
    lit = la.litigation_figures(agency=flt.agency, start=flt.start, end=flt.end)
    head = la.head_appearance(agency=flt.agency, start=flt.start, end=flt.end)
    return LegalAffairsFigures(
        reconsideration_count=recon.received,
        reconsideration_upheld=recon.upheld,
        reconsideration_corrected=recon.corrected,
        litigation_count=lit.received,
        litigation_upheld=lit.upheld,
        litigation_corrected=lit.corrected,
        head_appearance_rate=head.rate,
    )


def _complaints(flt: CaseFilter, today: date) -> ComplaintFigures | None:
    """投诉举报/群众诉求 received in the period; on time = handled no later than its deadline.

    The rate's base is the complaints handled, plus those still unhandled whose deadline has passed (one with time
    left is not yet judged).
    """
    if not apps.is_installed("fazhi.complaints"):
        return None
    from fazhi.complaints.figures import complaint_counts  # noqa: PLC0415 — an optional app: imported only when installed

    counts = complaint_counts(
        agency=flt.agency, include_subordinates=flt.include_subordinates, start=flt.start, end=flt.end, today=today
    )
    return ComplaintFigures(
        received=counts.received, judged=counts.judged, on_time_rate=rate(counts.on_time, counts.judged)
    )


def _inspections(flt: CaseFilter) -> tuple[int | None, int | None, dict[str, Figure]]:
    """Inspections carried out in the period: drawn at random (双随机) and joint (综合查一次), and the visits per
    inspected target (扰民扰企: fewer visits for the same coverage); None while the app is off."""
    if not apps.is_installed("fazhi.inspections"):
        return None, None, {"inspections.visits": None, "inspections.visits_per_target": None}
    from fazhi.inspections.figures import inspection_counts  # noqa: PLC0415 — an optional app: imported only when installed

    counts = inspection_counts(
        agency=flt.agency, include_subordinates=flt.include_subordinates, start=flt.start, end=flt.end
    )
    per_target = counts.visits_per_target
    more: dict[str, Figure] = {
        "inspections.visits": counts.visits,
        "inspections.visits_per_target": None if per_target is None else Measure(per_target, "次/户"),
    }
    return counts.random, counts.joint, more


# --- the annual report -----------------------------------------------------------------------------------------


ANNUAL_KEYS: tuple[str, ...] = (
    "cases.simple.count",
    "cases.simple.fines",
    "cases.simple.count_yoy",
    "cases.simple.fines_yoy",
    "cases.general.count",
    "cases.general.fines",
    "cases.general.count_yoy",
    "cases.general.fines_yoy",
    "cases.general.major",
    *(f"cases.by_domain.{d.value}.{m}" for d in Domain for m in ("count", "fines")),
    *(f"cases.by_source.{s}.count" for s in CaseSource.values),
    "cases.exempted",
    "cases.delegated",
    "powers.items_total",
    "powers.items_used",
    "powers.coverage",
    "powers.items_first_used",
    "legal_review.cases",
    "legal_review.opinions",
    "legal_review.major_rate",
    "publicity.due",
    "publicity.on_time_rate",
    "credit_repair.count",
    "reconsideration.count",
    "litigation.count",
    "litigation.head_appearance_rate",
    "court_enforcement.applied",
    "court_enforcement.completed",
    "file_review.count",
    "complaints.count",
    "complaints.on_time_rate",
    "inspections.random.count",
    "inspections.joint.count",
    "inspections.visits",
    "inspections.visits_per_target",
    "cases.total.count_yoy",
    "cases.total.fines_yoy",
    *collect.RECORD_KEYS,
    *collect.APP_KEYS,
)


def annual_tallies(flt: CaseFilter, last: CaseFilter) -> dict[str, Tally]:
    """Every case count and sum of the annual report, as measures of one pass per source (``fazhi.reports.cube``).

    Counts by registration date, amounts and outcomes by decision date (docs/reports.md); ``reg_before``: cases
    registered before the year (for 新案由); ``paid``: imported fines by 缴款日期; ``closed_*``: general-procedure
    cases closed in the year and their days from 立案 to 结案.
    """
    s, e, ls, le = flt.start, flt.end, last.start, last.end
    major = Q(f_major=True)
    general = Q(f_procedure=Procedure.GENERAL)
    reviewed = Q(Exists(LegalReview.objects.filter(case=OuterRef("pk"))))
    return {
        "reg": Tally("count", "registered", s, e),
        "reg_last": Tally("count", "registered", ls, le),
        "reg_major": Tally("count", "registered", s, e, major),
        "reg_delegated": Tally("count", "registered", s, e, Q(f_delegated=True)),
        "reg_before": Tally("count", "registered", date(1900, 1, 1), s - timedelta(days=1)),
        "fine": Tally("fine", "decided", s, e),
        "confiscation": Tally("confiscation", "decided", s, e),
        "fine_last": Tally("fine", "decided", ls, le),
        "exempted": Tally("count", "decided", s, e, Q(f_outcome=DecisionOutcome.EXEMPTED)),
        "major_decided": Tally("count", "decided", s, e, major),
        "major_reviewed": Tally(
            "count",
            "decided",
            s,
            e,
            major,
            live_where=reviewed,
            imported_where=Q(review_opinions__gt=0),
            rolled_where=major & Q(f_reviewed=True),
        ),
        "reviewed": Tally(
            "count", "decided", s, e, Q(review_opinions__gt=0), only="imported", rolled_where=Q(f_reviewed=True)
        ),
        "opinions": Tally("opinions", "decided", s, e, only="imported"),
        "paid": Tally("fine", "paid", s, e),
        "paid_last": Tally("fine", "paid", ls, le),
        "closed": Tally("count", "closed", s, e, general),
        "closed_days": Tally("days", "closed", s, e, general),
    }


ANNUAL_DIMS: dict[str, str] = {"procedure": "f_procedure", "source": "f_source", "domain": "f_domain", "item": "f_item"}


def annual_figures_typed(
    *, agency: Agency, year: int, include_subordinates: bool = False, today: date | None = None
) -> AnnualFigures:
    """Every figure of the annual report, typed (``fazhi.reports.figures.AnnualFigures``).

    The case figures come from one grouped pass over live cases and one over imported cases (``annual_tallies``);
    the number of queries does not depend on the number of cases.
    """
    today = today or clock.today()
    flt = year_filter(agency, year, include_subordinates)
    last = year_filter(agency, year - 1, include_subordinates)
    c = cube(flt, dims=ANNUAL_DIMS, tallies=annual_tallies(flt, last))
    counts = c.by("domain", "reg", when="reg")
    fines = c.by("domain", "fine", when="fine")
    by_source = c.by("source", "reg", when="reg")
    stats = combined_publication_stats(
        *(
            count(agency=agency, include_subordinates=include_subordinates, start=flt.start, end=flt.end, today=today)
            for count in (publication_stats, historical_publication_stats)
        )
    )
    court = court_enforcement_counts(
        agency=agency, include_subordinates=include_subordinates, start=flt.start, end=flt.end
    )
    inspections_random, inspections_joint, inspection_more = _inspections(flt)
    total_count = c.total("reg")
    total_fines = c.total("fine")
    listed = power_item_codes(agency, flt.start, flt.end)
    more = {
        "cases.total.count_yoy": collect.yoy_rate(total_count, c.total("reg_last")),
        "cases.total.fines_yoy": collect.yoy_rate(total_fines, c.total("fine_last")),
        **collect.record_figures(flt, last, listed=listed, cases=c),
        **collect.app_figures(flt, today),
        **inspection_more,
    }
    return AnnualFigures(
        agency_code=agency.code,
        agency_name=agency.name,
        year=year,
        include_subordinates=include_subordinates,
        simple=_procedure_figures(c, Procedure.SIMPLE),
        general=_procedure_figures(c, Procedure.GENERAL),
        general_major=c.total("reg_major", procedure=Procedure.GENERAL),
        by_domain={d.value: CountAndFines(counts.get(d.value, 0), fines.get(d.value, _ZERO_YUAN)) for d in Domain},
        by_source={s: by_source.get(s, 0) for s in CaseSource.values},
        total_count=total_count,
        total_fines=total_fines,
        total_confiscations=c.total("confiscation"),
        imported_count=c.total("reg", source="imported"),
        exempted=c.total("exempted"),
        delegated=c.total("reg_delegated"),
        powers=_powers(c, listed),
        legal_review=_legal_review(flt, c),
        publicity=PublicityFigures(due=stats.due, on_time=stats.on_time, on_time_rate=stats.rate),
        credit_repair=credit_repair_count(
            agency=agency, include_subordinates=include_subordinates, start=flt.start, end=flt.end
        ),
        legal_affairs=_legal_affairs(flt),
        court_enforcement_applied=court.applied,
        court_enforcement_completed=court.completed,
        file_review=_file_review(flt),
        complaints=_complaints(flt, today),
        inspections_random=inspections_random,
        inspections_joint=inspections_joint,
        more=more,
    )


def annual_figures(
    *, agency: Agency, year: int, include_subordinates: bool = False, today: date | None = None
) -> dict[str, Any]:
    """The flat JSON object of the annual report (``annual_json`` of the typed figures): amounts are yuan strings
    with two decimals; rates and year-on-year changes are percent strings with one decimal, None where the base is
    zero; counts are integers."""
    return annual_json(
        annual_figures_typed(agency=agency, year=year, include_subordinates=include_subordinates, today=today)
    )


# --- the dashboard ---------------------------------------------------------------------------------------------


def dashboard_tallies(flt: CaseFilter) -> dict[str, Tally]:
    """The statistics page's counts and sums: this period and the same period a year earlier."""
    last = flt.shifted_year(-1)
    return {
        "reg": Tally("count", "registered", flt.start, flt.end),
        "reg_last": Tally("count", "registered", last.start, last.end),
        "dec": Tally("count", "decided", flt.start, flt.end),
        "fine": Tally("fine", "decided", flt.start, flt.end),
        "confiscation": Tally("confiscation", "decided", flt.start, flt.end),
        "fine_last": Tally("fine", "decided", last.start, last.end),
    }


def _dashboard_dims() -> dict[str, Any]:
    return {
        "procedure": "f_procedure",
        "source": "f_source",
        "domain": "f_domain",
        "item": "f_item",
        # The window of a measure is one calendar period (a year or a month) and last year's is the same months,
        # so the month of the date is the month of the breakdown.
        "reg_month": ExtractMonth("f_registered_on"),
        "dec_month": ExtractMonth("f_decided_on"),
    }


def dashboard(flt: CaseFilter) -> DashboardFigures:
    """The figures of the statistics page for a filter: totals with year-on-year change, and the breakdowns.

    Counts go by registration date and amounts by decision date, as in the annual report. One grouped pass per
    source (``fazhi.reports.cube``), whatever the number of cases.
    """
    c = cube(flt, dims=_dashboard_dims(), tallies=dashboard_tallies(flt))
    count = c.total("reg")
    count_last = c.total("reg_last")
    fines = c.total("fine")
    fines_last = c.total("fine_last")

    def breakdown(count_dim: str, fine_dim: str) -> list[Breakdown]:
        counts = c.by(count_dim, "reg", when="reg")
        amounts = c.by(fine_dim, "fine", when="dec")
        keys = sorted(set(counts) | set(amounts), key=group_order)
        return [Breakdown(k, counts.get(k, 0), amounts.get(k, _ZERO_YUAN)) for k in keys]

    groups = (("reg_month", "dec_month"), *((d, d) for d in ("procedure", "domain", "source", "item")))
    return DashboardFigures(
        count=count,
        count_last_year=count_last,
        count_yoy=yoy(count, count_last),
        fines=fines,
        fines_last_year=fines_last,
        fines_yoy=yoy(fines, fines_last),
        confiscations=c.total("confiscation"),
        breakdowns={name: breakdown(*group) for name, group in zip(BREAKDOWNS, groups, strict=True)},
    )
