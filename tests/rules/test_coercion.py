"""Tests of fazhi.rules.coercion: the 复查 of a 责令改正, the periods before a 强制拆除 and the 代履行 notice.

Each boundary: the last refused day and the first allowed day."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    SUBSTITUTE_PERFORMANCE_NOTICE_WORKING_DAYS,
    RulesError,
    count_working_days,
    demolition_remedy_period_end,
    lawful_from,
    lawsuit_deadline,
    reconsideration_deadline,
    rectification_review_allowed,
    substitute_performance_earliest,
)

DAYS_2025 = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))


def test_a_review_on_the_last_day_of_the_period_is_allowed() -> None:
    assert rectification_review_allowed(date(2025, 5, 10), date(2025, 5, 10)) is True


def test_a_review_the_day_before_the_period_ends_is_refused() -> None:
    assert rectification_review_allowed(date(2025, 5, 10), date(2025, 5, 9)) is False


def test_a_review_after_the_period_is_allowed() -> None:
    assert rectification_review_allowed(date(2025, 5, 10), date(2025, 6, 1)) is True


def test_a_datetime_is_refused_as_the_period_end() -> None:
    with pytest.raises(RulesError):
        rectification_review_allowed(datetime(2025, 5, 10, 9), date(2025, 5, 10))  # type: ignore[arg-type]


def test_the_remedy_periods_of_a_demolition_order_end_with_the_six_month_lawsuit_period() -> None:
    served = date(2025, 3, 3)
    assert reconsideration_deadline(served) == date(2025, 5, 6)  # day 60 in the 劳动节 holiday → 6 May
    assert demolition_remedy_period_end(served) == lawsuit_deadline(served) == date(2025, 9, 3)


def test_a_demolition_is_lawful_only_from_the_day_after_the_last_period() -> None:
    served = date(2025, 3, 3)
    end = demolition_remedy_period_end(served)
    assert lawful_from(end, date(2025, 4, 1)) == date(2025, 9, 4)
    # the announcement's period for demolishing oneself may be the later one
    assert lawful_from(end, date(2025, 10, 10)) == date(2025, 10, 11)


def test_lawful_from_needs_at_least_one_period() -> None:
    with pytest.raises(RulesError):
        lawful_from()


def test_a_datetime_is_refused_as_a_period_end_and_as_the_service_date() -> None:
    with pytest.raises(RulesError):
        lawful_from(datetime(2025, 3, 3, 9))  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        demolition_remedy_period_end(datetime(2025, 3, 3, 9))  # type: ignore[arg-type]


def test_a_substitute_performance_three_working_days_after_the_reminder_is_the_first_allowed_day() -> None:
    assert SUBSTITUTE_PERFORMANCE_NOTICE_WORKING_DAYS == 3
    # Monday 3 March 2025: Tue, Wed, Thu → Thursday 6 March is the first allowed day; Wednesday is refused.
    assert substitute_performance_earliest(date(2025, 3, 3)) == date(2025, 3, 6)


def test_the_reminder_notice_skips_the_labour_day_holiday() -> None:
    # 30 April 2025, then 1–5 May rest: 6, 7, 8 May are the three working days.
    assert substitute_performance_earliest(date(2025, 4, 30)) == date(2025, 5, 8)


@given(DAYS_2025)
def test_three_working_days_lie_between_the_reminder_and_the_earliest_performance(served: date) -> None:
    earliest = substitute_performance_earliest(served)
    assert count_working_days(served, earliest) == SUBSTITUTE_PERFORMANCE_NOTICE_WORKING_DAYS


@given(DAYS_2025)
def test_the_remedy_period_end_is_never_before_either_period(served: date) -> None:
    end = demolition_remedy_period_end(served)
    assert end >= reconsideration_deadline(served) and end >= lawsuit_deadline(served)
