"""Tests of fazhi.rules.remedies: which period must lapse before the court window opens, on each path, and the
agency's own periods in a remedy (复议答复, 答辩). Each boundary: the last day passes, the next day does not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    RulesError,
    appeal_period_end,
    count_working_days,
    court_enforcement_window,
    defence_deadline,
    enforcement_window,
    final_judgment_period_end,
    is_working_day,
    lawsuit_deadline,
    reconsideration_deadline,
    reconsideration_reply_deadline,
    suit_after_reconsideration_end,
    unchallenged_period_end,
)

DAYS_2025 = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))


# --- rule 1: a 当场 decision waits for the 60-day 复议 period, not the six-month 起诉期限 -----------------------


def test_a_general_procedure_decision_waits_for_the_six_month_lawsuit_period() -> None:
    served = date(2025, 3, 3)
    assert unchallenged_period_end(served) == lawsuit_deadline(served) == date(2025, 9, 3)


def test_an_on_the_spot_decision_waits_only_for_the_sixty_day_reconsideration_period() -> None:
    served = date(2025, 3, 3)  # day 60 is 2 May, inside the 劳动节 holiday (1–5 May) → 6 May
    assert unchallenged_period_end(served, on_the_spot=True) == reconsideration_deadline(served) == date(2025, 5, 6)


def test_the_court_window_of_an_on_the_spot_decision_opens_the_day_after_the_reconsideration_period() -> None:
    served, reminder = date(2025, 3, 3), date(2025, 3, 20)
    start, end = enforcement_window(unchallenged_period_end(served, on_the_spot=True), reminder)
    assert (start, end) == (date(2025, 5, 7), date(2025, 8, 6))
    # the six-month reading would have kept the agency waiting until September
    assert court_enforcement_window(served, reminder)[0] == date(2025, 9, 4)


# --- the remedy paths ------------------------------------------------------------------------------------------


def test_after_reconsideration_the_party_has_fifteen_days_to_sue() -> None:
    served = date(2025, 6, 3)  # Tuesday; day 15 = 18 June, a Wednesday
    assert suit_after_reconsideration_end(served) == date(2025, 6, 18)


def test_the_suit_period_after_reconsideration_ending_on_a_weekend_moves_to_monday() -> None:
    assert suit_after_reconsideration_end(date(2025, 6, 6)) == date(2025, 6, 23)  # day 15 = Saturday 21 June


def test_a_first_instance_judgment_can_be_appealed_for_fifteen_days_a_ruling_for_ten() -> None:
    served = date(2025, 6, 3)
    assert appeal_period_end(served) == date(2025, 6, 18)
    assert appeal_period_end(served, ruling=True) == date(2025, 6, 13)


def test_a_second_instance_judgment_is_final_when_served() -> None:
    assert final_judgment_period_end(date(2025, 6, 3)) == date(2025, 6, 3)


def test_the_window_after_a_remedy_opens_the_day_after_its_period_and_lasts_three_months() -> None:
    lapse = suit_after_reconsideration_end(date(2025, 6, 3))  # 18 June
    start, end = enforcement_window(lapse, date(2025, 6, 4))
    assert start == date(2025, 6, 19)
    assert end == date(2025, 9, 18)


def test_the_reminder_period_keeps_the_window_closed_until_ten_working_days_after_service() -> None:
    reminder = date(2025, 6, 16)  # 10 working days → 30 June
    start, _ = enforcement_window(date(2025, 6, 18), reminder)
    assert start == date(2025, 7, 1)
    assert count_working_days(reminder, start - timedelta(days=1)) == 10


def test_a_reminder_served_after_the_window_closed_is_refused() -> None:
    with pytest.raises(RulesError, match="催告书送达过晚"):
        enforcement_window(date(2025, 1, 10), date(2025, 4, 1))


# --- rule 2: a deferral moves the window ------------------------------------------------------------------------


def test_a_deferral_ending_after_the_remedy_period_moves_the_whole_window() -> None:
    lapse = date(2025, 6, 18)
    start, end = enforcement_window(lapse, date(2025, 6, 4), deferred_until=date(2025, 8, 15))
    assert start == date(2025, 8, 16)  # the day after the deferral ends, not the day after the remedy period
    assert end == date(2025, 11, 17)  # three months from the deferral's end (15 Nov is a Saturday)


def test_a_deferral_ending_before_the_remedy_period_changes_nothing() -> None:
    lapse = date(2025, 6, 18)
    reminder = date(2025, 6, 4)
    assert enforcement_window(lapse, reminder, deferred_until=date(2025, 6, 1)) == enforcement_window(lapse, reminder)


@given(DAYS_2025, st.integers(min_value=0, max_value=200))
def test_a_deferral_never_shortens_the_window(lapse: date, days: int) -> None:
    reminder = lapse - timedelta(days=30)
    plain = enforcement_window(lapse, reminder)
    moved = enforcement_window(lapse, reminder, deferred_until=lapse + timedelta(days=days))
    assert moved[0] >= plain[0] and moved[1] >= plain[1]


# --- the agency's own periods -----------------------------------------------------------------------------------


def test_the_reconsideration_reply_is_due_within_ten_working_days() -> None:
    received = date(2025, 6, 3)
    due = reconsideration_reply_deadline(received)
    assert due == date(2025, 6, 17)
    assert count_working_days(received, due) == 10
    assert count_working_days(received, due + timedelta(days=1)) == 11


def test_the_simplified_procedure_reply_is_due_within_five_working_days() -> None:
    received = date(2025, 6, 3)
    due = reconsideration_reply_deadline(received, simplified=True)
    assert due == date(2025, 6, 10)
    assert count_working_days(received, due) == 5


def test_the_reply_period_skips_the_national_day_holiday() -> None:
    # 1–8 October off; Thursday 9, Friday 10, the make-up Saturday 11, Monday 13, Tuesday 14
    assert reconsideration_reply_deadline(date(2025, 9, 30), simplified=True) == date(2025, 10, 14)


def test_the_defence_is_due_fifteen_calendar_days_after_the_complaint_copy() -> None:
    assert defence_deadline(date(2025, 6, 3)) == date(2025, 6, 18)
    assert defence_deadline(date(2025, 6, 6)) == date(2025, 6, 21)  # a Saturday: the agency's duty, not extended


@given(DAYS_2025, st.booleans())
def test_the_reply_deadline_is_always_a_working_day(received: date, simplified: bool) -> None:
    assert is_working_day(reconsideration_reply_deadline(received, simplified=simplified))


def test_dates_are_required() -> None:
    with pytest.raises(RulesError):
        enforcement_window("2025-06-18", date(2025, 6, 4))  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        defence_deadline(None)  # type: ignore[arg-type]
