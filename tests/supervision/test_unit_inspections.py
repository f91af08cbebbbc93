"""督查 and its 交办单: numbered items, the deadline day in time and the next day overdue, 销号 refused twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.supervision.file_review import share_of
from fazhi.supervision.unit_inspections import (
    ItemIn,
    assignment_item_add,
    assignment_item_close,
    assignment_items_overdue,
    unit_inspection_record,
)
from tests.cases.flow import travel


def _visit(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    travel(monkeypatch, date(2025, 7, 1))
    return unit_inspection_record(
        actor=cast.head,
        agency=bureau.squad,
        inspected_on=date(2025, 7, 1),
        inspectors="王督查",
        findings="文书不规范",
        items=[ItemIn("规范文书", date(2025, 7, 10)), ItemIn("建立台账", date(2025, 7, 20))],
    )


def test_an_item_is_overdue_from_the_day_after_its_deadline(monkeypatch, bureau, cast) -> None:
    visit = _visit(monkeypatch, bureau, cast)
    first = visit.items.get(number=1)
    assert list(assignment_items_overdue(agency=bureau.bureau, today=date(2025, 7, 10))) == []
    assert list(assignment_items_overdue(agency=bureau.bureau, today=date(2025, 7, 11))) == [first]
    assert not first.overdue_on(date(2025, 7, 10)) and first.overdue_on(date(2025, 7, 11))
    travel(monkeypatch, date(2025, 7, 12))
    assignment_item_close(actor=cast.head, item=first, closed_on=date(2025, 7, 12), note="已整改")
    assert list(assignment_items_overdue(agency=bureau.bureau, today=date(2025, 7, 12))) == []
    with pytest.raises(RuleViolation, match="已于2025-07-12销号"):
        assignment_item_close(actor=cast.head, item=first, closed_on=date(2025, 7, 12), note="再次")
    third = assignment_item_add(actor=cast.head, inspection=visit, text="补充", deadline=date(2025, 8, 1))
    assert third.number == 3


def test_inspection_refusals(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    with pytest.raises(PermissionDenied):
        unit_inspection_record(
            actor=cast.handler1, agency=bureau.squad, inspected_on=date(2025, 7, 1), inspectors="x", findings="y"
        )
    with pytest.raises(ValidationError, match="整改期限不能早于督查日期"):
        unit_inspection_record(
            actor=cast.head,
            agency=bureau.squad,
            inspected_on=date(2025, 7, 1),
            inspectors="王督查",
            findings="y",
            items=[ItemIn("x", date(2025, 6, 30))],
        )
    visit = _visit(monkeypatch, bureau, cast)
    with pytest.raises(ValidationError, match="销号日期不能晚于今天"):
        assignment_item_close(actor=cast.head, item=visit.items.get(number=1), closed_on=date(2025, 7, 2), note="x")


@pytest.mark.parametrize(
    ("given", "expected"),
    [(0.1, Decimal("0.100")), ("0.1", Decimal("0.100")), (Decimal("0.25"), Decimal("0.250")), (1, Decimal("1.000"))],
)
def test_a_share_is_accepted_as_float_text_or_decimal(given, expected) -> None:
    assert share_of(given) == expected


@pytest.mark.parametrize(
    "given", [0, 0.0, -0.1, 1.001, 1.5, "abc", "", "nan", "inf", "1e999999", "-1e-999999", True, 0.0004]
)
def test_a_share_out_of_range_or_not_a_number_is_refused_in_chinese(given) -> None:
    with pytest.raises(ValidationError, match="抽取比例应大于0且不超过1"):
        share_of(given)


def test_file_review_draw_accepts_a_float_share(monkeypatch, bureau, cast) -> None:
    from fazhi.supervision.file_review import file_review_draw
    from tests.supervision.test_file_review import _closed_cases

    _closed_cases(monkeypatch, bureau, cast, 8)
    travel(monkeypatch, date(2025, 7, 1))
    draw = file_review_draw(
        actor=cast.reviewer,
        agency=bureau.bureau,
        period_start=date(2025, 6, 1),
        period_end=date(2025, 6, 30),
        share=0.1,
        seed="x",
    )
    assert draw.share == Decimal("0.100") and len(draw.case_ids) == 1
