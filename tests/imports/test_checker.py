"""``_Checker`` (the short way for rows without errors, its combinations remembered) answers every row exactly as
``_validate`` does: the same case, the same errors in the same order."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.imports.lookups import Lookups
from fazhi.imports.parsing import COLUMNS
from fazhi.imports.services import _Checker, _validate
from fazhi.rules import uscc_check_char

TODAY = date(2026, 1, 1)
_USCC = "91430281MA0000005" + uscc_check_char("91430281MA0000005")
_DAYS = ["", "2022-12-31", "2023-01-01", "2023-03-01", "2023/03/02", "2024-02-30", "2025-12-31", "2026-01-02", "x"]
# Each column's cells: valid ones, and ones that are wrong in each way the checks know.
_CELLS: dict[str, list[str]] = {
    "案号": ["A1", "A2", "", "长" * 81],
    "程序": ["简易", "一般", "一般程序", "其他", ""],
    "案件来源": ["巡查发现", "投诉举报", "数字城管", "来历不明"],
    "执法事项编码": ["SL-GH-001", "SL-SR-001", "SL-ZT-002", "NO-SUCH"],
    "领域": ["", "城乡规划", "渣土", "不存在"],
    "承办机构编码": ["示城管东", "南山镇", "无此机构"],
    "当事人类型": ["个人", "单位", "法人"],
    "当事人名称": ["张三", "示范\t建设\\公司", ""],
    "证件号码": ["", "11010519491231002X", "110105194912310021", _USCC, "91430281MA00000050"],
    "违法行为发生日期": _DAYS,
    "立案日期": _DAYS,
    "决定日期": _DAYS,
    "决定类型": ["处罚", "不予处罚", "首违不罚", "罚"],
    "罚款金额": ["", "0", "200", "200.01", "1000.50", "1.234", "-1", "abc"],
    "没收金额": ["", "0", "500", "x"],
    "是否重大": ["", "是", "否", "可能"],
    "法制审核意见书份数": ["", "0", "2", "1001", "二"],
    "是否赋权事项": ["", "是", "否", "?"],
    "送达日期": _DAYS,
    "缴款日期": _DAYS,
    "结案日期": _DAYS,
}
assert list(_CELLS) == [name for name, _ in COLUMNS]


def _rows() -> st.SearchStrategy[list[dict[str, str]]]:
    row = st.fixed_dictionaries({column: st.sampled_from(cells) for column, cells in _CELLS.items()})
    without = st.sets(st.sampled_from(["领域", "证件号码", "送达日期", "缴款日期", "结案日期", "是否重大"]))
    # a file may lack the optional columns: their cells are then absent from the row, not empty
    rows = st.tuples(row, without).map(lambda pair: {c: v for c, v in pair[0].items() if c not in pair[1]})
    return st.lists(rows, min_size=1, max_size=30)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_rows())
def test_the_checker_answers_every_row_as_validate_does(bureau, power_list, rows):
    lookups = Lookups()
    check = _Checker(lookups, TODAY)
    for line, row in enumerate(rows + rows, start=2):  # every combination seen twice: once new, once remembered
        assert check(line, row) == _validate(line, row, lookups, TODAY)


def test_the_checker_accepts_a_valid_row_the_short_way(bureau, power_list, monkeypatch):
    """The oracle above would also hold if the checker always fell back: a valid row must not."""
    from fazhi.imports import services

    row = {column: cells[0] for column, cells in _CELLS.items()} | {
        "违法行为发生日期": "2023-03-01",
        "立案日期": "2023-03-01",
        "决定日期": "2023-03-01",
    }
    lookups = Lookups()
    expected = _validate(2, row, lookups, TODAY)
    assert expected[0] is not None
    monkeypatch.setattr(services, "_validate", lambda *args: pytest.fail("fell back to _validate"))
    assert _Checker(lookups, TODAY)(2, row) == expected
