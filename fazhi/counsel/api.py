"""法律顾问、法制跟案、案件会商与法治建设职责 API: list, read and register each record, and the annual figures.

Refusals answer as everywhere: ``{"code", "message"}`` with 403 (no role, read-only), 404 (not found or not in
scope), 409 (a rule: outside the adviser's term, the officer is a handler …) or 400/422 (the input).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, ModelSchema, Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency
from fazhi.cases.selectors import access_case
from fazhi.core.figures import figure_json
from fazhi.counsel import selectors, services
from fazhi.counsel.figures import annual_figures
from fazhi.counsel.models import (
    AdviserParticipation,
    CaseAccompaniment,
    CaseConsultation,
    DutyRecord,
    LegalAdviser,
    LegalOpinion,
    TownshipCaseReview,
)

router = Router(tags=["法律顾问与法治建设职责"])


class CounselPage(Schema):
    offset: int = Field(0, ge=0, le=1_000_000, description="跳过的条数")
    limit: int = Field(50, ge=1, le=500, description="每页条数（1–500）")


def _page(qs: Any, page: CounselPage) -> list[Any]:
    return list(qs[page.offset : page.offset + page.limit])


# --- 法律顾问 -------------------------------------------------------------------------------------------------


class LegalAdviserOut(ModelSchema):
    class Meta:
        model = LegalAdviser
        fields = "__all__"


class LegalAdviserIn(Schema):
    agency_id: int = Field(description="聘请（所在）机构")
    kind: str = Field(description="类别：counsel 外聘法律顾问，public_lawyer 公职律师")
    name: str = Field(max_length=50, description="姓名")
    firm: str = Field(max_length=200, description="律师事务所或所在单位")
    licence_number: str = Field("", max_length=40, description="执业证号（公职律师证号）")
    term_from: date = Field(description="聘期（任职）起")
    term_until: date | None = Field(None, description="聘期（任职）止，留空为长期")
    note: str = Field("", max_length=2000, description="备注")


@router.get("/advisers", response=list[LegalAdviserOut], summary="法律顾问（公职律师）列表")
def adviser_list(request: HttpRequest, page: Query[CounselPage]) -> list[LegalAdviser]:
    return _page(selectors.adviser_list(actor=request_actor(request)), page)


@router.post("/advisers", response={201: LegalAdviserOut}, summary="登记法律顾问（公职律师）")
def adviser_create(request: HttpRequest, payload: LegalAdviserIn) -> Status[LegalAdviser]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    return Status(201, services.adviser_create(actor=actor, agency=agency, **data))


@router.get("/advisers/{adviser_id}", response=LegalAdviserOut, summary="法律顾问（公职律师）详情")
def adviser_get(request: HttpRequest, adviser_id: int) -> LegalAdviser:
    return selectors.access_adviser(actor=request_actor(request), adviser_id=adviser_id)


# --- 参与 --------------------------------------------------------------------------------------------------------


class AdviserParticipationOut(ModelSchema):
    class Meta:
        model = AdviserParticipation
        fields = "__all__"


class AdviserParticipationIn(Schema):
    adviser_id: int = Field(description="法律顾问（公职律师）")
    kind: str = Field(
        description="参与事项：legal_review 案件法制审核，major_decision 重大行政决策，litigation 行政诉讼，"
        "contract_review 合同审查"
    )
    target_id: int = Field(description="所参与记录的编号（法制审核、重大行政决策、行政诉讼或合同审查）")
    on: date = Field(description="参与日期（须在聘期内）")
    note: str = Field("", max_length=2000, description="参与情况")


@router.get("/participations", response=list[AdviserParticipationOut], summary="法律顾问参与记录列表")
def participation_list(request: HttpRequest, page: Query[CounselPage]) -> list[AdviserParticipation]:
    return _page(selectors.participation_list(actor=request_actor(request)), page)


@router.post("/participations", response={201: AdviserParticipationOut}, summary="登记法律顾问参与")
def participation_create(request: HttpRequest, payload: AdviserParticipationIn) -> Status[AdviserParticipation]:
    actor = request_actor(request)
    adviser = selectors.access_adviser(actor=actor, adviser_id=payload.adviser_id)
    target = selectors.access_participation_target(actor=actor, kind=payload.kind, target_id=payload.target_id)
    item = services.adviser_participation_create(
        actor=actor, adviser=adviser, target=target, on=payload.on, note=payload.note
    )
    return Status(201, item)


@router.get("/participations/{participation_id}", response=AdviserParticipationOut, summary="法律顾问参与记录详情")
def participation_get(request: HttpRequest, participation_id: int) -> AdviserParticipation:
    return selectors.access_participation(actor=request_actor(request), participation_id=participation_id)


# --- 法律意见书 -------------------------------------------------------------------------------------------------


class LegalOpinionOut(ModelSchema):
    class Meta:
        model = LegalOpinion
        fields = "__all__"


class LegalOpinionIn(Schema):
    adviser_id: int = Field(description="出具意见的法律顾问（公职律师）")
    issued_on: date = Field(description="出具日期（须在聘期内）")
    subject: str = Field(max_length=200, description="事项")
    link: str = Field("", max_length=300, description="关联（文号或链接）")
    summary: str = Field("", max_length=5000, description="意见摘要")


@router.get("/opinions", response=list[LegalOpinionOut], summary="法律意见书列表")
def opinion_list(request: HttpRequest, page: Query[CounselPage]) -> list[LegalOpinion]:
    return _page(selectors.legal_opinion_list(actor=request_actor(request)), page)


@router.post("/opinions", response={201: LegalOpinionOut}, summary="登记法律意见书")
def opinion_create(request: HttpRequest, payload: LegalOpinionIn) -> Status[LegalOpinion]:
    actor = request_actor(request)
    data = payload.dict()
    adviser = selectors.access_adviser(actor=actor, adviser_id=data.pop("adviser_id"))
    return Status(201, services.legal_opinion_create(actor=actor, adviser=adviser, **data))


@router.get("/opinions/{opinion_id}", response=LegalOpinionOut, summary="法律意见书详情")
def opinion_get(request: HttpRequest, opinion_id: int) -> LegalOpinion:
    return selectors.access_legal_opinion(actor=request_actor(request), opinion_id=opinion_id)


# --- 法制人员跟案 ------------------------------------------------------------------------------------------------


class CaseAccompanimentOut(ModelSchema):
    class Meta:
        model = CaseAccompaniment
        fields = "__all__"


class CaseAccompanimentIn(Schema):
    case_id: int = Field(description="案件")
    legal_officer_id: int = Field(description="跟案的法制审核人员（用户编号），不得是本案承办人")
    started_on: date = Field(description="跟案起始日期")
    note: str = Field("", max_length=2000, description="跟案情况")


@router.get("/accompaniments", response=list[CaseAccompanimentOut], summary="法制人员跟案列表")
def accompaniment_list(request: HttpRequest, page: Query[CounselPage]) -> list[CaseAccompaniment]:
    return _page(selectors.accompaniment_list(actor=request_actor(request)), page)


@router.post("/accompaniments", response={201: CaseAccompanimentOut}, summary="登记法制人员跟案")
def accompaniment_create(request: HttpRequest, payload: CaseAccompanimentIn) -> Status[CaseAccompaniment]:
    actor = request_actor(request)
    case = access_case(actor=actor, case_id=payload.case_id)
    officer = selectors.access_legal_officer(actor=actor, user_id=payload.legal_officer_id)
    item = services.case_accompaniment_create(
        actor=actor, case=case, legal_officer=officer, started_on=payload.started_on, note=payload.note
    )
    return Status(201, item)


@router.get("/accompaniments/{accompaniment_id}", response=CaseAccompanimentOut, summary="法制人员跟案详情")
def accompaniment_get(request: HttpRequest, accompaniment_id: int) -> CaseAccompaniment:
    return selectors.access_accompaniment(actor=request_actor(request), accompaniment_id=accompaniment_id)


# --- 案件会商 ---------------------------------------------------------------------------------------------------


class CaseConsultationOut(ModelSchema):
    case_ids: list[int] = Field(description="会商案件的编号")

    class Meta:
        model = CaseConsultation
        exclude = ("cases",)

    @staticmethod
    def resolve_case_ids(obj: CaseConsultation) -> list[int]:
        return sorted(c.pk for c in obj.cases.all())


class CaseConsultationIn(Schema):
    agency_id: int = Field(description="组织机构")
    held_on: date = Field(description="会商日期")
    subject: str = Field(max_length=200, description="会商议题")
    participants: str = Field(max_length=500, description="参加人员")
    conclusions: str = Field(max_length=5000, description="会商意见")
    case_ids: list[int] = Field(default_factory=list, max_length=100, description="会商案件的编号")


@router.get("/consultations", response=list[CaseConsultationOut], summary="案件会商列表")
def consultation_list(request: HttpRequest, page: Query[CounselPage]) -> list[CaseConsultation]:
    return _page(selectors.consultation_list(actor=request_actor(request)), page)


@router.post("/consultations", response={201: CaseConsultationOut}, summary="登记案件会商")
def consultation_create(request: HttpRequest, payload: CaseConsultationIn) -> Status[CaseConsultation]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    cases = [access_case(actor=actor, case_id=pk) for pk in data.pop("case_ids")]
    return Status(201, services.case_consultation_create(actor=actor, agency=agency, cases=cases, **data))


@router.get("/consultations/{consultation_id}", response=CaseConsultationOut, summary="案件会商详情")
def consultation_get(request: HttpRequest, consultation_id: int) -> CaseConsultation:
    return selectors.access_consultation(actor=request_actor(request), consultation_id=consultation_id)


# --- 乡镇赋权案件审核 ---------------------------------------------------------------------------------------------


class TownshipCaseReviewOut(ModelSchema):
    class Meta:
        model = TownshipCaseReview
        fields = "__all__"


class TownshipCaseReviewIn(Schema):
    agency_id: int = Field(description="审核机构（局）")
    township_id: int = Field(description="乡镇（街道）")
    reviewer_id: int = Field(description="审核人员（局的法制审核人员，用户编号）")
    reviewed_on: date = Field(description="审核日期")
    opinion: str = Field(description="审核意见：agree 同意，disagree 不同意，supplement 补充调查")
    case_id: int | None = Field(None, description="乡镇案件（在本系统办理的）")
    case_number: str = Field("", max_length=60, description="案号（案件不在本系统时填写）")
    item_code: str = Field("", max_length=40, description="赋权事项编码（关联案件时取案件的事项）")
    note: str = Field("", max_length=2000, description="意见摘要")


@router.get("/township-reviews", response=list[TownshipCaseReviewOut], summary="乡镇赋权案件审核列表")
def township_review_list(request: HttpRequest, page: Query[CounselPage]) -> list[TownshipCaseReview]:
    return _page(selectors.township_review_list(actor=request_actor(request)), page)


@router.post("/township-reviews", response={201: TownshipCaseReviewOut}, summary="登记乡镇赋权案件审核")
def township_review_create(request: HttpRequest, payload: TownshipCaseReviewIn) -> Status[TownshipCaseReview]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    township = access_agency(actor=actor, agency_id=data.pop("township_id"))
    reviewer = selectors.access_legal_officer(actor=actor, user_id=data.pop("reviewer_id"))
    case_id = data.pop("case_id")
    case = access_case(actor=actor, case_id=case_id) if case_id is not None else None
    item = services.township_review_create(
        actor=actor, agency=agency, township=township, reviewer=reviewer, case=case, **data
    )
    return Status(201, item)


@router.get("/township-reviews/{review_id}", response=TownshipCaseReviewOut, summary="乡镇赋权案件审核详情")
def township_review_get(request: HttpRequest, review_id: int) -> TownshipCaseReview:
    return selectors.access_township_review(actor=request_actor(request), review_id=review_id)


# --- 法治建设职责 ------------------------------------------------------------------------------------------------


class DutyRecordOut(ModelSchema):
    class Meta:
        model = DutyRecord
        fields = "__all__"


class DutyRecordIn(Schema):
    agency_id: int = Field(description="机构")
    kind: str = Field(
        description="类别：party_group_meeting 党组会议，director_meeting 局长办公会，statement 述法，"
        "group_study 集体学法，legal_meeting 法制例会"
    )
    held_on: date = Field(description="日期")
    subject: str = Field(max_length=200, description="主题")
    chaired_by: str = Field(max_length=100, description="主持人（述法时为述法人）")
    attendees: str = Field("", max_length=500, description="参加人员（党组会议、局长办公会必填）")
    place: str = Field("", max_length=200, description="地点（述法时为述法场合，必填）")
    note: str = Field("", max_length=5000, description="内容摘要")


@router.get("/duties", response=list[DutyRecordOut], summary="法治建设职责履行列表")
def duty_list(request: HttpRequest, page: Query[CounselPage]) -> list[DutyRecord]:
    return _page(selectors.duty_record_list(actor=request_actor(request)), page)


@router.post("/duties", response={201: DutyRecordOut}, summary="登记法治建设职责履行（会议、述法、学法、例会）")
def duty_create(request: HttpRequest, payload: DutyRecordIn) -> Status[DutyRecord]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    return Status(201, services.duty_record_create(actor=actor, agency=agency, **data))


@router.get("/duties/{record_id}", response=DutyRecordOut, summary="法治建设职责履行详情")
def duty_get(request: HttpRequest, record_id: int) -> DutyRecord:
    return selectors.access_duty_record(actor=request_actor(request), record_id=record_id)


# --- 年度报告数据 -------------------------------------------------------------------------------------------------


class CounselFiguresQuery(Schema):
    agency_id: int = Field(description="机构")
    start: date = Field(description="起始日期（含）")
    end: date = Field(description="截止日期（含）")
    include_subordinates: bool = Field(True, description="含下级机构")


@router.get(
    "/figures", response=dict[str, int | bool | str | None], summary="年度报告数据：法律顾问、跟案、会商、法治职责"
)
def figures(request: HttpRequest, query: Query[CounselFiguresQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    agency = access_agency(actor=actor, agency_id=query.agency_id)
    values = annual_figures(
        agency=agency,
        include_subordinates=query.include_subordinates,
        start=query.start,
        end=query.end,
        today=query.end,
    )
    return {key: figure_json(value) for key, value in values.items()}
