"""复议 and 诉讼 acting on the case (through the services): the late fee stops while they are pending, 催告 and the
court application wait, and each outcome acts on the case; rules 1 and 2 of the court window at their boundaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi import rules
from fazhi.cases import deadlines, services, workflow
from fazhi.cases.models import Case, CaseState, Decision, RemedyOutcome
from fazhi.core.errors import NotFoundOrForbidden, RuleViolation, ValidationError
from fazhi.legal_affairs import services as legal
from fazhi.legal_affairs.models import Reconsideration
from fazhi.publicity.models import Publication, PublicationStatus
from tests.cases.flow import make_cast, travel
from tests.cases.remedy_flow import DAILY, SERVED, served_case, simple_case


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _reconsider(bureau, cast, case: Case | None = None, *, on: date, **kw) -> Reconsideration:  # type: ignore[no-untyped-def]
    return legal.reconsideration_register(
        actor=cast.reviewer,
        agency=bureau.bureau,
        applicant="张三",
        matter="不服罚款五万元的处罚决定",
        applied_on=on,
        received_on=on,
        case=case,
        **kw,
    )


def test_from_the_application_the_late_fee_stops_and_reminder_and_court_application_wait(
    monkeypatch, bureau, cast
) -> None:
    case = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 20))
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 20))
    case = Case.objects.get(pk=case.pk)
    # 10 April to 19 April: ten days of late fee; from the application on 20 April nothing more (第七十三条第三款)
    assert deadlines.money_status(case, date(2025, 4, 19)).late_fee == 10 * DAILY
    assert deadlines.money_status(case, date(2025, 5, 20)).late_fee == 10 * DAILY
    reasons = workflow.blockers_remind(case, cast.handler1, date(2025, 5, 20))
    assert any("第七十三条第三款" in r and "行政强制法第五十三条" in r for r in reasons)
    assert any("第七十三条第三款" in r for r in workflow.blockers_apply_court(case, cast.head, date(2025, 5, 20)))
    travel(monkeypatch, date(2025, 5, 20))
    with pytest.raises(RuleViolation, match="须待复议决定或裁判结果登记后再催告"):
        services.reminder_issue(
            actor=cast.handler1, case=case, method="direct", served_on=date(2025, 5, 20), recipient="张三", proof="回证"
        )
    assert item.case_remedy is not None and item.reply_due == rules.reconsideration_reply_deadline(date(2025, 4, 20))


def test_a_revoked_decision_ends_execution_refunds_and_withdraws_its_publication(monkeypatch, bureau, cast) -> None:
    case = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 12))
    services.payment_record(
        actor=cast.clerk,
        case=case,
        kind="fine",
        amount=Decimal("20000.00"),
        paid_on=date(2025, 4, 12),
        receipt_number="FK-R-1",
        bank="示范市农商行",
    )
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 12))
    travel(monkeypatch, date(2025, 6, 10))
    legal.reconsideration_decide(
        actor=cast.reviewer, reconsideration=item, outcome="revoked", decided_on=date(2025, 6, 9)
    )
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.CLOSED
    money = deadlines.money_status(case, date(2025, 8, 1))
    assert money.ended and money.late_fee == 0 and money.outstanding == 0
    assert money.refund == Decimal("20000.00")  # 应退还
    assert "应予退还" in case.close_summary
    assert deadlines.court_window(case) is None
    publication = Publication.objects.get(number=case.decision.number)
    assert publication.status == PublicationStatus.WITHDRAWN
    assert publication.withdrawal_due == rules.publication_withdrawal_deadline(date(2025, 6, 9))
    assert not publication.is_withdrawn_late
    assert "行政复议" in publication.withdrawal_reason and "撤销" in publication.withdrawal_reason


@pytest.mark.parametrize("outcome", ["confirmed_illegal", "void"])
def test_confirmed_illegal_or_void_also_ends_execution(monkeypatch, bureau, cast, outcome) -> None:
    case = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 12))
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 12))
    legal.reconsideration_decide(
        actor=cast.reviewer, reconsideration=item, outcome=outcome, decided_on=date(2025, 4, 12)
    )
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.CLOSED and deadlines.money_status(case, date(2025, 9, 1)).ended
    assert deadlines.remedy_ended(case) is not None


def test_after_an_upheld_reconsideration_the_window_follows_the_fifteen_day_suit_period(
    monkeypatch, bureau, cast
) -> None:
    case = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 20))
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 20))
    travel(monkeypatch, date(2025, 6, 11))
    legal.reconsideration_decide(
        actor=cast.reviewer,
        reconsideration=item,
        outcome="upheld",
        decided_on=date(2025, 6, 10),
        served_on=date(2025, 6, 12),
    )
    case = Case.objects.get(pk=case.pk)
    # the late fee runs again from the day after the 复议决定: 10 days before + 11 June onwards
    assert deadlines.money_status(case, date(2025, 6, 12)).late_fee == 12 * DAILY
    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 6, 11), recipient="张三", proof="回证"
    )
    lapse = rules.suit_after_reconsideration_end(date(2025, 6, 12))  # 27 June (行政诉讼法第四十五条)
    assert deadlines.remedy_path(Case.objects.get(pk=case.pk)) == (lapse, "行政诉讼法第四十五条")
    start, end = deadlines.court_window(Case.objects.get(pk=case.pk)) or (None, None)
    assert start == date(2025, 6, 28) and end == rules.months_end(lapse, 3)
    travel(monkeypatch, date(2025, 6, 27))  # the party may still sue today
    with pytest.raises(RuleViolation, match="行政诉讼法第四十五条"):
        services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    travel(monkeypatch, date(2025, 6, 28))
    application = services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    assert application.window_start == date(2025, 6, 28)  # not October, as the six-month reading would have it


def test_after_a_first_instance_judgment_the_window_waits_for_the_appeal_period(monkeypatch, bureau, cast) -> None:
    case = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 5, 6))
    suit = legal.litigation_register(
        actor=cast.reviewer,
        agency=bureau.bureau,
        plaintiff="张三",
        cause="诉示范市城市管理和综合执法局行政处罚",
        filed_on=date(2025, 5, 6),
        complaint_received_on=date(2025, 5, 8),
        court="示范市人民法院",
        decision_number=case.decision.number,
    )
    assert suit.case_id == case.pk and suit.defence_due == date(2025, 5, 23)
    travel(monkeypatch, date(2025, 8, 1))
    legal.litigation_decide(
        actor=cast.reviewer,
        litigation=suit,
        outcome="dismissed",
        closed_on=date(2025, 7, 30),
        served_on=date(2025, 8, 1),
    )
    case = Case.objects.get(pk=case.pk)
    assert deadlines.remedy_path(case) == (date(2025, 8, 18), "行政诉讼法第八十五条")  # 16 Aug is a Saturday
    # the appeal: the second-instance judgment is final when served
    appeal = legal.litigation_register(
        actor=cast.reviewer,
        agency=bureau.bureau,
        plaintiff="张三",
        cause="上诉",
        filed_on=date(2025, 8, 1),
        court="示范市中级人民法院",
        stage="second_instance",
        previous=suit,
    )
    assert deadlines.remedy_path(Case.objects.get(pk=case.pk)) is None  # pending again
    travel(monkeypatch, date(2025, 10, 20))
    legal.litigation_decide(
        actor=cast.reviewer,
        litigation=appeal,
        outcome="dismissed",
        closed_on=date(2025, 10, 15),
        served_on=date(2025, 10, 17),
    )
    path = deadlines.remedy_path(Case.objects.get(pk=case.pk))
    assert path is not None and path[0] == date(2025, 10, 17)


def test_a_changed_decision_keeps_the_former_and_republishes(monkeypatch, bureau, cast) -> None:
    case = served_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 4, 12))
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 12))
    with pytest.raises(ValidationError, match="变更后的罚款金额"):
        legal.reconsideration_decide(
            actor=cast.reviewer,
            reconsideration=item,
            outcome="changed",
            decided_on=date(2025, 4, 12),
            served_on=date(2025, 4, 12),
        )
    legal.reconsideration_decide(
        actor=cast.reviewer,
        reconsideration=item,
        outcome="changed",
        decided_on=date(2025, 4, 12),
        served_on=date(2025, 4, 12),
        changed_fine=Decimal("30000"),
        changed_reasons="裁量过重，变更为罚款三万元。",
    )
    decision = Decision.objects.get(case=case)
    assert decision.fine == Decimal("30000.00")
    remedy = Case.objects.get(pk=case.pk).remedies.get()
    assert remedy.outcome == RemedyOutcome.CHANGED and remedy.previous_decision["fine"] == "50000.00"
    publications = Publication.objects.filter(decision=decision).order_by("pk")
    assert [p.status for p in publications] == [PublicationStatus.WITHDRAWN, PublicationStatus.PUBLISHED]
    assert "30000" in publications[1].snapshot["penalty_content"] or publications[1].snapshot["fine"] == "30000"


def test_an_order_to_decide_again_reopens_the_case_with_the_former_decision_kept(monkeypatch, bureau, cast) -> None:
    case = served_case(monkeypatch, bureau, cast)
    number = case.decision.number
    travel(monkeypatch, date(2025, 4, 12))
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 12))
    legal.reconsideration_decide(
        actor=cast.reviewer, reconsideration=item, outcome="remake", decided_on=date(2025, 4, 12)
    )
    case = Case.objects.get(pk=case.pk)
    assert case.state == CaseState.INVESTIGATING
    assert not Decision.objects.filter(case=case).exists()
    remedy = case.remedies.get()
    assert remedy.superseded and remedy.previous_decision["number"] == number
    publication = Publication.objects.get(number=number)
    assert publication.status == PublicationStatus.WITHDRAWN and publication.decision_id is None
    assert deadlines.pending_remedy(case) is None and deadlines.current_remedies(case) == []


def test_a_remedy_is_refused_for_an_unknown_number_a_case_without_penalty_or_one_already_pending(
    monkeypatch, bureau, cast
) -> None:
    case = served_case(monkeypatch, bureau, cast, publish=False)
    travel(monkeypatch, date(2025, 4, 12))
    with pytest.raises(NotFoundOrForbidden, match="决定书文号"):
        _reconsider(bureau, cast, on=date(2025, 4, 12), decision_number="不存在的文号")
    _reconsider(bureau, cast, on=date(2025, 4, 12), decision_number=case.decision.number)
    with pytest.raises(RuleViolation, match="行政复议法第二十九条"):
        _reconsider(bureau, cast, case, on=date(2025, 4, 12))
    assert Reconsideration.objects.filter(case=case).count() == 1
    Decision.objects.filter(case=case).update(outcome="no_penalty")
    with pytest.raises(RuleViolation, match="没有行政处罚决定"):
        _reconsider(bureau, cast, Case.objects.get(pk=case.pk), on=date(2025, 4, 12))


# --- rule 1: the court window of a 当场 decision ----------------------------------------------------------------


def test_rule_1_the_court_window_of_an_on_the_spot_decision_follows_the_sixty_day_reconsideration_period(
    monkeypatch, bureau, cast
) -> None:
    case = simple_case(monkeypatch, bureau, cast)
    travel(monkeypatch, date(2025, 6, 20))  # due 18 June
    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 6, 20), recipient="经理", proof="回证"
    )
    lapse = rules.reconsideration_deadline(date(2025, 6, 3))  # 2 August is a Saturday → 4 August
    assert lapse == date(2025, 8, 4)
    assert deadlines.remedy_path(Case.objects.get(pk=case.pk)) == (lapse, "行政复议法第二十条、第二十三条")
    travel(monkeypatch, date(2025, 8, 4))
    with pytest.raises(RuleViolation, match="尚未到可申请之日"):
        services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    travel(monkeypatch, date(2025, 8, 5))
    application = services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    assert application.window_start == date(2025, 8, 5)
    assert application.window_end == rules.months_end(lapse, 3)


# --- rule 2: a deferral moves the window ------------------------------------------------------------------------


def test_rule_2_an_approved_deferral_counts_the_court_window_from_its_end(monkeypatch, bureau, cast) -> None:
    case = served_case(monkeypatch, bureau, cast, publish=False)
    travel(monkeypatch, date(2025, 4, 1))
    services.arrangement_approve(
        actor=cast.head, case=case, deferred_until=date(2025, 10, 31), reason="当事人确有经济困难"
    )
    travel(monkeypatch, date(2025, 11, 3))
    services.reminder_issue(
        actor=cast.handler1, case=case, method="direct", served_on=date(2025, 11, 3), recipient="张三", proof="回证"
    )
    start, end = deadlines.court_window(Case.objects.get(pk=case.pk)) or (None, None)
    assert end == date(2026, 2, 2)  # three months from 31 October (31 January 2026 is a Saturday)
    assert end != rules.court_enforcement_latest(SERVED)  # 25 December without the deferral
    travel(monkeypatch, date(2026, 2, 3))
    with pytest.raises(RuleViolation, match="已超过申请期限"):
        services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    travel(monkeypatch, date(2026, 2, 2))
    application = services.court_enforcement_apply(actor=cast.head, case=case, court="示范市人民法院")
    assert (application.window_start, application.window_end) == (start, date(2026, 2, 2))


def test_the_reply_to_a_linked_reconsideration_is_in_the_legal_sections_todo(monkeypatch, bureau, cast) -> None:
    from fazhi.cases.selectors import todo_list

    case = served_case(monkeypatch, bureau, cast, publish=False)
    travel(monkeypatch, date(2025, 4, 21))
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 21), simplified=True)  # due Sunday 27 April, a 调休 workday
    items = [i for i in todo_list(actor=cast.reviewer, today=date(2025, 4, 21)) if i.case.pk == case.pk]
    assert [i.task for i in items] == ["提交行政复议答复"]
    deadline = items[0].deadline
    assert deadline is not None and deadline.due == date(2025, 4, 27) and "第五十四条" in deadline.article
    legal.reconsideration_reply(actor=cast.reviewer, reconsideration=item, replied_on=date(2025, 4, 25))
    assert not [i for i in todo_list(actor=cast.reviewer, today=date(2025, 4, 25)) if i.case.pk == case.pk]


def test_a_suit_after_an_upheld_reconsideration_follows_its_case_and_stops_the_late_fee_again(
    monkeypatch, bureau, cast
) -> None:
    case = served_case(monkeypatch, bureau, cast, publish=False)
    travel(monkeypatch, date(2025, 4, 20))
    item = _reconsider(bureau, cast, case, on=date(2025, 4, 20))
    travel(monkeypatch, date(2025, 6, 12))
    legal.reconsideration_decide(
        actor=cast.reviewer,
        reconsideration=item,
        outcome="upheld",
        decided_on=date(2025, 6, 10),
        served_on=date(2025, 6, 12),
    )
    suit = legal.litigation_register(
        actor=cast.reviewer,
        agency=bureau.bureau,
        plaintiff="张三",
        cause="不服复议决定",
        filed_on=date(2025, 6, 12),
        court="示范市人民法院",
        reconsideration=item,
    )
    case = Case.objects.get(pk=case.pk)
    assert suit.case_id == case.pk and deadlines.pending_remedy(case) is not None
    # 10 days before the 复议 and 11 June, between the 复议决定 and the suit filed on 12 June
    assert deadlines.money_status(case, date(2025, 7, 30)).late_fee == 11 * DAILY
    with pytest.raises(ValidationError, match="不适用于针对行政处罚决定"):
        legal.litigation_decide(
            actor=cast.reviewer, litigation=suit, outcome="ordered_performance", closed_on=date(2025, 6, 12)
        )
