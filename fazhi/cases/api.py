from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fazhi.accounts.request import request_actor
from fazhi.agencies.selectors import access_agency, access_officer
from fazhi.cases import deadlines, selectors, services, workflow
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden

router = Router(tags=["案件"])


class CaseOpenIn(Schema):
    agency_id: int
    source: str
    power_item_code: str
    party_kind: str
    party_name: str
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    act_date: date
    act_ended: date | None = None
    discovered_on: date
    grave_harm: bool = False
    location: str = ""
    facts: str = ""


class CaseRegisterIn(Schema):
    handler_ids: list[int]
    lead_handler_id: int | None = None
    on: date


class CaseDeclineIn(Schema):
    reason: str


class CaseOut(Schema):
    id: int
    procedure: str
    simple_form_number: str
    decision_number: str
    state: str
    state_label: str
    lead_number: str
    register_number: str
    registered_on: date | None
    agency_id: int
    power_item_code: str
    power_item_name: str
    rule_set_version: str
    party_kind: str
    party_name: str
    act_date: date
    discovered_on: date
    handler_ids: list[int]

    @staticmethod
    def resolve_decision_number(obj: Case) -> str:
        decision = getattr(obj, "decision", None)
        return decision.number if decision is not None else ""

    @staticmethod
    def resolve_state_label(obj: Case) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_power_item_code(obj: Case) -> str:
        return obj.power_item.code

    @staticmethod
    def resolve_power_item_name(obj: Case) -> str:
        return obj.power_item.name

    @staticmethod
    def resolve_rule_set_version(obj: Case) -> str:
        return obj.power_item.rule_set.version_label

    @staticmethod
    def resolve_party_kind(obj: Case) -> str:
        return obj.party.kind

    @staticmethod
    def resolve_party_name(obj: Case) -> str:
        return obj.party.public_name

    @staticmethod
    def resolve_handler_ids(obj: Case) -> list[int]:
        return sorted(h.officer_id for h in obj.handlers.all())


class TodoOut(Schema):
    case_id: int
    number: str
    party: str
    task: str
    deadline: str | None
    due: date | None
    status: str


@router.get("/todo", response=list[TodoOut], summary="待办（最近期限在前，逾期在最前）")
def todo(request: HttpRequest) -> list[dict[str, Any]]:
    today = clock.today()
    return [
        {
            "case_id": i.case.pk,
            "number": i.case.register_number or i.case.lead_number,
            "party": i.case.party.public_name,
            "task": i.task,
            "deadline": i.deadline.label if i.deadline else None,
            "due": i.deadline.due if i.deadline else None,
            "status": i.status(today),
        }
        for i in selectors.todo_list(actor=request_actor(request), today=today)
    ]


@router.get("/", response=list[CaseOut], summary="案件列表（本人可见范围）")
def list_cases(
    request: HttpRequest,
    state: str | None = None,
    search: str = "",
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=200),
) -> list[Case]:
    qs = selectors.case_list(actor=request_actor(request), state=state, search=search)
    return list(qs.prefetch_related("handlers")[offset : offset + limit])


@router.post("/", response={201: CaseOut}, summary="案源登记")
def open_case(request: HttpRequest, payload: CaseOpenIn) -> Status[Case]:
    data = payload.dict()
    agency = access_agency(actor=request_actor(request), agency_id=data.pop("agency_id"))
    case = services.case_open(actor=request_actor(request), agency=agency, **data)
    return Status(201, case)


@router.get("/{int:case_id}", response=CaseOut, summary="案件详情")
def get_case(request: HttpRequest, case_id: int) -> Case:
    return selectors.access_case(actor=request_actor(request), case_id=case_id)


@router.post("/{int:case_id}/register", response=CaseOut, summary="立案（负责人批准，指派两名以上承办人）")
def register_case(request: HttpRequest, case_id: int, payload: CaseRegisterIn) -> Case:
    actor = request_actor(request)
    case = selectors.access_case(actor=actor, case_id=case_id)
    handlers = [access_officer(actor=actor, officer_id=i) for i in payload.handler_ids]
    lead = access_officer(actor=actor, officer_id=payload.lead_handler_id) if payload.lead_handler_id else None
    return services.case_register(actor=actor, case=case, handlers=handlers, on=payload.on, lead_handler=lead)


