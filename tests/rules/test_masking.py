"""Tests of fazhi.rules.masking: IDs, phones, names and free text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import mask_address, mask_name, mask_phone, mask_resident_id, mask_text, resident_id_check_char


def test_a_resident_id_keeps_region_and_last_four() -> None:
    assert mask_resident_id("11010519491231002X") == "110105********002X"


def test_a_first_generation_id_hides_its_birth_date() -> None:
    assert mask_resident_id("110105491231002") == "110105******002"


def test_an_id_of_unexpected_length_is_masked_completely() -> None:
    assert mask_resident_id("1101051949") == "**********"


def test_a_mobile_number_keeps_first_three_and_last_four() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone(" 13812341234 ") == "138****1234"


def test_a_landline_keeps_only_its_last_four() -> None:
    assert mask_phone("0731-84123456") == "*********3456"


def test_a_short_number_is_masked_completely() -> None:
    assert mask_phone("12345") == "*****"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        pytest.param("张三", "张*", id="two_characters"),
        pytest.param("张三丰", "张**", id="three_characters"),
        pytest.param("欧阳娜娜", "欧阳**", id="compound_surname"),
        pytest.param("欧阳", "欧*", id="two_characters_starting_like_a_compound_surname"),
        pytest.param("司马光", "司马*", id="compound_surname_three_characters"),
        pytest.param("阿卜杜·热合曼", "阿**·***", id="middle_dot_is_kept"),
        pytest.param("张", "张", id="surname_only"),
        pytest.param("", "", id="empty"),
    ],
)
def test_a_person_name_keeps_only_the_surname(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_text_masks_ids_and_mobiles_inside_text() -> None:
    text = "当事人张三，身份证号11010519491231002X，电话13812341234，备用+86 139-1234-5678。"
    assert mask_text(text) == "当事人张三，身份证号110105********002X，电话138****1234，备用+86 139-****-5678。"


def test_mask_text_leaves_longer_numbers_and_short_numbers_alone() -> None:
    text = "流水号1234567890123456789012，金额200元，案号醴城管罚决字〔2024〕第1号"
    assert mask_text(text) == text


def test_mask_text_masks_a_lower_case_x_id_and_a_prefixed_mobile() -> None:
    assert mask_text("id=11010519491231002x") == "id=110105********002x"
    assert mask_text("ID11010519491231002Xabc") == "ID110105********002Xabc"
    assert mask_text("tel:8613812341234") == "tel:86138****1234"


def _resident_id(region: int, born: date, seq: int) -> str:
    first17 = f"{region:06d}{born:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_char(first17)


resident_ids = st.builds(
    _resident_id,
    st.integers(min_value=110000, max_value=829999),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
mobiles = st.builds(lambda second, rest: f"1{second}{rest:09d}", st.integers(3, 9), st.integers(0, 999_999_999))
filler = st.text(alphabet="当事人电话身份证号，。：abc ", max_size=12)


@given(resident_ids)
def test_a_masked_id_never_shows_the_birth_date(resident_id: str) -> None:
    masked = mask_resident_id(resident_id)
    assert masked[6:14] == "********"
    assert masked[:6] + masked[14:] == resident_id[:6] + resident_id[14:]


@given(mobiles)
def test_a_masked_mobile_never_shows_the_middle_four(mobile: str) -> None:
    assert mask_phone(mobile) == mobile[:3] + "****" + mobile[7:]


@given(st.text(alphabet="赵钱孙李周吴郑王欧阳司马", min_size=2, max_size=5))
def test_a_masked_name_shows_at_most_the_surname(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name)
    shown = masked.rstrip("*")
    assert len(shown) in (1, 2)
    assert name.startswith(shown)


@given(filler, resident_ids, filler.filter(bool), mobiles, filler)
def test_mask_text_hides_every_id_and_mobile(a: str, resident_id: str, b: str, mobile: str, c: str) -> None:
    masked = mask_text(a + resident_id + b + mobile + c)
    assert masked == a + mask_resident_id(resident_id) + b + mask_phone(mobile) + c
    assert resident_id not in masked
    assert mobile not in masked


def test_mask_address_masks_every_kind_of_electronic_service_address() -> None:
    assert mask_address("zhangsan@example.com") == "zh***@example.com"
    assert mask_address("13812345678") == "138****5678"
    assert mask_address("138 1234 5678") == "138****5678"
    assert mask_address("0731-888866") == "073****66"
    assert mask_address("+8613812345678") == "+86****78"
    assert mask_address("123456") == "123***"  # too short to be a number: as text
    assert mask_address("wx") == "***"
