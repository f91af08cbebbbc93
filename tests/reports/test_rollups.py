"""Rollups of closed periods (``fazhi.reports.derived``): the annual report and the dashboard give the same figures
read from the rollups as read from the cases alone, before and after late changes to old cases (through the audit
hook, in the change's transaction) and after ``refresh``; and the rollups are really what is read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from fazhi.cases.models import (
    Case,
    Decision,
    DecisionOutcome,
    InvestigationReport,
    LegalReview,
    Payment,
    Procedure,
)
from fazhi.core import clock
from fazhi.core.audit import audit_record, flush_pending
from fazhi.reports import derived
from fazhi.reports.facts import CaseFilter
from fazhi.reports.figures import dashboard_json
from fazhi.reports.models import CaseRollup, PaymentRollup, RolledCase, RollupPeriod
from fazhi.reports.selectors import annual_figures, dashboard, year_filter
from tests.reports.known import ROWS, csv_bytes
from tests.reports.test_single_pass import TODAY, build

pytestmark = pytest.mark.django_db


@contextmanager
def cases_only() -> Iterator[None]:
    """The figures from the cases alone: no period counts as rolled up."""
    saved = derived.clean_periods
    derived.clean_periods = lambda *a, **k: {}  # type: ignore[assignment]
    try:
        yield
    finally:
        derived.clean_periods = saved  # type: ignore[assignment]


def figures(bureau: Any) -> dict[str, Any]:
    """Every annual report (closed years, the open one) and a spread of dashboards (years, months, filters)."""
    out: dict[str, Any] = {}
    for agency in (bureau.bureau, bureau.squad, bureau.township):
        for year in (2023, 2024, 2025, 2026):
            for subs in (True, False):
                out[f"annual {agency.code} {year} {subs}"] = annual_figures(
                    agency=agency, year=year, include_subordinates=subs, today=TODAY
                )
    base = year_filter(bureau.bureau, 2024, True)
    filters: list[CaseFilter] = [
        base,
        year_filter(bureau.bureau, 2025, True),
        year_filter(bureau.bureau, 2026, True),
        year_filter(bureau.squad, 2023, False),
        replace(base, start=date(2024, 3, 1), end=date(2024, 3, 31)),
        replace(base, start=date(2025, 12, 1), end=date(2025, 12, 31)),
        replace(base, procedure=Procedure.GENERAL),
        replace(base, domain="city_appearance"),
        replace(base, item_code="SL-SR-001"),
        replace(base, imported=True),
        replace(base, imported=False),
    ]
    for flt in filters:
        out[f"dashboard {flt}"] = dashboard_json(dashboard(flt))
    return out


def assert_same(bureau: Any) -> dict[str, Any]:
    with clock.frozen_at(TODAY):
        rolled = figures(bureau)
        with cases_only():
            live = figures(bureau)
    for key in live:
        assert rolled[key] == live[key], key
    return rolled


def event(bureau: Any, case: Case) -> None:
    audit_record(actor=bureau.admin, entity=case, action="cases.test_late_change", summary="迟到的变更")


@pytest.fixture
def varied(bureau, power_list):  # type: ignore[no-untyped-def]
    build(bureau, power_list, 160)
    with clock.frozen_at(TODAY):
        derived.rebuild()


def test_rebuild_rolls_up_every_closed_period_and_the_figures_stay_the_same(bureau, varied) -> None:
    assert CaseRollup.objects.filter(source="live").exists()
    assert CaseRollup.objects.filter(source="imported", by="paid").exists()
    clean = RollupPeriod.objects.filter(is_clean=True)
    assert clean.filter(grain="year", start=date(2025, 1, 1)).count() == 2  # both sources
    assert clean.filter(grain="month", start=date(2025, 12, 1)).count() == 2
    assert not RollupPeriod.objects.filter(start__gte=date(2026, 1, 1)).exists()  # the open month and year
    assert RolledCase.objects.count() == Case.objects.count()
    assert_same(bureau)


def test_the_rollups_are_what_is_read(bureau, varied) -> None:
    """A change behind the services' back (no audit event) is not seen while its periods are clean: the closed
    years' figures come from the rollups, not from the cases."""
    before = assert_same(bureau)
    key = f"annual {bureau.bureau.code} 2024 True"
    Decision.objects.filter(decided_on__year=2024).update(fine=Decimal("1.00"))
    with clock.frozen_at(TODAY):
        stale = figures(bureau)
        with cases_only():
            fresh = figures(bureau)
    assert stale[key]["cases.general.fines"] == before[key]["cases.general.fines"]
    assert fresh[key]["cases.general.fines"] != before[key]["cases.general.fines"]
    with clock.frozen_at(TODAY):
        derived.rebuild()
    assert_same(bureau)