@router.post("/{int:case_id}/decline", response=CaseOut, summary="不予立案")
def decline_case(request: HttpRequest, case_id: int, payload: CaseDeclineIn) -> Case:
    case = selectors.access_case(actor=request_actor(request), case_id=case_id)
    return services.case_decline(actor=request_actor(request), case=case, reason=payload.reason)


# --- the transitions ------------------------------------------------------------------------------------------


class FlagsIn(Schema):
    is_major: bool
    is_complex: bool = False
    major_public_interest: bool = False
    major_rights: bool = False
    review_required_by_law: bool = False


class ConcludeIn(Schema):
    facts: str
    evidence_summary: str
    proposed_outcome: str
    penalty_kinds: list[str] = []
    fine: Decimal = Decimal("0")
    confiscation: Decimal = Decimal("0")
    discretion_facts: dict[str, Any] = {}


class OpinionIn(Schema):
    opinion: str
    text: str


class DiscussionIn(Schema):
    participants: str
    record: str
    conclusion: str
    conclusion_text: str


class ServedIn(Schema):
    method: str
    served_on: date
    consent_id: int | None = None


class RepresentationIn(Schema):
    received_on: date
    content: str
    adopted: bool
    response: str


class DayIn(Schema):
    on: date


class HearingRequestIn(Schema):
    requested_on: date


class HearingScheduleIn(Schema):
    notice_served_on: date
    hearing_date: date
    host_id: int
    location: str
    is_public: bool = True


class HearingRecordIn(Schema):
    held: bool
    record: str


class DecideIn(Schema):
    outcome: str
    reasons: str
    penalty_kinds: list[str] = []
    fine: Decimal = Decimal("0")
    confiscation: Decimal = Decimal("0")
    out_of_range_reason: str = ""
    late_reason: str = ""


class ServeIn(Schema):
    method: str
    served_on: date
    recipient: str
    proof: str
    late_reason: str = ""
    consent_id: int | None = None


class PaymentIn(Schema):
    kind: str
    amount: Decimal
    paid_on: date
    receipt_number: str
    bank: str


class ArrangementIn(Schema):
    deferred_until: date
    reason: str


class ReminderIn(Schema):
    method: str
    served_on: date
    recipient: str
    proof: str
    consent_id: int | None = None


class ServiceConsentIn(Schema):
    channel: str
    address: str
    signed_on: date
    confirmation_id: int


class ServiceConsentOut(Schema):
    id: int
    channel: str
    address: str
    signed_on: date
    confirmation_id: int
    withdrawn_on: date | None


class ConsentWithdrawIn(Schema):
    on: date
    note: str


class ExtensionProvisionOut(Schema):
    id: int
    citation: str
    max_days: int
    condition: str
    effective_from: date
    effective_until: date | None


class CourtIn(Schema):
    court: str


class CourtUpdateIn(Schema):
    accepted_on: date | None = None
    ruling: str = ""
    completed_on: date | None = None


class SummaryIn(Schema):
    summary: str


class OfficerIdIn(Schema):
    officer_id: int


class RecusalIn(Schema):
    officer_id: int
    applicant: str
    reason: str


class RecusalDecideIn(Schema):
    granted: bool
    replacement_id: int | None = None


class ExtensionIn(Schema):
    days: int
    reason: str
    provision_id: int | None = None


class SuspensionIn(Schema):
    kind: str
    start: date
    reason: str


class SuspensionEndIn(Schema):
    end: date


class ItemsIn(Schema):
    items: str


class SeizureIn(Schema):
    measure: str
    items: str


class SeizureExtendIn(Schema):
    reason: str = ""
    notice_served_on: date | None = None


class DispositionIn(Schema):
    disposition: str


class TransferIn(Schema):
    kind: str
    receiving_body: str
    reason: str


class LateReasonIn(Schema):
    late_reason: str = ""


class ReasonIn(Schema):
    reason: str


class TransferCompleteIn(Schema):
    attachments: list[str]
    late_reason: str = ""


