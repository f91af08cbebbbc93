"""重大行政决策: it is adopted only after all five statutory steps."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role
from fazhi.core.errors import RuleViolation
from fazhi.legal_affairs.selectors import major_policy_decision_figures
from fazhi.legal_affairs.services import (
    major_policy_decision_adopt,
    major_policy_decision_create,
    major_policy_decision_update_steps,
)

ALL_STEPS = {
    "public_participation": True,
    "expert_argument": True,
    "risk_assessment": True,
    "legality_review": True,
    "collective_decision": True,
}


@pytest.fixture
def head(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.HEAD)


def test_a_decision_missing_the_risk_assessment_cannot_be_adopted(bureau, head) -> None:
    steps = {**ALL_STEPS, "risk_assessment": False}
    decision = major_policy_decision_create(actor=head, agency=bureau.bureau, title="城区占道经营整治方案", **steps)
    with pytest.raises(RuleViolation, match="尚缺风险评估"):
        major_policy_decision_adopt(actor=head, decision=decision, decided_on=date(2025, 5, 1))
    decision.refresh_from_db()
    assert not decision.adopted and decision.decided_on is None


def test_a_decision_with_all_five_steps_is_adopted_and_counted(bureau, head) -> None:
    decision = major_policy_decision_create(actor=head, agency=bureau.bureau, title="渣土运输管理办法")
    major_policy_decision_update_steps(actor=head, decision=decision, **ALL_STEPS)
    major_policy_decision_adopt(actor=head, decision=decision, decided_on=date(2025, 5, 1))
    decision.refresh_from_db()
    assert decision.adopted
    figures = major_policy_decision_figures(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert figures == {"adopted": 1}
