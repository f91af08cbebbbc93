"""法制工作 API: list, create and update 复议, 诉讼, 重大行政决策, 规范性文件, 合同审查, 调处, 培训, 考试, 普法;
and the annual-report figures computed from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import ModelSchema, Query, Router, Schema, Status

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.models import Agency
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.models import (
    ContractReview,
    Exam,
    ExamResult,
    LegalEducation,
    Litigation,
    MajorPolicyDecision,
    Mediation,
    NormativeDocument,
    Reconsideration,
    Training,
    TrainingAttendance,
)

router = Router(tags=["法制工作"])


class Page(Schema):
    offset: int = 0
    limit: int = 50
    year: int | None = None


def _page(qs: Any, page: Page) -> list[Any]:
    offset, limit = max(page.offset, 0), min(max(page.limit, 1), 500)
    return list(qs[offset : offset + limit])


def _agency(actor: User, agency_id: int) -> Agency:
    return access_agency(actor=actor, agency_id=agency_id)


def _case(actor: User, case_id: int | None) -> Any:
    if case_id is None:
        return None
    from fazhi.cases.selectors import access_case

    return access_case(actor=actor, case_id=case_id)


# --- schemas ---------------------------------------------------------------------------------------------------


class ReconsiderationOut(ModelSchema):
    class Meta:
        model = Reconsideration
        fields = "__all__"


class LitigationOut(ModelSchema):
    class Meta:
        model = Litigation
        fields = "__all__"


class MajorPolicyDecisionOut(ModelSchema):
    class Meta:
        model = MajorPolicyDecision
        fields = "__all__"


class NormativeDocumentOut(ModelSchema):
    class Meta:
        model = NormativeDocument
        fields = "__all__"


class ContractReviewOut(ModelSchema):
    class Meta:
        model = ContractReview
        fields = "__all__"


class MediationOut(ModelSchema):
    class Meta:
        model = Mediation
        fields = "__all__"


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


class LegalEducationOut(ModelSchema):
    class Meta:
        model = LegalEducation
        fields = "__all__"


class ReconsiderationIn(Schema):
    agency_id: int
    applicant: str
    matter: str
    received_on: date
    case_id: int | None = None
    decision_number: str = ""
    applied_on: date | None = None
    simplified: bool = False
    number: str = ""
    reconsideration_body: str = ""
    note: str = ""


class DecideIn(Schema):
    outcome: str
    on: date
    served_on: date | None = None
    by_ruling: bool = False
    changed_fine: Decimal | None = None
    changed_reasons: str = ""


class ReplyIn(Schema):
    on: date


class LitigationIn(Schema):
    agency_id: int
    plaintiff: str
    cause: str
    filed_on: date
    court: str
    stage: str = "first_instance"
    case_id: int | None = None
    decision_number: str = ""
    complaint_received_on: date | None = None
    reconsideration_id: int | None = None
    previous_id: int | None = None
    number: str = ""
    note: str = ""


class HearingIn(Schema):
    hearing_date: date
    head_appeared: bool
    appeared_by: str
    appeared_role: str = ""
    lawyer_only: bool = False
    absence_explanation: str = ""
    court_suggested_attendance: bool = False


class StepsIn(Schema):
    public_participation: bool | None = None
    expert_argument: bool | None = None
    risk_assessment: bool | None = None
    legality_review: bool | None = None
    collective_decision: bool | None = None


class MajorPolicyDecisionIn(StepsIn):
    agency_id: int
    title: str
    note: str = ""


class AdoptIn(Schema):
    decided_on: date


class NormativeDocumentUpdate(Schema):
    title: str | None = None
    number: str | None = None
    legality_reviewed: bool | None = None
    issued_on: date | None = None
    filed_on: date | None = None
    repealed_on: date | None = None
    note: str | None = None


class NormativeDocumentIn(NormativeDocumentUpdate):
    agency_id: int
    title: str


class ContractReviewUpdate(Schema):
    title: str | None = None
    counterparty: str | None = None
    received_on: date | None = None
    reviewed_on: date | None = None
    opinion_issued: bool | None = None
    adviser: str | None = None
    note: str | None = None


class ContractReviewIn(ContractReviewUpdate):
    agency_id: int
    title: str
    received_on: date


class MediationIn(Schema):
    agency_id: int
    received_on: date
    parties: str
    subject: str


class MediationCloseIn(Schema):
    resolved: bool
    resolved_on: date
    result: str = ""


class TrainingIn(Schema):
    agency_id: int
    title: str
    held_on: date
    hours: Decimal
    officer_ids: list[int] = []


class AttendanceIn(Schema):
    officer_id: int
    hours: Decimal | None = None


class ExamIn(Schema):
    agency_id: int
    title: str
    held_on: date
    pass_score: Decimal = Decimal("60")


class ExamResultIn(Schema):
    officer_id: int
    attended: bool = True
    score: Decimal | None = None


class LegalEducationIn(Schema):
    agency_id: int
    title: str
    kind: str
    published_on: date
    views: int = 0
    url: str = ""
    case_id: int | None = None


class ViewsIn(Schema):
    views: int


def _set(data: Schema) -> dict[str, Any]:
    return {k: v for k, v in data.dict(exclude_unset=True).items() if k != "agency_id" and v is not None}


# --- 复议 -------------------------------------------------------------------------------------------------------


@router.get("/reconsiderations", response=list[ReconsiderationOut], summary="行政复议列表")
def reconsideration_list(request: HttpRequest, page: Query[Page]) -> list[Reconsideration]:
    return _page(selectors.reconsideration_list(actor=request_actor(request), year=page.year), page)


@router.post("/reconsiderations", response={201: ReconsiderationOut}, summary="登记行政复议")
def reconsideration_create(request: HttpRequest, payload: ReconsiderationIn) -> Status[Reconsideration]:
    actor = request_actor(request)
    item = services.reconsideration_register(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        applicant=payload.applicant,
        matter=payload.matter,
        received_on=payload.received_on,
        case=_case(actor, payload.case_id),
        decision_number=payload.decision_number,
        applied_on=payload.applied_on,
        simplified=payload.simplified,
        number=payload.number,
        reconsideration_body=payload.reconsideration_body,
        note=payload.note,
    )
    return Status(201, item)


@router.post("/reconsiderations/{item_id}/decide", response=ReconsiderationOut, summary="登记复议决定")
def reconsideration_decide(request: HttpRequest, item_id: int, payload: DecideIn) -> Reconsideration:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Reconsideration, pk=item_id, what="行政复议")
    return services.reconsideration_decide(
        actor=actor,
        reconsideration=item,
        outcome=payload.outcome,
        decided_on=payload.on,
        served_on=payload.served_on,
        changed_fine=payload.changed_fine,
        changed_reasons=payload.changed_reasons,
    )


@router.post("/reconsiderations/{item_id}/reply", response=ReconsiderationOut, summary="登记提交复议答复")
def reconsideration_reply(request: HttpRequest, item_id: int, payload: ReplyIn) -> Reconsideration:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Reconsideration, pk=item_id, what="行政复议")
    return services.reconsideration_reply(actor=actor, reconsideration=item, replied_on=payload.on)


# --- 诉讼 -------------------------------------------------------------------------------------------------------


@router.get("/litigations", response=list[LitigationOut], summary="行政诉讼列表")
def litigation_list(request: HttpRequest, page: Query[Page]) -> list[Litigation]:
    return _page(selectors.litigation_list(actor=request_actor(request), year=page.year), page)


@router.post("/litigations", response={201: LitigationOut}, summary="登记行政诉讼")
def litigation_create(request: HttpRequest, payload: LitigationIn) -> Status[Litigation]:
    actor = request_actor(request)
    reconsideration = (
        selectors.access(actor=actor, model=Reconsideration, pk=payload.reconsideration_id, what="行政复议")
        if payload.reconsideration_id
        else None
    )
    previous = (
        selectors.access(actor=actor, model=Litigation, pk=payload.previous_id, what="行政诉讼")
        if payload.previous_id
        else None
    )
    item = services.litigation_register(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        plaintiff=payload.plaintiff,
        cause=payload.cause,
        filed_on=payload.filed_on,
        court=payload.court,
        stage=payload.stage,
        case=_case(actor, payload.case_id),
        decision_number=payload.decision_number,
        complaint_received_on=payload.complaint_received_on,
        reconsideration=reconsideration,
        previous=previous,
        number=payload.number,
        note=payload.note,
    )
    return Status(201, item)


@router.post("/litigations/{item_id}/hearing", response=LitigationOut, summary="登记开庭及负责人出庭应诉情况")
def litigation_hearing(request: HttpRequest, item_id: int, payload: HearingIn) -> Litigation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Litigation, pk=item_id, what="行政诉讼")
    return services.litigation_record_hearing(actor=actor, litigation=item, **payload.dict())


@router.post("/litigations/{item_id}/decide", response=LitigationOut, summary="登记裁判结果")
def litigation_decide(request: HttpRequest, item_id: int, payload: DecideIn) -> Litigation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Litigation, pk=item_id, what="行政诉讼")
    return services.litigation_decide(
        actor=actor,
        litigation=item,
        outcome=payload.outcome,
        closed_on=payload.on,
        served_on=payload.served_on,
        by_ruling=payload.by_ruling,
        changed_fine=payload.changed_fine,
        changed_reasons=payload.changed_reasons,
    )


@router.post("/litigations/{item_id}/defence", response=LitigationOut, summary="登记提交答辩状")
def litigation_defend(request: HttpRequest, item_id: int, payload: ReplyIn) -> Litigation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Litigation, pk=item_id, what="行政诉讼")
    return services.litigation_defend(actor=actor, litigation=item, defended_on=payload.on)


# --- 重大行政决策 -----------------------------------------------------------------------------------------------


@router.get("/major-decisions", response=list[MajorPolicyDecisionOut], summary="重大行政决策列表")
def major_decision_list(request: HttpRequest, page: Query[Page]) -> list[MajorPolicyDecision]:
    return _page(selectors.scoped(actor=request_actor(request), model=MajorPolicyDecision), page)


@router.post("/major-decisions", response={201: MajorPolicyDecisionOut}, summary="登记重大行政决策")
def major_decision_create(request: HttpRequest, payload: MajorPolicyDecisionIn) -> Status[MajorPolicyDecision]:
    actor = request_actor(request)
    fields = _set(payload)
    item = services.major_policy_decision_create(
        actor=actor, agency=_agency(actor, payload.agency_id), title=fields.pop("title"), **fields
    )
    return Status(201, item)


@router.patch("/major-decisions/{item_id}", response=MajorPolicyDecisionOut, summary="登记决策程序")
def major_decision_update(request: HttpRequest, item_id: int, payload: StepsIn) -> MajorPolicyDecision:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=MajorPolicyDecision, pk=item_id, what="重大行政决策")
    return services.major_policy_decision_update_steps(actor=actor, decision=item, **_set(payload))


@router.post("/major-decisions/{item_id}/adopt", response=MajorPolicyDecisionOut, summary="登记作出决策")
def major_decision_adopt(request: HttpRequest, item_id: int, payload: AdoptIn) -> MajorPolicyDecision:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=MajorPolicyDecision, pk=item_id, what="重大行政决策")
    return services.major_policy_decision_adopt(actor=actor, decision=item, decided_on=payload.decided_on)


# --- 规范性文件、合同审查 ----------------------------------------------------------------------------------------


@router.get("/normative-documents", response=list[NormativeDocumentOut], summary="规范性文件列表")
def normative_document_list(request: HttpRequest, page: Query[Page]) -> list[NormativeDocument]:
    return _page(selectors.scoped(actor=request_actor(request), model=NormativeDocument), page)


@router.post("/normative-documents", response={201: NormativeDocumentOut}, summary="登记规范性文件")
def normative_document_create(request: HttpRequest, payload: NormativeDocumentIn) -> Status[NormativeDocument]:
    actor = request_actor(request)
    doc = services.normative_document_create(actor=actor, agency=_agency(actor, payload.agency_id), **_set(payload))
    return Status(201, doc)


@router.patch(
    "/normative-documents/{item_id}", response=NormativeDocumentOut, summary="修改规范性文件（审核、印发、备案、废止）"
)
def normative_document_update(
    request: HttpRequest, item_id: int, payload: NormativeDocumentUpdate
) -> NormativeDocument:
    actor = request_actor(request)
    doc = selectors.access(actor=actor, model=NormativeDocument, pk=item_id, what="规范性文件")
    return services.normative_document_update(actor=actor, document=doc, **_set(payload))


@router.get("/contract-reviews", response=list[ContractReviewOut], summary="合同审查列表")
def contract_review_list(request: HttpRequest, page: Query[Page]) -> list[ContractReview]:
    return _page(selectors.scoped(actor=request_actor(request), model=ContractReview), page)


@router.post("/contract-reviews", response={201: ContractReviewOut}, summary="登记合同审查")
def contract_review_create(request: HttpRequest, payload: ContractReviewIn) -> Status[ContractReview]:
    actor = request_actor(request)
    item = services.contract_review_create(actor=actor, agency=_agency(actor, payload.agency_id), **_set(payload))
    return Status(201, item)


@router.patch("/contract-reviews/{item_id}", response=ContractReviewOut, summary="修改合同审查")
def contract_review_update(request: HttpRequest, item_id: int, payload: ContractReviewUpdate) -> ContractReview:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=ContractReview, pk=item_id, what="合同审查")
    return services.contract_review_update(actor=actor, review=item, **_set(payload))


# --- 调处 -------------------------------------------------------------------------------------------------------


@router.get("/mediations", response=list[MediationOut], summary="矛盾纠纷调处列表")
def mediation_list(request: HttpRequest, page: Query[Page]) -> list[Mediation]:
    return _page(selectors.scoped(actor=request_actor(request), model=Mediation), page)


@router.post("/mediations", response={201: MediationOut}, summary="受理矛盾纠纷")
def mediation_create(request: HttpRequest, payload: MediationIn) -> Status[Mediation]:
    actor = request_actor(request)
    item = services.mediation_register(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        received_on=payload.received_on,
        parties=payload.parties,
        subject=payload.subject,
    )
    return Status(201, item)


@router.post("/mediations/{item_id}/close", response=MediationOut, summary="登记调处结果")
def mediation_close(request: HttpRequest, item_id: int, payload: MediationCloseIn) -> Mediation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=Mediation, pk=item_id, what="矛盾纠纷")
    return services.mediation_close(actor=actor, mediation=item, **payload.dict())


# --- 培训、考试 ------------------------------------------------------------------------------------------------


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


# --- 普法 ------------------------------------------------------------------------------------------------------


@router.get("/legal-education", response=list[LegalEducationOut], summary="普法列表")
def legal_education_list(request: HttpRequest, page: Query[Page]) -> list[LegalEducation]:
    return _page(selectors.scoped(actor=request_actor(request), model=LegalEducation), page)


@router.post("/legal-education", response={201: LegalEducationOut}, summary="登记普法")
def legal_education_create(request: HttpRequest, payload: LegalEducationIn) -> Status[LegalEducation]:
    actor = request_actor(request)
    item = services.legal_education_create(
        actor=actor,
        agency=_agency(actor, payload.agency_id),
        title=payload.title,
        kind=payload.kind,
        published_on=payload.published_on,
        views=payload.views,
        url=payload.url,
        case=_case(actor, payload.case_id),
    )
    return Status(201, item)


@router.patch("/legal-education/{item_id}", response=LegalEducationOut, summary="更新浏览量")
def legal_education_update(request: HttpRequest, item_id: int, payload: ViewsIn) -> LegalEducation:
    actor = request_actor(request)
    item = selectors.access(actor=actor, model=LegalEducation, pk=item_id, what="普法")
    return services.legal_education_update_views(actor=actor, item=item, views=payload.views)


# --- figures ---------------------------------------------------------------------------------------------------


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
