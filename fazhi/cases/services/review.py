"""案件审核, 法制审核 and 集体讨论."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.models import Case, CaseReview, CollectiveDiscussion, LegalReview, Opinion
from fazhi.cases.services._common import case_event, lock_case
from fazhi.core import clock
from fazhi.core.errors import ValidationError

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def _opinion(opinion: str, text: str) -> None:
    if opinion not in Opinion.values:
        raise ValidationError("审核意见须为同意、不同意或补充调查。")
    if not text.strip():
        raise ValidationError("请写明审核意见。")


@transaction.atomic
def case_review_record(*, actor: User, case: Case, opinion: str, text: str) -> CaseReview:
    """案件审核 by the squad leader or head, who is not a handler. 补充调查/不同意 sends the case back."""
    case = lock_case(case)
    workflow.guard("case_review", case, actor, clock.today())
    _opinion(opinion, text)
    report = workflow.latest_report(case)
    assert report is not None  # REVIEWING always has a report
    review = CaseReview.objects.create(
        case=case, report=report, reviewer=actor, opinion=opinion, text=text.strip(), on=clock.today()
    )
    if opinion != Opinion.AGREE:
        workflow.advance(case, "case_review")
    case_event(
        actor=actor,
        case=case,
        action="case.case_review",
        summary=f"案件审核：{review.get_opinion_display()}",
        after={"state": case.state},
    )
    return review


@transaction.atomic
def legal_review_record(*, actor: User, case: Case, opinion: str, text: str) -> LegalReview:
    """法制审核 (行政处罚法 第五十八条) by a legal reviewer who is not a handler.

    A review after a hearing is marked so: 第五十八条(二) requires the review of a heard case to see the hearing.
    """
    case = lock_case(case)
    workflow.guard("legal_review", case, actor, clock.today())
    _opinion(opinion, text)
    report = workflow.latest_report(case)
    assert report is not None
    review = LegalReview.objects.create(
        case=case,
        report=report,
        reviewer=actor,
        opinion=opinion,
        text=text.strip(),
        on=clock.today(),
        after_hearing=workflow.hearing_held(case),
    )
    if opinion != Opinion.AGREE:
        workflow.advance(case, "legal_review")
    case_event(
        actor=actor,
        case=case,
        action="case.legal_review",
        summary=f"法制审核：{review.get_opinion_display()}",
        after={"state": case.state},
    )
    return review


@transaction.atomic
def discussion_record(
    *,
    actor: User,
    case: Case,
    participants: str,
    record: str,
    conclusion: str,
    conclusion_text: str,
    on: date | None = None,
) -> CollectiveDiscussion:
    """集体讨论 chaired by the head (第五十七条第二款)."""
    case = lock_case(case)
    workflow.guard("discuss", case, actor, clock.today())
    _opinion(conclusion, conclusion_text)
    names = [p for p in participants.replace("，", "、").replace(",", "、").split("、") if p.strip()]
    if len(names) < 3:
        raise ValidationError("集体讨论应有三名以上负责人参加，请列明参加人员。")
    if not record.strip():
        raise ValidationError("请填写讨论记录。")
    today = clock.today()
    discussion = CollectiveDiscussion.objects.create(
        case=case,
        chaired_by=actor,
        participants="、".join(n.strip() for n in names),
        record=record.strip(),
        conclusion=conclusion,
        conclusion_text=conclusion_text.strip(),
        on=min(on or today, today),
    )
    if conclusion == Opinion.SUPPLEMENT:
        workflow.advance(case, "discuss")
    case_event(
        actor=actor,
        case=case,
        action="case.discussion",
        summary=f"集体讨论：{discussion.get_conclusion_display()}",
        after={"state": case.state},
    )
    return discussion
