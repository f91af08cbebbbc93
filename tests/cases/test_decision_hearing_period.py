"""Rule 3 of issue 7: no decision while the hearing-request period is open (行政处罚法 第六十四条第一项), whatever
the 陈述申辩 period is set to; waiving 陈述申辩 does not waive the hearing; the written waiver of the hearing is its
own record, and the 决定书 states what was waived."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.cases import services, workflow
from fazhi.cases.models import Case, Decision, PreDecisionNotice
from fazhi.core.errors import RuleViolation
from fazhi.core.models import AuditEvent
from tests.cases.flow import FINE, make_cast, registered_case, to_notified, travel

HEARING_PERIOD = "第六十四条第一项"


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def short_representation(monkeypatch):  # type: ignore[no-untyped-def]
    """A bureau that gives two working days for 陈述申辩: shorter than the five of the hearing request."""
    monkeypatch.setattr("fazhi.cases.services.notice.REPRESENTATION_WORKING_DAYS", 2)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _decide(user, case: Case):  # type: ignore[no-untyped-def]
    payload = {"outcome": "penalty", "reasons": "违法事实清楚。", "penalty_kinds": ["fine"], "fine": str(FINE)}
    return _client(user).post(f"/api/cases/{case.pk}/decide", payload, content_type="application/json")


def _decide_reasons(user, case: Case) -> list[str]:  # type: ignore[no-untyped-def]
    actions = _client(user).get(f"/api/cases/{case.pk}/actions").json()
    return next(a for a in actions if a["code"] == "decide")["reasons"]


def _world(case: Case) -> tuple[object, ...]:
    return (Case.objects.get(pk=case.pk).state, Decision.objects.count(), AuditEvent.objects.count())


def test_a_decision_on_the_last_day_of_the_hearing_request_period_is_refused_even_when_representation_ended(
    monkeypatch, bureau, cast, short_representation
) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    notice = workflow.latest_notice(case)
    assert notice is not None
    assert notice.representation_until == date(2025, 3, 19)  # 2 working days
    assert notice.hearing_request_until == date(2025, 3, 24)  # 5 working days
    travel(monkeypatch, date(2025, 3, 24))
    reasons = _decide_reasons(cast.head, case)
    assert len(reasons) == 1 and HEARING_PERIOD in reasons[0] and "2025年03月24日" in reasons[0]
    before = _world(case)
    refused = _decide(cast.head, case)
    assert refused.status_code == 409 and HEARING_PERIOD in refused.json()["message"]
    assert _world(case) == before
    with pytest.raises(RuleViolation, match=HEARING_PERIOD):
        services.case_decide(
            actor=cast.head, case=case, outcome="penalty", reasons="r", penalty_kinds=["fine"], fine=FINE
        )
    travel(monkeypatch, date(2025, 3, 25))
    assert _decide_reasons(cast.head, case) == []
    assert _decide(cast.head, case).status_code == 201
    text = _process_text(case)
    assert "当事人在告知后五日内（至2025年3月24日）未要求听证。" in text


def test_waiving_representation_does_not_waive_the_hearing(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 18))
    services.notice_waive(actor=cast.handler1, case=case, on=date(2025, 3, 18))
    reasons = workflow.blockers_decide(Case.objects.get(pk=case.pk), cast.head, date(2025, 3, 18))
    assert len(reasons) == 1 and HEARING_PERIOD in reasons[0] and "放弃陈述、申辩不等于放弃听证" in reasons[0]


def test_a_written_waiver_of_the_hearing_allows_the_decision_before_the_period_ends(monkeypatch, bureau, cast) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 18))
    services.notice_waive(actor=cast.handler1, case=case, on=date(2025, 3, 18))
    waived = _client(cast.handler1).post(
        f"/api/cases/{case.pk}/waive-hearing", {"on": "2025-03-18"}, content_type="application/json"
    )
    assert waived.status_code == 201
    assert PreDecisionNotice.objects.get(case=case).hearing_waived_on == date(2025, 3, 18)
    # A waived hearing can no longer be requested, and the waiver is not recorded twice.
    assert any("书面放弃听证" in r for r in workflow.blockers_request_hearing(case, cast.handler1, date(2025, 3, 18)))
    before = _world(case)
    again = _client(cast.handler1).post(
        f"/api/cases/{case.pk}/waive-hearing", {"on": "2025-03-18"}, content_type="application/json"
    )
    assert again.status_code == 409 and "已于2025年03月18日书面放弃听证" in again.json()["message"]
    assert _world(case) == before
    assert _decide(cast.head, case).status_code == 201
    text = _process_text(case)
    assert "当事人于2025年3月18日书面放弃陈述、申辩的权利。" in text
    assert "当事人于2025年3月18日书面放弃要求听证的权利。" in text


def test_a_hearing_waiver_after_a_hearing_request_or_without_a_hearing_right_is_refused(
    monkeypatch, bureau, cast
) -> None:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, date(2025, 3, 18))
    services.hearing_request(actor=cast.handler1, case=case, requested_on=date(2025, 3, 18))
    with pytest.raises(RuleViolation, match="当事人已申请听证"):
        services.hearing_waive(actor=cast.handler1, case=case, on=date(2025, 3, 18))
    PreDecisionNotice.objects.filter(case=case).update(hearing_right=False, hearing_request_until=None)
    with pytest.raises(RuleViolation, match="不属于行政处罚法第六十三条规定的听证范围"):
        services.hearing_waive(actor=cast.handler1, case=case, on=date(2025, 3, 18))


def _process_text(case: Case) -> str:
    from fazhi.documents.context import document_context
    from fazhi.documents.selectors import gather

    today = date(2025, 3, 25)
    context = document_context(
        gather(Case.objects.get(pk=case.pk), today), kind="penalty_decision", number="", version=1, today=today
    )
    return str(context["decision"]["process_text"])
