"""Tests of fazhi.rules.limitation: 行政处罚法 第三十六条."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import RulesError, limitation_expired, limitation_last_day

ACT = date(2023, 5, 10)


def test_discovery_on_the_second_anniversary_is_still_in_time() -> None:
    assert limitation_expired(ACT, date(2025, 5, 10)) is False


def test_discovery_two_years_and_one_day_later_is_too_late() -> None:
    assert limitation_expired(ACT, date(2025, 5, 11)) is True


def test_a_grave_case_has_five_years() -> None:
    assert limitation_expired(ACT, date(2025, 5, 11), grave=True) is False
    assert limitation_expired(ACT, date(2028, 5, 10), grave=True) is False
    assert limitation_expired(ACT, date(2028, 5, 11), grave=True) is True


def test_an_act_ending_on_feb_29_has_its_anniversary_on_feb_28() -> None:
    assert limitation_last_day(date(2024, 2, 29)) == date(2026, 2, 28)
    assert limitation_expired(date(2024, 2, 29), date(2026, 3, 1)) is True


def test_a_special_law_period_replaces_the_statutory_years() -> None:
    assert limitation_last_day(ACT, years=3) == date(2026, 5, 10)


def test_a_non_positive_special_period_is_refused() -> None:
    with pytest.raises(RulesError, match="正整数"):
        limitation_last_day(ACT, years=0)


def test_discovery_before_the_act_ended_is_refused() -> None:
    with pytest.raises(RulesError, match="不能早于"):
        limitation_expired(ACT, ACT - timedelta(days=1))


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=0, max_value=3000),
)
def test_expiry_is_monotonic_and_grave_is_never_stricter(act: date, offset: int) -> None:
    discovered = act + timedelta(days=offset)
    expired = limitation_expired(act, discovered)
    if limitation_expired(act, discovered, grave=True):
        assert expired
    if expired:
        assert limitation_expired(act, discovered + timedelta(days=1))
    assert expired is (offset > (limitation_last_day(act) - act).days)
