"""Tests of fazhi.rules.hearing: the right to a hearing (行政处罚法 第六十三条)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    DEFAULT_HEARING_THRESHOLDS,
    HEARING_PENALTY_KINDS,
    HearingThresholds,
    PenaltyKind,
    RulesError,
    hearing_right,
)


@pytest.mark.parametrize(
    ("kind", "fine", "right"),
    [
        pytest.param("person", "4999.99", False, id="person_below_5000"),
        pytest.param("person", "5000", True, id="person_at_5000_is_large"),
        pytest.param("organization", "99999.99", False, id="organization_below_100000"),
        pytest.param("organization", "100000", True, id="organization_at_100000_is_large"),
    ],
)
def test_a_large_fine_carries_the_right_at_or_above_the_threshold(kind: str, fine: str, right: bool) -> None:
    assert hearing_right(kind, Decimal(fine), {"fine"}) is right


@pytest.mark.parametrize("penalty", sorted(HEARING_PENALTY_KINDS))
def test_the_listed_kinds_always_carry_the_right(penalty: PenaltyKind) -> None:
    assert hearing_right("person", Decimal(0), {penalty.value}) is True


def test_heavier_kinds_are_a_setting() -> None:
    assert hearing_right("organization", Decimal(0), {"suspend_permit"}) is True
    narrow = HearingThresholds(heavier_kinds=frozenset())
    assert hearing_right("organization", Decimal(0), {"suspend_permit"}, narrow) is False


def test_a_warning_or_public_criticism_does_not_carry_the_right() -> None:
    assert hearing_right("person", Decimal(0), {"warning", "public_criticism"}) is False


def test_a_large_confiscation_carries_the_right() -> None:
    assert hearing_right("person", Decimal(0), {"confiscate_illegal_gains"}, confiscation=Decimal("5000")) is True
    assert hearing_right("person", Decimal(0), {"confiscate_illegal_gains"}, confiscation=Decimal("4999")) is False


def test_local_thresholds_replace_the_defaults() -> None:
    market = HearingThresholds(fine_person=Decimal("10000"), fine_organization=Decimal("100000"))
    assert hearing_right("person", Decimal("5000"), {"fine"}, market) is False
    assert hearing_right("person", Decimal("10000"), {"fine"}, market) is True


def test_default_thresholds_are_the_rules_md_example() -> None:
    assert DEFAULT_HEARING_THRESHOLDS.fine_person == Decimal("5000")
    assert DEFAULT_HEARING_THRESHOLDS.fine_organization == Decimal("100000")


def test_a_zero_threshold_is_refused() -> None:
    with pytest.raises(RulesError, match="必须大于0"):
        HearingThresholds(fine_person=Decimal(0))


def test_an_unknown_penalty_kind_is_refused() -> None:
    with pytest.raises(RulesError, match="未知的处罚种类"):
        hearing_right("person", Decimal(0), {"flogging"})


def test_a_bare_string_of_kinds_is_refused() -> None:
    with pytest.raises(RulesError, match="集合"):
        hearing_right("person", Decimal(0), "fine")


@given(
    st.sampled_from(["person", "organization"]),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False, allow_infinity=False),
)
def test_a_larger_fine_never_loses_the_hearing_right(kind: str, fine: Decimal, more: Decimal) -> None:
    if hearing_right(kind, fine, {"fine"}):
        assert hearing_right(kind, fine + more, {"fine"})
