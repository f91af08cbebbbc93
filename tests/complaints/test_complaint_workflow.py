"""群众诉求: 受理 → 交办 → 处置 → 核查 → 办结, by the right roles, in order, with a working-day deadline."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.complaints.models import Complaint, ComplaintStatus
from fazhi.complaints.selectors import complaint_figures, complaint_list, complaint_overdue
from fazhi.complaints.services import (
    complaint_close,
    complaint_dispatch,
    complaint_escalate,
    complaint_handle,
    complaint_register,
    complaint_return,
    complaint_verify,
)
from fazhi.core.audit import audit_verify
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent


def _at(y: int, m: int, d: int, h: int = 9) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h, 0))


@pytest.fixture
def clerk(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


@pytest.fixture
def squad_officer(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.squad, Role.OFFICER)


def _register(clerk, bureau, **kw) -> Complaint:  # type: ignore[no-untyped-def]
    values = {"source": "hotline_12345", "content": "夜间施工噪音扰民", "received_at": _at(2025, 6, 3)}
    values.update(kw)
    return complaint_register(actor=clerk, agency=bureau.bureau, **values)


def test_the_deadline_is_counted_in_working_days_across_the_national_day_holiday(clerk, bureau) -> None:
    complaint = _register(clerk, bureau, received_at=_at(2025, 9, 30))
    # 10月1日至8日放假；10月11日（星期六）调休上班：9、10、11、13、14日为五个工作日。
    assert complaint.deadline == date(2025, 10, 14)


def test_a_deadline_in_a_year_without_a_holiday_arrangement_is_provisional_not_refused(clerk, bureau) -> None:
    complaint = _register(clerk, bureau, received_at=_at(2031, 6, 3))  # Tuesday; 2031 is not entered
    # Weekends and the fixed days of 放假办法第二条 only: 4, 5, 6, 9, 10 June (no fixed day falls there in 2031).
    assert complaint.deadline == date(2031, 6, 10)
    assert complaint.deadline_provisional
    assert not _register(clerk, bureau, received_at=_at(2025, 9, 30), number="X-2").deadline_provisional


def test_the_whole_loop_is_done_by_the_right_roles_and_audited(clerk, squad_officer, bureau) -> None:
    complaint = _register(clerk, bureau, party_name="王小明", party_phone="13800138000")
    assert complaint.number.startswith("示城管诉2025") and complaint.masked_party_phone != "13800138000"
    complaint_dispatch(actor=clerk, complaint=complaint, assigned_to=bureau.squad)
    complaint_handle(
        actor=squad_officer, complaint=complaint, handling_result="已责令停止夜间施工", feedback="已电话回复"
    )
    complaint_verify(actor=clerk, complaint=complaint, passed=True)
    complaint_close(actor=clerk, complaint=complaint, satisfaction="satisfied", score=Decimal("95"))
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.score == Decimal("95.0")
    actions = list(
        AuditEvent.objects.filter(entity_id=str(complaint.pk), entity_type="complaints.complaint")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.register",
        "complaint.dispatch",
        "complaint.handle",
        "complaint.verify",
        "complaint.close",
    ]
    assert audit_verify().ok


def test_handling_before_dispatch_is_refused_as_out_of_order(clerk, squad_officer, bureau) -> None:
    complaint = _register(clerk, bureau)
    with pytest.raises(RuleViolation, match="当前为“已受理”，不能登记处置结果"):
        complaint_handle(actor=clerk, complaint=complaint, handling_result="已处理")
    with pytest.raises(RuleViolation, match="不能办结"):
        complaint_close(actor=clerk, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.handled_at is None


def test_only_the_assigned_unit_handles_and_only_the_receiving_body_verifies(
    clerk, squad_officer, bureau, make_user
) -> None:
    other = make_user(bureau.squad2, Role.OFFICER)
    complaint = _register(clerk, bureau)
    complaint_dispatch(actor=clerk, complaint=complaint, assigned_to=bureau.squad)
    with pytest.raises(PermissionDenied):
        complaint_handle(actor=other, complaint=complaint, handling_result="已处理")
    complaint_handle(actor=squad_officer, complaint=complaint, handling_result="已处理")
    with pytest.raises(PermissionDenied):
        complaint_verify(actor=squad_officer, complaint=complaint, passed=True)


def test_a_returned_complaint_is_dispatched_again_and_a_failed_check_reopens_it(clerk, squad_officer, bureau) -> None:
    complaint = _register(clerk, bureau)
    complaint_dispatch(actor=clerk, complaint=complaint, assigned_to=bureau.squad)
    complaint_return(actor=squad_officer, complaint=complaint, reason="不属于本中队辖区")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RETURNED
    complaint_dispatch(actor=clerk, complaint=complaint, assigned_to=bureau.squad)
    complaint_handle(actor=squad_officer, complaint=complaint, handling_result="已处理")
    complaint_verify(actor=clerk, complaint=complaint, passed=False, note="现场仍有施工")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DISPATCHED


def test_overdue_means_past_the_deadline_and_not_handled(clerk, squad_officer, bureau) -> None:
    complaint = _register(clerk, bureau, received_at=_at(2025, 9, 30))
    assert not complaint_overdue(complaint, date(2025, 10, 14))
    assert complaint_overdue(complaint, date(2025, 10, 15))
    complaint_dispatch(actor=clerk, complaint=complaint, assigned_to=bureau.squad)
    complaint_handle(actor=squad_officer, complaint=complaint, handling_result="已处理")
    complaint.refresh_from_db()
    assert not complaint_overdue(complaint, date(2025, 10, 15))


def test_escalation_is_recorded_once_and_counted(clerk, bureau, squad_officer) -> None:
    complaint = _register(clerk, bureau)
    complaint_escalate(actor=clerk, complaint=complaint, note="超期未处置，督办")
    with pytest.raises(RuleViolation, match="已于"):
        complaint_escalate(actor=clerk, complaint=complaint, note="再次督办")
    _register(clerk, bureau, source="digital_city")
    figures = complaint_figures(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert figures["received"] == 2 and figures["escalated"] == 1
    assert figures["by_source"] == {"hotline_12345": 1, "digital_city": 1}
    # the assigned squad sees only complaints dispatched to it
    assert list(complaint_list(actor=squad_officer)) == []


def test_a_duplicate_work_order_number_is_refused(clerk, bureau) -> None:
    _register(clerk, bureau, number="12345-0001")
    with pytest.raises(ValidationError, match="已登记"):
        _register(clerk, bureau, number="12345-0001")
