"""信用修复: refused where the rules forbid it (nothing saved), otherwise it ends the publication early."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core import clock
from fazhi.core.errors import RuleViolation
from fazhi.publicity.models import CreditRepair, CreditRepairStatus, PublicationStatus
from fazhi.publicity.selectors import credit_repair_count, public_publication_list
from fazhi.publicity.services import credit_repair_apply, credit_repair_approve, credit_repair_refuse

GROUNDS = "已缴清罚款，已清理现场，未再发生同类违法行为。"


@pytest.mark.parametrize("kind", ["revoke_permit", "order_suspension"])
def test_credit_repair_is_refused_for_revocation_or_suspension_of_business(publish_decision, clerk, kind) -> None:
    publication = publish_decision(
        decided_on=date(2025, 1, 15), kinds=("fine", kind), fine="50000", published_on=date(2025, 1, 20)
    )
    with pytest.raises(RuleViolation, match="不得提前停止公示"):
        credit_repair_apply(
            actor=clerk, publication=publication, applicant="张三", grounds=GROUNDS, applied_on=date(2026, 1, 15)
        )
    assert not CreditRepair.objects.exists()


def test_credit_repair_is_refused_before_the_three_month_minimum(publish_decision, clerk) -> None:
    publication = publish_decision(decided_on=date(2025, 1, 15), fine="50000", published_on=date(2025, 1, 20))
    with pytest.raises(RuleViolation, match="2025年04月16日起方可申请"):
        credit_repair_apply(
            actor=clerk, publication=publication, applicant="张三", grounds=GROUNDS, applied_on=date(2025, 4, 15)
        )
    assert not CreditRepair.objects.exists()


def test_an_approved_credit_repair_ends_the_publication_early(
    bureau, publish_decision, clerk, head, monkeypatch
) -> None:
    publication = publish_decision(decided_on=date(2025, 1, 15), fine="50000", published_on=date(2025, 1, 20))
    repair = credit_repair_apply(
        actor=clerk, publication=publication, applicant="张三", grounds=GROUNDS, applied_on=date(2025, 4, 16)
    )
    monkeypatch.setattr(clock, "today", lambda: date(2025, 4, 18))
    assert public_publication_list(today=date(2025, 4, 18)).filter(pk=publication.pk).exists()
    repair = credit_repair_approve(actor=head, repair=repair)
    publication.refresh_from_db()
    assert repair.status == CreditRepairStatus.APPROVED and repair.ended_on == date(2025, 4, 18)
    assert publication.status == PublicationStatus.REPAIRED and publication.ended_on == date(2025, 4, 18)
    assert not public_publication_list(today=date(2025, 4, 18)).filter(pk=publication.pk).exists()
    year = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
    assert credit_repair_count(agency=bureau.bureau, include_subordinates=True, **year) == 1
    assert credit_repair_count(agency=bureau.township, include_subordinates=True, **year) == 0


def test_a_refused_credit_repair_leaves_the_publication_public(publish_decision, clerk, head) -> None:
    publication = publish_decision(decided_on=date(2025, 1, 15), fine="50000", published_on=date(2025, 1, 20))
    repair = credit_repair_apply(actor=clerk, publication=publication, applicant="张三", grounds=GROUNDS)
    repair = credit_repair_refuse(actor=head, repair=repair, reason="罚款尚未缴清")
    publication.refresh_from_db()
    assert repair.status == CreditRepairStatus.REFUSED
    assert publication.status == PublicationStatus.PUBLISHED
    with pytest.raises(RuleViolation):
        credit_repair_approve(actor=head, repair=repair)


def test_a_pending_publication_cannot_be_repaired(publish_decision, clerk) -> None:
    publication = publish_decision(decided_on=date(2025, 1, 15))
    with pytest.raises(RuleViolation, match="只有公示中的"):
        credit_repair_apply(actor=clerk, publication=publication, applicant="张三", grounds=GROUNDS)
