"""The annual report's figures of 法律顾问、法制跟案、案件会商 and the head's 法治 duties (see docs/counsel.md).

``annual_figures`` counts the records of ``agency`` (and, with ``include_subordinates``, of every unit below it)
dated in ``[start, end]`` (both inclusive). It never reads the clock; ``today`` is accepted for the common
signature and unused: no figure here depends on what is still open.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from fazhi.agencies.models import Agency
from fazhi.core.figures import Figure, Rate
from fazhi.counsel.models import (
    MEETING_KINDS,
    AdviserParticipation,
    CaseAccompaniment,
    CaseConsultation,
    DutyKind,
    DutyRecord,
    LegalOpinion,
    ParticipationKind,
    TownshipCaseReview,
)
from fazhi.legal_affairs.models import MajorPolicyDecision

__all__ = ["KEYS", "annual_figures"]

KEYS = (
    "legal_adviser.contracts",
    "legal_adviser.opinions",
    "legal_adviser.litigation",
    "legal_adviser.major_review_rate",
    "legal_review.accompanied",
    "case_consultations.count",
    "duties.meetings",
    "duties.statement",
    "delegation.reviews_for_townships",
)


def _where(field: str, agency: Agency, include_subordinates: bool) -> Q:
    if include_subordinates:
        return Q(**{f"{field}__path__startswith": agency.path})
    return Q(**{field: agency})


def annual_figures(
    *, agency: Agency, include_subordinates: bool, start: date, end: date, today: date
) -> dict[str, Figure]:
    del today  # the common signature; nothing here is judged against today
    span = (start, end)
    participations = AdviserParticipation.objects.filter(
        _where("adviser__agency", agency, include_subordinates), on__range=span
    )

    def distinct(kind: str, link: str) -> int:
        return participations.filter(kind=kind).values(link).distinct().count()

    # 重大行政决策 of the year: adopted with a 决策日期 in the period (as legal_affairs counts them); of those, the
    # ones an adviser of the agency took part in, whenever (the opinion may precede the adoption by months).
    decisions = MajorPolicyDecision.objects.filter(
        _where("agency", agency, include_subordinates), adopted=True, decided_on__range=span
    )
    reviewed = decisions.filter(
        pk__in=AdviserParticipation.objects.filter(kind=ParticipationKind.MAJOR_DECISION).values("major_decision")
    ).count()
    duties = DutyRecord.objects.filter(_where("agency", agency, include_subordinates), held_on__range=span)
    statement = duties.filter(kind=DutyKind.STATEMENT).exists()
    return {
        "legal_adviser.contracts": distinct(ParticipationKind.CONTRACT_REVIEW, "contract_review"),
        "legal_adviser.opinions": LegalOpinion.objects.filter(
            _where("adviser__agency", agency, include_subordinates), issued_on__range=span
        ).count(),
        "legal_adviser.litigation": distinct(ParticipationKind.LITIGATION, "litigation"),
        "legal_adviser.major_review_rate": Rate(reviewed, decisions.count()),
        "legal_review.accompanied": CaseAccompaniment.objects.filter(
            _where("case__agency", agency, include_subordinates), started_on__range=span
        )
        .values("case")
        .distinct()
        .count(),
        "case_consultations.count": CaseConsultation.objects.filter(
            _where("agency", agency, include_subordinates), held_on__range=span
        ).count(),
        "duties.meetings": duties.filter(kind__in=MEETING_KINDS).count(),
        "duties.statement": True if statement else None,
        "delegation.reviews_for_townships": TownshipCaseReview.objects.filter(
            _where("agency", agency, include_subordinates), reviewed_on__range=span
        ).count(),
    }
