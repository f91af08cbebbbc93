"""The figures of the statistics pages and of the annual report (法治政府建设年度报告), read-only.

``annual_figures`` returns the flat JSON object of ``fazhi report annual`` (keys documented in docs/reports.md).
Case figures come from ``fazhi.reports.facts`` (live and imported cases alike); the rest reuse the selectors of
the app that owns the records (publicity, legal_affairs, …). No figure is typed by hand.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import CaseSource, CourtEnforcement, DecisionOutcome, LegalReview, Procedure
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.imports.models import HistoricalCase
from fazhi.powers.domain import Domain, PowerKind
from fazhi.powers.models import Delegation, PowerItem
from fazhi.powers.selectors import bureau_of, rule_set_in_force
from fazhi.publicity.selectors import credit_repair_count, publication_stats
from fazhi.reports import facts
from fazhi.reports.facts import CaseFilter, Totals

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "ANNUAL_KEYS",
    "access_report_agency",
    "annual_figures",
    "fmt_money",
    "fmt_rate",
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


def fmt_money(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def fmt_rate(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


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


def _procedure_figures(flt: CaseFilter, last: CaseFilter, procedure: str) -> dict[str, Any]:
    where = Q(f_procedure=procedure)
    count = facts.totals(flt, by="registered", where=where).count
    count_last = facts.totals(last, by="registered", where=where).count
    fines = facts.totals(flt, by="decided", where=where).fine
    fines_last = facts.totals(last, by="decided", where=where).fine
    return {
        "count": count,
        "fines": fmt_money(fines),
        "count_yoy": fmt_rate(yoy(count, count_last)),
        "fines_yoy": fmt_rate(yoy(fines, fines_last)),
        "count_last_year": count_last,
        "fines_last_year": fmt_money(fines_last),
    }


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


def _powers(flt: CaseFilter) -> dict[str, Any]:
    listed = power_item_codes(flt.agency, flt.start, flt.end)
    used = facts.distinct_values(flt, by="registered", field="f_item") & listed
    before = CaseFilter(
        flt.agency, flt.include_subordinates, date(1900, 1, 1), date.fromordinal(flt.start.toordinal() - 1)
    )
    used_before = facts.distinct_values(before, by="registered", field="f_item")
    return {
        "powers.items_total": len(listed),
        "powers.items_used": len(used),
        "powers.coverage": fmt_rate(rate(len(used), len(listed))),
        "powers.items_first_used": len(used - used_before),
    }


# --- legal review ---------------------------------------------------------------------------------------------


def _legal_review(flt: CaseFilter) -> dict[str, Any]:
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
    return {
        "legal_review.cases": reviewed_cases,
        "legal_review.opinions": opinions,
        "legal_review.major_decided": major,
        "legal_review.major_rate": fmt_rate(rate(major_reviewed, major)),
    }


# --- other records --------------------------------------------------------------------------------------------


def _aware(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _court_enforcement(flt: CaseFilter) -> dict[str, Any]:
    qs = CourtEnforcement.objects.filter(_agency_q(flt, "case__agency"))
    return {
        "court_enforcement.applied": qs.filter(applied_on__gte=flt.start, applied_on__lte=flt.end).count(),
        "court_enforcement.completed": qs.filter(completed_on__gte=flt.start, completed_on__lte=flt.end).count(),
    }


def _file_review(flt: CaseFilter) -> dict[str, Any]:
    """案卷评查: reviews dated in the period of cases of the agency (None while the supervision app is off)."""
    if not apps.is_installed("fazhi.supervision"):
        return {"file_review.count": None}
    model = apps.get_model("supervision", "FileReview")
    qs = model.objects.filter(_agency_q(flt, "case__agency"), reviewed_on__gte=flt.start, reviewed_on__lte=flt.end)
    return {"file_review.count": qs.count()}


def _legal_affairs(flt: CaseFilter) -> dict[str, Any]:
    """复议、诉讼 and 负责人出庭应诉率, from the legal_affairs selectors (they always include subordinate units)."""
    if not apps.is_installed("fazhi.legal_affairs"):
        return {"reconsideration.count": None, "litigation.count": None, "litigation.head_appearance_rate": None}
    from fazhi.legal_affairs import selectors as la

    recon = la.reconsideration_figures(agency=flt.agency, start=flt.start, end=flt.end)
    lit = la.litigation_figures(agency=flt.agency, start=flt.start, end=flt.end)
    head = la.head_appearance(agency=flt.agency, start=flt.start, end=flt.end)
    return {
        "reconsideration.count": recon.received,
        "reconsideration.upheld": recon.upheld,
        "reconsideration.corrected": recon.corrected,
        "litigation.count": lit.received,
        "litigation.upheld": lit.upheld,
        "litigation.corrected": lit.corrected,
        "litigation.head_appearance_rate": fmt_rate(head.rate),
    }


def _complaints(flt: CaseFilter, today: date) -> dict[str, Any]:
    """投诉举报/群众诉求 received in the period; on time = handled no later than its deadline.

    The rate's base is the complaints handled, plus those still unhandled whose deadline has passed (one with time
    left is not yet judged).
    """
    if not apps.is_installed("fazhi.complaints"):
        return {"complaints.count": None, "complaints.on_time_rate": None}
    from fazhi.complaints.models import Complaint

    qs = Complaint.objects.filter(
        _agency_q(flt), received_at__gte=_aware(flt.start), received_at__lte=_aware(flt.end, end=True)
    )
    count = qs.count()
    judged = 0
    on_time = 0
    for handled_at, deadline in qs.values_list("handled_at", "deadline"):
        if handled_at is not None:
            judged += 1
            on_time += timezone.localtime(handled_at).date() <= deadline
        elif deadline < today:
            judged += 1
    return {
        "complaints.count": count,
        "complaints.judged": judged,
        "complaints.on_time_rate": fmt_rate(rate(on_time, judged)),
    }


def _inspections(flt: CaseFilter) -> dict[str, Any]:
    """Inspections carried out (``inspected_on``) in the period: drawn at random (双随机) and joint (综合查一次)."""
    if not apps.is_installed("fazhi.inspections"):
        return {"inspections.random.count": None, "inspections.joint.count": None}
    from fazhi.inspections.models import InspectionTask

    qs = InspectionTask.objects.filter(_agency_q(flt), inspected_on__gte=flt.start, inspected_on__lte=flt.end)
    return {
        "inspections.random.count": qs.filter(is_random=True).count(),
        "inspections.joint.count": qs.filter(is_joint=True).count(),
    }


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
)


def annual_figures(
    *, agency: Agency, year: int, include_subordinates: bool = False, today: date | None = None
) -> dict[str, Any]:
    """The flat object of the annual report. Amounts are yuan strings with two decimals; rates and year-on-year
    changes are percent strings with one decimal, None where the base is zero; counts are integers."""
    today = today or clock.today()
    flt = year_filter(agency, year, include_subordinates)
    last = year_filter(agency, year - 1, include_subordinates)
    out: dict[str, Any] = {
        "agency.code": agency.code,
        "agency.name": agency.name,
        "year": year,
        "include_subordinates": include_subordinates,
    }
    for name, procedure in (("simple", Procedure.SIMPLE), ("general", Procedure.GENERAL)):
        for key, value in _procedure_figures(flt, last, procedure).items():
            out[f"cases.{name}.{key}"] = value
    out["cases.general.major"] = facts.totals(
        flt, by="registered", where=Q(f_procedure=Procedure.GENERAL, f_major=True)
    ).count
    counts = facts.grouped(flt, by="registered", group="f_domain")
    fines = facts.grouped(flt, by="decided", group="f_domain")
    for domain in Domain:
        out[f"cases.by_domain.{domain.value}.count"] = counts.get(domain.value, Totals()).count
        out[f"cases.by_domain.{domain.value}.fines"] = fmt_money(fines.get(domain.value, Totals()).fine)
    by_source = facts.grouped(flt, by="registered", group="f_source")
    for source in CaseSource.values:
        out[f"cases.by_source.{source}.count"] = by_source.get(source, Totals()).count
    total = facts.totals(flt, by="registered")
    decided = facts.totals(flt, by="decided")
    out["cases.total.count"] = total.count
    out["cases.total.fines"] = fmt_money(decided.fine)
    out["cases.total.confiscations"] = fmt_money(decided.confiscation)
    out["cases.imported.count"] = facts.totals(
        CaseFilter(agency, include_subordinates, flt.start, flt.end, imported=True), by="registered"
    ).count
    out["cases.exempted"] = facts.totals(flt, by="decided", where=Q(f_outcome=DecisionOutcome.EXEMPTED)).count
    out["cases.delegated"] = facts.totals(flt, by="registered", where=Q(f_delegated=True)).count
    out.update(_powers(flt))
    out.update(_legal_review(flt))
    stats = publication_stats(
        agency=agency, include_subordinates=include_subordinates, start=flt.start, end=flt.end, today=today
    )
    out["publicity.due"] = stats.due
    out["publicity.on_time"] = stats.on_time
    out["publicity.on_time_rate"] = fmt_rate(stats.rate)
    out["credit_repair.count"] = credit_repair_count(
        agency=agency, include_subordinates=include_subordinates, start=flt.start, end=flt.end
    )
    out.update(_legal_affairs(flt))
    out.update(_court_enforcement(flt))
    out.update(_file_review(flt))
    out.update(_complaints(flt, today))
    out.update(_inspections(flt))
    return out


# --- the dashboard ---------------------------------------------------------------------------------------------


def dashboard(flt: CaseFilter) -> dict[str, Any]:
    """The figures of the statistics page for a filter: totals with year-on-year change, and the breakdowns.

    Counts go by registration date and amounts by decision date, as in the annual report.
    """
    last = flt.shifted_year(-1)
    count = facts.totals(flt, by="registered").count
    count_last = facts.totals(last, by="registered").count
    decided = facts.totals(flt, by="decided")
    decided_last = facts.totals(last, by="decided")

    def breakdown(group: str) -> list[dict[str, Any]]:
        counts = facts.grouped(flt, by="registered", group=group)
        amounts = facts.grouped(flt, by="decided", group=group)
        keys = sorted(set(counts) | set(amounts), key=group_order)
        return [
            {
                "key": k,
                "count": counts.get(k, Totals()).count,
                "fines": fmt_money(amounts.get(k, Totals()).fine),
            }
            for k in keys
        ]

    return {
        "count": count,
        "count_last_year": count_last,
        "count_yoy": fmt_rate(yoy(count, count_last)),
        "fines": fmt_money(decided.fine),
        "fines_last_year": fmt_money(decided_last.fine),
        "fines_yoy": fmt_rate(yoy(decided.fine, decided_last.fine)),
        "confiscations": fmt_money(decided.confiscation),
        "by_month": breakdown("month"),
        "by_procedure": breakdown("f_procedure"),
        "by_domain": breakdown("f_domain"),
        "by_source": breakdown("f_source"),
        "by_item": breakdown("f_item"),
    }
