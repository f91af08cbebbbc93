"""Tests of fazhi.rules.persons: age and 行政处罚法 第三十条."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import RulesError, age_on, minor_treatment

BIRTH = date(2010, 6, 15)


def test_thirteen_years_eleven_months_is_no_penalty() -> None:
    age = age_on(BIRTH, date(2024, 5, 15))
    assert age == 13
    assert minor_treatment(age) == "no_penalty"


def test_the_day_before_the_fourteenth_birthday_is_no_penalty() -> None:
    assert minor_treatment(age_on(BIRTH, date(2024, 6, 14))) == "no_penalty"


def test_the_fourteenth_birthday_is_must_mitigate() -> None:
    assert minor_treatment(age_on(BIRTH, date(2024, 6, 15))) == "must_mitigate"


def test_seventeen_is_must_mitigate_and_the_eighteenth_birthday_is_adult() -> None:
    assert minor_treatment(age_on(BIRTH, date(2028, 6, 14))) == "must_mitigate"
    assert minor_treatment(age_on(BIRTH, date(2028, 6, 15))) is None


def test_a_feb_29_birth_turns_a_year_older_on_feb_28_of_a_common_year() -> None:
    leapling = date(2008, 2, 29)
    assert age_on(leapling, date(2022, 2, 27)) == 13
    assert age_on(leapling, date(2022, 2, 28)) == 14
    assert age_on(leapling, date(2024, 2, 28)) == 15
    assert age_on(leapling, date(2024, 2, 29)) == 16


def test_the_criminal_law_convention_counts_from_the_day_after_the_birthday() -> None:
    assert age_on(BIRTH, date(2024, 6, 15), from_day_after_birthday=True) == 13
    assert age_on(BIRTH, date(2024, 6, 16), from_day_after_birthday=True) == 14
    assert age_on(BIRTH, BIRTH, from_day_after_birthday=True) == 0
    assert age_on(date(2010, 1, 1), date(2010, 1, 1), from_day_after_birthday=True) == 0


def test_a_date_before_birth_is_refused() -> None:
    with pytest.raises(RulesError, match="不能早于出生日期"):
        age_on(BIRTH, BIRTH - timedelta(days=1))


@pytest.mark.parametrize("bad", [-1, True, 14.0])
def test_an_invalid_age_is_refused(bad: object) -> None:
    with pytest.raises(RulesError, match="非负整数"):
        minor_treatment(bad)  # type: ignore[arg-type]


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=0, max_value=40_000),
)
def test_age_matches_a_birthday_count_and_never_decreases(birth: date, offset: int) -> None:
    on = birth + timedelta(days=offset)
    age = age_on(birth, on)
    assert 0 <= age <= offset // 365
    assert age_on(birth, on + timedelta(days=1)) >= age
    birthday_passed = (on.month, on.day) >= (birth.month, birth.day) or (
        (birth.month, birth.day) == (2, 29) and (on.month, on.day) == (2, 28) and on.year % 4 != 0
    )
    assert age == on.year - birth.year - (0 if birthday_passed else 1)
