"""培训、考试 API: trainings and attendance, exams and results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import ModelSchema, Query, Schema, Status
from pydantic import Field

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_officer
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.api.common import Page, _agency, _page, router
from fazhi.legal_affairs.models import (
    Exam,
    ExamResult,
    Training,
    TrainingAttendance,
)

# The columns' own bounds (max_digits=5, decimal_places=1): a larger number stored in SQLite could not be read back.
Score = Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=1)]
Hours = Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=1)]


class TrainingOut(ModelSchema):
    class Meta:
        model = Training
        fields = "__all__"


class TrainingAttendanceOut(ModelSchema):
    class Meta:
        model = TrainingAttendance
        fields = "__all__"


class ExamOut(ModelSchema):
    class Meta:
        model = Exam
        fields = "__all__"


class ExamResultOut(ModelSchema):
    class Meta:
        model = ExamResult
        fields = "__all__"


class TrainingIn(Schema):
    agency_id: int
    title: str
    held_on: date
    hours: Hours
    officer_ids: list[int] = []


class AttendanceIn(Schema):
    officer_id: int
    hours: Hours | None = None


class ExamIn(Schema):
    agency_id: int
    title: str
    held_on: date
    pass_score: Score = Decimal("60")


class ExamResultIn(Schema):
    officer_id: int
    attended: bool = True
    score: Score | None = None


@router.get("/trainings", response=list[TrainingOut], summary="培训列表")
def training_list(request: HttpRequest, page: Query[Page]) -> list[Training]:
    return _page(selectors.scoped(actor=request_actor(request), model=Training), page)


@router.post("/trainings", response={201: TrainingOut}, summary="登记培训及参训人员")
def training_create(request: HttpRequest, payload: TrainingIn) -> Status[Training]:
    actor = request_actor(request)
    officers = [access_officer(actor=actor, officer_id=i) for i in payload.officer_ids]
    item = services.training_create(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        title=payload.title,
        held_on=payload.held_on,
        hours=payload.hours,
        officers=officers,
    )
    return Status(201, item)


@router.post("/trainings/{item_id}/attendances", response={201: TrainingAttendanceOut}, summary="登记参训人员")
def training_attendance_add(request: HttpRequest, item_id: int, payload: AttendanceIn) -> Status[TrainingAttendance]:
    actor = request_actor(request)
    training = selectors.access(actor=actor, model=Training, pk=item_id, what="培训")
    officer = access_officer(actor=actor, officer_id=payload.officer_id)
    return Status(
        201, services.training_attendance_add(actor=actor, training=training, officer=officer, hours=payload.hours)
    )


@router.get("/exams", response=list[ExamOut], summary="考试列表")
def exam_list(request: HttpRequest, page: Query[Page]) -> list[Exam]:
    return _page(selectors.scoped(actor=request_actor(request), model=Exam), page)


@router.post("/exams", response={201: ExamOut}, summary="登记考试")
def exam_create(request: HttpRequest, payload: ExamIn) -> Status[Exam]:
    actor = request_actor(request)
    exam = services.exam_create(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        title=payload.title,
        held_on=payload.held_on,
        pass_score=payload.pass_score,
    )
    return Status(201, exam)


@router.post("/exams/{item_id}/results", response=ExamResultOut, summary="登记考试成绩")
def exam_result_record(request: HttpRequest, item_id: int, payload: ExamResultIn) -> ExamResult:
    actor = request_actor(request)
    exam = selectors.access(actor=actor, model=Exam, pk=item_id, what="考试")
    officer = access_officer(actor=actor, officer_id=payload.officer_id)
    return services.exam_result_record(
        actor=actor, exam=exam, officer=officer, attended=payload.attended, score=payload.score
    )
