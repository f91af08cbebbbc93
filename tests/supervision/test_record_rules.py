"""The rules on complaints, inspections and study hours, through their apps' services."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.supervision.models import Severity
from tests.cases.flow import travel
from tests.supervision.helpers import open_alert, resolved, scan


def test_a_complaint_past_its_deadline_is_flagged_until_handled(monkeypatch, bureau, make_user) -> None:
    from fazhi.complaints import services

    clerk = make_user(bureau.bureau, Role.CLERK)
    officer_user = make_user(bureau.squad, Role.OFFICER)
    travel(monkeypatch, date(2025, 3, 3))
    complaint = services.complaint_register(
        actor=clerk,
        agency=bureau.bureau,
        source="hotline_12345",
        content="夜间施工噪声扰民",
        received_at=timezone.make_aware(datetime.combine(date(2025, 3, 3), time(9))),
    )
    services.complaint_dispatch(actor=clerk, complaint=complaint, assigned_to=bureau.squad)
    scan(monkeypatch, complaint.deadline)
    assert open_alert("complaint_overdue", complaint.pk) is None
    late = date.fromordinal(complaint.deadline.toordinal() + 2)
    scan(monkeypatch, late)
    alert = open_alert("complaint_overdue", complaint.pk)
    assert alert is not None and alert.agency_id == bureau.squad.pk
    assert f"{complaint.deadline:%Y年%m月%d日}" in alert.explanation and "2025年03月03日受理" in alert.explanation
    assert "已逾期2日" in alert.explanation

    complaint.refresh_from_db()
    services.complaint_handle(actor=officer_user, complaint=complaint, handling_result="已责令停止夜间施工")
    scan(monkeypatch, late)
    assert resolved("complaint_overdue", complaint.pk)


def test_the_same_target_inspected_twice_within_sixty_days_is_flagged(monkeypatch, bureau, make_user, make_officer):  # type: ignore[no-untyped-def]
    from fazhi.inspections import services

    leader = make_user(bureau.squad, Role.SQUAD_LEADER)
    officers = [make_officer(bureau.squad, "甲"), make_officer(bureau.squad, "乙")]
    travel(monkeypatch, date(2025, 5, 10))
    target = services.inspection_target_create(actor=leader, agency=bureau.squad, name="示范餐馆")
    first = services.inspection_task_create(
        actor=leader, agency=bureau.squad, target=target, officers=officers, inspected_on=date(2025, 3, 1)
    )
    second = services.inspection_task_create(
        actor=leader, agency=bureau.squad, target=target, officers=officers, inspected_on=date(2025, 4, 20)
    )
    scan(monkeypatch, date(2025, 5, 10))
    assert open_alert("repeated_inspection", first.pk) is None
    alert = open_alert("repeated_inspection", second.pk)
    assert alert is not None and alert.severity == Severity.WARNING
    assert "2025年03月01日" in alert.explanation and "2025年04月20日" in alert.explanation
    assert "相隔50日" in alert.explanation

    first.inspected_on = date(2025, 1, 10)  # the first date was mistyped
    first.save()
    scan(monkeypatch, date(2025, 5, 10))
    assert resolved("repeated_inspection", second.pk)


def test_an_officer_below_the_yearly_study_hours_is_flagged_until_his_hours_are_recorded(
    monkeypatch, bureau, make_user, make_officer, settings
) -> None:
    from fazhi.legal_affairs import services

    settings.FAZHI_STUDY_HOURS_MINIMUM = 40
    head = make_user(bureau.bureau, Role.HEAD)
    travel(monkeypatch, date(2025, 1, 2))
    officer = make_officer(bureau.squad, "王学法")
    travel(monkeypatch, date(2025, 6, 1))
    services.training_create(
        actor=head,
        agency=bureau.bureau,
        title="行政处罚法培训",
        held_on=date(2025, 6, 1),
        hours=Decimal("10"),
        officers=[officer],
    )
    scan(monkeypatch, date(2026, 1, 5))  # 2025 is judged once it is over
    alert = open_alert("study_hours_below_minimum", officer.pk)
    assert alert is not None
    assert "王学法2025年度" in alert.explanation and "10.0学时" in alert.explanation and "40学时" in alert.explanation

    travel(monkeypatch, date(2025, 11, 1))
    services.training_create(
        actor=head,
        agency=bureau.bureau,
        title="执法文书培训",
        held_on=date(2025, 11, 1),
        hours=Decimal("30"),
        officers=[officer],
    )
    scan(monkeypatch, date(2026, 1, 5))
    assert resolved("study_hours_below_minimum", officer.pk)
