"""Tests of the decision blocks of fazhi.rules.procedure: the hearing-request period (行政处罚法 第六十四条第一项)
and a pending criminal transfer (国务院令第310号 第九条、第十一条)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    POLICE_REVIEW_REQUEST_DAYS,
    RulesError,
    criminal_transfer_blocks_decision,
    decision_blocked_by_hearing_period,
    hearing_request_deadline,
    police_review_request_deadline,
)

NOTIFIED = date(2025, 3, 17)  # Monday; the fifth working day is Monday 24 March
LAST_DAY = hearing_request_deadline(NOTIFIED)


def _blocked(today: date, **kw: object) -> bool:
    args: dict[str, object] = {
        "hearing_right": True,
        "request_until": LAST_DAY,
        "today": today,
        "requested": False,
        "waived": False,
        **kw,
    }
    return decision_blocked_by_hearing_period(**args)  # type: ignore[arg-type]


def test_the_last_day_of_the_hearing_request_period_is_still_blocked() -> None:
    assert date(2025, 3, 24) == LAST_DAY
    assert _blocked(LAST_DAY)


def test_the_day_after_the_hearing_request_period_is_free() -> None:
    assert not _blocked(date(2025, 3, 25))


def test_a_written_waiver_of_the_hearing_frees_the_decision_at_once() -> None:
    assert not _blocked(date(2025, 3, 18), waived=True)


def test_a_request_ends_the_period_block_because_the_hearing_itself_then_blocks() -> None:
    assert not _blocked(date(2025, 3, 18), requested=True)


def test_without_a_hearing_right_there_is_no_period_to_wait_for() -> None:
    assert not _blocked(date(2025, 3, 18), hearing_right=False, request_until=None)


def test_a_hearing_right_without_a_request_period_is_a_data_error() -> None:
    with pytest.raises(RulesError, match="没有听证申请期限"):
        _blocked(date(2025, 3, 18), request_until=None)


def test_a_datetime_for_today_is_refused() -> None:
    with pytest.raises(RulesError):
        _blocked(datetime(2025, 3, 18, 9, 0))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("refused_by_head", "police_declined", "returned", "blocks"),
    [
        (False, False, False, True),  # reported, approved, transferred or 立案: 不得以行政处罚代替移送
        (True, False, False, False),  # 不批准移送 (第五条)
        (False, True, False, False),  # 不予立案 (第八条、第十条)
        (False, False, True, False),  # sent back after 立案 (第十三条)
    ],
)
def test_a_criminal_transfer_blocks_the_decision_until_refused_declined_or_returned(
    refused_by_head: bool, police_declined: bool, returned: bool, blocks: bool
) -> None:
    assert (
        criminal_transfer_blocks_decision(
            refused_by_head=refused_by_head, police_declined=police_declined, returned=returned
        )
        is blocks
    )


def test_a_review_of_a_police_refusal_may_be_asked_for_three_days_after_the_notice() -> None:
    assert POLICE_REVIEW_REQUEST_DAYS == 3
    assert police_review_request_deadline(date(2025, 9, 29)) == date(2025, 10, 2)  # calendar days, even in 国庆


def test_a_police_review_deadline_needs_a_date() -> None:
    with pytest.raises(RulesError):
        police_review_request_deadline(datetime(2025, 9, 29, 9, 0))  # type: ignore[arg-type]


def test_a_warning_or_a_permit_decision_made_before_a_transfer_stays_in_force_but_a_fine_is_set_off() -> None:
    from fazhi.rules import PRIOR_DECISIONS_NOT_SUSPENDED, PenaltyKind

    assert PenaltyKind.WARNING in PRIOR_DECISIONS_NOT_SUSPENDED
    assert PenaltyKind.REVOKE_PERMIT in PRIOR_DECISIONS_NOT_SUSPENDED
    assert PenaltyKind.FINE not in PRIOR_DECISIONS_NOT_SUSPENDED  # 第十一条第三款: 折抵相应罚金


def test_the_materials_are_handed_to_the_police_within_three_days_of_their_registration_notice() -> None:
    from fazhi.rules import POLICE_HANDOVER_DAYS, police_handover_deadline

    assert POLICE_HANDOVER_DAYS == 3
    assert police_handover_deadline(date(2025, 3, 25)) == date(2025, 3, 28)


DAYS_2025_2026 = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 30))


@given(notified=DAYS_2025_2026, offset=st.integers(min_value=0, max_value=30))
def test_the_decision_waits_exactly_until_the_last_day_of_the_hearing_request_period(
    notified: date, offset: int
) -> None:
    last = hearing_request_deadline(notified)
    today = notified + timedelta(days=offset)
    blocked = decision_blocked_by_hearing_period(
        hearing_right=True, request_until=last, today=today, requested=False, waived=False
    )
    assert blocked is (today <= last)
    assert not decision_blocked_by_hearing_period(
        hearing_right=True, request_until=last, today=today, requested=False, waived=True
    )


@given(notified=DAYS_2025_2026)
def test_the_police_review_and_hand_over_periods_are_three_calendar_days(notified: date) -> None:
    from fazhi.rules import police_handover_deadline

    assert police_review_request_deadline(notified) - notified == timedelta(days=3)
    assert police_handover_deadline(notified) - notified == timedelta(days=3)
