"""The single pass (``fazhi.reports.cube``) gives every case figure the per-figure queries of ``fazhi.reports.facts``
gave (the old path, kept here as the oracle), on a varied random data set of live and imported cases; and the
annual report's and the dashboard's query counts do not grow with the number of cases."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext

from fazhi.cases.models import CaseSource, DecisionOutcome, LegalReview, Procedure
from fazhi.core.figures import figure_json
from fazhi.imports.models import HistoricalCase
from fazhi.powers.domain import Domain
from fazhi.reports import collect, facts
from fazhi.reports.facts import CaseFilter, Totals
from fazhi.reports.figures import Breakdown, dashboard_json, money_text, rate_text
from fazhi.reports.selectors import (
    annual_figures,
    dashboard,
    group_order,
    power_item_codes,
    rate,
    year_filter,
    yoy,
)

TODAY = date(2026, 1, 15)
YEARS = (2022, 2023, 2024, 2025)


def _day(rng: random.Random) -> date:
    year = rng.choice(YEARS)
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _money(rng: random.Random) -> Decimal:
    return Decimal(rng.choice((0, 0, 50, 200, 1234, 50000, 99999))) + Decimal(rng.randrange(100)) / 100


def build(bureau: Any, power_list: Any, n: int, seed: int = 14, prefix: str = "SP") -> None:
    """``n`` live and ``n`` imported cases over four years, in the bureau, its squad and its township, every
    procedure, source, outcome and item, some major, reviewed, undecided, closed, paid."""
    from fazhi.cases.models import Case, Decision, InvestigationReport, Party, PartyKind
    from fazhi.imports.models import ImportBatch
    from fazhi.powers.models import PowerItem

    rng = random.Random(seed)
    admin = bureau.admin
    items = list(PowerItem.objects.filter(rule_set=power_list))
    agencies = [bureau.bureau, bureau.squad, bureau.township]
    party = Party.objects.create(kind=PartyKind.ORGANIZATION, name="示范公司")
    outcomes = list(DecisionOutcome.values)
    batch = ImportBatch.objects.create(filename="x.csv", sha256="0" * 64, imported_by=admin, imported_at=bureau_now())
    for i in range(n):
        registered = _day(rng)
        decided = registered + timedelta(days=rng.choice((0, 3, 40, 200)))
        closed = decided + timedelta(days=rng.choice((0, 10, 90))) if rng.random() < 0.6 else None
        item = rng.choice(items)
        case = Case.objects.create(
            agency=rng.choice(agencies),
            legal_subject=bureau.bureau,
            procedure=rng.choice(Procedure.values),
            source=rng.choice(CaseSource.values),
            power_item=item,
            party=party,
            act_date=registered,
            discovered_on=registered,
            lead_number=f"{prefix}-{i}",
            register_number=f"{prefix}-R-{i}" if rng.random() < 0.95 else "",
            registered_on=registered if rng.random() < 0.95 else None,
            is_major=rng.random() < 0.3,
            closed_on=closed,
            created_by=admin,
        )
        if rng.random() < 0.8:
            Decision.objects.create(
                case=case,
                outcome=rng.choice(outcomes),
                decided_on=decided,
                decided_by=admin,
                fine=_money(rng),
                confiscation=_money(rng) if rng.random() < 0.2 else Decimal("0"),
                reasons="理由",
            )
        if rng.random() < 0.4:
            report = InvestigationReport.objects.create(
                case=case,
                facts="事实",
                evidence_summary="证据",
                proposed_outcome=DecisionOutcome.PENALTY,
                submitted_by=admin,
                submitted_on=registered,
            )
            for _ in range(rng.choice((1, 1, 2))):
                LegalReview.objects.create(
                    case=case, report=report, reviewer=admin, opinion="agree", text="同意", on=_day(rng)
                )
        HistoricalCase.objects.create(
            batch=batch,
            line=i + 2,
            case_number=f"{prefix}-H-{i}",
            procedure=rng.choice(Procedure.values),
            source=rng.choice(CaseSource.values),
            item_code=rng.choice([*(it.code for it in items), "OLD-001"]),
            domain=rng.choice([d.value for d in Domain]),
            agency=rng.choice(agencies),
            party_kind=PartyKind.PERSON,
            party_name="某人",
            act_date=registered,
            registered_on=registered,
            decided_on=decided,
            outcome=rng.choice(outcomes),
            fine=_money(rng),
            confiscation=_money(rng) if rng.random() < 0.2 else Decimal("0"),
            is_major=rng.random() < 0.3,
            review_opinions=rng.choice((0, 0, 1, 3)),
            is_delegated=rng.random() < 0.2,
            paid_on=decided + timedelta(days=rng.choice((0, 30, 400))) if rng.random() < 0.7 else None,
            closed_on=closed,
        )


def bureau_now() -> Any:
    from fazhi.core import clock

    return clock.now()


# --- the old path: one query per figure, through fazhi.reports.facts -----------------------------------------


def old_case_keys(flt: CaseFilter, last: CaseFilter, listed: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, procedure in (("simple", Procedure.SIMPLE), ("general", Procedure.GENERAL)):
        where = Q(f_procedure=procedure)
        count = facts.totals(flt, by="registered", where=where).count
        count_last = facts.totals(last, by="registered", where=where).count
        fines = facts.totals(flt, by="decided", where=where).fine
        fines_last = facts.totals(last, by="decided", where=where).fine
        out[f"cases.{name}.count"] = count
        out[f"cases.{name}.fines"] = money_text(fines)
        out[f"cases.{name}.count_yoy"] = rate_text(yoy(count, count_last))
        out[f"cases.{name}.fines_yoy"] = rate_text(yoy(fines, fines_last))
        out[f"cases.{name}.count_last_year"] = count_last
        out[f"cases.{name}.fines_last_year"] = money_text(fines_last)
    out["cases.general.major"] = facts.totals(
        flt, by="registered", where=Q(f_procedure=Procedure.GENERAL, f_major=True)
    ).count
    counts = facts.grouped(flt, by="registered", group="f_domain")
    fines = facts.grouped(flt, by="decided", group="f_domain")
    for d in Domain:
        out[f"cases.by_domain.{d.value}.count"] = counts.get(d.value, Totals()).count
        out[f"cases.by_domain.{d.value}.fines"] = money_text(fines.get(d.value, Totals()).fine)
    by_source = facts.grouped(flt, by="registered", group="f_source")
    for s in CaseSource.values:
        out[f"cases.by_source.{s}.count"] = by_source.get(s, Totals()).count
    decided = facts.totals(flt, by="decided")
    total = facts.totals(flt, by="registered").count
    out["cases.total.count"] = total
    out["cases.total.fines"] = money_text(decided.fine)
    out["cases.total.confiscations"] = money_text(decided.confiscation)
    out["cases.total.count_yoy"] = figure_json(collect.yoy_rate(total, facts.totals(last, by="registered").count))
    out["cases.total.fines_yoy"] = figure_json(collect.yoy_rate(decided.fine, facts.totals(last, by="decided").fine))
    out["cases.imported.count"] = facts.totals(replace(flt, imported=True), by="registered").count
    out["cases.exempted"] = facts.totals(flt, by="decided", where=Q(f_outcome=DecisionOutcome.EXEMPTED)).count
    out["cases.delegated"] = facts.totals(flt, by="registered", where=Q(f_delegated=True)).count
    used = facts.distinct_values(flt, by="registered", field="f_item") & listed
    before = CaseFilter(flt.agency, flt.include_subordinates, date(1900, 1, 1), flt.start - timedelta(days=1))
    used_before = facts.distinct_values(before, by="registered", field="f_item")
    out["powers.items_used"] = len(used)
    out["powers.coverage"] = rate_text(rate(len(used), len(listed)))
    out["powers.items_first_used"] = len(used - used_before)
    first = used - used_before
    out["powers.new_item_cases"] = (
        facts.totals(flt, by="registered", where=Q(f_item__in=sorted(first))).count if first else 0
    )
    # 法制审核
    agency_q = Q(agency__path__startswith=flt.agency.path) if flt.include_subordinates else Q(agency=flt.agency)
    case_agency_q = (
        Q(case__agency__path__startswith=flt.agency.path) if flt.include_subordinates else Q(case__agency=flt.agency)
    )
    live_reviews = LegalReview.objects.filter(case_agency_q, on__gte=flt.start, on__lte=flt.end)
    imported = HistoricalCase.objects.filter(
        agency_q, decided_on__gte=flt.start, decided_on__lte=flt.end, review_opinions__gt=0
    )
    out["legal_review.cases"] = live_reviews.values("case").distinct().count() + imported.count()
    out["legal_review.opinions"] = live_reviews.count() + sum(imported.values_list("review_opinions", flat=True))
    major = major_reviewed = 0
    for name, source in facts.sources(flt):
        qs = source.filter(facts.in_period("decided", flt.start, flt.end), f_major=True)
        if name == "live":
            agg = qs.aggregate(
                n=Count("pk"), r=Count("pk", filter=Q(Exists(LegalReview.objects.filter(case=OuterRef("pk")))))
            )
        else:
            agg = qs.aggregate(n=Count("pk"), r=Count("pk", filter=Q(review_opinions__gt=0)))
        major += agg["n"]
        major_reviewed += agg["r"]
    out["legal_review.major_decided"] = major
    out["legal_review.major_rate"] = rate_text(rate(major_reviewed, major))

    # 罚款收缴 (imported part: every live Payment of the fixture is none) and the handling days
    def paid(f: CaseFilter) -> Decimal:
        rows = HistoricalCase.objects.filter(agency_q, paid_on__gte=f.start, paid_on__lte=f.end)
        return sum(rows.values_list("fine", flat=True), Decimal("0"))

    out["fines.collected"] = money_text(paid(flt))
    out["fines.collected_yoy"] = figure_json(collect.yoy_rate(paid(flt), paid(last)))
    days: list[int] = []
    for _, qs in facts.sources(flt):
        rows = qs.filter(
            f_procedure=Procedure.GENERAL, f_closed_on__gte=flt.start, f_closed_on__lte=flt.end
        ).values_list("f_registered_on", "f_closed_on")
        days += [(c - r).days for r, c in rows]
    out["cases.general.avg_handling_days"] = money_text(Decimal(sum(days)) / Decimal(len(days))) if days else None
    return out


def old_dashboard(flt: CaseFilter) -> dict[str, Any]:
    last = flt.shifted_year(-1)
    count = facts.totals(flt, by="registered").count
    count_last = facts.totals(last, by="registered").count
    decided = facts.totals(flt, by="decided")
    decided_last = facts.totals(last, by="decided")
    out: dict[str, Any] = {
        "count": count,
        "count_last_year": count_last,
        "count_yoy": rate_text(yoy(count, count_last)),
        "fines": money_text(decided.fine),
        "fines_last_year": money_text(decided_last.fine),
        "fines_yoy": rate_text(yoy(decided.fine, decided_last.fine)),
        "confiscations": money_text(decided.confiscation),
    }
    for name, group in (
        ("by_month", "month"),
        ("by_procedure", "f_procedure"),
        ("by_domain", "f_domain"),
        ("by_source", "f_source"),
        ("by_item", "f_item"),
    ):
        counts = facts.grouped(flt, by="registered", group=group)
        amounts = facts.grouped(flt, by="decided", group=group)
        keys = sorted(set(counts) | set(amounts), key=group_order)
        rows = [Breakdown(k, counts.get(k, Totals()).count, amounts.get(k, Totals()).fine) for k in keys]
        out[name] = [{"key": r.key, "count": r.count, "fines": money_text(r.fines)} for r in rows]
    return out


# --- the tests ---------------------------------------------------------------------------------------------------


@pytest.fixture
def varied(bureau, power_list):  # type: ignore[no-untyped-def]
    build(bureau, power_list, 160)


def _scopes(bureau: Any) -> list[tuple[Any, bool]]:
    return [(bureau.bureau, True), (bureau.bureau, False), (bureau.squad, False), (bureau.township, True)]


def test_every_case_figure_of_the_annual_report_equals_the_old_per_figure_queries(bureau, varied) -> None:
    compared = 0
    for agency, sub in _scopes(bureau):
        for year in (2023, 2024, 2025):
            new = annual_figures(agency=agency, year=year, include_subordinates=sub, today=TODAY)
            flt = year_filter(agency, year, sub)
            old = old_case_keys(flt, year_filter(agency, year - 1, sub), power_item_codes(agency, flt.start, flt.end))
            for key, value in old.items():
                assert new[key] == value, (agency.code, sub, year, key)
                compared += 1
    assert compared > 600
    # the data set is not degenerate: figures of every kind are non-zero
    whole = annual_figures(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)
    assert whole["cases.total.count"] > 50 and whole["cases.imported.count"] > 20
    assert whole["legal_review.major_decided"] > 0 and whole["cases.exempted"] > 0
    assert whole["cases.general.avg_handling_days"] is not None and whole["fines.collected"] != "0.00"


def test_the_dashboard_equals_the_old_per_figure_queries_under_every_filter(bureau, varied) -> None:
    base = year_filter(bureau.bureau, 2024, True)
    filters = [
        base,
        replace(base, include_subordinates=False),
        replace(base, start=date(2024, 3, 1), end=date(2024, 3, 31)),
        replace(base, procedure=Procedure.GENERAL),
        replace(base, domain=Domain.STREET_VENDING.value),
        replace(base, source=CaseSource.PATROL),
        replace(base, item_code="SL-SR-001"),
        replace(base, imported=True),
        replace(base, imported=False),
        year_filter(bureau.township, 2025, True),
    ]
    for flt in filters:
        assert dashboard_json(dashboard(flt)) == old_dashboard(flt), flt
    assert dashboard_json(dashboard(base))["by_month"], "the data set has months"


def _queries(fn: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_the_annual_report_and_the_dashboard_run_as_many_queries_with_5_and_50_cases(bureau, power_list) -> None:
    def annual() -> None:
        annual_figures(agency=bureau.bureau, year=2024, include_subordinates=True, today=TODAY)

    def board() -> None:
        dashboard(year_filter(bureau.bureau, 2024, True))

    build(bureau, power_list, 5, seed=1)
    small = (_queries(annual), _queries(board))
    build(bureau, power_list, 45, seed=2, prefix="MORE")
    large = (_queries(annual), _queries(board))
    assert small == large
    assert large[1] <= 4  # the dashboard: one pass per source, and the scope's agency
    assert HistoricalCase.objects.count() == 50
