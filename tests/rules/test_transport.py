"""号牌 form and the 准运证's validity on a day, at the exact boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.rules.transport import (
    PermitState,
    normalize_plate_number,
    permit_last_valid_day,
    permit_state,
    validate_plate_number,
)


@pytest.mark.parametrize(
    "plate", ["湘B12345", "湘BD12345", "湘B12345D", "湘BFA1234", "湘B1234挂", "京AHJ999", "湘B12345"]
)
def test_canonical_plates_are_valid(plate: str) -> None:
    assert validate_plate_number(plate)


@pytest.mark.parametrize(
    "plate",
    [
        "",
        "湘B1234",
        "湘B123456",
        "港B12345",
        "湘I12345",
        "湘B1O345",
        "湘BA12345",
        "湘b12345",
        "湘B 12345",
        "湘B12345挂",
        "湘BD1A234",
    ],
)
def test_malformed_plates_are_refused(plate: str) -> None:
    assert not validate_plate_number(plate)


def test_a_plate_that_is_not_text_is_refused() -> None:
    assert not validate_plate_number(12345)  # type: ignore[arg-type]


def test_normalising_removes_separators_and_raises_the_case() -> None:
    assert normalize_plate_number(" 湘b·123-45 ") == "湘B12345"
    assert validate_plate_number(normalize_plate_number("湘b 1234 5"))


FROM, UNTIL = date(2025, 3, 1), date(2025, 12, 31)


def test_a_permit_is_valid_from_its_first_to_its_last_day_inclusive() -> None:
    assert (
        permit_state(valid_from=FROM, valid_until=UNTIL, revoked_on=None, on=date(2025, 2, 28)) is PermitState.NOT_YET
    )
    assert permit_state(valid_from=FROM, valid_until=UNTIL, revoked_on=None, on=FROM) is PermitState.VALID
    assert permit_state(valid_from=FROM, valid_until=UNTIL, revoked_on=None, on=UNTIL) is PermitState.VALID
    assert permit_state(valid_from=FROM, valid_until=UNTIL, revoked_on=None, on=date(2026, 1, 1)) is PermitState.EXPIRED


def test_a_revoked_permit_is_invalid_from_the_day_of_revocation() -> None:
    revoked = date(2025, 6, 10)
    assert (
        permit_state(valid_from=FROM, valid_until=UNTIL, revoked_on=revoked, on=date(2025, 6, 9)) is PermitState.VALID
    )
    assert permit_state(valid_from=FROM, valid_until=UNTIL, revoked_on=revoked, on=revoked) is PermitState.REVOKED


def test_the_last_valid_day_is_the_day_before_an_earlier_revocation() -> None:
    assert permit_last_valid_day(valid_until=UNTIL, revoked_on=None) == UNTIL
    assert permit_last_valid_day(valid_until=UNTIL, revoked_on=date(2025, 6, 10)) == date(2025, 6, 9)
    assert permit_last_valid_day(valid_until=UNTIL, revoked_on=UNTIL) == date(2025, 12, 30)
    assert permit_last_valid_day(valid_until=UNTIL, revoked_on=date(2026, 1, 5)) == UNTIL
