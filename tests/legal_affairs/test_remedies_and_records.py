"""复议, 规范性文件, 合同审查, 调处, 普法: refusals and the counts of the annual report."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.legal_affairs.models import NormativeDocument, ReviewOutcome
from fazhi.legal_affairs.selectors import (
    contract_review_figures,
    legal_education_figures,
    mediation_figures,
    normative_document_figures,
    reconsideration_figures,
)
from fazhi.legal_affairs.services import (
    contract_review_create,
    legal_education_create,
    mediation_close,
    mediation_register,
    normative_document_create,
    normative_document_update,
    reconsideration_decide,
    reconsideration_register,
)

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def legal(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.LEGAL_REVIEWER)


def test_reconsiderations_are_counted_by_outcome_and_decided_once(legal, bureau) -> None:
    items = [
        reconsideration_register(
            actor=legal, agency=bureau.bureau, applicant=f"申请人{i}", matter="不服罚款", received_on=date(2025, 2, i)
        )
        for i in range(1, 6)
    ]
    for item in items[:4]:
        reconsideration_decide(
            actor=legal, reconsideration=item, outcome=ReviewOutcome.UPHELD, decided_on=date(2025, 4, 1)
        )
    reconsideration_decide(
        actor=legal, reconsideration=items[4], outcome=ReviewOutcome.ORDERED_PERFORMANCE, decided_on=date(2025, 4, 1)
    )
    with pytest.raises(RuleViolation, match="不能重复登记"):
        reconsideration_decide(
            actor=legal, reconsideration=items[0], outcome=ReviewOutcome.REVOKED, decided_on=date(2025, 4, 2)
        )
    figures = reconsideration_figures(agency=bureau.bureau, start=YEAR[0], end=YEAR[1])
    assert figures.received == 5 and figures.upheld == 4 and figures.corrected == 1
    assert figures.by_outcome == {"upheld": 4, "ordered_performance": 1}


def test_a_normative_document_cannot_be_issued_without_legality_review(legal, bureau) -> None:
    with pytest.raises(RuleViolation, match="未经合法性审核不得印发"):
        normative_document_create(actor=legal, agency=bureau.bureau, title="管理规定", issued_on=date(2025, 3, 1))
    assert not NormativeDocument.objects.exists()
    doc = normative_document_create(actor=legal, agency=bureau.bureau, title="管理规定")
    normative_document_update(actor=legal, document=doc, legality_reviewed=True, issued_on=date(2025, 3, 1))
    normative_document_update(actor=legal, document=doc, filed_on=date(2025, 3, 20))
    assert normative_document_figures(agency=bureau.bureau, start=YEAR[0], end=YEAR[1]) == {
        "issued": 1,
        "reviewed": 1,
        "filed": 1,
        "repealed": 0,
    }


def test_contract_review_counts_reviews_and_written_opinions(legal, bureau) -> None:
    contract_review_create(
        actor=legal,
        agency=bureau.bureau,
        title="保洁服务合同",
        received_on=date(2025, 3, 1),
        reviewed_on=date(2025, 3, 3),
        opinion_issued=True,
        adviser="公职律师 钱某",
    )
    contract_review_create(actor=legal, agency=bureau.bureau, title="租赁合同", received_on=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="不能早于"):
        contract_review_create(
            actor=legal, agency=bureau.bureau, title="x", received_on=date(2025, 4, 1), reviewed_on=date(2025, 3, 1)
        )
    assert contract_review_figures(agency=bureau.bureau, start=YEAR[0], end=YEAR[1]) == {
        "received": 2,
        "reviewed": 1,
        "opinions": 1,
    }


def test_mediation_success_rate_counts_only_closed_disputes(legal, bureau) -> None:
    done = [
        mediation_register(
            actor=legal, agency=bureau.township, received_on=date(2025, 5, 1), parties="甲与乙", subject="噪音"
        )
        for _ in range(3)
    ]
    mediation_close(actor=legal, mediation=done[0], resolved=True, resolved_on=date(2025, 5, 2))
    mediation_close(actor=legal, mediation=done[1], resolved=False, resolved_on=date(2025, 5, 2))
    with pytest.raises(RuleViolation):
        mediation_close(actor=legal, mediation=done[0], resolved=False, resolved_on=date(2025, 5, 3))
    figures = mediation_figures(agency=bureau.bureau, start=YEAR[0], end=YEAR[1])
    assert (figures.received, figures.resolved, figures.failed, figures.open) == (3, 1, 1, 1)
    assert str(figures.success_rate) == "50.0"


def test_legal_education_figures_sum_items_and_views(legal, bureau) -> None:
    legal_education_create(
        actor=legal, agency=bureau.bureau, title="短视频1", kind="video", published_on=date(2025, 6, 1), views=1200
    )
    legal_education_create(
        actor=legal,
        agency=bureau.bureau,
        title="以案释法",
        kind="typical_case",
        published_on=date(2025, 7, 1),
        views=300,
    )
    figures = legal_education_figures(agency=bureau.bureau, start=YEAR[0], end=YEAR[1])
    assert figures == {"items": 2, "by_kind": {"video": 1, "typical_case": 1}, "views": 1500}
