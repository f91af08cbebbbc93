"""Imported work orders: the category code column gives the limit; the earlier system's steps become step rows."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.complaints.models import Complaint
from fazhi.complaints.selectors import complaint_steps
from fazhi.imports.records import records_import
from fazhi.imports.services import ImportFailed
from tests.imports.records_helpers import xlsx

from .conftest import at

TODAY = date(2026, 6, 1)
ROW = {
    "工单编号": "SZCG-0201",
    "来源": "数字城管",
    "受理时间": "2026-03-02 08:30",
    "诉求内容": "路口暴露垃圾",
    "问题类别代码": "事件0102",
    "承办单位编码": "示城管东",
    "交办时间": "2026-03-02 08:40",
    "处置时间": "2026-03-02 10:31",
    "处置结果": "已清运",
    "办结时间": "2026-03-02 15:00",
    "满意度": "满意",
}


def _run(bureau, rows):  # type: ignore[no-untyped-def]
    return records_import(
        actor=bureau.admin,
        kind="complaints",
        agency=bureau.bureau,
        data=xlsx("complaints", rows),
        filename="complaints.xlsx",
        today=TODAY,
    )


def test_an_imported_work_order_is_timed_by_its_category_and_its_steps_are_recorded(bureau) -> None:  # type: ignore[no-untyped-def]
    assert _run(bureau, [ROW]).imported == 1
    c = Complaint.objects.get(number="SZCG-0201")
    assert c.category_item is not None and c.category_item.name == "暴露垃圾"  # from the shipped table
    assert c.due_at == at(2026, 3, 2, 10, 30) and c.first_handled_at == at(2026, 3, 2, 10, 31)
    steps = complaint_steps(c)
    assert [(s.kind, s.imported) for s in steps] == [
        ("register", False),
        ("dispatch", True),
        ("handle", True),
        ("close", True),
    ]
    assert [s.late for s in steps if s.kind == "handle"] == [True]  # a minute after the 2 working hours


def test_an_unknown_category_code_imports_nothing(bureau) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed) as caught:
        _run(bureau, [{**ROW, "问题类别代码": "事件9999"}])
    assert [(e.line, e.column) for e in caught.value.errors] == [(2, "问题类别代码")]
    assert "不在问题类别表中" in caught.value.errors[0].reason
    assert Complaint.objects.count() == 0
