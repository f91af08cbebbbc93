"""Reads of the legal work, always through the actor's scope, and the figures the annual report computes.

Figure functions take an ``agency`` and count its whole subtree (the bureau counts its brigades and squads), over
the period ``[start, end]`` (both inclusive). They never read the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db.models import Count, Model, Q, QuerySet, Sum

from fazhi.agencies.models import Agency, Officer
from fazhi.agencies.scope import scope_for
from fazhi.core.errors import NotFoundOrForbidden
from fazhi.legal_affairs.models import (
    OUTCOMES_AGAINST,
    OUTCOMES_IN_FAVOUR,
    ContractReview,
    Exam,
    ExamResult,
    LegalEducation,
    Litigation,
    MajorPolicyDecision,
    Mediation,
    NormativeDocument,
    Reconsideration,
    ReviewOutcome,
    Training,
    TrainingAttendance,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

M = TypeVar("M", bound=Model)


def study_hours_minimum() -> Decimal:
    """The bureau's yearly minimum of study hours per officer (FAZHI_STUDY_HOURS_MINIMUM; seeds quote 40 and 60)."""
    return Decimal(str(getattr(settings, "FAZHI_STUDY_HOURS_MINIMUM", 40)))


def scoped(*, actor: User, model: type[M]) -> QuerySet[M]:
    """All rows of a legal-affairs model the actor may see."""
    return scope_for(actor).filter(model._default_manager.select_related("agency"))


def access(*, actor: User, model: type[M], pk: int, what: str) -> M:
    row = scoped(actor=actor, model=model).filter(pk=pk).first()
    if row is None:
        raise NotFoundOrForbidden(what)
    return row


def _within(qs: QuerySet[Any], agency: Agency, field: str = "agency") -> QuerySet[Any]:
    return qs.filter(**{f"{field}__path__startswith": agency.path})


def reconsideration_list(*, actor: User, year: int | None = None) -> QuerySet[Reconsideration]:
    qs = scoped(actor=actor, model=Reconsideration)
    return qs.filter(received_on__year=year) if year else qs


def litigation_list(*, actor: User, year: int | None = None) -> QuerySet[Litigation]:
    qs = scoped(actor=actor, model=Litigation)
    return qs.filter(filed_on__year=year) if year else qs


# --- figures ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemedyFigures:
    """行政复议/行政诉讼 received in the period, by outcome (and, for lawsuits, by stage)."""

    received: int
    by_outcome: dict[str, int]
    upheld: int  # 维持 + 驳回: the act stood
    corrected: int  # 撤销、变更、确认违法、责令履行
    pending: int
    by_stage: dict[str, int]


def _remedy_figures(qs: QuerySet[Any], *, with_stage: bool) -> RemedyFigures:
    by_outcome = {row["outcome"]: row["n"] for row in qs.values("outcome").annotate(n=Count("pk"))}
    by_stage = {row["stage"]: row["n"] for row in qs.values("stage").annotate(n=Count("pk"))} if with_stage else {}
    return RemedyFigures(
        received=sum(by_outcome.values()),
        by_outcome=by_outcome,
        upheld=sum(n for k, n in by_outcome.items() if k in OUTCOMES_IN_FAVOUR),
        corrected=sum(n for k, n in by_outcome.items() if k in OUTCOMES_AGAINST),
        pending=by_outcome.get(ReviewOutcome.PENDING, 0),
        by_stage=by_stage,
    )


def reconsideration_figures(*, agency: Agency, start: date, end: date) -> RemedyFigures:
    qs = _within(Reconsideration.objects.all(), agency).filter(received_on__range=(start, end))
    return _remedy_figures(qs, with_stage=False)


def litigation_figures(*, agency: Agency, start: date, end: date) -> RemedyFigures:
    qs = _within(Litigation.objects.all(), agency).filter(filed_on__range=(start, end))
    return _remedy_figures(qs, with_stage=True)


@dataclass(frozen=True)
class HeadAppearance:
    """负责人出庭应诉率 = appeared / hearings (hearings held in the period whose appearance is recorded)."""

    hearings: int
    appeared: int
    not_recorded: int  # hearings in the period with no appearance recorded yet: shown, never counted as present

    @property
    def rate(self) -> Decimal | None:
        if not self.hearings:
            return None
        return (Decimal(self.appeared) * 100 / self.hearings).quantize(Decimal("0.1"))


def head_appearance(*, agency: Agency, start: date, end: date) -> HeadAppearance:
    qs = _within(Litigation.objects.all(), agency).filter(hearing_date__range=(start, end))
    agg = qs.aggregate(
        n_hearings=Count("pk", filter=Q(head_appeared__isnull=False)),
        n_appeared=Count("pk", filter=Q(head_appeared=True)),
        n_not_recorded=Count("pk", filter=Q(head_appeared__isnull=True)),
    )
    return HeadAppearance(hearings=agg["n_hearings"], appeared=agg["n_appeared"], not_recorded=agg["n_not_recorded"])


def study_hours(*, officer: Officer, year: int) -> Decimal:
    """Hours of training the officer attended in ``year`` (by the training's date)."""
    total = TrainingAttendance.objects.filter(officer=officer, training__held_on__year=year).aggregate(
        total=Sum("hours")
    )["total"]
    return Decimal(total or 0).quantize(Decimal("0.1"))


