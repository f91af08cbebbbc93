"""Each case action once: its input schema, its service call and its success message, for the API and the page.

The API endpoint validates the JSON body with the schema and calls the function; the case page validates its POST
with the same schema (``Schema.from_form``) and calls the same function, so the two cannot drift. ``item`` is the
record of the case the action works on (a hearing, a transfer, …): the URL's id in the API, the form's ``item``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fazhi.agencies.selectors import access_officer
from fazhi.cases import schemas as s
from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.cases.selectors import access_officer_for_case
from fazhi.core.errors import NotFoundOrForbidden

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def child(case: Case, related: str, pk: int | None, what: str) -> Any:
    """A record of the case (hearing, transfer, …): found only through the case the actor may see."""
    obj = getattr(case, related).filter(pk=pk).first() if pk else None
    if obj is None:
        raise NotFoundOrForbidden(what)
    return obj


def _officer(actor: User, case: Case, officer_id: int) -> Any:
    return access_officer_for_case(actor=actor, case=case, officer_id=officer_id)


def register(actor: User, case: Case, p: s.CaseRegisterIn, item: int | None = None) -> Any:
    handlers = [access_officer(actor=actor, officer_id=i) for i in p.handler_ids]
    lead = access_officer(actor=actor, officer_id=p.lead_handler_id) if p.lead_handler_id else None
    return services.case_register(actor=actor, case=case, handlers=handlers, on=p.on, lead_handler=lead)


def decline(actor: User, case: Case, p: s.CaseDeclineIn, item: int | None = None) -> Any:
    return services.case_decline(actor=actor, case=case, reason=p.reason)


def flags(actor: User, case: Case, p: s.FlagsIn, item: int | None = None) -> Any:
    return services.case_flags_set(actor=actor, case=case, **p.dict())


def add_handler(actor: User, case: Case, p: s.OfficerIdIn, item: int | None = None) -> Any:
    return services.handler_add(actor=actor, case=case, officer=_officer(actor, case, p.officer_id))


def recusal(actor: User, case: Case, p: s.RecusalIn, item: int | None = None) -> Any:
    return services.recusal_apply(
        actor=actor,
        case=case,
        officer=access_officer(actor=actor, officer_id=p.officer_id),
        applicant=p.applicant,
        reason=p.reason,
    )


def recusal_decide(actor: User, case: Case, p: s.RecusalDecideIn, item: int | None = None) -> Any:
    replacement = _officer(actor, case, p.replacement_id) if p.replacement_id else None
    return services.recusal_decide(
        actor=actor, recusal=child(case, "recusals", item, "回避申请"), granted=p.granted, replacement=replacement
    )


def extend(actor: User, case: Case, p: s.ExtensionIn, item: int | None = None) -> Any:
    return services.case_extend(actor=actor, case=case, **p.dict())


def suspend(actor: User, case: Case, p: s.SuspensionIn, item: int | None = None) -> Any:
    return services.case_suspend(actor=actor, case=case, **p.dict())


def resume(actor: User, case: Case, p: s.SuspensionEndIn, item: int | None = None) -> Any:
    return services.case_resume(actor=actor, suspension=child(case, "suspensions", item, "期间"), end=p.end)


def preserve(actor: User, case: Case, p: s.ItemsIn, item: int | None = None) -> Any:
    return services.preservation_approve(actor=actor, case=case, items=p.items)


def preserve_decide(actor: User, case: Case, p: s.DispositionIn, item: int | None = None) -> Any:
    record = child(case, "preservations", item, "先行登记保存")
    return services.preservation_decide(actor=actor, preservation=record, disposition=p.disposition)


def seize(actor: User, case: Case, p: s.SeizureIn, item: int | None = None) -> Any:
    return services.seizure_approve(actor=actor, case=case, **p.dict())


def seize_extend(actor: User, case: Case, p: s.SeizureExtendIn, item: int | None = None) -> Any:
    return services.seizure_extend(actor=actor, seizure=child(case, "seizures", item, "查封扣押"), **p.dict())


def seize_release(actor: User, case: Case, p: s.NoInput, item: int | None = None) -> Any:
    return services.seizure_release(actor=actor, seizure=child(case, "seizures", item, "查封扣押"))


def conclude(actor: User, case: Case, p: s.ConcludeIn, item: int | None = None) -> Any:
    return services.investigation_conclude(actor=actor, case=case, **p.dict())


def case_review(actor: User, case: Case, p: s.OpinionIn, item: int | None = None) -> Any:
    return services.case_review_record(actor=actor, case=case, **p.dict())


def legal_review(actor: User, case: Case, p: s.OpinionIn, item: int | None = None) -> Any:
    return services.legal_review_record(actor=actor, case=case, **p.dict())


def discuss(actor: User, case: Case, p: s.DiscussionIn, item: int | None = None) -> Any:
    return services.discussion_record(actor=actor, case=case, **p.dict())


def notify(actor: User, case: Case, p: s.ServedIn, item: int | None = None) -> Any:
    return services.notice_issue(actor=actor, case=case, **p.dict())


def representation(actor: User, case: Case, p: s.RepresentationIn, item: int | None = None) -> Any:
    return services.representation_record(actor=actor, case=case, **p.dict())


def waive(actor: User, case: Case, p: s.DayIn, item: int | None = None) -> Any:
    return services.notice_waive(actor=actor, case=case, on=p.on)


def waive_hearing(actor: User, case: Case, p: s.DayIn, item: int | None = None) -> Any:
    return services.hearing_waive(actor=actor, case=case, on=p.on)


def host_recusal(actor: User, case: Case, p: s.HostRecusalIn, item: int | None = None) -> Any:
    return services.hearing_host_recusal_apply(
        actor=actor, hearing=child(case, "hearings", item, "听证"), reason=p.reason
    )


def request_hearing(actor: User, case: Case, p: s.HearingRequestIn, item: int | None = None) -> Any:
    return services.hearing_request(actor=actor, case=case, requested_on=p.requested_on)


def schedule_hearing(actor: User, case: Case, p: s.HearingScheduleIn, item: int | None = None) -> Any:
    data = p.dict()
    host = _officer(actor, case, data.pop("host_id"))
    return services.hearing_schedule(actor=actor, hearing=child(case, "hearings", item, "听证"), host=host, **data)


def record_hearing(actor: User, case: Case, p: s.HearingRecordIn, item: int | None = None) -> Any:
    return services.hearing_record(actor=actor, hearing=child(case, "hearings", item, "听证"), **p.dict())


def decide(actor: User, case: Case, p: s.DecideIn, item: int | None = None) -> Any:
    return services.case_decide(actor=actor, case=case, **p.dict())


def service_consent(actor: User, case: Case, p: s.ServiceConsentIn, item: int | None = None) -> Any:
    return services.service_consent_record(actor=actor, case=case, **p.dict())


def service_consent_withdraw(actor: User, case: Case, p: s.ConsentWithdrawIn, item: int | None = None) -> Any:
    consent = child(case, "service_consents", item, "电子送达确认书")
    return services.service_consent_withdraw(actor=actor, consent=consent, **p.dict())


def serve(actor: User, case: Case, p: s.ServeIn, item: int | None = None) -> Any:
    return services.decision_serve(actor=actor, case=case, **p.dict())


def pay(actor: User, case: Case, p: s.PaymentIn, item: int | None = None) -> Any:
    return services.payment_record(actor=actor, case=case, **p.dict())


def arrangement(actor: User, case: Case, p: s.ArrangementIn, item: int | None = None) -> Any:
    return services.arrangement_approve(actor=actor, case=case, **p.dict())


def remind(actor: User, case: Case, p: s.ReminderIn, item: int | None = None) -> Any:
    return services.reminder_issue(actor=actor, case=case, **p.dict())


def apply_court(actor: User, case: Case, p: s.CourtIn, item: int | None = None) -> Any:
    return services.court_enforcement_apply(actor=actor, case=case, court=p.court)


def court_update(actor: User, case: Case, p: s.CourtUpdateIn, item: int | None = None) -> Any:
    application = child(case, "court_enforcements", item, "强制执行申请")
    return services.court_enforcement_update(actor=actor, application=application, **p.dict())


def close(actor: User, case: Case, p: s.SummaryIn, item: int | None = None) -> Any:
    return services.case_close(actor=actor, case=case, summary=p.summary)


def archive(actor: User, case: Case, p: s.NoInput, item: int | None = None) -> Any:
    return services.case_archive(actor=actor, case=case)


def file(actor: User, case: Case, p: s.NoInput, item: int | None = None) -> Any:
    return services.simple_case_file(actor=actor, case=case)


def transfer(actor: User, case: Case, p: s.TransferIn, item: int | None = None) -> Any:
    return services.transfer_report(actor=actor, case=case, **p.dict())


def _transfer(case: Case, item: int | None) -> Any:
    return child(case, "transfers", item, "移送")


def transfer_approve(actor: User, case: Case, p: s.LateReasonIn, item: int | None = None) -> Any:
    return services.transfer_approve(actor=actor, transfer=_transfer(case, item), late_reason=p.late_reason)


def transfer_complete(actor: User, case: Case, p: s.TransferCompleteIn, item: int | None = None) -> Any:
    return services.transfer_complete(
        actor=actor, transfer=_transfer(case, item), attachments=p.attachments, late_reason=p.late_reason
    )


def transfer_refuse(actor: User, case: Case, p: s.ReasonIn, item: int | None = None) -> Any:
    return services.transfer_refuse(actor=actor, transfer=_transfer(case, item), reason=p.reason)


def transfer_police_answer(actor: User, case: Case, p: s.PoliceAnswerIn, item: int | None = None) -> Any:
    return services.transfer_police_answer(actor=actor, transfer=_transfer(case, item), **p.dict())


def transfer_review_request(actor: User, case: Case, p: s.ReviewRequestIn, item: int | None = None) -> Any:
    return services.transfer_review_request(actor=actor, transfer=_transfer(case, item), requested_on=p.requested_on)


def transfer_review_answer(actor: User, case: Case, p: s.ReviewAnswerIn, item: int | None = None) -> Any:
    return services.transfer_review_answer(actor=actor, transfer=_transfer(case, item), **p.dict())


def transfer_return(actor: User, case: Case, p: s.TransferReturnIn, item: int | None = None) -> Any:
    return services.transfer_return(actor=actor, transfer=_transfer(case, item), **p.dict())


@dataclass(frozen=True)
class PageAction:
    schema: type[s.ActionIn]
    run: Callable[..., Any]
    done: Callable[[Any], str]


def _said(text: str) -> Callable[[Any], str]:
    return lambda _obj: text


# The case page's actions by code (the form's ``action`` value).
PAGE_ACTIONS: dict[str, PageAction] = {
    "register": PageAction(s.CaseRegisterIn, register, _said("已立案。")),
    "decline": PageAction(s.CaseDeclineIn, decline, _said("已作出不予立案决定。")),
    "flags": PageAction(s.FlagsIn, flags, _said("已更新案件认定。")),
    "recusal": PageAction(s.RecusalIn, recusal, _said("已登记回避申请。")),
    "recusal_decide": PageAction(s.RecusalDecideIn, recusal_decide, _said("已作出回避决定。")),
    "preserve": PageAction(s.ItemsIn, preserve, _said("已批准先行登记保存。")),
    "preserve_decide": PageAction(s.DispositionIn, preserve_decide, _said("已作出处理决定。")),
    "seize": PageAction(s.SeizureIn, seize, _said("已批准查封扣押。")),
    "seize_extend": PageAction(s.SeizureExtendIn, seize_extend, _said("已延长查封扣押期限。")),
    "seize_release": PageAction(s.NoInput, seize_release, _said("已解除查封扣押。")),
    "suspend": PageAction(s.SuspensionIn, suspend, _said("已登记。")),
    "resume": PageAction(s.SuspensionEndIn, resume, _said("已登记期间结束。")),
    "conclude": PageAction(s.ConcludeIn, conclude, _said("已提交调查终结报告。")),
    "case_review": PageAction(s.OpinionIn, case_review, _said("已记录案件审核意见。")),
    "legal_review": PageAction(s.OpinionIn, legal_review, _said("已记录法制审核意见。")),
    "discuss": PageAction(s.DiscussionIn, discuss, _said("已记录集体讨论。")),
    "notify": PageAction(s.ServedIn, notify, _said("已送达事先告知书。")),
    "representation": PageAction(s.RepresentationIn, representation, _said("已记录陈述申辩。")),
    "waive": PageAction(s.WaiveIn, waive, _said("已登记当事人放弃陈述申辩。")),
    "waive_hearing": PageAction(s.WaiveHearingIn, waive_hearing, _said("已登记当事人书面放弃听证。")),
    "host_recusal": PageAction(s.HostRecusalIn, host_recusal, _said("已登记听证主持人回避申请。")),
    "request_hearing": PageAction(s.HearingRequestIn, request_hearing, _said("已登记听证申请。")),
    "schedule_hearing": PageAction(s.HearingScheduleIn, schedule_hearing, _said("已安排听证。")),
    "record_hearing": PageAction(s.HearingRecordIn, record_hearing, _said("已记录听证。")),
    "decide": PageAction(s.DecideIn, decide, lambda d: f"已作出决定{d.number}。"),
    "serve": PageAction(s.ServeIn, serve, _said("已送达处罚决定书。")),
    "service_consent": PageAction(s.ServiceConsentIn, service_consent, _said("已登记电子送达确认书。")),
    "service_consent_withdraw": PageAction(
        s.ConsentWithdrawIn, service_consent_withdraw, _said("已登记当事人撤回电子送达的同意。")
    ),
    "pay": PageAction(s.PaymentIn, pay, _said("已登记缴款。")),
    "arrangement": PageAction(s.ArrangementIn, arrangement, _said("已批准暂缓缴纳。")),
    "remind": PageAction(s.ReminderIn, remind, _said("已送达催告书。")),
    "apply_court": PageAction(s.CourtIn, apply_court, _said("已申请法院强制执行。")),
    "court_update": PageAction(s.CourtUpdateIn, court_update, _said("已登记法院执行情况。")),
    "close": PageAction(s.SummaryIn, close, _said("已结案。")),
    "archive": PageAction(s.NoInput, archive, lambda c: f"已归档，档案号{c.archive_number}。"),
    "add_handler": PageAction(s.OfficerIdIn, add_handler, _said("已增派承办人。")),
    "extend": PageAction(s.ExtensionIn, extend, _said("已延长办案期限。")),
    "transfer": PageAction(s.TransferIn, transfer, _said("已报告移送。")),
    "transfer_approve": PageAction(s.LateReasonIn, transfer_approve, _said("已批准移送。")),
    "transfer_complete": PageAction(s.TransferCompleteIn, transfer_complete, _said("已完成移送。")),
    "transfer_refuse": PageAction(s.ReasonIn, transfer_refuse, _said("已不批准移送。")),
    "transfer_police_answer": PageAction(s.PoliceAnswerIn, transfer_police_answer, _said("已登记公安机关的决定。")),
    "transfer_review_request": PageAction(s.ReviewRequestIn, transfer_review_request, _said("已提请公安机关复议。")),
    "transfer_review_answer": PageAction(s.ReviewAnswerIn, transfer_review_answer, _said("已登记复议决定。")),
    "transfer_return": PageAction(s.TransferReturnIn, transfer_return, _said("已登记公安机关移回案件。")),
    "file": PageAction(s.NoInput, file, _said("已备案。")),
}
