"""Tests of fazhi.rules.identifiers: GB 11643, GB 32100, GB 11714 check characters."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import (
    RESIDENT_ID_WEIGHTS,
    USCC_ALPHABET,
    USCC_WEIGHTS,
    RulesError,
    normalize_resident_id,
    normalize_uscc,
    org_code_check_char,
    resident_id_birth_date,
    resident_id_check_char,
    uscc_check_char,
    validate_org_code,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)


@pytest.mark.parametrize("valid", ["11010519491231002X", "513101198201130014"])
def test_the_rules_md_resident_id_vectors_are_valid(valid: str) -> None:
    assert validate_resident_id(valid) is True
    assert resident_id_check_char(valid[:17]) == valid[17]


@pytest.mark.parametrize(
    "invalid",
    [
        pytest.param("11010519491231002x", id="lower_case_x_needs_normalising"),
        pytest.param("110105194912310021", id="wrong_check_digit"),
        pytest.param("11010519491331002X", id="month_13"),
        pytest.param("11010517991231002X", id="before_1800"),
        pytest.param("1101051949123100X", id="17_characters"),
        pytest.param(" 11010519491231002X", id="leading_space"),
        pytest.param("11010519491231002Ｘ", id="full_width_x"),
        pytest.param("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", id="arabic_indic_digits"),
        pytest.param(11010519491231002, id="not_a_string"),
    ],
)
def test_malformed_resident_ids_are_rejected(invalid: object) -> None:
    assert validate_resident_id(invalid) is False  # type: ignore[arg-type]


def test_normalising_accepts_a_lower_case_x_and_spaces() -> None:
    assert validate_resident_id(normalize_resident_id(" 11010519491231002x ")) is True


def test_a_birth_date_after_today_is_rejected_when_today_is_given() -> None:
    first17 = "11010520300101001"
    future = first17 + resident_id_check_char(first17)
    assert validate_resident_id(future) is True
    assert validate_resident_id(future, today=date(2025, 6, 1)) is False
    assert validate_resident_id("11010519491231002X", today=date(2025, 6, 1)) is True


def test_the_birth_date_is_read_from_positions_7_to_14() -> None:
    assert resident_id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert resident_id_birth_date("11010519490231002X") is None


def test_a_bad_first17_is_refused() -> None:
    with pytest.raises(RulesError, match="17位数字"):
        resident_id_check_char("1101051949123100")


def test_the_rules_md_uscc_vector_has_check_3() -> None:
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert validate_uscc("91350100M000100Y43") is True


@pytest.mark.parametrize(
    "invalid",
    [
        pytest.param("91350100M000100Y44", id="wrong_check"),
        pytest.param("91350100m000100Y43", id="lower_case"),
        pytest.param("91350100M000100I43", id="letter_I_not_in_the_alphabet"),
        pytest.param("9135010AM000100Y43", id="letter_in_the_region_code"),
        pytest.param("91350100M000100Y4", id="17_characters"),
        pytest.param(None, id="not_a_string"),
    ],
)
def test_malformed_usccs_are_rejected(invalid: object) -> None:
    assert validate_uscc(invalid) is False  # type: ignore[arg-type]


def test_normalising_a_uscc_upper_cases_and_strips() -> None:
    assert validate_uscc(normalize_uscc(" 91350100m000100y43\n")) is True


def test_a_bad_uscc_prefix_is_refused() -> None:
    with pytest.raises(RulesError, match="格式不正确"):
        uscc_check_char("91350100M000100I4")


def test_the_embedded_org_code_is_a_soft_check() -> None:
    assert org_code_check_char("M000100Y") == "4"
    assert validate_org_code("M000100Y4") is True
    assert validate_org_code("M000100Y-4") is True
    assert validate_org_code("91350100M000100Y43"[8:17]) is True
    assert validate_org_code("M000100Y5") is False
    assert validate_org_code("M000100Y") is False
    assert validate_org_code(None) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "check"),
    [
        pytest.param("00000000", "0", id="sum_0_gives_11_written_0"),
        pytest.param("00000001", "9", id="sum_2_gives_9"),
        pytest.param("00000100", "3", id="sum_8_gives_3"),
        pytest.param("00000030", "X", id="sum_12_gives_10_written_X"),
    ],
)
def test_org_code_check_values_10_and_11_are_written_x_and_0(body: str, check: str) -> None:
    assert org_code_check_char(body) == check


def test_a_bad_org_code_body_is_refused() -> None:
    with pytest.raises(RulesError, match="8位数字或大写字母"):
        org_code_check_char("m000100Y")


resident_id_first17 = st.builds(
    lambda region, born, seq: f"{region:06d}{born:%Y%m%d}{seq:03d}",
    st.integers(min_value=110000, max_value=829999),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    st.integers(min_value=0, max_value=999),
)


@given(resident_id_first17)
def test_generated_resident_ids_validate(first17: str) -> None:
    assert validate_resident_id(first17 + resident_id_check_char(first17))


@given(resident_id_first17)
def test_the_resident_id_check_is_the_standards_mod_11_2(first17: str) -> None:
    total = sum(int(ch) * w for ch, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    assert resident_id_check_char(first17) == "10X98765432"[total % 11]


@given(resident_id_first17, st.sampled_from("0123456789X"))
def test_any_other_check_character_is_rejected(first17: str, other: str) -> None:
    check = resident_id_check_char(first17)
    if other != check:
        assert not validate_resident_id(first17 + other)


@given(resident_id_first17, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_a_single_digit_change_in_the_body_is_detected(first17: str, position: int, delta: int) -> None:
    valid = first17 + resident_id_check_char(first17)
    digit = (int(valid[position]) + delta) % 10
    mutated = valid[:position] + str(digit) + valid[position + 1 :]
    assert not validate_resident_id(mutated)


uscc_first17 = st.builds(
    lambda head, region, body: head + region + body,
    st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
)


@given(uscc_first17)
def test_the_uscc_check_is_gb_32100s_formula(first17: str) -> None:
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    assert uscc_check_char(first17) == USCC_ALPHABET[(31 - total % 31) % 31]


@given(uscc_first17)
def test_generated_usccs_validate_and_other_check_characters_do_not(first17: str) -> None:
    check = uscc_check_char(first17)
    assert validate_uscc(first17 + check)
    for other in USCC_ALPHABET.replace(check, ""):
        assert not validate_uscc(first17 + other)


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("13812345678", True),
        ("19912345678", True),
        ("0731-22334455", True),
        ("073122334455", True),
        ("010-1234567", True),
        ("12812345678", False),  # no mobile prefix 12
        ("1381234567", False),  # 10 digits
        ("138123456789", False),  # 12 digits
        ("0731-223344", False),  # 6-digit local number
        ("", False),
        (13812345678, False),  # not a string
    ],
)
def test_phone_shapes(phone: object, ok: bool) -> None:
    assert validate_phone(phone) is ok  # type: ignore[arg-type]
