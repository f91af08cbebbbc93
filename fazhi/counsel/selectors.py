"""Reads of 法律顾问、法制跟案、案件会商与法治建设职责, always through the actor's scope.

``access_<entity>`` answers "not found" for a row outside the actor's scope exactly as for a missing one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from fazhi.accounts.models import Role, User
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import Case, LegalReview
from fazhi.core.errors import NotFoundOrForbidden, ValidationError
from fazhi.counsel.models import (
    AdviserParticipation,
    CaseAccompaniment,
    CaseConsultation,
    DutyRecord,
    LegalAdviser,
    LegalOpinion,
    ParticipationKind,
    TownshipCaseReview,
)
from fazhi.legal_affairs.models import ContractReview, Litigation, MajorPolicyDecision

__all__ = [
    "access_accompaniment",
    "access_adviser",
    "access_case_by_number",
    "access_consultation",
    "access_duty_record",
    "access_legal_officer",
    "access_legal_opinion",
    "access_participation",
    "access_participation_target",
    "access_township_review",
    "accompaniment_list",
    "adviser_list",
    "consultation_list",
    "duty_record_list",
    "legal_officer_list",
    "legal_opinion_list",
    "participation_list",
    "participation_targets",
    "township_review_list",
]


def _first_or_404(qs: QuerySet[Any], pk: int, what: str) -> Any:
    row = qs.filter(pk=pk).first()
    if row is None:
        raise NotFoundOrForbidden(what)
    return row


def adviser_list(*, actor: User, kind: str = "") -> QuerySet[LegalAdviser]:
    qs = scope_for(actor).filter(LegalAdviser.objects.select_related("agency"))
    return qs.filter(kind=kind) if kind else qs


def access_adviser(*, actor: User, adviser_id: int) -> LegalAdviser:
    return _first_or_404(adviser_list(actor=actor), adviser_id, "法律顾问（公职律师）")


def participation_list(*, actor: User, adviser: LegalAdviser | None = None) -> QuerySet[AdviserParticipation]:
    qs = scope_for(actor).filter(
        AdviserParticipation.objects.select_related(
            "adviser", "adviser__agency", "legal_review__case", "major_decision", "litigation", "contract_review"
        ),
        "adviser__agency",
    )
    return qs.filter(adviser=adviser) if adviser is not None else qs


def access_participation(*, actor: User, participation_id: int) -> AdviserParticipation:
    return _first_or_404(participation_list(actor=actor), participation_id, "法律顾问参与记录")


def legal_opinion_list(*, actor: User) -> QuerySet[LegalOpinion]:
    return scope_for(actor).filter(LegalOpinion.objects.select_related("adviser", "adviser__agency"), "adviser__agency")


def access_legal_opinion(*, actor: User, opinion_id: int) -> LegalOpinion:
    return _first_or_404(legal_opinion_list(actor=actor), opinion_id, "法律意见书")


def accompaniment_list(*, actor: User) -> QuerySet[CaseAccompaniment]:
    return scope_for(actor).filter(
        CaseAccompaniment.objects.select_related("case", "case__agency", "legal_officer"), "case__agency"
    )


def access_accompaniment(*, actor: User, accompaniment_id: int) -> CaseAccompaniment:
    return _first_or_404(accompaniment_list(actor=actor), accompaniment_id, "法制人员跟案记录")


def consultation_list(*, actor: User) -> QuerySet[CaseConsultation]:
    return scope_for(actor).filter(CaseConsultation.objects.select_related("agency").prefetch_related("cases"))


def access_consultation(*, actor: User, consultation_id: int) -> CaseConsultation:
    return _first_or_404(consultation_list(actor=actor), consultation_id, "案件会商")


def township_review_list(*, actor: User) -> QuerySet[TownshipCaseReview]:
    """The reviews the bureau did, as the reviewing bureau or as the township reviewed."""
    scope = scope_for(actor)
    return TownshipCaseReview.objects.select_related("agency", "township", "case", "reviewer").filter(
        scope.agency_q("agency") | scope.agency_q("township")
    )


def access_township_review(*, actor: User, review_id: int) -> TownshipCaseReview:
    return _first_or_404(township_review_list(actor=actor), review_id, "乡镇赋权案件审核")


def duty_record_list(*, actor: User, kind: str = "") -> QuerySet[DutyRecord]:
    qs = scope_for(actor).filter(DutyRecord.objects.select_related("agency"))
    return qs.filter(kind=kind) if kind else qs


def access_duty_record(*, actor: User, record_id: int) -> DutyRecord:
    return _first_or_404(duty_record_list(actor=actor), record_id, "法治建设职责履行记录")


# --- what the forms offer ----------------------------------------------------------------------------------------


def legal_officer_list(*, actor: User) -> QuerySet[User]:
    """法制审核人员 of the units the actor sees (the people a 跟案 or a township review may name)."""
    scope = scope_for(actor)
    return (
        User.objects.select_related("agency")
        .filter(is_active=True, role_grants__role=Role.LEGAL_REVIEWER)
        .filter(scope.agency_q("agency"))
        .distinct()
        .order_by("agency__path", "display_name", "pk")
    )


def access_legal_officer(*, actor: User, user_id: int) -> User:
    return _first_or_404(legal_officer_list(actor=actor), user_id, "法制审核人员")


def access_case_by_number(*, actor: User, number: str) -> Case:
    """The case with 立案编号 or 案源编号 ``number`` in the actor's scope; "not found" answers alike."""
    number = (number or "").strip()
    case = (
        scope_for(actor)
        .filter(Case.objects.select_related("agency", "legal_subject", "power_item"))
        .filter(Q(register_number=number) | Q(lead_number=number))
        .first()
        if number
        else None
    )
    if case is None:
        raise NotFoundOrForbidden(f"案号为「{number}」的案件")
    return case


_TARGETS: dict[str, tuple[type[Model], str, str]] = {
    # kind: (model, scope field, what)
    ParticipationKind.LEGAL_REVIEW: (LegalReview, "case__agency", "法制审核"),
    ParticipationKind.MAJOR_DECISION: (MajorPolicyDecision, "agency", "重大行政决策"),
    ParticipationKind.LITIGATION: (Litigation, "agency", "行政诉讼"),
    ParticipationKind.CONTRACT_REVIEW: (ContractReview, "agency", "合同审查"),
}


def _targets_qs(actor: User, kind: str) -> QuerySet[Any]:
    model, field, _ = _TARGETS[kind]
    qs = model._default_manager.all()
    if model is LegalReview:
        qs = qs.select_related("case")
    return scope_for(actor).filter(qs, field).order_by("-pk")


def access_participation_target(*, actor: User, kind: str, target_id: int) -> Model:
    """The record of ``kind`` an adviser took part in, in the actor's scope."""
    if kind not in _TARGETS:
        raise ValidationError("请选择法律顾问参与的事项：案件法制审核、重大行政决策、行政诉讼或合同审查。")
    return _first_or_404(_targets_qs(actor, kind), target_id, _TARGETS[kind][2])


def participation_targets(*, actor: User, limit: int = 100) -> list[tuple[str, list[tuple[str, str]]]]:
    """For the form: the latest records of each kind, as (group label, [(``kind:id``, label)])."""
    groups = []
    for kind, (_, _, what) in _TARGETS.items():
        rows = list(_targets_qs(actor, kind)[:limit])
        groups.append((what, [(f"{kind}:{row.pk}", _target_label(row)) for row in rows]))
    return groups


def _target_label(row: Model) -> str:
    if isinstance(row, LegalReview):
        return f"{row.case} 法制审核（{row.on:%Y-%m-%d}）"
    return str(row)
