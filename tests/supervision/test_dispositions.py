"""预警处置: assigned, answered, sent back, answered again and closed, each step in the audit chain; the overdue
boundary (the deadline day is in time, the next day is overdue); who may do what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.accounts.models import Role
from fazhi.core.audit import audit_verify
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.core.storage import get_blob_store
from fazhi.supervision import dispositions as dsp
from fazhi.supervision.models import Alert, AlertDisposition, DispositionStatus, DispositionStep, Severity
from tests.cases.flow import travel
from tests.supervision.helpers import open_alert, scan

DAY = date(2025, 7, 1)
DEADLINE = date(2025, 7, 10)


def make_alert(agency, label: str = "示城管罚立字〔2025〕第1号") -> Alert:  # type: ignore[no-untyped-def]
    from fazhi.core import clock

    now = clock.now()
    return Alert.objects.create(
        rule_id="decision_deadline",
        severity=Severity.WARNING,
        article="行政处罚法第六十条",
        record_type="cases.case",
        object_id=Alert.objects.count() + 9000,
        record_label=label,
        agency=agency,
        explanation="立案之日起九十日内应作出决定。",
        fingerprint=f"decision_deadline:cases.case:{Alert.objects.count() + 9000}",
        first_raised_at=now,
        last_seen_at=now,
    )


def assigned(monkeypatch, bureau, cast, deadline: date = DEADLINE) -> AlertDisposition:  # type: ignore[no-untyped-def]
    travel(monkeypatch, DAY)
    alert = make_alert(bureau.squad)
    return dsp.disposition_assign(
        actor=cast.head, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=deadline, note="请限期整改"
    )


def test_an_alert_assigned_answered_sent_back_answered_again_and_closed_with_each_step_audited(
    monkeypatch, bureau, cast
) -> None:
    d = assigned(monkeypatch, bureau, cast)
    assert d.status == DispositionStatus.ASSIGNED and d.deadline == DEADLINE
    travel(monkeypatch, date(2025, 7, 3))
    photo = SimpleUploadedFile("整改照片.jpg", b"\xff\xd8\xff fake jpeg bytes", content_type="image/jpeg")
    d = dsp.disposition_answer(actor=cast.leader, disposition=d, explanation="已补正送达回证。", files=[photo])
    assert d.status == DispositionStatus.ANSWERED
    attachment = DispositionStep.objects.get(disposition=d, action="answer").attachments.get()
    assert attachment.name == "整改照片.jpg" and get_blob_store().exists(attachment.sha256)
    d = dsp.disposition_return(actor=cast.head, disposition=d, reason="缺少送达回证扫描件。")
    assert d.status == DispositionStatus.RETURNED
    d = dsp.disposition_answer(actor=cast.handler1, disposition=d, explanation="已补充送达回证扫描件。")
    d = dsp.disposition_close(actor=cast.reviewer, disposition=d, note="核查属实。")
    assert d.status == DispositionStatus.CLOSED and d.closed_at is not None
    steps = list(d.steps.values_list("action", "status_after"))
    assert steps == [
        ("assign", "assigned"),
        ("answer", "answered"),
        ("return", "returned"),
        ("answer", "answered"),
        ("close", "closed"),
    ]
    events = AuditEvent.objects.filter(entity_type="supervision.alertdisposition", entity_id=str(d.pk)).order_by("seq")
    assert [e.action for e in events] == [
        "supervision.disposition.assign",
        "supervision.disposition.answer",
        "supervision.disposition.return",
        "supervision.disposition.answer",
        "supervision.disposition.close",
    ]
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert audit_verify().ok


def test_escalation_marks_the_disposition_and_may_set_a_new_deadline(monkeypatch, bureau, cast) -> None:
    d = assigned(monkeypatch, bureau, cast)
    d = dsp.disposition_escalate(actor=cast.head, disposition=d, note="请于7月15日前答复", deadline=date(2025, 7, 15))
    assert d.escalated and d.deadline == date(2025, 7, 15) and d.status == DispositionStatus.ASSIGNED
    assert d.steps.last().action == "escalate"


def test_the_deadline_day_is_in_time_and_the_day_after_is_overdue(monkeypatch, bureau, cast) -> None:
    d = assigned(monkeypatch, bureau, cast)
    scan(monkeypatch, DEADLINE)
    assert open_alert("disposition_overdue", d.pk) is None
    assert not d.overdue_on(DEADLINE)
    scan(monkeypatch, DEADLINE + timedelta(days=1))
    alert = open_alert("disposition_overdue", d.pk)
    assert alert is not None and alert.agency_id == bureau.squad.pk and alert.severity == Severity.WARNING
    assert "2025年07月10日" in alert.explanation and "已逾期1日" in alert.explanation
    assert d.overdue_on(DEADLINE + timedelta(days=1))
    # the answer (even late) clears it on the next scan
    dsp.disposition_answer(actor=cast.leader, disposition=d, explanation="已整改。")
    scan(monkeypatch, DEADLINE + timedelta(days=2))
    assert open_alert("disposition_overdue", d.pk) is None


def test_an_escalated_overdue_disposition_is_serious(monkeypatch, bureau, cast) -> None:
    d = assigned(monkeypatch, bureau, cast)
    dsp.disposition_escalate(actor=cast.head, disposition=d, note="督办")
    scan(monkeypatch, DEADLINE + timedelta(days=1))
    alert = open_alert("disposition_overdue", d.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS and "已督办" in alert.explanation


def test_only_supervising_roles_assign_and_the_assignee_must_belong_to_the_unit(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, DAY)
    alert = make_alert(bureau.squad)
    with pytest.raises(PermissionDenied):
        dsp.disposition_assign(
            actor=cast.handler1, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=DEADLINE
        )
    with pytest.raises(ValidationError, match="整改责任人须为「城东中队」的在用账号"):
        dsp.disposition_assign(actor=cast.head, alert=alert, agency=bureau.squad, assignee=cast.head, deadline=DEADLINE)
    with pytest.raises(ValidationError, match="整改期限不能早于今天"):
        dsp.disposition_assign(
            actor=cast.head, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=DAY - timedelta(days=1)
        )
    # the deadline may be today
    d = dsp.disposition_assign(actor=cast.head, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=DAY)
    with pytest.raises(ValidationError, match="已交办"):
        dsp.disposition_assign(actor=cast.head, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=DAY)
    assert AlertDisposition.objects.filter(alert=alert).count() == 1 and d.pk


def test_another_unit_cannot_answer_and_the_answerer_cannot_verify(monkeypatch, bureau, make_user, cast) -> None:
    d = assigned(monkeypatch, bureau, cast)
    west = make_user(bureau.squad2, Role.SQUAD_LEADER)
    with pytest.raises(PermissionDenied):
        dsp.disposition_answer(actor=west, disposition=d, explanation="不是本单位")
    with pytest.raises(ValidationError, match="请填写整改说明"):
        dsp.disposition_answer(actor=cast.leader, disposition=d, explanation="  ")
    with pytest.raises(RuleViolation, match="只能核查待核查"):
        dsp.disposition_close(actor=cast.head, disposition=d)
    # a head of the unit answering cannot verify his own answer
    squad_head = make_user(bureau.squad, Role.HEAD)
    dsp.disposition_answer(actor=squad_head, disposition=d, explanation="已整改。")
    with pytest.raises(RuleViolation, match="核查人员不得是整改答复人"):
        dsp.disposition_close(actor=squad_head, disposition=d)
    with pytest.raises(RuleViolation, match="不能答复"):
        dsp.disposition_answer(actor=cast.leader, disposition=d, explanation="再答复")


def test_the_justice_bureau_supervisor_supervises_but_never_answers(monkeypatch, bureau, make_user, cast) -> None:
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    travel(monkeypatch, DAY)
    alert = make_alert(bureau.squad)
    d = dsp.disposition_assign(
        actor=supervisor, alert=alert, agency=bureau.squad, assignee=cast.leader, deadline=DEADLINE
    )
    with pytest.raises(PermissionDenied):
        dsp.disposition_answer(actor=supervisor, disposition=d, explanation="x")
    assert list(dsp.disposition_todo(actor=supervisor)) == []
    dsp.disposition_answer(actor=cast.leader, disposition=d, explanation="已整改。")
    assert list(dsp.disposition_todo(actor=supervisor)) == [d]
    dsp.disposition_close(actor=supervisor, disposition=d)


def test_todo_and_scope(monkeypatch, bureau, make_user, cast) -> None:
    d = assigned(monkeypatch, bureau, cast)
    west = make_user(bureau.squad2, Role.SQUAD_LEADER)
    assert list(dsp.disposition_todo(actor=cast.leader)) == [d]
    assert list(dsp.disposition_todo(actor=cast.handler1)) == [d]  # his unit's
    assert list(dsp.disposition_todo(actor=cast.head)) == []  # nothing to verify yet
    assert list(dsp.disposition_list(actor=west)) == []
    with pytest.raises(NotFoundOrForbidden):
        dsp.access_disposition(actor=west, disposition_id=d.pk)
    with pytest.raises(NotFoundOrForbidden):
        dsp.access_disposition(actor=cast.head, disposition_id=d.pk + 999)
    dsp.disposition_answer(actor=cast.leader, disposition=d, explanation="已整改。")
    assert list(dsp.disposition_todo(actor=cast.leader)) == []
    assert list(dsp.disposition_todo(actor=cast.head)) == [d]


def test_a_disposition_closed_by_sql_is_found_by_the_audit(monkeypatch, bureau, cast) -> None:  # type: ignore[no-untyped-def]
    from tests.core.audit_tampering import behind_the_back

    d = assigned(monkeypatch, bureau, cast)
    assert audit_verify().ok
    with behind_the_back() as cursor:
        cursor.execute(f"UPDATE {AlertDisposition._meta.db_table} SET status = 'closed' WHERE id = %s", [d.pk])
    reasons = [str(b) for b in audit_verify().breaks]
    assert any(f"supervision.alertdisposition#{d.pk}" in r and "status现为“closed”" in r for r in reasons), reasons
