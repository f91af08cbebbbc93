"""Tests of fazhi.rules.procedure: the deadlines of a case."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    PACKAGE_LAST_YEAR,
    RulesError,
    add_working_days,
    cash_handover_deadline,
    count_working_days,
    court_enforcement_latest,
    court_enforcement_window,
    criminal_transfer_approval_deadline,
    criminal_transfer_due,
    decision_blocked_by_legal_review,
    decision_deadline,
    decision_overdue,
    earliest_hearing_date,
    hearing_notice_in_time,
    hearing_request_deadline,
    hearing_request_in_time,
    is_working_day,
    lawsuit_deadline,
    legal_review_required,
    payment_deadline,
    preservation_decision_deadline,
    publication_deadline,
    publication_withdrawal_deadline,
    reconsideration_deadline,
    representation_deadline,
    seizure_end,
    service_deadline,
    service_late,
)

from .helpers import known_dates

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def test_the_decision_deadline_is_day_90_after_registration() -> None:
    registered = date(2025, 3, 3)
    assert decision_deadline(registered) == date(2025, 6, 1)
    assert decision_overdue(registered, date(2025, 6, 1)) is False
    assert decision_overdue(registered, date(2025, 6, 2)) is True


def test_extensions_and_excluded_days_push_the_decision_deadline() -> None:
    assert decision_deadline(date(2025, 3, 3), extensions_days=30, excluded_days=5) == date(2025, 7, 6)


def test_negative_extension_days_are_refused() -> None:
    with pytest.raises(RulesError):
        decision_deadline(date(2025, 3, 3), extensions_days=-1)


def test_service_across_national_day_2025() -> None:
    decided = date(2025, 9, 26)
    assert service_deadline(decided) == date(2025, 10, 13)
    assert service_late(decided, date(2025, 10, 13)) is False
    assert service_late(decided, date(2025, 10, 14)) is True


def test_service_before_the_decision_is_refused() -> None:
    with pytest.raises(RulesError, match="送达日期不能早于决定日期"):
        service_late(date(2025, 9, 26), date(2025, 9, 25))


def test_payment_deadline_is_15_calendar_days_with_rest_day_extension() -> None:
    assert payment_deadline(date(2025, 3, 3)) == date(2025, 3, 18)
    assert payment_deadline(date(2025, 3, 1)) == date(2025, 3, 17)


def test_hearing_request_on_working_day_5_is_in_time_and_6_is_late() -> None:
    notified = date(2025, 9, 26)
    assert hearing_request_deadline(notified) == date(2025, 10, 10)
    assert hearing_request_in_time(notified, date(2025, 10, 10)) is True
    assert hearing_request_in_time(notified, date(2025, 10, 11)) is False


def test_a_hearing_request_before_the_notice_is_refused() -> None:
    with pytest.raises(RulesError, match="听证申请日期不能早于告知日期"):
        hearing_request_in_time(date(2025, 9, 26), date(2025, 9, 1))


def test_a_hearing_needs_seven_working_days_of_notice() -> None:
    notice = date(2025, 3, 3)  # Monday
    assert earliest_hearing_date(notice) == date(2025, 3, 12)
    assert hearing_notice_in_time(notice, date(2025, 3, 12)) is True
    assert hearing_notice_in_time(notice, date(2025, 3, 11)) is False


def test_a_hearing_before_its_notice_is_refused() -> None:
    with pytest.raises(RulesError, match="听证日期不能早于"):
        hearing_notice_in_time(date(2025, 3, 3), date(2025, 3, 2))


def test_the_representation_period_is_a_setting() -> None:
    assert representation_deadline(date(2025, 3, 3)) == date(2025, 3, 10)
    assert representation_deadline(date(2025, 3, 3), working_days=3) == date(2025, 3, 6)


def test_preservation_publication_withdrawal_and_cash_periods_are_working_days() -> None:
    assert preservation_decision_deadline(date(2025, 9, 26)) == date(2025, 10, 13)
    assert publication_deadline(date(2025, 9, 26)) == date(2025, 10, 13)
    assert publication_deadline(date(2025, 9, 26), working_days=20) == add_working_days(date(2025, 9, 26), 20)
    assert publication_withdrawal_deadline(date(2025, 9, 26)) == date(2025, 9, 30)
    assert cash_handover_deadline(date(2025, 9, 30)) == date(2025, 10, 10)


def test_seizure_lasts_30_days_and_60_when_extended() -> None:
    start = date(2025, 3, 3)
    assert seizure_end(start) == date(2025, 4, 2)
    assert seizure_end(start, extended=True) == date(2025, 5, 2)
    assert seizure_end(start, excluded_days=10) == date(2025, 4, 12)


def test_criminal_transfer_approval_takes_at_most_three_days() -> None:
    assert criminal_transfer_approval_deadline(date(2025, 9, 30)) == date(2025, 10, 3)


def test_an_approved_transfer_is_due_24_hours_later_in_the_same_zone() -> None:
    approved = datetime(2025, 9, 30, 16, 45, tzinfo=SHANGHAI)
    due = criminal_transfer_due(approved)
    assert due == datetime(2025, 10, 1, 16, 45, tzinfo=SHANGHAI)
    assert due.tzinfo is SHANGHAI


@pytest.mark.parametrize("bad", [datetime(2025, 9, 30, 16, 45), date(2025, 9, 30)])
def test_a_naive_or_date_approval_time_is_refused(bad: object) -> None:
    with pytest.raises(RulesError, match="带时区"):
        criminal_transfer_due(bad)  # type: ignore[arg-type]


def test_the_lawsuit_period_is_six_months_with_rest_day_extension() -> None:
    assert lawsuit_deadline(date(2025, 1, 10)) == date(2025, 7, 10)
    assert lawsuit_deadline(date(2025, 4, 1)) == date(2025, 10, 9)
    assert lawsuit_deadline(date(2025, 1, 10), 12) == date(2026, 1, 12)


def test_the_reconsideration_period_is_sixty_days() -> None:
    assert reconsideration_deadline(date(2025, 3, 3)) == date(2025, 5, 6)


def test_the_court_enforcement_window_opens_after_the_lawsuit_period_and_the_reminder() -> None:
    served = date(2025, 1, 10)
    assert court_enforcement_window(served, date(2025, 6, 3)) == (date(2025, 7, 11), date(2025, 10, 10))
    assert court_enforcement_latest(served) == date(2025, 10, 10)


def test_a_late_reminder_opens_the_window_ten_working_days_after_it() -> None:
    served = date(2025, 1, 10)
    earliest, latest = court_enforcement_window(served, date(2025, 9, 18))
    assert earliest == date(2025, 10, 10)
    assert latest == date(2025, 10, 10)
    assert count_working_days(date(2025, 9, 18), earliest - timedelta(days=1)) == 10


def test_a_reminder_too_late_for_the_window_is_refused() -> None:
    with pytest.raises(RulesError, match="催告书送达过晚"):
        court_enforcement_window(date(2025, 1, 10), date(2025, 9, 25))


def test_a_reminder_before_the_decision_is_refused() -> None:
    with pytest.raises(RulesError, match="催告书送达日期不能早于"):
        court_enforcement_window(date(2025, 1, 10), date(2025, 1, 9))


@pytest.mark.parametrize(
    ("flags", "required"),
    [
        pytest.param({}, False, id="none"),
        pytest.param({"major_public_interest": True}, True, id="major_public_interest"),
        pytest.param({"major_rights": True}, False, id="major_rights_without_hearing"),
        pytest.param({"heard": True}, False, id="hearing_without_major_rights"),
        pytest.param({"major_rights": True, "heard": True}, True, id="major_rights_and_hearing"),
        pytest.param({"complex_case": True}, True, id="complex"),
        pytest.param({"required_by_law": True}, True, id="required_by_law"),
    ],
)
def test_legal_review_is_required_in_the_cases_of_article_58(flags: dict[str, bool], required: bool) -> None:
    assert legal_review_required(**flags) is required


@pytest.mark.parametrize(
    ("required", "passed", "blocked"),
    [(True, None, True), (True, False, True), (True, True, False), (False, None, False)],
)
def test_a_decision_is_blocked_without_a_passed_legal_review(
    required: bool, passed: bool | None, blocked: bool
) -> None:
    assert decision_blocked_by_legal_review(review_required=required, review_passed=passed) is blocked


@given(known_dates)
def test_working_day_deadlines_are_working_days_after_the_start(start: date) -> None:
    for deadline in (
        service_deadline(start),
        hearing_request_deadline(start),
        earliest_hearing_date(start),
        preservation_decision_deadline(start),
        publication_withdrawal_deadline(start),
        representation_deadline(start),
    ):
        assert deadline > start
        assert is_working_day(deadline)


@given(known_dates, st.integers(min_value=0, max_value=40))
def test_hearing_notice_is_in_time_exactly_when_seven_working_days_precede_the_hearing(notice: date, gap: int) -> None:
    hearing = notice + timedelta(days=gap)
    assert hearing_notice_in_time(notice, hearing) is (count_working_days(notice, hearing) >= 7)


@given(known_dates)
def test_payment_deadline_is_a_working_day_at_least_15_days_later(served: date) -> None:
    deadline = payment_deadline(served)
    assert deadline >= served + timedelta(days=15)
    assert is_working_day(deadline)


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(PACKAGE_LAST_YEAR - 1, 3, 1)))
def test_the_court_window_latest_day_is_a_working_day_about_nine_months_after_service(served: date) -> None:
    latest = court_enforcement_latest(served)
    assert is_working_day(latest)
    assert timedelta(days=270) <= latest - served <= timedelta(days=290)


@given(st.datetimes(timezones=st.just(UTC)))
def test_transfer_due_is_always_exactly_24_hours_later(approved: datetime) -> None:
    if approved < datetime.max.replace(tzinfo=UTC) - timedelta(days=2):
        assert criminal_transfer_due(approved) - approved == timedelta(hours=24)


@given(known_dates, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_calendar_duties_are_plain_day_counts_without_extension(start: date, extension: int, excluded: int) -> None:
    assert decision_deadline(start, extension, excluded) == start + timedelta(days=90 + extension + excluded)
    assert seizure_end(start, excluded_days=excluded) == start + timedelta(days=30 + excluded)
    assert seizure_end(start, extended=True) == start + timedelta(days=60)
    assert criminal_transfer_approval_deadline(start) == start + timedelta(days=3)


@given(known_dates)
def test_party_periods_end_on_a_working_day_no_earlier_than_the_plain_count(known: date) -> None:
    reconsideration = reconsideration_deadline(known)
    assert reconsideration >= known + timedelta(days=60)
    assert is_working_day(reconsideration)
    lawsuit = lawsuit_deadline(known)
    assert lawsuit >= known + timedelta(days=181)
    assert is_working_day(lawsuit)


@given(
    st.dates(min_value=date(2005, 1, 1), max_value=date(PACKAGE_LAST_YEAR - 1, 3, 1)),
    st.integers(min_value=0, max_value=300),
)
def test_the_court_window_opens_after_both_periods_or_is_refused(served: date, reminder_gap: int) -> None:
    reminder = served + timedelta(days=reminder_gap)
    try:
        earliest, latest = court_enforcement_window(served, reminder)
    except RulesError:
        assert add_working_days(reminder, 10) >= court_enforcement_latest(served)
        return
    assert earliest <= latest == court_enforcement_latest(served)
    assert earliest > lawsuit_deadline(served)
    assert count_working_days(reminder, earliest - timedelta(days=1)) >= 10


def test_an_announcement_counts_as_served_thirty_days_later_even_on_a_holiday() -> None:
    from fazhi.rules import ANNOUNCEMENT_SERVICE_DAYS, announcement_deemed_served

    assert ANNOUNCEMENT_SERVICE_DAYS == 30
    assert announcement_deemed_served(date(2025, 9, 1)) == date(2025, 10, 1)  # 国庆: no extension for a lapse
    assert announcement_deemed_served(date(2025, 1, 31)) == date(2025, 3, 2)


def test_two_officers_is_the_minimum_of_article_42() -> None:
    from fazhi.rules import MIN_HANDLERS

    assert MIN_HANDLERS == 2