def _late_changes(bureau: Any) -> Iterator[str]:
    """Late changes to old cases, each through the audit hook in its transaction as a service makes it."""
    decided = Case.objects.filter(decision__decided_on__year=2024).order_by("pk")
    with transaction.atomic():  # a decision revoked (撤销): the decision goes, the case reopens
        case = decided.filter(closed_on__isnull=False).first()
        assert case is not None
        Decision.objects.filter(case=case).delete()
        case.closed_on = None
        case.save(update_fields=["closed_on"])
        event(bureau, case)
    yield "a decision revoked"
    with transaction.atomic():  # a decision changed (变更) and the case moved to another unit
        case = decided.exclude(agency=bureau.squad).first()
        assert case is not None
        Decision.objects.filter(case=case).update(fine=Decimal("77777.77"), outcome=DecisionOutcome.PENALTY)
        case.agency = bureau.squad
        case.is_major = not case.is_major
        case.save(update_fields=["agency", "is_major"])
        event(bureau, case)
    yield "a decision changed, the case transferred"
    with transaction.atomic():  # a late decision on a 2023 case, dated in 2023
        case = Case.objects.filter(registered_on__year=2023, decision__isnull=True).order_by("pk").first()
        assert case is not None
        Decision.objects.create(
            case=case,
            outcome=DecisionOutcome.EXEMPTED,
            decided_on=date(2023, 12, 20),
            decided_by=bureau.admin,
            fine=Decimal("0"),
            reasons="迟到的决定",
        )
        case.is_major = True
        case.save(update_fields=["is_major"])
        event(bureau, case)
    yield "a late decision"
    with transaction.atomic():  # a legal review added to a major case decided in 2025
        case = Case.objects.filter(decision__decided_on__year=2025, is_major=True, legal_reviews__isnull=True).first()
        assert case is not None
        report = InvestigationReport.objects.create(
            case=case, facts="事实", evidence_summary="证据", submitted_by=bureau.admin, submitted_on=date(2025, 6, 1)
        )
        LegalReview.objects.create(
            case=case, report=report, reviewer=bureau.admin, opinion="agree", text="同意", on=date(2025, 6, 2)
        )
        event(bureau, case)
    yield "a late legal review"
    from fazhi.imports.services import cases_import

    rows = [[f"LATE-{row[0]}", *row[1:]] for row in ROWS]  # an import of old years (2023, 2024)
    cases_import(actor=bureau.admin, data=csv_bytes(rows), filename="补录.csv", today=TODAY)
    yield "an import of old years"


def test_late_changes_to_old_cases_are_exact_at_once_and_after_refresh(bureau, varied) -> None:
    first = assert_same(bureau)
    for change in _late_changes(bureau):
        assert RollupPeriod.objects.filter(is_clean=False).exists(), change  # marked dirty in the change's transaction
        assert_same(bureau)
        with clock.frozen_at(TODAY):
            assert derived.refresh() > 0, change
        assert not RollupPeriod.objects.filter(is_clean=False, start__lt=date(2026, 1, 1)).exists()
        assert_same(bureau)
    assert assert_same(bureau) != first  # the changes changed figures


def _write_pending_events() -> None:
    """On PostgreSQL audit events (and so their listeners, the dirty marks among them) are written at the
    transaction's pre-commit step (``fazhi.core.pgbackend``); write them now, inside the open transaction."""
    if connection.vendor == "postgresql":
        pending, connection.audit_pending = connection.audit_pending, []  # type: ignore[attr-defined]
        flush_pending(pending)


def test_a_change_rolled_back_leaves_its_periods_clean(bureau, varied) -> None:
    case = Case.objects.filter(decision__decided_on__year=2024).first()
    assert case is not None
    with pytest.raises(RuntimeError), transaction.atomic():
        Decision.objects.filter(case=case).update(fine=Decimal("5.00"))
        event(bureau, case)
        _write_pending_events()  # as the commit would, but still inside the transaction that rolls back
        assert RollupPeriod.objects.filter(is_clean=False).exists()
        raise RuntimeError
    assert not RollupPeriod.objects.filter(is_clean=False, start__lt=date(2026, 1, 1)).exists()
    assert_same(bureau)


def test_the_command_rebuilds_the_rollups(bureau, varied) -> None:
    CaseRollup.objects.all().delete()
    RollupPeriod.objects.update(is_clean=False)
    with clock.frozen_at(TODAY):
        call_command("reports", "rebuild-rollups")
    assert RollupPeriod.objects.filter(is_clean=True).exists()
    assert_same(bureau)
    RollupPeriod.objects.filter(grain="month", start=date(2024, 5, 1)).update(is_clean=False)
    with clock.frozen_at(TODAY):
        call_command("reports", "rebuild-rollups", "--dirty-only")
    assert not RollupPeriod.objects.filter(is_clean=False, start__lt=date(2026, 1, 1)).exists()
    assert_same(bureau)


