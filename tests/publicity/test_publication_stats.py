"""publication_stats: due in the period by due_on, on time by published_on <= due_on; the rate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fazhi.core import clock
from fazhi.publicity.selectors import credit_repair_count, publication_stats
from fazhi.publicity.services import publication_withdraw

YEAR = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}


def test_with_nothing_due_the_rate_is_none(bureau) -> None:
    stats = publication_stats(agency=bureau.bureau, include_subordinates=True, **YEAR)
    assert (stats.due, stats.on_time, stats.rate) == (0, 0, None)
    due, on_time, rate = stats  # a plain tuple for the annual report
    assert (due, on_time, rate) == (0, 0, None)


def test_a_late_publication_is_counted_as_not_on_time(bureau, publish_decision) -> None:
    publish_decision(published_on=date(2025, 10, 13))  # due 13 Oct: on time
    publish_decision(published_on=date(2025, 10, 10))
    publish_decision(published_on=date(2025, 10, 14))  # one day late
    stats = publication_stats(agency=bureau.bureau, include_subordinates=True, **YEAR)
    assert (stats.due, stats.on_time, stats.rate) == (3, 2, Decimal("66.7"))


def test_a_pending_publication_counts_once_its_due_date_has_passed(bureau, publish_decision) -> None:
    publish_decision()  # due 2025-10-13, never published
    on_due_day = publication_stats(agency=bureau.bureau, include_subordinates=True, today=date(2025, 10, 13), **YEAR)
    after = publication_stats(agency=bureau.bureau, include_subordinates=True, today=date(2025, 10, 14), **YEAR)
    assert (on_due_day.due, after.due, after.on_time, after.rate) == (0, 1, 0, Decimal("0.0"))


def test_the_period_is_decided_by_the_due_date(bureau, publish_decision) -> None:
    publish_decision(decided_on=date(2025, 12, 26), published_on=date(2025, 12, 30))  # due 2026-01-07
    in_2025 = publication_stats(agency=bureau.bureau, include_subordinates=True, **YEAR)
    in_2026 = publication_stats(
        agency=bureau.bureau, include_subordinates=True, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    assert (in_2025.due, in_2026.due, in_2026.on_time) == (0, 1, 1)


def test_a_decision_revoked_before_it_was_due_was_never_due(bureau, publish_decision, clerk, monkeypatch) -> None:
    publication = publish_decision()
    monkeypatch.setattr(clock, "today", lambda: date(2025, 10, 9))
    publication_withdraw(actor=clerk, publication=publication, reason="撤销", changed_on=date(2025, 10, 9))
    stats = publication_stats(agency=bureau.bureau, include_subordinates=True, today=date(2026, 1, 1), **YEAR)
    assert stats.due == 0


def test_subordinates_are_included_only_when_asked(bureau, publish_decision, make_user, power_list) -> None:
    from fazhi.accounts.models import Role

    township_officer = make_user(bureau.township, Role.OFFICER)
    publish_decision(published_on=date(2025, 10, 9))
    publish_decision(agency=bureau.township, actor=township_officer)  # pending, overdue by 2026
    with_subs = publication_stats(agency=bureau.bureau, include_subordinates=True, **YEAR)
    own = publication_stats(agency=bureau.bureau, include_subordinates=False, **YEAR)
    township = publication_stats(agency=bureau.township, include_subordinates=False, **YEAR)
    assert (with_subs.due, own.due, township.due) == (2, 1, 1)
    assert (with_subs.rate, own.rate, township.rate) == (Decimal("50.0"), Decimal("100.0"), Decimal("0.0"))


def test_credit_repair_count_with_no_repairs_is_zero(bureau) -> None:
    assert credit_repair_count(agency=bureau.bureau, include_subordinates=True, **YEAR) == 0
