"""行政诉讼: 负责人出庭 is recorded, a lawyer alone is refused (R-5), and the appearance rate counts hearings."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role
from fazhi.core.audit import audit_verify
from fazhi.core.errors import PermissionDenied, RuleViolation
from fazhi.core.models import AuditEvent
from fazhi.legal_affairs.models import Litigation, LitigationStage, ReviewOutcome
from fazhi.legal_affairs.selectors import head_appearance, litigation_figures
from fazhi.legal_affairs.services import litigation_decide, litigation_record_hearing, litigation_register


@pytest.fixture
def legal(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.LEGAL_REVIEWER)


def _suit(legal, bureau, **kw) -> Litigation:  # type: ignore[no-untyped-def]
    values = {"plaintiff": "李四", "cause": "不服罚款决定", "filed_on": date(2025, 3, 1), "court": "示范市人民法院"}
    values.update(kw)
    return litigation_register(actor=legal, agency=bureau.bureau, **values)


def test_recording_a_lawyer_alone_as_the_appearance_is_refused_citing_the_law(legal, bureau) -> None:
    suit = _suit(legal, bureau)
    with pytest.raises(RuleViolation, match=r"行政诉讼法第三条.*第一百二十八条至第一百三十二条"):
        litigation_record_hearing(
            actor=legal,
            litigation=suit,
            hearing_date=date(2025, 4, 1),
            head_appeared=False,
            appeared_by="王律师",
            lawyer_only=True,
            absence_explanation="出差",
        )
    suit.refresh_from_db()
    assert suit.head_appeared is None and suit.hearing_date is None and not suit.lawyer_only


def test_a_head_absence_without_a_sealed_explanation_is_refused(legal, bureau) -> None:
    suit = _suit(legal, bureau)
    with pytest.raises(RuleViolation, match="第一百三十二条"):
        litigation_record_hearing(
            actor=legal, litigation=suit, hearing_date=date(2025, 4, 1), head_appeared=False, appeared_by="赵科长"
        )


def test_the_head_appearance_is_recorded_with_an_audit_event(legal, bureau) -> None:
    suit = _suit(legal, bureau)
    litigation_record_hearing(
        actor=legal, litigation=suit, hearing_date=date(2025, 4, 1), head_appeared=True, appeared_by="局长 周某"
    )
    suit.refresh_from_db()
    assert suit.head_appeared is True and suit.appeared_by == "局长 周某"
    assert AuditEvent.objects.filter(entity_id=str(suit.pk), action="litigation.hearing").count() == 1
    assert audit_verify().ok


def test_head_appearance_rate_inputs_count_recorded_hearings_in_the_period(legal, bureau) -> None:
    a, b, c = _suit(legal, bureau), _suit(legal, bureau), _suit(legal, bureau)
    litigation_record_hearing(
        actor=legal, litigation=a, hearing_date=date(2025, 4, 1), head_appeared=True, appeared_by="局长"
    )
    litigation_record_hearing(
        actor=legal,
        litigation=b,
        hearing_date=date(2025, 5, 1),
        head_appeared=False,
        appeared_by="法制科 赵某",
        absence_explanation="参加市政府常务会议，已提交盖章说明",
    )
    litigation_record_hearing(
        actor=legal, litigation=c, hearing_date=date(2026, 1, 5), head_appeared=True, appeared_by="局长"
    )
    figures = head_appearance(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert (figures.hearings, figures.appeared, figures.not_recorded) == (2, 1, 0)
    assert str(figures.rate) == "50.0"


def test_litigation_figures_count_by_outcome_and_stage(legal, bureau) -> None:
    a = _suit(legal, bureau)
    _suit(legal, bureau, stage=LitigationStage.SECOND_INSTANCE, previous=a)
    litigation_decide(actor=legal, litigation=a, outcome=ReviewOutcome.UPHELD, closed_on=date(2025, 6, 1))
    figures = litigation_figures(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert figures.received == 2 and figures.upheld == 1 and figures.pending == 1
    assert figures.by_stage == {"first_instance": 1, "second_instance": 1}


def test_an_officer_without_a_legal_role_cannot_register_a_lawsuit(bureau, make_user) -> None:
    officer = make_user(bureau.squad, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        litigation_register(
            actor=officer,
            agency=bureau.squad,
            plaintiff="李四",
            cause="不服",
            filed_on=date(2025, 3, 1),
            court="法院",
        )
    assert not Litigation.objects.exists()