class SimpleCaseIn(Schema):
    agency_id: int
    power_item_code: str
    party_kind: str
    party_name: str
    party_id_number: str = ""
    party_address: str = ""
    party_phone: str = ""
    act_date: date
    handler_ids: list[int]
    penalty_kinds: list[str]
    fine: Decimal = Decimal("0")
    facts: str
    location: str
    collect_on_spot: bool = False
    hard_to_collect: bool = False
    receipt_number: str = ""
    told: bool = False
    party_response: str = ""
    party_statement: str = ""
    statement_review: str = ""
    refused_to_sign: bool = False


class HostRecusalIn(Schema):
    reason: str


class PoliceAnswerIn(Schema):
    decision: str
    notified_on: date
    document_number: str
    reason: str = ""


class ReviewRequestIn(Schema):
    requested_on: date


class ReviewAnswerIn(Schema):
    decision: str
    notified_on: date
    document_number: str


class TransferReturnIn(Schema):
    returned_on: date
    document_number: str
    reason: str


class FormStockIn(Schema):
    agency_id: int
    prefix: str
    first_no: int
    last_no: int


class CreatedOut(Schema):
    id: int


class ActionOut(Schema):
    code: str
    label: str
    allowed: bool
    reasons: list[str]


class DeadlineOut(Schema):
    code: str
    label: str
    due: date
    article: str
    done_on: date | None
    status: str
    provisional: bool = Field(False, description="按周末及法定节日暂定（该年节假日安排尚未录入）")
    provisional_note: str = ""


class MoneyOut(Schema):
    fine: Decimal
    fine_paid: Decimal
    due: date | None
    late_fee: Decimal
    late_fee_paid: Decimal
    outstanding: Decimal
    provisional: bool = Field(False, description="缴款期限及加处罚款按暂定日历计算")
    provisional_note: str = ""
    ended: bool = False  # 处罚决定经复议、诉讼被撤销、确认违法或确认无效：不再执行
    refund: Decimal = Decimal("0.00")  # 应退还


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    summary: str


def _case(request: HttpRequest, case_id: int) -> Case:
    return selectors.access_case(actor=request_actor(request), case_id=case_id)


def _child(case: Case, related: str, pk: int, what: str) -> Any:
    """A record of the case (hearing, transfer, …): found only through the case the actor may see."""
    obj = getattr(case, related).filter(pk=pk).first()
    if obj is None:
        raise NotFoundOrForbidden(what)
    return obj


def _created(obj: Model) -> Status[dict[str, int]]:
    return Status(201, {"id": obj.pk})


