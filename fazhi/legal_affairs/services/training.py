"""培训、考试与学时: trainings and attendance, exams and results."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from fazhi.agencies.models import Agency, Officer
from fazhi.agencies.scope import scope_for
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.legal_affairs.models import (
    Exam,
    ExamResult,
    Training,
    TrainingAttendance,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

from fazhi.legal_affairs.services.common import _ensure_legal, _text, _write

# --- 培训与考试 -------------------------------------------------------------------------------------------------


def _check_hours(hours: Decimal) -> Decimal:
    if not isinstance(hours, Decimal):
        hours = Decimal(str(hours))
    if hours <= 0 or hours > Decimal("1000"):
        raise ValidationError("学时应大于0（可含一位小数）。")
    return hours.quantize(Decimal("0.1"))


def _ensure_officers_visible(actor: User, officers: Iterable[Officer]) -> list[Officer]:
    scope = scope_for(actor)
    result = list(officers)
    for officer in result:
        if not scope.sees(officer.agency):
            raise PermissionDenied(f"执法人员{officer.name}不在您的管辖范围内。")
    return result


@transaction.atomic
def training_create(
    *, actor: User, agency: Agency, title: str, held_on: date, hours: Decimal, officers: Iterable[Officer] = ()
) -> Training:
    _ensure_legal(actor, agency, action="登记培训")
    training = Training(agency=agency, title=_text(title, "培训名称"), held_on=held_on, hours=_check_hours(hours))
    training.created_by = actor
    attendees = _ensure_officers_visible(actor, officers)
    _write(actor, training, action="training.create", summary=f"登记培训：{training.title}", before=None)
    for officer in attendees:
        TrainingAttendance.objects.create(training=training, officer=officer, hours=training.hours)
    audit_record(
        actor=actor,
        entity=training,
        action="training.attendance",
        summary="登记参训人员",
        after={"officers": sorted(o.pk for o in attendees)},
    )
    return training


@transaction.atomic
def training_attendance_add(
    *, actor: User, training: Training, officer: Officer, hours: Decimal | None = None
) -> TrainingAttendance:
    _ensure_legal(actor, training.agency, action="登记参训人员")
    _ensure_officers_visible(actor, [officer])
    value = _check_hours(hours) if hours is not None else training.hours
    if value > training.hours:
        raise ValidationError(f"计入学时不能超过本次培训的学时（{training.hours}）。")
    try:
        with transaction.atomic():
            attendance = TrainingAttendance.objects.create(training=training, officer=officer, hours=value)
    except IntegrityError as exc:
        raise ValidationError(f"{officer.name}已登记参加本次培训。") from exc
    audit_record(
        actor=actor,
        entity=training,
        action="training.attendance",
        summary=f"登记参训：{officer.name} {value}学时",
        after={"officer": officer.pk, "hours": value},
    )
    return attendance


@transaction.atomic
def exam_create(*, actor: User, agency: Agency, title: str, held_on: date, pass_score: Decimal = Decimal("60")) -> Exam:
    _ensure_legal(actor, agency, action="登记考试")
    exam = Exam(agency=agency, title=_text(title, "考试名称"), held_on=held_on, pass_score=pass_score, created_by=actor)
    _write(actor, exam, action="exam.create", summary=f"登记考试：{exam.title}", before=None)
    return exam


@transaction.atomic
def exam_result_record(
    *, actor: User, exam: Exam, officer: Officer, attended: bool = True, score: Decimal | None = None
) -> ExamResult:
    """One officer's result; ``passed`` follows from the exam's pass score and is never typed by hand."""
    _ensure_legal(actor, exam.agency, action="登记考试成绩")
    _ensure_officers_visible(actor, [officer])
    if attended and score is None:
        raise ValidationError("参加考试的请填写成绩。")
    if score is not None and not (Decimal("0") <= score <= Decimal("1000")):
        raise ValidationError("成绩应在0到1000之间。")
    passed = bool(attended and score is not None and score >= exam.pass_score)
    result, created = ExamResult.objects.select_for_update(of=("self",)).get_or_create(
        exam=exam, officer=officer, defaults={"attended": attended, "score": score, "passed": passed}
    )
    before = None if created else snapshot(result)
    if not created:
        result.attended, result.score, result.passed = attended, score if attended else None, passed
        result.save()
    audit_record(
        actor=actor,
        entity=exam,
        action="exam.result",
        summary=f"{officer.name}：{'缺考' if not attended else f'{score}分'}",
        before=before,
        after=snapshot(result),
    )
    return result
