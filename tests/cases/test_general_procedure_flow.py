"""A full 一般程序 case through the services: review, discussion, hearing, decision, service, late payment with
加处罚款, 催告, court enforcement, close, archive — and the refusals on the way, each leaving nothing changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases import deadlines, services, workflow
from fazhi.cases.models import Case, CaseState, Decision, Payment
from fazhi.core import clock
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent
from tests.cases.flow import FINE, add_evidence, make_cast, registered_case, to_notified, travel


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _events(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).values_list("action", flat=True)
    )


def test_a_general_procedure_case_runs_from_registration_to_archive(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    case = to_notified(monkeypatch, case, cast)
    notice = workflow.latest_notice(case)
    assert notice is not None and notice.hearing_right  # 50000 元 for a person is 较大数额 (第六十三条)
    assert notice.representation_until == date(2025, 3, 24)
    assert notice.hearing_request_until == date(2025, 3, 24)

    travel(monkeypatch, date(2025, 3, 19))
    hearing = services.hearing_request(actor=cast.handler1, case=case, requested_on=date(2025, 3, 19))
    travel(monkeypatch, date(2025, 3, 20))
    services.hearing_schedule(
        actor=cast.handler1,
        hearing=hearing,
        notice_served_on=date(2025, 3, 20),
        hearing_date=date(2025, 3, 31),
        host=cast.host,
        location="局三楼听证室",
    )
    travel(monkeypatch, date(2025, 3, 31))
    services.hearing_record(actor=cast.handler1, hearing=hearing, held=True, record="当事人陈述了意见。")
    # After a hearing, 第五十八条(二) requires the legal review to see it: the earlier review no longer suffices.
    reasons = workflow.blockers_decide(case, cast.head, date(2025, 3, 31))
    assert any("听证后审核" in r for r in reasons)
    travel(monkeypatch, date(2025, 4, 1))
    services.legal_review_record(actor=cast.reviewer, case=case, opinion="agree", text="听证后复核，同意。")
    decision = services.case_decide(
        actor=cast.head,
        case=case,
        outcome="penalty",
        reasons="违反城乡规划法第四十条。",
        penalty_kinds=["fine"],
        fine=FINE,
    )
    assert decision.number == "示城管罚决字〔2025〕第1号"
    assert decision.discretion["tier"] == "ordinary"
    assert decision.discretion["rule_set_version"] == "示例版"

    travel(monkeypatch, date(2025, 4, 2))
    services.decision_serve(
        actor=cast.handler1,
        case=case,
        method="direct",
        served_on=date(2025, 4, 2),
        recipient="张三",
        proof="送达回证（当事人签收）",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.EXECUTING
    money = deadlines.money_status(case, date(2025, 4, 17))
    assert money.due == date(2025, 4, 17) and money.late_fee == 0
    # 3% of 50000 a day from 18 April: 10 days late is 15000, and from day 34 the cap of the fine itself.
    assert deadlines.money_status(case, date(2025, 4, 27)).late_fee == Decimal("15000.00")
    assert deadlines.money_status(case, date(2025, 6, 1)).late_fee == FINE

    travel(monkeypatch, date(2025, 5, 6))
    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 5, 6), recipient="张三", proof="送达回证"
    )
    # The court window opens after the 6-month lawsuit period and 10 working days after the reminder.
    with pytest.raises(RuleViolation, match="尚未到可申请之日"):
        services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    travel(monkeypatch, date(2025, 10, 15))
    application = services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    assert application.window_start == date(2025, 10, 10)  # 10-02 falls in 国庆: the period runs to 10-09
    travel(monkeypatch, date(2025, 11, 20))
    services.court_enforcement_update(
        actor=cast.head, application=application, accepted_on=date(2025, 10, 20), completed_on=date(2025, 11, 20)
    )
    services.case_close(actor=cast.head, case=case, summary="经法院强制执行完毕。")
    services.case_archive(actor=cast.clerk, case=case)
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.ARCHIVED
    assert case.archive_number == "示城管档〔2025〕1号"
    assert _events(case)[:4] == ["case.open", "case.register", "evidence.upload", "case.conclude"]
    assert _events(case)[-2:] == ["case.close", "case.archive"]


def test_a_late_payment_with_its_late_fee_settles_the_case(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))  # the 陈述申辩 and hearing periods have run out
    services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    services.decision_serve(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 25), recipient="张三", proof="送达回证"
    )
    travel(monkeypatch, date(2025, 4, 12))  # due 2025-04-09: three days late
    services.payment_record(
        actor=cast.clerk,
        case=case,
        kind="fine",
        amount=FINE,
        paid_on=date(2025, 4, 12),
        receipt_number="B-0001",
        bank="示范农商银行",
    )
    money = deadlines.money_status(Case.objects.get(pk=case.pk), date(2025, 4, 12))
    assert money.late_fee == Decimal("4500.00")
    with pytest.raises(RuleViolation, match=r"尚欠4500\.00元"):
        services.case_close(actor=cast.head, case=case, summary="已缴清")
    before = Payment.objects.count()
    with pytest.raises(RuleViolation, match="已经登记，不能重复入账"):
        services.payment_record(
            actor=cast.clerk,
            case=case,
            kind="late_fee",
            amount=Decimal("4500"),
            paid_on=date(2025, 4, 12),
            receipt_number="B-0001",
            bank="示范农商银行",
        )
    with pytest.raises(RuleViolation, match=r"超过应缴的罚款0\.00元"):
        services.payment_record(
            actor=cast.clerk,
            case=case,
            kind="fine",
            amount=FINE,
            paid_on=date(2025, 4, 12),
            receipt_number="B-0002",
            bank="示范农商银行",
        )
    assert Payment.objects.count() == before
    services.payment_record(
        actor=cast.clerk,
        case=case,
        kind="late_fee",
        amount=Decimal("4500"),
        paid_on=date(2025, 4, 12),
        receipt_number="B-0003",
        bank="示范农商银行",
    )
    assert services.case_close(actor=cast.head, case=case, summary="罚款及加处罚款已缴清。").state == CaseState.CLOSED


def test_a_major_case_cannot_be_decided_without_legal_review(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 3, 10))
    add_evidence(case, cast, clock.today())
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="事实",
        evidence_summary="证据",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=FINE,
        discretion_facts={"area_m2": 50, "construction_cost": 800000},
    )
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="同意")
    services.discussion_record(
        actor=cast.head, case=case, participants="甲、乙、丙", record="记录", conclusion="agree", conclusion_text="同意"
    )
    services.notice_issue(actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 10))
    travel(monkeypatch, date(2025, 3, 25))
    before = (Case.objects.get(pk=case.pk).state, AuditEvent.objects.count())
    with pytest.raises(RuleViolation, match="未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）"):
        services.case_decide(
            actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE
        )
    assert (Case.objects.get(pk=case.pk).state, AuditEvent.objects.count()) == before
    assert not Decision.objects.filter(case=case).exists()


def test_a_party_period_that_runs_out_is_ended_not_overdue(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    statuses = {d.code: d.status(date(2025, 3, 26)) for d in deadlines.case_deadlines(case, date(2025, 3, 26))}
    assert statuses["representation"] == "ended"  # the head may decide now; nobody is late
    assert statuses["decision"] == "open"
    assert deadlines.case_deadlines(case, date(2025, 6, 2))[-1].status(date(2025, 6, 2)) == "overdue"  # day 91