def officers_below_study_minimum(
    *, agency: Agency, year: int, minimum: Decimal | None = None
) -> list[tuple[Officer, Decimal]]:
    """Active officers of the subtree whose study hours in ``year`` are below the minimum, with their hours."""
    floor = study_hours_minimum() if minimum is None else minimum
    officers = _within(Officer.objects.filter(is_active=True), agency).annotate(
        h=Sum("training_attendances__hours", filter=Q(training_attendances__training__held_on__year=year))
    )
    result = []
    for officer in officers.order_by("agency__path", "name"):
        hours = Decimal(officer.h or 0).quantize(Decimal("0.1"))
        if hours < floor:
            result.append((officer, hours))
    return result


@dataclass(frozen=True)
class ExamFigures:
    exams: int
    sittings: int  # 参考人次: results with attended
    expected: int  # results recorded (attended or absent)
    passed: int

    @property
    def participation_rate(self) -> Decimal | None:
        return (Decimal(self.sittings) * 100 / self.expected).quantize(Decimal("0.1")) if self.expected else None

    @property
    def pass_rate(self) -> Decimal | None:
        return (Decimal(self.passed) * 100 / self.sittings).quantize(Decimal("0.1")) if self.sittings else None


def exam_figures(*, agency: Agency, start: date, end: date) -> ExamFigures:
    exams = _within(Exam.objects.all(), agency).filter(held_on__range=(start, end))
    results = ExamResult.objects.filter(exam__in=exams)
    agg = results.aggregate(
        n_expected=Count("pk"),
        n_sittings=Count("pk", filter=Q(attended=True)),
        n_passed=Count("pk", filter=Q(passed=True)),
    )
    return ExamFigures(
        exams=exams.count(), sittings=agg["n_sittings"], expected=agg["n_expected"], passed=agg["n_passed"]
    )


def training_count(*, agency: Agency, start: date, end: date) -> int:
    return _within(Training.objects.all(), agency).filter(held_on__range=(start, end)).count()


@dataclass(frozen=True)
class MediationFigures:
    received: int
    resolved: int
    failed: int
    open: int

    @property
    def success_rate(self) -> Decimal | None:
        done = self.resolved + self.failed
        return (Decimal(self.resolved) * 100 / done).quantize(Decimal("0.1")) if done else None


def mediation_figures(*, agency: Agency, start: date, end: date) -> MediationFigures:
    agg = (
        _within(Mediation.objects.all(), agency)
        .filter(received_on__range=(start, end))
        .aggregate(
            n_received=Count("pk"),
            n_resolved=Count("pk", filter=Q(resolved=True)),
            n_failed=Count("pk", filter=Q(resolved=False)),
            n_open=Count("pk", filter=Q(resolved__isnull=True)),
        )
    )
    return MediationFigures(
        received=agg["n_received"], resolved=agg["n_resolved"], failed=agg["n_failed"], open=agg["n_open"]
    )


def contract_review_figures(*, agency: Agency, start: date, end: date) -> dict[str, int]:
    """审核合同N份，出具书面法律意见书M份 (by the date the contract was received)."""
    agg = (
        _within(ContractReview.objects.all(), agency)
        .filter(received_on__range=(start, end))
        .aggregate(
            n_received=Count("pk"),
            n_reviewed=Count("pk", filter=Q(reviewed_on__isnull=False)),
            n_opinions=Count("pk", filter=Q(opinion_issued=True)),
        )
    )
    return {"received": agg["n_received"], "reviewed": agg["n_reviewed"], "opinions": agg["n_opinions"]}


def major_policy_decision_figures(*, agency: Agency, start: date, end: date) -> dict[str, int]:
    qs = _within(MajorPolicyDecision.objects.filter(adopted=True), agency).filter(decided_on__range=(start, end))
    return {"adopted": qs.count()}


def normative_document_figures(*, agency: Agency, start: date, end: date) -> dict[str, int]:
    qs = _within(NormativeDocument.objects.all(), agency)
    return {
        "issued": qs.filter(issued_on__range=(start, end)).count(),
        "reviewed": qs.filter(issued_on__range=(start, end), legality_reviewed=True).count(),
        "filed": qs.filter(filed_on__range=(start, end)).count(),
        "repealed": qs.filter(repealed_on__range=(start, end)).count(),
    }


def legal_education_figures(*, agency: Agency, start: date, end: date) -> dict[str, Any]:
    """普法 items by kind and their total views (e.g. 普法短视频200余条，浏览量近百万次)."""
    qs = _within(LegalEducation.objects.all(), agency).filter(published_on__range=(start, end))
    by_kind = {row["kind"]: row["n"] for row in qs.values("kind").annotate(n=Count("pk"))}
    views = qs.aggregate(v=Sum("views"))["v"] or 0
    return {"items": sum(by_kind.values()), "by_kind": by_kind, "views": views}


def training_attendance_count(*, agency: Agency, start: date, end: date) -> int:
    """培训人次: attendances of trainings of the subtree held in the period (one officer at one training, once)."""
    return TrainingAttendance.objects.filter(
        training__agency__path__startswith=agency.path, training__held_on__range=(start, end)
    ).count()
