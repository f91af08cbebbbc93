"""publication_withdraw: a changed or revoked decision is withdrawn within 3 working days (第四十八条第二款)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.publicity.models import PublicationStatus
from fazhi.publicity.services import publication_withdraw


def test_withdrawal_is_due_three_working_days_after_the_change(publish_decision, clerk, monkeypatch) -> None:
    publication = publish_decision(published_on=date(2025, 10, 9))
    monkeypatch.setattr(clock, "today", lambda: date(2025, 9, 30))
    # Changed on Fri 26 Sep 2025: Sun 28 Sep is a make-up working day, so 28, 29, 30 → due Tue 30 Sep.
    publication = publication_withdraw(
        actor=clerk, publication=publication, reason="经行政复议被撤销", changed_on=date(2025, 9, 26)
    )
    assert publication.status == PublicationStatus.WITHDRAWN
    assert publication.withdrawal_due == date(2025, 9, 30)
    assert publication.withdrawn_on == date(2025, 9, 30)
    assert not publication.is_withdrawn_late


def test_a_withdrawal_after_the_three_working_days_is_recorded_and_flagged_late(
    publish_decision, clerk, monkeypatch
) -> None:
    publication = publish_decision(published_on=date(2025, 10, 9))
    monkeypatch.setattr(clock, "today", lambda: date(2025, 10, 14))
    publication = publication_withdraw(
        actor=clerk, publication=publication, reason="经行政诉讼判决变更", changed_on=date(2025, 10, 9)
    )
    assert publication.withdrawal_due == date(2025, 10, 13)  # 10, 11 (make-up Saturday), 13
    assert publication.is_withdrawn_late


def test_a_withdrawal_needs_a_reason(publish_decision, clerk) -> None:
    publication = publish_decision(published_on=date(2025, 10, 9))
    with pytest.raises(ValidationError):
        publication_withdraw(actor=clerk, publication=publication, reason="  ", changed_on=date(2025, 10, 10))


def test_a_withdrawn_publication_cannot_be_withdrawn_again(publish_decision, clerk) -> None:
    publication = publish_decision(published_on=date(2025, 10, 9))
    publication_withdraw(actor=clerk, publication=publication, reason="撤销", changed_on=date(2025, 10, 10))
    with pytest.raises(RuleViolation):
        publication_withdraw(actor=clerk, publication=publication, reason="撤销", changed_on=date(2025, 10, 10))


def test_after_withdrawal_the_changed_decision_may_be_published_again(publish_decision, clerk, head) -> None:
    from fazhi.publicity.services import publication_create_for_decision

    publication = publish_decision(published_on=date(2025, 10, 9))
    publication_withdraw(actor=clerk, publication=publication, reason="决定被变更", changed_on=date(2025, 10, 10))
    assert publication.decision is not None
    again = publication_create_for_decision(actor=head, decision=publication.decision)
    assert again is not None and again.pk != publication.pk and again.status == PublicationStatus.PENDING
