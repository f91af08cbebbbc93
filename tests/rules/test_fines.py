"""Tests of fazhi.rules.fines: simple procedure, on-the-spot collection, late fee."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION,
    SIMPLE_PROCEDURE_FINE_CAP_PERSON,
    RulesError,
    late_fee,
    late_fee_days,
    on_the_spot_collection_allowed,
    simple_procedure_allowed,
    simple_procedure_fine_cap,
)

DUE = date(2025, 3, 17)


def test_caps_are_the_2021_figures_not_the_old_50_and_1000() -> None:
    assert simple_procedure_fine_cap("person") == Decimal("200")
    assert simple_procedure_fine_cap("organization") == Decimal("3000")


def test_fine_above_simple_procedure_cap_is_refused() -> None:
    assert simple_procedure_allowed("person", Decimal("200.01")) is False
    assert simple_procedure_allowed("organization", Decimal("3000.01")) is False


def test_a_warning_alone_always_qualifies_for_the_simple_procedure() -> None:
    assert simple_procedure_allowed("organization", Decimal(0), warning_only=True) is True


def test_a_warning_only_flag_with_a_fine_is_a_contradiction() -> None:
    with pytest.raises(RulesError, match="仅给予警告"):
        simple_procedure_allowed("person", Decimal("50"), warning_only=True)


def test_an_unknown_party_kind_is_refused() -> None:
    with pytest.raises(RulesError, match="未知的当事人类型"):
        simple_procedure_allowed("company", Decimal("100"))


def test_a_negative_fine_is_refused() -> None:
    with pytest.raises(RulesError, match="不能为负数"):
        simple_procedure_allowed("person", Decimal("-1"))


@pytest.mark.parametrize(
    ("fine", "hard", "kind", "allowed"),
    [
        pytest.param("100", False, None, True, id="100_allowed_without_kind"),
        pytest.param("100.01", False, None, False, id="100.01_refused"),
        pytest.param("150", False, "person", False, id="150_refused"),
        pytest.param("150", True, "person", True, id="150_hard_to_collect_allowed"),
        pytest.param("150", True, None, True, id="150_hard_to_collect_allowed_without_kind"),
        pytest.param("200", True, None, True, id="200_hard_to_collect_allowed_without_kind"),
        pytest.param("201", True, "person", False, id="201_hard_to_collect_person_is_not_simple_procedure"),
        pytest.param("201", True, "organization", True, id="201_hard_to_collect_organization_allowed"),
        pytest.param("3000", True, "organization", True, id="3000_hard_to_collect_organization_allowed"),
        pytest.param("3001", True, "organization", False, id="3001_not_simple_procedure"),
        pytest.param("3001", True, None, False, id="3001_refused_without_kind"),
        pytest.param("1000", False, None, False, id="1000_not_hard_refused_without_kind"),
    ],
)
def test_on_the_spot_collection(fine: str, hard: bool, kind: str | None, allowed: bool) -> None:
    assert on_the_spot_collection_allowed(Decimal(fine), hard, party_kind=kind) is allowed


def test_on_the_spot_collection_between_caps_needs_the_party_kind() -> None:
    with pytest.raises(RulesError, match="请提供当事人类型"):
        on_the_spot_collection_allowed(Decimal("500"), hard_to_collect=True)


@pytest.mark.parametrize(
    ("days", "fee"),
    [
        pytest.param(0, "0.00", id="paid_on_the_last_day"),
        pytest.param(1, "30.00", id="one_day"),
        pytest.param(33, "990.00", id="33_days"),
        pytest.param(34, "1000.00", id="34_days_capped"),
        pytest.param(40, "1000.00", id="40_days_capped"),
        pytest.param(-5, "0.00", id="paid_early"),
    ],
)
def test_late_fee_of_a_1000_yuan_fine(days: int, fee: str) -> None:
    assert late_fee(Decimal("1000"), DUE, DUE + timedelta(days=days)) == Decimal(fee)


def test_late_fee_rounds_half_up_to_fen() -> None:
    # 0.15 × 3% = 0.0045 per day; 1 day → 0.0045 → 0.00; 2 days → 0.009 → 0.01.
    assert late_fee(Decimal("0.15"), DUE, DUE + timedelta(days=1)) == Decimal("0.00")
    assert late_fee(Decimal("0.15"), DUE, DUE + timedelta(days=2)) == Decimal("0.01")


def test_days_of_reconsideration_or_litigation_do_not_count() -> None:
    assert late_fee(Decimal("1000"), DUE, DUE + timedelta(days=40), suspended_days=10) == Decimal("900.00")
    assert late_fee_days(DUE, DUE + timedelta(days=5), suspended_days=10) == 0


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_invalid_suspended_days_are_refused(bad: object) -> None:
    with pytest.raises(RulesError, match="非负整数"):
        late_fee(Decimal("100"), DUE, DUE, suspended_days=bad)  # type: ignore[arg-type]


fines = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
offsets = st.integers(min_value=-30, max_value=400)


@given(fines, offsets, st.integers(min_value=0, max_value=100))
def test_late_fee_is_between_zero_and_the_fine(fine: Decimal, offset: int, suspended: int) -> None:
    fee = late_fee(fine, DUE, DUE + timedelta(days=offset), suspended)
    assert Decimal(0) <= fee <= fine
    assert fee == fee.quantize(Decimal("0.01"))


@given(fines, offsets, st.integers(min_value=1, max_value=30))
def test_late_fee_never_decreases_when_payment_is_later(fine: Decimal, offset: int, later: int) -> None:
    earlier_fee = late_fee(fine, DUE, DUE + timedelta(days=offset))
    assert late_fee(fine, DUE, DUE + timedelta(days=offset + later)) >= earlier_fee


@given(fines, st.integers(min_value=34, max_value=400))
def test_from_day_34_the_late_fee_equals_the_fine(fine: Decimal, days: int) -> None:
    assert late_fee(fine, DUE, DUE + timedelta(days=days)) == fine


@given(st.sampled_from(["person", "organization"]), fines)
def test_simple_procedure_is_exactly_the_cap_comparison(kind: str, fine: Decimal) -> None:
    cap = SIMPLE_PROCEDURE_FINE_CAP_PERSON if kind == "person" else SIMPLE_PROCEDURE_FINE_CAP_ORGANIZATION
    assert simple_procedure_allowed(kind, fine) is (fine <= cap)


@given(fines, st.booleans(), st.sampled_from(["person", "organization"]))
def test_on_the_spot_collection_implies_simple_procedure(fine: Decimal, hard: bool, kind: str) -> None:
    if on_the_spot_collection_allowed(fine, hard, party_kind=kind):
        assert simple_procedure_allowed(kind, fine)
