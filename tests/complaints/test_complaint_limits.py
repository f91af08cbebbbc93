"""A complaint's 处置时限 from its GB/T 30428 category, and the loop's 返工, 延期, 督办 and 回访 timed against it."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from fazhi.cases.models import CaseState
from fazhi.complaints.models import ComplaintCategory, StepKind
from fazhi.complaints.selectors import complaint_late, complaint_steps
from fazhi.complaints.services import (
    complaint_callback,
    complaint_case_open,
    complaint_category_save,
    complaint_close,
    complaint_dispatch,
    complaint_escalate,
    complaint_extension_decide,
    complaint_extension_request,
    complaint_handle,
    complaint_register,
    complaint_verify,
)
from fazhi.core import clock
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent

from .conftest import Desk, at, moment


def _register(desk: Desk, bureau, received, number: str = "", category=None):  # type: ignore[no-untyped-def]
    return complaint_register(
        actor=desk.clerk,
        agency=bureau.bureau,
        source="digital_city",
        content="路口暴露垃圾",
        received_at=received,
        number=number,
        category_item=category or desk.two_hours,
    )


def _dispatch(desk: Desk, complaint):  # type: ignore[no-untyped-def]
    with clock.frozen_at(*moment(complaint.received_at + timedelta(minutes=5))):
        return complaint_dispatch(actor=desk.clerk, complaint=complaint)


def _handle_at(desk: Desk, complaint, day: date, t: time):  # type: ignore[no-untyped-def]
    with clock.frozen_at(day, t):
        return complaint_handle(actor=desk.east, complaint=complaint, handling_result="已清运")


def test_the_shipped_table_holds_common_categories_with_their_limits(db) -> None:  # type: ignore[no-untyped-def]
    manhole = ComplaintCategory.objects.get(kind="part", code="0101")
    assert (manhole.major_name, manhole.name, manhole.limit_label) == ("公用设施", "上水井盖", "2个工作时")
    assert ComplaintCategory.objects.get(kind="event", code="0101").name == "私搭乱建"


def test_a_two_working_hour_complaint_handled_in_the_due_minute_is_on_time_and_a_minute_later_late(
    desk, bureau
) -> None:  # type: ignore[no-untyped-def]
    on_time = _register(desk, bureau, at(2025, 6, 3, 8, 30), "A")
    late = _register(desk, bureau, at(2025, 6, 3, 8, 30), "B")
    assert on_time.due_at == at(2025, 6, 3, 10, 30) and on_time.deadline == date(2025, 6, 3)
    for c in (on_time, late):
        _dispatch(desk, c)  # to the category's default unit, 城东中队
    assert not complaint_late(on_time, at(2025, 6, 3, 10, 30))
    assert complaint_late(on_time, at(2025, 6, 3, 10, 31))
    _handle_at(desk, on_time, date(2025, 6, 3), time(10, 30, 59))
    _handle_at(desk, late, date(2025, 6, 3), time(10, 31))
    assert [s.late for s in complaint_steps(on_time) if s.kind == StepKind.HANDLE] == [False]
    assert [s.late for s in complaint_steps(late) if s.kind == StepKind.HANDLE] == [True]


def test_the_limit_skips_the_lunch_break_and_the_weekend(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    assert _register(desk, bureau, at(2025, 6, 3, 11, 0), "L").due_at == at(2025, 6, 3, 15, 0)
    friday = _register(desk, bureau, at(2025, 6, 6, 17, 0), "F")
    assert friday.due_at == at(2025, 6, 9, 10, 0) and friday.deadline == date(2025, 6, 9)


def test_a_complaint_without_a_category_keeps_the_general_working_day_limit(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    c = complaint_register(
        actor=desk.clerk, agency=bureau.bureau, source="hotline_12345", content="噪音", received_at=at(2025, 6, 3, 9)
    )
    assert c.deadline == date(2025, 6, 10) and c.due_at == at(2025, 6, 10, 23, 59)


def test_rework_is_counted_and_timed_against_the_limit_again(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    c = _register(desk, bureau, at(2025, 6, 3, 8, 30))
    _dispatch(desk, c)
    _handle_at(desk, c, date(2025, 6, 3), time(9, 0))
    with clock.frozen_at(date(2025, 6, 3), time(11, 0)):
        c = complaint_verify(actor=desk.clerk, complaint=c, passed=False, note="垃圾未清净")
    assert c.rework_count == 1 and c.rework_due_at == at(2025, 6, 3, 15, 0)
    _handle_at(desk, c, date(2025, 6, 3), time(15, 1))
    handles = [s.late for s in complaint_steps(c) if s.kind == StepKind.HANDLE]
    assert handles == [False, True]  # the first handling in time, the rework a minute late
    c.refresh_from_db()
    assert c.first_handled_at == at(2025, 6, 3, 9, 0)


def test_an_approved_extension_moves_the_limit_and_handling_within_it_is_on_time(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    c = _register(desk, bureau, at(2025, 6, 3, 8, 30))
    _dispatch(desk, c)
    with clock.frozen_at(date(2025, 6, 3), time(10, 0)):
        c = complaint_extension_request(
            actor=desk.east, complaint=c, until=at(2025, 6, 3, 16, 0), reason="需调用压缩车"
        )
        with pytest.raises(PermissionDenied):  # the handling unit does not approve its own extension
            complaint_extension_decide(actor=desk.east, complaint=c, approved=True)
        c = complaint_extension_decide(actor=desk.head, complaint=c, approved=True)
    assert c.due_at == at(2025, 6, 3, 16, 0) and c.extension_count == 1
    _handle_at(desk, c, date(2025, 6, 3), time(16, 0))
    assert [s.late for s in complaint_steps(c) if s.kind == StepKind.HANDLE] == [False]


def test_an_extension_is_refused_after_the_limit_or_without_a_reason(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    c = _register(desk, bureau, at(2025, 6, 3, 8, 30))
    _dispatch(desk, c)
    with clock.frozen_at(date(2025, 6, 3), time(10, 30)):  # the due minute: still allowed to ask
        with pytest.raises(ValidationError, match="延期理由"):
            complaint_extension_request(actor=desk.east, complaint=c, until=at(2025, 6, 4, 10), reason=" ")
        with pytest.raises(ValidationError, match="须晚于现时限"):
            complaint_extension_request(actor=desk.east, complaint=c, until=at(2025, 6, 3, 10, 30), reason="雨")
        complaint_extension_request(actor=desk.east, complaint=c, until=at(2025, 6, 4, 10), reason="雨")
        with pytest.raises(ValidationError, match="不批准延期的"):
            complaint_extension_decide(actor=desk.clerk, complaint=c, approved=False)
        complaint_extension_decide(actor=desk.clerk, complaint=c, approved=False, note="不需要")
    c.refresh_from_db()
    assert c.due_at == at(2025, 6, 3, 10, 30) and c.extension_count == 0
    with clock.frozen_at(date(2025, 6, 3), time(10, 31)), pytest.raises(ValidationError, match="已过"):
        complaint_extension_request(actor=desk.east, complaint=c, until=at(2025, 6, 4, 10), reason="雨")
    with pytest.raises(RuleViolation, match="没有待批准"):
        complaint_extension_decide(actor=desk.clerk, complaint=c, approved=True)


def test_an_escalation_records_whether_the_limit_had_passed(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    c = _register(desk, bureau, at(2025, 6, 3, 8, 30))
    _dispatch(desk, c)
    with clock.frozen_at(date(2025, 6, 3), time(10, 31)):
        complaint_escalate(actor=desk.clerk, complaint=c, note="超时未处置")
    assert [s.late for s in complaint_steps(c) if s.kind == StepKind.ESCALATE] == [True]


def test_every_step_is_a_row_and_an_audit_event_with_the_callback_of_the_complainant(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    c = _register(desk, bureau, at(2025, 6, 3, 8, 30))
    _dispatch(desk, c)
    _handle_at(desk, c, date(2025, 6, 3), time(9, 0))
    with clock.frozen_at(date(2025, 6, 3), time(11, 0)):
        complaint_verify(actor=desk.clerk, complaint=c, passed=True)
        with pytest.raises(ValidationError, match="回访情况"):
            complaint_callback(actor=desk.clerk, complaint=c, satisfaction="none")
        c = complaint_callback(actor=desk.clerk, complaint=c, satisfaction="basically", result="已清理")
        complaint_close(actor=desk.clerk, complaint=c, satisfaction="basically")
    c.refresh_from_db()
    assert c.callback_at == at(2025, 6, 3, 11, 0) and c.callback_by == desk.clerk
    kinds = [s.kind for s in complaint_steps(c)]
    assert kinds == ["register", "dispatch", "handle", "verify", "callback", "close"]
    actions = list(
        AuditEvent.objects.filter(entity_type="complaints.complaint", entity_id=str(c.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.register",
        "complaint.dispatch",
        "complaint.handle",
        "complaint.verify",
        "complaint.callback",
        "complaint.close",
    ]


def test_a_complaint_opens_a_case_lead_in_one_step_linked_both_ways(desk, bureau, power_list) -> None:  # type: ignore[no-untyped-def]
    c = _register(desk, bureau, at(2025, 6, 3, 8, 30))
    with pytest.raises(RuleViolation, match="先交办"):
        complaint_case_open(
            actor=desk.east, complaint=c, power_item_code="SL-SR-001", party_kind="person", party_name="王五"
        )
    _dispatch(desk, c)
    case = complaint_case_open(
        actor=desk.east, complaint=c, power_item_code="SL-SR-001", party_kind="person", party_name="王五"
    )
    c.refresh_from_db()
    assert c.case == case and case.state == CaseState.LEAD and list(case.complaints.all()) == [c]
    assert case.source == "digital_city" and case.discovered_on == date(2025, 6, 3)
    assert [s.kind for s in complaint_steps(c)][-1] == "case_open"
    with pytest.raises(RuleViolation, match="重复"):
        complaint_case_open(
            actor=desk.east, complaint=c, power_item_code="SL-SR-001", party_kind="person", party_name="王五"
        )


def test_the_category_table_is_edited_by_a_head_or_admin_with_valid_codes(desk, bureau) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        complaint_category_save(
            actor=desk.clerk,
            kind="event",
            major_code="05",
            major_name="街面秩序",
            code="0501",
            name="无照经营游商",
            limit_value=2,
            limit_unit="hours",
        )
    with pytest.raises(ValidationError, match="前两位为大类代码"):
        complaint_category_save(
            actor=desk.head,
            kind="event",
            major_code="05",
            major_name="街面秩序",
            code="0601",
            name="无照经营游商",
            limit_value=2,
            limit_unit="hours",
        )
    row = complaint_category_save(
        actor=desk.head,
        kind="event",
        major_code="05",
        major_name="街面秩序",
        code="0501",
        name="无照经营游商",
        limit_value=4,
        limit_unit="hours",
    )
    assert row.limit_label == "4个工作时"
    assert AuditEvent.objects.filter(action="complaint.category_save", entity_id=str(row.pk)).exists()
