"""The figures of the statistics pages and of the annual report (法治政府建设年度报告), read-only.

``annual_figures_typed`` and ``dashboard`` return typed figures (``fazhi.reports.figures``: int, Decimal, None);
``annual_figures`` is their flat JSON object of ``fazhi report annual`` and the API (keys documented in
docs/reports.md). Case figures come from ``fazhi.reports.facts`` (live and imported cases alike); the rest come
from the app that owns the records (its ``selectors`` or ``figures`` module: publicity, legal_affairs, cases,
complaints, inspections). No figure is typed by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import bureau_of
from fazhi.cases.figures import court_enforcement_counts
from fazhi.cases.models import CaseSource, DecisionOutcome, LegalReview, Procedure
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.core.figures import Figure, Measure
from fazhi.imports.models import HistoricalCase
from fazhi.imports.selectors import historical_publication_stats
from fazhi.powers.domain import Domain, PowerKind
from fazhi.powers.models import Delegation, PowerItem
from fazhi.powers.selectors import rule_set_in_force
from fazhi.publicity.selectors import combined_publication_stats, credit_repair_count, publication_stats
from fazhi.reports import collect, facts
from fazhi.reports.facts import CaseFilter, Totals
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
    "dashboard",
    "rate",
    "year_filter",
    "yoy",
]

_TENTH = Decimal("0.1")


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


def _procedure_figures(flt: CaseFilter, last: CaseFilter, procedure: str) -> ProcedureFigures:
    where = Q(f_procedure=procedure)
    count = facts.totals(flt, by="registered", where=where).count
    count_last = facts.totals(last, by="registered", where=where).count
    fines = facts.totals(flt, by="decided", where=where).fine
    fines_last = facts.totals(last, by="decided", where=where).fine
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


def _powers(flt: CaseFilter) -> PowerFigures:
    listed = power_item_codes(flt.agency, flt.start, flt.end)
    used = facts.distinct_values(flt, by="registered", field="f_item") & listed
    before = CaseFilter(
        flt.agency, flt.include_subordinates, date(1900, 1, 1), date.fromordinal(flt.start.toordinal() - 1)
    )
    used_before = facts.distinct_values(before, by="registered", field="f_item")
    return PowerFigures(
        items_total=len(listed),
        items_used=len(used),
        coverage=rate(len(used), len(listed)),
        items_first_used=len(used - used_before),
    )


# --- legal review ---------------------------------------------------------------------------------------------


def _legal_review(flt: CaseFilter) -> LegalReviewFigures:
    """法制审核: cases reviewed and written opinions issued in the period, and the share of major decisions reviewed.

    Live cases: a LegalReview row is one written opinion (法制审核意见书), dated by its review date. Imported
    cases: the file's count of opinions, dated by the decision date. ``major_rate``: major cases decided in the
    period (any outcome) that had at least one legal review.
    """
    live_reviews = LegalReview.objects.filter(_agency_q(flt, "case__agency"), on__gte=flt.start, on__lte=flt.end)
    imported = HistoricalCase.objects.filter(
        _agency_q(flt), decided_on__gte=flt.start, decided_on__lte=flt.end, review_opinions__gt=0
    )
    reviewed_cases = live_reviews.values("case").distinct().count() + imported.count()
    opinions = live_reviews.count() + sum(imported.values_list("review_opinions", flat=True))
    major = 0
    major_reviewed = 0
    for name, source in facts.sources(flt):
        qs = source.filter(facts.in_period("decided", flt.start, flt.end), f_major=True)
        if name == "live":
            agg = qs.aggregate(
                n=Count("pk"),
                reviewed=Count("pk", filter=Q(Exists(LegalReview.objects.filter(case=OuterRef("pk"))))),
            )
        else:
            agg = qs.aggregate(n=Count("pk"), reviewed=Count("pk", filter=Q(review_opinions__gt=0)))
        major += agg["n"]
        major_reviewed += agg["reviewed"]
    return LegalReviewFigures(
        cases=reviewed_cases, opinions=opinions, major_decided=major, major_rate=rate(major_reviewed, major)
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


def annual_figures_typed(
    *, agency: Agency, year: int, include_subordinates: bool = False, today: date | None = None
) -> AnnualFigures:
    """Every figure of the annual report, typed (``fazhi.reports.figures.AnnualFigures``)."""
    today = today or clock.today()
    flt = year_filter(agency, year, include_subordinates)
    last = year_filter(agency, year - 1, include_subordinates)
    counts = facts.grouped(flt, by="registered", group="f_domain")
    fines = facts.grouped(flt, by="decided", group="f_domain")
    by_source = facts.grouped(flt, by="registered", group="f_source")
    decided = facts.totals(flt, by="decided")
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
    total_count = facts.totals(flt, by="registered").count
    more = {
        "cases.total.count_yoy": collect.yoy_rate(total_count, facts.totals(last, by="registered").count),
        "cases.total.fines_yoy": collect.yoy_rate(decided.fine, facts.totals(last, by="decided").fine),
        **collect.record_figures(flt, last, listed=power_item_codes(agency, flt.start, flt.end)),
        **collect.app_figures(flt, today),
        **inspection_more,
    }
    return AnnualFigures(
        agency_code=agency.code,
        agency_name=agency.name,
        year=year,
        include_subordinates=include_subordinates,
        simple=_procedure_figures(flt, last, Procedure.SIMPLE),
        general=_procedure_figures(flt, last, Procedure.GENERAL),
        general_major=facts.totals(flt, by="registered", where=Q(f_procedure=Procedure.GENERAL, f_major=True)).count,
        by_domain={
            d.value: CountAndFines(counts.get(d.value, Totals()).count, fines.get(d.value, Totals()).fine)
            for d in Domain
        },
        by_source={s: by_source.get(s, Totals()).count for s in CaseSource.values},
        total_count=total_count,
        total_fines=decided.fine,
        total_confiscations=decided.confiscation,
        imported_count=facts.totals(
            CaseFilter(agency, include_subordinates, flt.start, flt.end, imported=True), by="registered"
        ).count,
        exempted=facts.totals(flt, by="decided", where=Q(f_outcome=DecisionOutcome.EXEMPTED)).count,
        delegated=facts.totals(flt, by="registered", where=Q(f_delegated=True)).count,
        powers=_powers(flt),
        legal_review=_legal_review(flt),
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


def dashboard(flt: CaseFilter) -> DashboardFigures:
    """The figures of the statistics page for a filter: totals with year-on-year change, and the breakdowns.

    Counts go by registration date and amounts by decision date, as in the annual report.
    """
    last = flt.shifted_year(-1)
    count = facts.totals(flt, by="registered").count
    count_last = facts.totals(last, by="registered").count
    decided = facts.totals(flt, by="decided")
    decided_last = facts.totals(last, by="decided")

    def breakdown(group: str) -> list[Breakdown]:
        counts = facts.grouped(flt, by="registered", group=group)
        amounts = facts.grouped(flt, by="decided", group=group)
        keys = sorted(set(counts) | set(amounts), key=group_order)
        return [Breakdown(k, counts.get(k, Totals()).count, amounts.get(k, Totals()).fine) for k in keys]

    groups = ("month", "f_procedure", "f_domain", "f_source", "f_item")
    return DashboardFigures(
        count=count,
        count_last_year=count_last,
        count_yoy=yoy(count, count_last),
        fines=decided.fine,
        fines_last_year=decided_last.fine,
        fines_yoy=yoy(decided.fine, decided_last.fine),
        confiscations=decided.confiscation,
        breakdowns={name: breakdown(group) for name, group in zip(BREAKDOWNS, groups, strict=True)},
    )
