"""Tests of fazhi.rules.money: money validation, rounding and 人民币大写."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import AMOUNT_IN_WORDS_MAX, RulesError, amount_in_words, require_money, round_money

_DIGITS = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}
ALLOWED = set(_DIGITS) | set(_SMALL) | set("万亿元角分整")


def _parse_integer(words: str) -> int:
    """Inverse of the integer part: split at the last 亿, then at 万, then read up to four digits."""
    if "亿" in words:
        high, low = words.rsplit("亿", 1)
        return _parse_integer(high) * 100_000_000 + _parse_integer(low)
    if "万" in words:
        high, low = words.rsplit("万", 1)
        return _parse_integer(high) * 10_000 + _parse_integer(low)
    total = digit = 0
    for ch in words:
        if ch in _SMALL:
            total += digit * _SMALL[ch]
            digit = 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def parse_amount(words: str) -> Decimal:
    """A small reader of 人民币大写, written independently of the implementation."""
    words = words.removeprefix("人民币").removesuffix("整")
    yuan = 0
    if "元" in words:
        integer, words = words.split("元", 1)
        yuan = _parse_integer(integer)
    jiao = fen = 0
    words = words.lstrip("零")
    if "角" in words:
        jiao_words, words = words.split("角", 1)
        jiao = _DIGITS[jiao_words]
    if "分" in words:
        fen = _DIGITS[words.removesuffix("分")]
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        pytest.param("12345.60", "壹万贰仟叁佰肆拾伍元陆角整", id="brief_example_with_jiao_zheng"),
        pytest.param("1005", "壹仟零伍元整", id="inner_zeros_take_one_ling"),
        pytest.param("1000.05", "壹仟元零伍分", id="zero_jiao_before_fen_takes_ling"),
        pytest.param("100000", "壹拾万元整", id="leading_ten_is_yi_shi"),
        pytest.param("0.5", "伍角整", id="jiao_only"),
        pytest.param("0.05", "伍分", id="fen_only"),
        pytest.param("0", "零元整", id="zero"),
        pytest.param("10", "壹拾元整", id="ten"),
        pytest.param("110", "壹佰壹拾元整", id="one_hundred_ten"),
        pytest.param("1010", "壹仟零壹拾元整", id="one_thousand_ten"),
        pytest.param("100010000", "壹亿零壹万元整", id="zero_group_between_yi_and_wan"),
        pytest.param("1234500000000", "壹万贰仟叁佰肆拾伍亿元整", id="wan_yi_range"),
        pytest.param("10000000000000", "壹拾万亿元整", id="ten_wan_yi"),
        # 《正确填写票据和结算凭证的基本规定》 examples; where it allows two forms we print its first form.
        pytest.param("1680.32", "壹仟陆佰捌拾元零叁角贰分", id="jbgd_1680.32_first_form"),
        pytest.param("107000.53", "壹拾万柒仟元零伍角叁分", id="jbgd_107000.53_first_form"),
        pytest.param("6007.14", "陆仟零柒元壹角肆分", id="jbgd_6007.14"),
        pytest.param("16409.02", "壹万陆仟肆佰零玖元零贰分", id="jbgd_16409.02"),
        pytest.param("325.04", "叁佰贰拾伍元零肆分", id="jbgd_325.04"),
        # The 基本规定 prints 壹仟肆佰零玖元伍角 (no 整 after 角, which it permits); we write 角整.
        pytest.param("1409.50", "壹仟肆佰零玖元伍角整", id="jbgd_1409.50_with_jiao_zheng"),
        pytest.param("10.5", "壹拾元零伍角整", id="zero_yuan_digit_before_jiao_takes_ling"),
    ],
)
def test_amounts_are_written_in_capitals(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_the_prefix_is_added_on_request() -> None:
    assert amount_in_words(Decimal("1680.32"), prefix=True) == "人民币壹仟陆佰捌拾元零叁角贰分"


def test_an_int_amount_is_accepted() -> None:
    assert amount_in_words(200) == "贰佰元整"  # type: ignore[arg-type]


def test_the_largest_amount_is_written_and_one_fen_more_is_refused() -> None:
    assert amount_in_words(AMOUNT_IN_WORDS_MAX).startswith("玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿")
    with pytest.raises(RulesError, match="金额过大"):
        amount_in_words(AMOUNT_IN_WORDS_MAX + Decimal("0.01"))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        pytest.param(Decimal("-1"), "不能为负数", id="negative"),
        pytest.param(Decimal("1.005"), "最多保留两位小数", id="three_places"),
        pytest.param(Decimal("NaN"), "不是有效数字", id="nan"),
        pytest.param(Decimal("Infinity"), "不是有效数字", id="infinity"),
        pytest.param(1.5, "不能是float", id="float"),
        pytest.param(True, "不能是bool", id="bool"),
        pytest.param("12", "不能是str", id="string"),
    ],
)
def test_invalid_money_is_refused_with_a_chinese_message(bad: object, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        amount_in_words(bad)  # type: ignore[arg-type]


def test_require_money_accepts_trailing_zero_places() -> None:
    assert require_money(Decimal("200.000")) == Decimal("200")


def test_round_money_rounds_half_up_to_fen() -> None:
    assert round_money(Decimal("0.005")) == Decimal("0.01")
    assert round_money(Decimal("2.675")) == Decimal("2.68")
    assert str(round_money(Decimal("3"))) == "3.00"


def test_round_money_refuses_an_amount_beyond_decimal_precision() -> None:
    with pytest.raises(RulesError, match="无法按分舍入"):
        round_money(Decimal("1e40"))


money = st.decimals(min_value=0, max_value=AMOUNT_IN_WORDS_MAX, places=2, allow_nan=False, allow_infinity=False)


@given(money)
def test_amount_in_words_round_trips_through_an_independent_parser(amount: Decimal) -> None:
    assert parse_amount(amount_in_words(amount)) == amount


@given(money)
def test_amount_in_words_uses_only_allowed_characters_and_ends_correctly(amount: Decimal) -> None:
    words = amount_in_words(amount)
    assert set(words) <= ALLOWED
    assert words.endswith(("整", "分"))
    assert words.endswith("分") == (amount * 100 % 10 != 0)
    assert "零零" not in words
    for bad in ("零元", "零万", "零亿", "零整", "零角"):
        assert bad not in words or words == "零元整"
    assert amount_in_words(amount) == words


@given(st.integers(min_value=10, max_value=19))
def test_amounts_from_ten_to_nineteen_start_with_yi_shi(n: int) -> None:
    assert amount_in_words(Decimal(n)).startswith("壹拾")


@given(st.decimals(min_value=0, max_value=10**12, places=6, allow_nan=False, allow_infinity=False))
def test_round_money_is_within_half_a_fen_and_has_two_places(amount: Decimal) -> None:
    rounded = round_money(amount)
    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - amount) <= Decimal("0.005")
    assert require_money(rounded) == rounded


def test_require_money_refuses_an_amount_too_large_to_count_in_fen() -> None:
    # 26 digits and two places fill the 28 digits of the decimal context; one digit more cannot be rounded to fen
    assert require_money(Decimal("99999999999999999999999999.99")) == Decimal("99999999999999999999999999.99")
    with pytest.raises(RulesError, match="过大"):
        require_money(Decimal("999999999999999999999999999"))
    with pytest.raises(RulesError, match="过大"):
        require_money(Decimal("4.075403866159364e+195"))
