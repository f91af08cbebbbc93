"""法制工作 figures for the annual report and an officer's study hours."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_officer
from fazhi.legal_affairs import selectors
from fazhi.legal_affairs.api.common import _agency, router


@router.get("/figures", summary="年度报告数据：复议、诉讼、出庭率、考试、培训、调处、合同、决策、文件、普法")
def figures(request: HttpRequest, agency_id: int, start: date, end: date) -> dict[str, Any]:
    agency = _agency(request_actor(request), agency_id)
    appearance = selectors.head_appearance(agency=agency, start=start, end=end)
    exams = selectors.exam_figures(agency=agency, start=start, end=end)
    mediation = selectors.mediation_figures(agency=agency, start=start, end=end)
    return {
        "reconsideration": selectors.reconsideration_figures(agency=agency, start=start, end=end).__dict__,
        "litigation": selectors.litigation_figures(agency=agency, start=start, end=end).__dict__,
        "head_appearance": {**appearance.__dict__, "rate": appearance.rate},
        "exams": {**exams.__dict__, "participation_rate": exams.participation_rate, "pass_rate": exams.pass_rate},
        "trainings": selectors.training_count(agency=agency, start=start, end=end),
        "mediation": {**mediation.__dict__, "success_rate": mediation.success_rate},
        "contract_reviews": selectors.contract_review_figures(agency=agency, start=start, end=end),
        "major_policy_decisions": selectors.major_policy_decision_figures(agency=agency, start=start, end=end),
        "normative_documents": selectors.normative_document_figures(agency=agency, start=start, end=end),
        "legal_education": selectors.legal_education_figures(agency=agency, start=start, end=end),
    }


@router.get("/study-hours", summary="执法人员年度学时")
def study_hours(request: HttpRequest, officer_id: int, year: int) -> dict[str, Any]:
    officer = access_officer(actor=request_actor(request), officer_id=officer_id)
    hours = selectors.study_hours(officer=officer, year=year)
    minimum = selectors.study_hours_minimum()
    return {"officer_id": officer.pk, "year": year, "hours": hours, "minimum": minimum, "met": hours >= minimum}