# --- payments (罚款 collected, by the month paid) -------------------------------------------------------------


def _pay(bureau: Any, case: Case, paid_on: date, amount: str, n: int) -> Payment:
    return Payment.objects.create(
        case=case,
        kind=Payment.Kind.FINE,
        amount=Decimal(amount),
        paid_on=paid_on,
        receipt_number=f"R-{case.pk}-{n}",
        bank="代收银行",
        recorded_by=bureau.admin,
    )


@pytest.fixture
def paid(bureau, power_list):  # type: ignore[no-untyped-def]
    """The varied cases, with 罚款 and 加处罚款 paid on live cases across the years, then the rollups rebuilt."""
    build(bureau, power_list, 160)
    decided = Case.objects.filter(decision__isnull=False).select_related("decision").order_by("pk")
    for n, case in enumerate(decided[:60]):
        day = case.decision.decided_on
        _pay(bureau, case, day, f"{100 + n}.50", 1)
        if n % 3 == 0:  # a second payment some months later (maybe in the open year)
            later = date.fromordinal(min(day.toordinal() + 40 * (n % 7 + 1), TODAY.toordinal()))
            _pay(bureau, case, later, "33.30", 2)
        if n % 5 == 0:  # 加处罚款: not fines collected
            Payment.objects.create(
                case=case,
                kind=Payment.Kind.LATE_FEE,
                amount=Decimal("9.99"),
                paid_on=day,
                receipt_number=f"L-{case.pk}",
                bank="代收银行",
                recorded_by=bureau.admin,
            )
    with clock.frozen_at(TODAY):
        derived.rebuild()


def collected(rolled: dict[str, Any]) -> dict[str, Any]:
    return {key: value["fines.collected"] for key, value in rolled.items() if key.startswith("annual")}


def test_payments_are_rolled_up_and_the_figures_stay_the_same(bureau, paid) -> None:
    assert PaymentRollup.objects.filter(grain="year", kind=Payment.Kind.FINE).exists()
    assert PaymentRollup.objects.filter(grain="month", kind=Payment.Kind.LATE_FEE).exists()
    rolled = assert_same(bureau)
    assert any(value for value in collected(rolled).values())  # the payments are in the figures


def test_the_payment_rollups_are_what_is_read(bureau, paid) -> None:
    """A payment changed behind the services' back is not seen in a clean closed year: its rollup is read."""
    before = assert_same(bureau)
    Payment.objects.filter(paid_on__year=2024).update(amount=Decimal("0.01"))
    with clock.frozen_at(TODAY):
        stale = collected(figures(bureau))
        with cases_only():
            fresh = collected(figures(bureau))
    key = f"annual {bureau.bureau.code} 2024 True"
    assert stale[key] == collected(before)[key]
    assert fresh[key] != collected(before)[key]
    with clock.frozen_at(TODAY):
        derived.rebuild()
    assert_same(bureau)


def test_a_late_payment_in_a_closed_month_is_exact_at_once_and_after_refresh(bureau, paid) -> None:
    first = collected(assert_same(bureau))
    case = Case.objects.filter(decision__decided_on__year=2024, payments__isnull=True).order_by("pk").first()
    assert case is not None
    with transaction.atomic():  # recorded today, paid in a closed month of 2024 (the bank's receipt came late)
        _pay(bureau, case, date(2024, 12, 30), "4321.00", 9)
        event(bureau, case)
    assert RollupPeriod.objects.filter(is_clean=False, source="live", start=date(2024, 12, 1), grain="month").exists()
    after = collected(assert_same(bureau))
    assert after != first
    with clock.frozen_at(TODAY):
        assert derived.refresh() > 0
    assert not RollupPeriod.objects.filter(is_clean=False, start__lt=date(2026, 1, 1)).exists()
    assert collected(assert_same(bureau)) == after


def test_a_transaction_marks_its_cases_dirty_before_its_events_are_numbered(bureau, paid) -> None:
    """On PostgreSQL the marks run at the pre-commit step before the global sequence is taken, once for all of the
    transaction's events; the listener then skips them. Elsewhere the listener marks."""
    cases = list(Case.objects.filter(decision__decided_on__year=2024).order_by("pk")[:2])
    with transaction.atomic():
        for case in cases:
            event(bureau, case)
        if connection.vendor == "postgresql":
            pending = list(connection.audit_pending)  # type: ignore[attr-defined]
            assert len(pending) == 2
            derived.before_flush(pending)
            assert all(getattr(p.event, "_rollups_marked", False) for p in pending)
            assert RollupPeriod.objects.filter(is_clean=False, grain="year", start=date(2024, 1, 1)).exists()
            _write_pending_events()
        assert RollupPeriod.objects.filter(is_clean=False, grain="year", start=date(2024, 1, 1)).exists()
    assert_same(bureau)
