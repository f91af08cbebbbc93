"""Rule 6 of issue 7: a penalty decision is refused while a reported or approved criminal transfer has neither been
refused nor declined by the police nor sent back (国务院令第310号 第十一条: 不得以行政处罚代替移送); the police's answer
is recorded with its date and document (第八条、第九条、第十三条), and a decision made before the transfer stays in
force with its fine noted for set-off (第十一条第二款、第三款)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.cases import services, workflow
from fazhi.cases.models import Case, CaseState, Decision, Transfer
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from tests.cases.flow import FINE, make_cast, registered_case, to_notified, travel

ARTICLE_11 = "不得以行政处罚代替移送（行政执法机关移送涉嫌犯罪案件的规定第十一条）"
ATTACHMENTS = ["transfer_letter", "investigation_report", "items_list"]


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(user, url: str, data: dict) -> object:  # type: ignore[no-untyped-def]
    return _client(user).post(url, data, content_type="application/json")


def _decide(user, case: Case):  # type: ignore[no-untyped-def]
    payload = {"outcome": "penalty", "reasons": "违法事实清楚。", "penalty_kinds": ["fine"], "fine": str(FINE)}
    return _post(user, f"/api/cases/{case.pk}/decide", payload)


def _world(case: Case) -> tuple[object, ...]:
    return (
        Case.objects.get(pk=case.pk).state,
        Decision.objects.count(),
        AuditEvent.objects.count(),
        list(Transfer.objects.values_list("police_decision", "review_requested_on", "returned_on")),
    )


def _blocked(case: Case, cast, today: date) -> list[str]:  # type: ignore[no-untyped-def]
    return [r for r in workflow.blockers_decide(Case.objects.get(pk=case.pk), cast.head, today) if ARTICLE_11 in r]


def _notified_and_transferred(monkeypatch, bureau, cast) -> tuple[Case, Transfer]:  # type: ignore[no-untyped-def]
    """Notified on 2025-03-17; on 2025-03-25 (periods over) a criminal transfer is reported, approved and sent."""
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25), at=time(11, 0))
    assert workflow.blockers_decide(case, cast.head, date(2025, 3, 25)) == []
    transfer = services.transfer_report(
        actor=cast.handler1,
        case=case,
        kind="criminal",
        receiving_body="示范市公安局",
        reason="非法占用农用地涉嫌犯罪",
        reported_at=timezone.make_aware(datetime(2025, 3, 25, 9, 0)),
    )
    assert "移送报告待负责人审批" in _blocked(case, cast, date(2025, 3, 25))[0]
    services.transfer_approve(actor=cast.head, transfer=transfer)
    assert "已批准移送，尚未移送公安机关" in _blocked(case, cast, date(2025, 3, 25))[0]
    services.transfer_complete(actor=cast.handler1, transfer=transfer, attachments=ATTACHMENTS)
    assert "尚未收到立案或者不予立案的书面通知" in _blocked(case, cast, date(2025, 3, 25))[0]
    return case, transfer


def test_a_pending_criminal_transfer_refuses_the_decision_until_the_police_decline(monkeypatch, bureau, cast) -> None:
    case, transfer = _notified_and_transferred(monkeypatch, bureau, cast)
    before = _world(case)
    refused = _decide(cast.head, case)
    assert refused.status_code == 409 and ARTICLE_11 in refused.json()["message"]
    assert _world(case) == before
    url = f"/api/cases/{case.pk}/transfers/{transfer.pk}/police-answer"
    no_reason = _post(
        cast.handler1, url, {"decision": "declined", "notified_on": "2025-03-25", "document_number": "示公不立字1号"}
    )
    assert no_reason.status_code == 400 and "不予立案的，应当说明理由" in no_reason.json()["message"]
    assert _world(case) == before
    answer = {
        "decision": "declined",
        "notified_on": "2025-03-25",
        "document_number": "示公（刑）不立字〔2025〕3号",
        "reason": "未达到刑事立案追诉标准",
    }
    assert _post(cast.handler1, url, answer).status_code == 201
    transfer.refresh_from_db()
    assert (transfer.police_decision, transfer.police_notified_on, transfer.police_document) == (
        "declined",
        date(2025, 3, 25),
        "示公（刑）不立字〔2025〕3号",
    )
    again = _post(cast.handler1, url, answer)
    assert again.status_code == 409 and "已登记公安机关的决定" in again.json()["message"]
    # 第十条: after 不予立案 the agency imposes the penalty itself.
    assert _decide(cast.head, case).status_code == 201


def test_a_police_registration_keeps_the_decision_refused_until_the_case_is_sent_back(
    monkeypatch, bureau, cast
) -> None:
    case, transfer = _notified_and_transferred(monkeypatch, bureau, cast)
    services.transfer_police_answer(
        actor=cast.handler1,
        transfer=transfer,
        decision="registered",
        notified_on=date(2025, 3, 25),
        document_number="示公（刑）立字〔2025〕8号",
    )
    assert "公安机关已立案" in _blocked(case, cast, date(2025, 3, 25))[0]
    event = AuditEvent.objects.filter(entity_id=str(case.pk), action="case.transfer_police_answer").get()
    assert "应于2025年03月28日前将涉案物品以及与案件有关的其他材料移交公安机关（第十二条）" in event.summary
    with pytest.raises(RuleViolation, match="第十一条"):
        services.case_decide(
            actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE
        )
    # A case the police accepted may still end as TRANSFERRED (移送).
    assert not [
        r for r in workflow.blockers_decide(case, cast.head, date(2025, 3, 25), "transferred") if ARTICLE_11 in r
    ]
    with pytest.raises(ValidationError, match="第十三条"):
        services.transfer_return(
            actor=cast.handler1, transfer=transfer, returned_on=date(2025, 3, 25), document_number="", reason=""
        )
    returned = _post(
        cast.handler1,
        f"/api/cases/{case.pk}/transfers/{transfer.pk}/return",
        {"returned_on": "2025-03-25", "document_number": "示公移字〔2025〕2号", "reason": "犯罪事实显著轻微"},
    )
    assert returned.status_code == 201
    assert _blocked(case, cast, date(2025, 3, 25)) == []


def test_a_review_of_a_police_refusal_holds_the_decision_until_its_answer(monkeypatch, bureau, cast) -> None:
    case, transfer = _notified_and_transferred(monkeypatch, bureau, cast)
    services.transfer_police_answer(
        actor=cast.handler1,
        transfer=transfer,
        decision="declined",
        notified_on=date(2025, 3, 25),
        document_number="示公不立字〔2025〕4号",
        reason="证据不足",
    )
    travel(monkeypatch, date(2025, 3, 28))  # the third day after the notice: still in time (第九条)
    review = f"/api/cases/{case.pk}/transfers/{transfer.pk}/review-request"
    assert _post(cast.handler1, review, {"requested_on": "2025-03-28"}).status_code == 403  # the head asks
    assert _post(cast.head, review, {"requested_on": "2025-03-28"}).status_code == 201
    assert "已提请公安机关复议" in _blocked(case, cast, date(2025, 3, 28))[0]
    answer = f"/api/cases/{case.pk}/transfers/{transfer.pk}/review-answer"
    done = _post(
        cast.handler1, answer, {"decision": "declined", "notified_on": "2025-03-28", "document_number": "示公复字1号"}
    )
    assert done.status_code == 201
    assert _blocked(case, cast, date(2025, 3, 28)) == []
    transfer.refresh_from_db()
    assert transfer.police_final_decision == "declined" and transfer.review_document == "示公复字1号"


def test_a_review_asked_for_on_the_fourth_day_is_refused(monkeypatch, bureau, cast) -> None:
    case, transfer = _notified_and_transferred(monkeypatch, bureau, cast)
    services.transfer_police_answer(
        actor=cast.handler1,
        transfer=transfer,
        decision="declined",
        notified_on=date(2025, 3, 25),
        document_number="示公不立字〔2025〕5号",
        reason="证据不足",
    )
    travel(monkeypatch, date(2025, 3, 29))
    before = _world(case)
    late = _post(
        cast.head, f"/api/cases/{case.pk}/transfers/{transfer.pk}/review-request", {"requested_on": "2025-03-29"}
    )
    assert late.status_code == 409
    assert "提请复议已超过期限" in late.json()["message"] and "2025年03月28日届满" in late.json()["message"]
    assert "建议人民检察院依法进行立案监督" in late.json()["message"]
    assert _world(case) == before


def test_a_police_answer_before_the_hand_over_is_refused(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    transfer = services.transfer_report(
        actor=cast.handler1, case=case, kind="criminal", receiving_body="示范市公安局", reason="涉嫌犯罪"
    )
    with pytest.raises(RuleViolation, match="尚未移送公安机关"):
        services.transfer_police_answer(
            actor=cast.handler1,
            transfer=transfer,
            decision="registered",
            notified_on=date(2025, 3, 25),
            document_number="示公立字1号",
        )
    # The head's refusal to transfer (第五条) frees the decision.
    services.transfer_refuse(actor=cast.head, transfer=transfer, reason="不构成犯罪")
    assert _blocked(case, cast, date(2025, 3, 25)) == []


def test_a_transfer_after_the_decision_keeps_the_decision_and_notes_the_fine_for_set_off(
    monkeypatch, bureau, cast
) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 25))
    decision = services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE
    )
    response = _post(
        cast.handler1,
        f"/api/cases/{case.pk}/transfer",
        {"kind": "criminal", "receiving_body": "示范市公安局", "reason": "决定后发现涉嫌犯罪"},
    )
    assert response.status_code == 201
    transfer = Transfer.objects.get(pk=response.json()["id"])
    assert transfer.prior_fine == FINE
    assert decision.number in transfer.prior_decision_note
    assert "人民法院判处罚金时，依法折抵相应罚金" in transfer.prior_decision_note
    assert Case.objects.get(pk=case.pk).state == CaseState.DECIDED  # not undone (第十一条第二款)
    assert Decision.objects.get(case=case).fine == FINE
    event = AuditEvent.objects.filter(entity_id=str(case.pk), action="case.transfer_report").get()
    assert "折抵" in event.summary


def test_a_warning_made_before_the_transfer_is_not_suspended_and_no_fine_is_noted() -> None:
    from fazhi.cases.services.transfer import prior_decision_note

    warning = Decision(
        outcome="penalty", number="示城管罚决字〔2025〕第9号", decided_on=date(2025, 3, 1), penalty_kinds=["warning"]
    )
    note, fine = prior_decision_note(warning)
    assert fine is None
    assert note == (
        "移送前本机关已于2025年03月01日作出行政处罚决定（示城管罚决字〔2025〕第9号）：警告。"
        "其中警告的决定不停止执行（行政执法机关移送涉嫌犯罪案件的规定第十一条第二款）。"
    )


def test_a_review_that_ends_in_registration_keeps_the_decision_refused(monkeypatch, bureau, cast) -> None:
    case, transfer = _notified_and_transferred(monkeypatch, bureau, cast)
    services.transfer_police_answer(
        actor=cast.handler1,
        transfer=transfer,
        decision="declined",
        notified_on=date(2025, 3, 25),
        document_number="示公不立字〔2025〕6号",
        reason="证据不足",
    )
    services.transfer_review_request(actor=cast.head, transfer=transfer, requested_on=date(2025, 3, 25))
    services.transfer_review_answer(
        actor=cast.handler1,
        transfer=transfer,
        decision="registered",
        notified_on=date(2025, 3, 25),
        document_number="示公复字〔2025〕2号",
    )
    assert "公安机关已立案（复议决定）" in _blocked(case, cast, date(2025, 3, 25))[0]


def test_an_unknown_penalty_kind_of_an_imported_decision_is_shown_as_recorded() -> None:
    from fazhi.cases.services.transfer import prior_decision_note

    imported = Decision(outcome="penalty", number="", decided_on=date(2024, 5, 1), penalty_kinds=["责令拆除"])
    note, fine = prior_decision_note(imported)
    assert note == "移送前本机关已于2024年05月01日作出行政处罚决定（给予行政处罚）：责令拆除。" and fine is None
