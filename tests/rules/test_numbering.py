"""Tests of fazhi.rules.numbering: case numbers from a template."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.rules import DEFAULT_CASE_NUMBER_TEMPLATE, RulesError, case_number, check_case_number_template


def test_the_default_template_uses_di_and_no_padding() -> None:
    assert case_number(DEFAULT_CASE_NUMBER_TEMPLATE, "醴城管", 2024, 1) == "醴城管罚决字〔2024〕第1号"


def test_a_format_spec_pads_the_sequence() -> None:
    assert case_number("{agency}罚决字〔{year}〕第{seq:04d}号", "醴城管", 2024, 7) == "醴城管罚决字〔2024〕第0007号"


def test_a_gb_t_9704_template_has_no_di() -> None:
    assert case_number("{agency}〔{year}〕{seq}号", "醴城管罚", 2025, 12) == "醴城管罚〔2025〕12号"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        pytest.param("{agency}〔{year}〕第{number}号", "未知占位符“{number}”", id="unknown_placeholder"),
        pytest.param("{agency}〔{year}〕第{}号", "未知占位符", id="positional_placeholder"),
        pytest.param("{agency.upper}〔{year}〕第{seq}号", "未知占位符", id="attribute_access"),
        pytest.param("{agency}〔{year}〕第{seq号", "格式错误", id="unbalanced_brace"),
        pytest.param("{agency}罚决字第{seq}号", "必须包含{year}", id="missing_year"),
        pytest.param("{agency}〔{year}〕号", "必须包含{seq}", id="missing_seq"),
        pytest.param("{agency:d}〔{year}〕第{seq}号", "格式说明无效", id="number_format_on_text"),
        pytest.param("{agency}〔{year}〕第{seq:{width}}号", "格式说明无效", id="nested_placeholder"),
    ],
)
def test_a_bad_template_is_refused_with_a_chinese_message(template: str, message: str) -> None:
    with pytest.raises(RulesError, match=message.replace("{", r"\{").replace("}", r"\}")):
        case_number(template, "醴城管", 2024, 1)


def test_a_good_template_passes_the_check() -> None:
    check_case_number_template(DEFAULT_CASE_NUMBER_TEMPLATE)


@pytest.mark.parametrize(("year", "seq"), [(1948, 1), (10000, 1), (2024, 0), (2024, -1), (True, 1), (2024, True)])
def test_a_bad_year_or_sequence_is_refused(year: int, seq: int) -> None:
    with pytest.raises(RulesError):
        case_number(DEFAULT_CASE_NUMBER_TEMPLATE, "醴城管", year, seq)


@given(st.integers(min_value=1949, max_value=9999), st.integers(min_value=1, max_value=10**6))
def test_different_sequences_give_different_numbers(year: int, seq: int) -> None:
    first = case_number(DEFAULT_CASE_NUMBER_TEMPLATE, "醴城管", year, seq)
    assert first != case_number(DEFAULT_CASE_NUMBER_TEMPLATE, "醴城管", year, seq + 1)
    assert f"〔{year}〕" in first
