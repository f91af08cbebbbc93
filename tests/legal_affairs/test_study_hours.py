"""学时: study_hours sums an officer's training hours of one year; the minimum is a bureau setting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.accounts.models import Role
from fazhi.core.errors import ValidationError
from fazhi.legal_affairs.selectors import exam_figures, officers_below_study_minimum, study_hours, training_count
from fazhi.legal_affairs.services import exam_create, exam_result_record, training_attendance_add, training_create


@pytest.fixture
def clerk(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


def test_study_hours_sum_the_attendances_of_the_year_only(bureau, clerk, make_officer) -> None:
    zhang, li = make_officer(name="张伟"), make_officer(name="李娜")
    training_create(
        actor=clerk,
        agency=bureau.bureau,
        title="行政处罚法",
        held_on=date(2025, 3, 1),
        hours=Decimal("24"),
        officers=[zhang, li],
    )
    later = training_create(
        actor=clerk, agency=bureau.bureau, title="案卷评查", held_on=date(2025, 9, 1), hours=Decimal("20")
    )
    training_attendance_add(actor=clerk, training=later, officer=zhang, hours=Decimal("18.5"))
    training_create(
        actor=clerk,
        agency=bureau.bureau,
        title="去年",
        held_on=date(2024, 12, 31),
        hours=Decimal("8"),
        officers=[zhang],
    )
    assert study_hours(officer=zhang, year=2025) == Decimal("42.5")
    assert study_hours(officer=li, year=2025) == Decimal("24.0")
    assert training_count(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31)) == 2


def test_officers_below_the_minimum_follow_the_setting(bureau, clerk, make_officer, settings) -> None:
    zhang = make_officer(name="张伟")
    training_create(
        actor=clerk,
        agency=bureau.bureau,
        title="培训",
        held_on=date(2025, 3, 1),
        hours=Decimal("45"),
        officers=[zhang],
    )
    assert officers_below_study_minimum(agency=bureau.bureau, year=2025) == []
    settings.FAZHI_STUDY_HOURS_MINIMUM = 60
    assert officers_below_study_minimum(agency=bureau.bureau, year=2025) == [(zhang, Decimal("45.0"))]


def test_attending_the_same_training_twice_is_refused(bureau, clerk, make_officer) -> None:
    zhang = make_officer()
    training = training_create(
        actor=clerk, agency=bureau.bureau, title="培训", held_on=date(2025, 3, 1), hours=Decimal("4"), officers=[zhang]
    )
    with pytest.raises(ValidationError, match="已登记参加"):
        training_attendance_add(actor=clerk, training=training, officer=zhang)


def test_exam_figures_give_participation_and_pass_rates(bureau, clerk, make_officer) -> None:
    a, b, c = make_officer(name="甲"), make_officer(name="乙"), make_officer(name="丙")
    exam = exam_create(actor=clerk, agency=bureau.bureau, title="一月一考", held_on=date(2025, 1, 20))
    exam_result_record(actor=clerk, exam=exam, officer=a, score=Decimal("90"))
    exam_result_record(actor=clerk, exam=exam, officer=b, score=Decimal("59.5"))
    exam_result_record(actor=clerk, exam=exam, officer=c, attended=False)
    figures = exam_figures(agency=bureau.bureau, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert (figures.exams, figures.expected, figures.sittings, figures.passed) == (1, 3, 2, 1)
    assert str(figures.participation_rate) == "66.7" and str(figures.pass_rate) == "50.0"