@router.get("/{int:case_id}/actions", response=list[ActionOut], summary="当前可办理的操作（不可办理的说明原因）")
def case_actions(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case = _case(request, case_id)
    return [
        {"code": a.code, "label": a.label, "allowed": a.allowed, "reasons": list(a.reasons)}
        for a in workflow.available_actions(case, request_actor(request), clock.today())
    ]


@router.get("/{int:case_id}/deadlines", response=list[DeadlineOut], summary="案件期限（由规则计算）")
def case_deadline_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case, today = _case(request, case_id), clock.today()
    return [
        {**d.__dict__, "status": d.status(today), "provisional": d.provisional, "provisional_note": d.provisional_note}
        for d in deadlines.case_deadlines(case, today)
    ]


@router.get("/{int:case_id}/money", response=MoneyOut, summary="罚款、加处罚款与缴纳情况")
def case_money(request: HttpRequest, case_id: int) -> dict[str, Any]:
    money = deadlines.money_status(_case(request, case_id), clock.today())
    return {
        **money.__dict__,
        "outstanding": money.outstanding,
        "refund": money.refund,
        "provisional": money.provisional,
        "provisional_note": money.provisional_note,
    }


@router.get("/{int:case_id}/timeline", response=list[EventOut], summary="办案留痕（哈希链）")
def case_timeline(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    from fazhi.core.models import AuditEvent

    case = _case(request, case_id)
    events = AuditEvent.objects.filter(entity_type="cases.case", entity_id=str(case.pk)).order_by("seq")
    return [
        {"seq": e.seq, "at": e.at, "actor": e.actor_label, "action": e.action, "summary": e.summary} for e in events
    ]


@router.post("/{int:case_id}/flags", response=CaseOut, summary="认定重大、复杂案件（负责人或法制审核人员）")
def flags(request: HttpRequest, case_id: int, payload: FlagsIn) -> Case:
    return services.case_flags_set(actor=request_actor(request), case=_case(request, case_id), **payload.dict())


@router.post("/{int:case_id}/conclude", response={201: CreatedOut}, summary="提交调查终结报告")
def conclude(request: HttpRequest, case_id: int, payload: ConcludeIn) -> Status[dict[str, int]]:
    return _created(
        services.investigation_conclude(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/case-review", response={201: CreatedOut}, summary="案件审核")
def case_review(request: HttpRequest, case_id: int, payload: OpinionIn) -> Status[dict[str, int]]:
    return _created(
        services.case_review_record(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/legal-review", response={201: CreatedOut}, summary="法制审核")
def legal_review(request: HttpRequest, case_id: int, payload: OpinionIn) -> Status[dict[str, int]]:
    return _created(
        services.legal_review_record(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/discussion", response={201: CreatedOut}, summary="集体讨论")
def discussion(request: HttpRequest, case_id: int, payload: DiscussionIn) -> Status[dict[str, int]]:
    return _created(
        services.discussion_record(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/notice", response={201: CreatedOut}, summary="送达行政处罚事先告知书（及听证告知）")
def notice(request: HttpRequest, case_id: int, payload: ServedIn) -> Status[dict[str, int]]:
    return _created(services.notice_issue(actor=request_actor(request), case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/representations", response={201: CreatedOut}, summary="记录陈述申辩")
def representation(request: HttpRequest, case_id: int, payload: RepresentationIn) -> Status[dict[str, int]]:
    return _created(
        services.representation_record(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/waive", response={201: CreatedOut}, summary="当事人书面放弃陈述申辩")
def waive(request: HttpRequest, case_id: int, payload: DayIn) -> Status[dict[str, int]]:
    return _created(services.notice_waive(actor=request_actor(request), case=_case(request, case_id), on=payload.on))


@router.post("/{int:case_id}/hearing-waiver", response={201: CreatedOut}, summary="当事人书面放弃听证")
def hearing_waive(request: HttpRequest, case_id: int, payload: DayIn) -> Status[dict[str, int]]:
    return _created(services.hearing_waive(actor=request_actor(request), case=_case(request, case_id), on=payload.on))


@router.post(
    "/{int:case_id}/hearings/{int:hearing_id}/recusals", response={201: CreatedOut}, summary="申请听证主持人回避"
)
def hearing_host_recusal(
    request: HttpRequest, case_id: int, hearing_id: int, payload: HostRecusalIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.hearing_host_recusal_apply(
            actor=request_actor(request), hearing=_child(case, "hearings", hearing_id, "听证"), reason=payload.reason
        )
    )


@router.post("/{int:case_id}/hearings", response={201: CreatedOut}, summary="登记听证申请")
def hearing_request(request: HttpRequest, case_id: int, payload: HearingRequestIn) -> Status[dict[str, int]]:
    return _created(
        services.hearing_request(
            actor=request_actor(request), case=_case(request, case_id), requested_on=payload.requested_on
        )
    )


@router.post("/{int:case_id}/hearings/{int:hearing_id}/schedule", response={201: CreatedOut}, summary="送达听证通知")
def hearing_schedule(
    request: HttpRequest, case_id: int, hearing_id: int, payload: HearingScheduleIn
) -> Status[dict[str, int]]:
    actor, case = request_actor(request), _case(request, case_id)
    data = payload.dict()
    host = selectors.access_officer_for_case(actor=actor, case=case, officer_id=data.pop("host_id"))
    return _created(
        services.hearing_schedule(actor=actor, hearing=_child(case, "hearings", hearing_id, "听证"), host=host, **data)
    )


@router.post("/{int:case_id}/hearings/{int:hearing_id}/record", response={201: CreatedOut}, summary="听证笔录")
def hearing_record(
    request: HttpRequest, case_id: int, hearing_id: int, payload: HearingRecordIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.hearing_record(
            actor=request_actor(request), hearing=_child(case, "hearings", hearing_id, "听证"), **payload.dict()
        )
    )


@router.post("/{int:case_id}/decide", response={201: CreatedOut}, summary="作出决定（负责人）")
def decide(request: HttpRequest, case_id: int, payload: DecideIn) -> Status[dict[str, int]]:
    return _created(services.case_decide(actor=request_actor(request), case=_case(request, case_id), **payload.dict()))


@router.get("/extension-provisions", response=list[ExtensionProvisionOut], summary="现行有效的延长办案期限依据")
def extension_provisions(request: HttpRequest) -> list[Any]:
    request_actor(request)
    return selectors.extension_provisions_in_force(on=clock.today())


@router.get("/{int:case_id}/service-consents", response=list[ServiceConsentOut], summary="电子送达确认书")
def service_consent_list(request: HttpRequest, case_id: int) -> list[Any]:
    return list(_case(request, case_id).service_consents.all())


@router.post(
    "/{int:case_id}/service-consents/{int:item_id}/withdraw",
    response={201: CreatedOut},
    summary="当事人撤回电子送达的同意",
)
def service_consent_withdraw(
    request: HttpRequest, case_id: int, item_id: int, payload: ConsentWithdrawIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.service_consent_withdraw(
            actor=request_actor(request),
            consent=_child(case, "service_consents", item_id, "电子送达确认书"),
            **payload.dict(),
        )
    )


@router.post("/{int:case_id}/service-consents", response={201: CreatedOut}, summary="登记当事人同意电子送达的确认书")
def service_consent(request: HttpRequest, case_id: int, payload: ServiceConsentIn) -> Status[dict[str, int]]:
    return _created(
        services.service_consent_record(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/serve", response={201: CreatedOut}, summary="送达处罚决定书")
def serve(request: HttpRequest, case_id: int, payload: ServeIn) -> Status[dict[str, int]]:
    return _created(
        services.decision_serve(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/payments", response={201: CreatedOut}, summary="登记缴款（凭银行缴款凭证）")
def payment(request: HttpRequest, case_id: int, payload: PaymentIn) -> Status[dict[str, int]]:
    return _created(
        services.payment_record(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/arrangements", response={201: CreatedOut}, summary="批准暂缓或分期缴纳")
def arrangement(request: HttpRequest, case_id: int, payload: ArrangementIn) -> Status[dict[str, int]]:
    return _created(
        services.arrangement_approve(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/reminders", response={201: CreatedOut}, summary="送达催告书")
def reminder(request: HttpRequest, case_id: int, payload: ReminderIn) -> Status[dict[str, int]]:
    return _created(
        services.reminder_issue(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/court-enforcements", response={201: CreatedOut}, summary="申请法院强制执行")
def court_apply(request: HttpRequest, case_id: int, payload: CourtIn) -> Status[dict[str, int]]:
    return _created(
        services.court_enforcement_apply(
            actor=request_actor(request), case=_case(request, case_id), court=payload.court
        )
    )


@router.post(
    "/{int:case_id}/court-enforcements/{int:item_id}", response={201: CreatedOut}, summary="登记法院受理与执行结果"
)
def court_update(request: HttpRequest, case_id: int, item_id: int, payload: CourtUpdateIn) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    application = _child(case, "court_enforcements", item_id, "强制执行申请")
    return _created(
        services.court_enforcement_update(actor=request_actor(request), application=application, **payload.dict())
    )


@router.post("/{int:case_id}/close", response={201: CreatedOut}, summary="结案")
def close(request: HttpRequest, case_id: int, payload: SummaryIn) -> Status[dict[str, int]]:
    return _created(
        services.case_close(actor=request_actor(request), case=_case(request, case_id), summary=payload.summary)
    )


@router.post("/{int:case_id}/archive", response={201: CreatedOut}, summary="归档")
def archive(request: HttpRequest, case_id: int) -> Status[dict[str, int]]:
    return _created(services.case_archive(actor=request_actor(request), case=_case(request, case_id)))


@router.post("/{int:case_id}/handlers", response={201: CreatedOut}, summary="增派承办人（负责人）")
def handler_add(request: HttpRequest, case_id: int, payload: OfficerIdIn) -> Status[dict[str, int]]:
    actor = request_actor(request)
    case = _case(request, case_id)
    officer = selectors.access_officer_for_case(actor=actor, case=case, officer_id=payload.officer_id)
    return _created(services.handler_add(actor=actor, case=case, officer=officer))


@router.post("/{int:case_id}/recusals", response={201: CreatedOut}, summary="申请回避")
def recusal_apply(request: HttpRequest, case_id: int, payload: RecusalIn) -> Status[dict[str, int]]:
    actor = request_actor(request)
    officer = access_officer(actor=actor, officer_id=payload.officer_id)
    return _created(
        services.recusal_apply(
            actor=actor,
            case=_case(request, case_id),
            officer=officer,
            applicant=payload.applicant,
            reason=payload.reason,
        )
    )


@router.post("/{int:case_id}/recusals/{int:item_id}/decide", response={201: CreatedOut}, summary="回避决定（负责人）")
def recusal_decide(
    request: HttpRequest, case_id: int, item_id: int, payload: RecusalDecideIn
) -> Status[dict[str, int]]:
    actor, case = request_actor(request), _case(request, case_id)
    replacement = (
        selectors.access_officer_for_case(actor=actor, case=case, officer_id=payload.replacement_id)
        if payload.replacement_id
        else None
    )
    return _created(
        services.recusal_decide(
            actor=actor,
            recusal=_child(case, "recusals", item_id, "回避申请"),
            granted=payload.granted,
            replacement=replacement,
        )
    )


@router.post("/{int:case_id}/extensions", response={201: CreatedOut}, summary="延长办案期限（负责人）")
def extension(request: HttpRequest, case_id: int, payload: ExtensionIn) -> Status[dict[str, int]]:
    return _created(services.case_extend(actor=request_actor(request), case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/suspensions", response={201: CreatedOut}, summary="登记不计入期限的期间")
def suspension(request: HttpRequest, case_id: int, payload: SuspensionIn) -> Status[dict[str, int]]:
    return _created(services.case_suspend(actor=request_actor(request), case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/suspensions/{int:item_id}/end", response={201: CreatedOut}, summary="结束该期间")
def suspension_end(
    request: HttpRequest, case_id: int, item_id: int, payload: SuspensionEndIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.case_resume(
            actor=request_actor(request), suspension=_child(case, "suspensions", item_id, "期间"), end=payload.end
        )
    )


@router.post("/{int:case_id}/preservations", response={201: CreatedOut}, summary="批准先行登记保存（负责人）")
def preservation(request: HttpRequest, case_id: int, payload: ItemsIn) -> Status[dict[str, int]]:
    return _created(
        services.preservation_approve(actor=request_actor(request), case=_case(request, case_id), items=payload.items)
    )


@router.post(
    "/{int:case_id}/preservations/{int:item_id}/decide", response={201: CreatedOut}, summary="先行登记保存处理决定"
)
def preservation_decide(
    request: HttpRequest, case_id: int, item_id: int, payload: DispositionIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    record = _child(case, "preservations", item_id, "先行登记保存")
    return _created(
        services.preservation_decide(actor=request_actor(request), preservation=record, disposition=payload.disposition)
    )


@router.post("/{int:case_id}/seizures", response={201: CreatedOut}, summary="批准查封扣押（负责人）")
def seizure(request: HttpRequest, case_id: int, payload: SeizureIn) -> Status[dict[str, int]]:
    return _created(
        services.seizure_approve(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/seizures/{int:item_id}/extend", response={201: CreatedOut}, summary="延长查封扣押期限")
def seizure_extend(
    request: HttpRequest, case_id: int, item_id: int, payload: SeizureExtendIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.seizure_extend(
            actor=request_actor(request), seizure=_child(case, "seizures", item_id, "查封扣押"), **payload.dict()
        )
    )


@router.post("/{int:case_id}/seizures/{int:item_id}/release", response={201: CreatedOut}, summary="解除查封扣押")
def seizure_release(request: HttpRequest, case_id: int, item_id: int) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.seizure_release(actor=request_actor(request), seizure=_child(case, "seizures", item_id, "查封扣押"))
    )


@router.post("/{int:case_id}/transfers", response={201: CreatedOut}, summary="报告移送（含涉嫌犯罪移送）")
def transfer(request: HttpRequest, case_id: int, payload: TransferIn) -> Status[dict[str, int]]:
    return _created(
        services.transfer_report(actor=request_actor(request), case=_case(request, case_id), **payload.dict())
    )


@router.post("/{int:case_id}/transfers/{int:item_id}/approve", response={201: CreatedOut}, summary="批准移送（负责人）")
def transfer_approve(request: HttpRequest, case_id: int, item_id: int, payload: LateReasonIn) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.transfer_approve(
            actor=request_actor(request),
            transfer=_child(case, "transfers", item_id, "移送"),
            late_reason=payload.late_reason,
        )
    )


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/refuse", response={201: CreatedOut}, summary="不批准移送（负责人）"
)
def transfer_refuse(request: HttpRequest, case_id: int, item_id: int, payload: ReasonIn) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.transfer_refuse(
            actor=request_actor(request), transfer=_child(case, "transfers", item_id, "移送"), reason=payload.reason
        )
    )


@router.post("/{int:case_id}/transfers/{int:item_id}/complete", response={201: CreatedOut}, summary="完成移送")
def transfer_complete(
    request: HttpRequest, case_id: int, item_id: int, payload: TransferCompleteIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.transfer_complete(
            actor=request_actor(request),
            transfer=_child(case, "transfers", item_id, "移送"),
            attachments=payload.attachments,
            late_reason=payload.late_reason,
        )
    )


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/police-answer", response={201: CreatedOut}, summary="登记公安机关立案决定"
)
def transfer_police_answer(
    request: HttpRequest, case_id: int, item_id: int, payload: PoliceAnswerIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.transfer_police_answer(
            actor=request_actor(request), transfer=_child(case, "transfers", item_id, "移送"), **payload.dict()
        )
    )


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/review-request", response={201: CreatedOut}, summary="提请公安机关复议"
)
def transfer_review_request(
    request: HttpRequest, case_id: int, item_id: int, payload: ReviewRequestIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.transfer_review_request(
            actor=request_actor(request),
            transfer=_child(case, "transfers", item_id, "移送"),
            requested_on=payload.requested_on,
        )
    )


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/review-answer", response={201: CreatedOut}, summary="登记公安机关复议决定"
)
def transfer_review_answer(
    request: HttpRequest, case_id: int, item_id: int, payload: ReviewAnswerIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.transfer_review_answer(
            actor=request_actor(request), transfer=_child(case, "transfers", item_id, "移送"), **payload.dict()
        )
    )


@router.post(
    "/{int:case_id}/transfers/{int:item_id}/return", response={201: CreatedOut}, summary="登记公安机关移回案件"
)
def transfer_return(
    request: HttpRequest, case_id: int, item_id: int, payload: TransferReturnIn
) -> Status[dict[str, int]]:
    case = _case(request, case_id)
    return _created(
        services.transfer_return(
            actor=request_actor(request), transfer=_child(case, "transfers", item_id, "移送"), **payload.dict()
        )
    )


@router.post("/simple", response={201: CaseOut}, summary="简易程序：当场作出处罚决定")
def simple_decide(request: HttpRequest, payload: SimpleCaseIn) -> Status[Case]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    handlers = [access_officer(actor=actor, officer_id=i) for i in data.pop("handler_ids")]
    return Status(201, services.simple_case_decide(actor=actor, agency=agency, handlers=handlers, **data))


@router.post("/{int:case_id}/file", response=CaseOut, summary="简易程序案件备案")
def simple_file(request: HttpRequest, case_id: int) -> Case:
    return services.simple_case_file(actor=request_actor(request), case=_case(request, case_id))


@router.post("/form-stocks", response={201: CreatedOut}, summary="领用当场处罚决定书（预定格式、编有号码）")
def form_stock(request: HttpRequest, payload: FormStockIn) -> Status[dict[str, int]]:
    actor = request_actor(request)
    data = payload.dict()
    agency = access_agency(actor=actor, agency_id=data.pop("agency_id"))
    return _created(services.form_stock_receive(actor=actor, agency=agency, **data))
