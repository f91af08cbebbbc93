"""What a 复议 or 诉讼 does to the penalty case it challenges: the link to the case and the outcome acting on it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from fazhi.agencies.models import Agency
from fazhi.cases.selectors import access_case_by_decision_number
from fazhi.cases.services.remedy import ensure_challengeable, remedy_close
from fazhi.core.errors import ValidationError
from fazhi.legal_affairs.models import (
    Litigation,
    Reconsideration,
    ReviewOutcome,
)
from fazhi.publicity.services import publication_withdraw_for_remedy

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

from fazhi.legal_affairs.services.common import _ensure_case_in_agency

# ReviewOutcome codes that act on a penalty decision (the case side's RemedyOutcome has the same codes).
_CASE_OUTCOMES = frozenset(
    {
        ReviewOutcome.UPHELD,
        ReviewOutcome.DISMISSED,
        ReviewOutcome.TERMINATED,
        ReviewOutcome.CHANGED,
        ReviewOutcome.REVOKED,
        ReviewOutcome.CONFIRMED_ILLEGAL,
        ReviewOutcome.VOID,
        ReviewOutcome.REMAKE,
    }
)
_WITHDRAWING = frozenset(
    {ReviewOutcome.REVOKED, ReviewOutcome.CONFIRMED_ILLEGAL, ReviewOutcome.VOID, ReviewOutcome.REMAKE}
)


def _link_case(actor: User, agency: Agency, case: Case | None, decision_number: str) -> Case | None:
    """The case a remedy challenges, chosen by the case or by its 决定书文号; refused if it has no penalty decision."""
    if case is None and decision_number.strip():
        case = access_case_by_decision_number(actor=actor, number=decision_number)
    if case is None:
        return None
    _ensure_case_in_agency(case, agency)
    ensure_challengeable(case)
    return case


def _act_on_case(
    *,
    actor: User,
    item: Reconsideration | Litigation,
    what: str,
    outcome: str,
    on: date,
    served_on: date | None,
    by_ruling: bool,
    changed_fine: Decimal | None,
    changed_reasons: str,
) -> None:
    """The outcome acts on the linked case: publication first (行政处罚法 第四十八条第二款), then the case."""
    remedy = item.case_remedy
    if remedy is None:
        return
    if outcome not in _CASE_OUTCOMES:
        raise ValidationError(
            f"「{ReviewOutcome(outcome).label}」不适用于针对行政处罚决定的{what}：请选择维持、驳回、终止、变更、撤销、"
            "确认违法、确认无效或撤销并责令重新作出。"
        )
    decision = getattr(remedy.case, "decision", None)
    label = ReviewOutcome(outcome).label
    reason = f"该行政处罚决定经{what}于{on:%Y年%m月%d日}被依法{label}（行政处罚法第四十八条第二款）"

    def close() -> None:
        remedy_close(
            actor=actor,
            remedy=remedy,
            outcome=outcome,
            outcome_on=on,
            served_on=served_on,
            by_ruling=by_ruling,
            changed_fine=changed_fine,
            changed_reasons=changed_reasons,
        )

    if outcome in _WITHDRAWING and decision is not None:
        # withdrawn (and, for 责令重新作出, unlinked) before the case service replaces the decision
        publication_withdraw_for_remedy(
            actor=actor, decision=decision, reason=reason, changed_on=on, detach=outcome == ReviewOutcome.REMAKE
        )
        close()
    elif outcome == ReviewOutcome.CHANGED and decision is not None:
        close()
        decision.refresh_from_db()
        publication_withdraw_for_remedy(actor=actor, decision=decision, reason=reason, changed_on=on, republish=True)
    else:
        close()
