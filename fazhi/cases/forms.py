"""Parsing of the case page's action forms into service calls. Each handler reads POST fields and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.http import QueryDict

from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.cases.selectors import access_officer_for_case
from fazhi.core.errors import NotFoundOrForbidden, ValidationError
from fazhi.core.forms import parse_date, parse_id

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def money(value: str | None, label: str) -> Decimal:
    try:
        return Decimal((value or "0").strip() or "0")
    except InvalidOperation as exc:
        raise ValidationError(f"{label}「{value}」不是有效金额。") from exc


def _facts(data: QueryDict) -> dict[str, str]:
    """Discretion facts typed as `名称=值` lines (e.g. 面积=50)."""
    out = {}
    for line in (data.get("discretion_facts") or "").splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            out[key.strip()] = value.strip()
    return out


def _child(case: Case, related: str, data: QueryDict, what: str) -> Any:
    obj = getattr(case, related).filter(pk=parse_id(data.get("item"), what)).first()
    if obj is None:
        raise NotFoundOrForbidden(what)
    return obj


def _officer(actor: User, case: Case, data: QueryDict, field: str, what: str) -> Any:
    return access_officer_for_case(actor=actor, case=case, officer_id=parse_id(data.get(field), what))


Handler = Callable[["User", Case, QueryDict], str]


def _consent(data: QueryDict) -> int | None:
    """The 电子送达确认书 chosen beside a service method (行政处罚法 第六十一条第二款), if any."""
    value = (data.get("consent") or "").strip()
    return parse_id(value, "电子送达确认书") if value else None


def _conclude(a: User, c: Case, d: QueryDict) -> str:
    services.investigation_conclude(
        actor=a,
        case=c,
        facts=d.get("facts", ""),
        evidence_summary=d.get("evidence_summary", ""),
        proposed_outcome=d.get("proposed_outcome", ""),
        penalty_kinds=d.getlist("penalty_kinds"),
        fine=money(d.get("fine"), "拟罚款金额"),
        confiscation=money(d.get("confiscation"), "拟没收金额"),
        discretion_facts=_facts(d),
    )
    return "已提交调查终结报告。"


def _case_review(a: User, c: Case, d: QueryDict) -> str:
    services.case_review_record(actor=a, case=c, opinion=d.get("opinion", ""), text=d.get("text", ""))
    return "已记录案件审核意见。"


def _legal_review(a: User, c: Case, d: QueryDict) -> str:
    services.legal_review_record(actor=a, case=c, opinion=d.get("opinion", ""), text=d.get("text", ""))
    return "已记录法制审核意见。"


def _discuss(a: User, c: Case, d: QueryDict) -> str:
    services.discussion_record(
        actor=a,
        case=c,
        participants=d.get("participants", ""),
        record=d.get("record", ""),
        conclusion=d.get("conclusion", ""),
        conclusion_text=d.get("conclusion_text", ""),
    )
    return "已记录集体讨论。"


def _notify(a: User, c: Case, d: QueryDict) -> str:
    services.notice_issue(
        actor=a,
        case=c,
        method=d.get("method", ""),
        served_on=parse_date(d.get("served_on", ""), "送达日期"),
        consent_id=_consent(d),
    )
    return "已送达事先告知书。"


def _representation(a: User, c: Case, d: QueryDict) -> str:
    services.representation_record(
        actor=a,
        case=c,
        received_on=parse_date(d.get("received_on", ""), "提出日期"),
        content=d.get("content", ""),
        adopted=d.get("adopted") == "on",
        response=d.get("response", ""),
    )
    return "已记录陈述申辩。"


def _waive(a: User, c: Case, d: QueryDict) -> str:
    services.notice_waive(actor=a, case=c, on=parse_date(d.get("on", ""), "放弃日期"))
    return "已登记当事人放弃陈述申辩。"


def _waive_hearing(a: User, c: Case, d: QueryDict) -> str:
    services.hearing_waive(actor=a, case=c, on=parse_date(d.get("on", ""), "放弃听证日期"))
    return "已登记当事人书面放弃听证。"


def _host_recusal(a: User, c: Case, d: QueryDict) -> str:
    services.hearing_host_recusal_apply(actor=a, hearing=_child(c, "hearings", d, "听证"), reason=d.get("reason", ""))
    return "已登记听证主持人回避申请。"


def _request_hearing(a: User, c: Case, d: QueryDict) -> str:
    services.hearing_request(actor=a, case=c, requested_on=parse_date(d.get("requested_on", ""), "申请日期"))
    return "已登记听证申请。"


def _schedule_hearing(a: User, c: Case, d: QueryDict) -> str:
    services.hearing_schedule(
        actor=a,
        hearing=_child(c, "hearings", d, "听证"),
        notice_served_on=parse_date(d.get("notice_served_on", ""), "听证通知送达日期"),
        hearing_date=parse_date(d.get("hearing_date", ""), "听证日期"),
        host=_officer(a, c, d, "host", "主持人"),
        location=d.get("location", ""),
    )
    return "已安排听证。"


def _record_hearing(a: User, c: Case, d: QueryDict) -> str:
    services.hearing_record(
        actor=a, hearing=_child(c, "hearings", d, "听证"), held=d.get("held") == "yes", record=d.get("record", "")
    )
    return "已记录听证。"


def _decide(a: User, c: Case, d: QueryDict) -> str:
    decision = services.case_decide(
        actor=a,
        case=c,
        outcome=d.get("outcome", ""),
        reasons=d.get("reasons", ""),
        penalty_kinds=d.getlist("penalty_kinds"),
        fine=money(d.get("fine"), "罚款金额"),
        confiscation=money(d.get("confiscation"), "没收金额"),
        out_of_range_reason=d.get("out_of_range_reason", ""),
        late_reason=d.get("late_reason", ""),
    )
    return f"已作出决定{decision.number}。"


def _serve(a: User, c: Case, d: QueryDict) -> str:
    services.decision_serve(
        actor=a,
        case=c,
        method=d.get("method", ""),
        served_on=parse_date(d.get("served_on", ""), "送达日期"),
        recipient=d.get("recipient", ""),
        proof=d.get("proof", ""),
        late_reason=d.get("late_reason", ""),
        consent_id=_consent(d),
    )
    return "已送达处罚决定书。"


def _pay(a: User, c: Case, d: QueryDict) -> str:
    services.payment_record(
        actor=a,
        case=c,
        kind=d.get("kind", ""),
        amount=money(d.get("amount"), "缴款金额"),
        paid_on=parse_date(d.get("paid_on", ""), "缴款日期"),
        receipt_number=d.get("receipt_number", ""),
        bank=d.get("bank", ""),
    )
    return "已登记缴款。"


def _arrangement(a: User, c: Case, d: QueryDict) -> str:
    services.arrangement_approve(
        actor=a, case=c, deferred_until=parse_date(d.get("deferred_until", ""), "延至日期"), reason=d.get("reason", "")
    )
    return "已批准暂缓缴纳。"


def _remind(a: User, c: Case, d: QueryDict) -> str:
    services.reminder_issue(
        actor=a,
        case=c,
        method=d.get("method", ""),
        served_on=parse_date(d.get("served_on", ""), "送达日期"),
        recipient=d.get("recipient", ""),
        proof=d.get("proof", ""),
        consent_id=_consent(d),
    )
    return "已送达催告书。"


def _service_consent(a: User, c: Case, d: QueryDict) -> str:
    services.service_consent_record(
        actor=a,
        case=c,
        channel=d.get("channel", ""),
        address=d.get("address", ""),
        signed_on=parse_date(d.get("signed_on", ""), "确认书签订日期"),
        confirmation_id=parse_id(d.get("confirmation"), "当事人签署的确认书（证据）"),
    )
    return "已登记电子送达确认书。"


def _service_consent_withdraw(a: User, c: Case, d: QueryDict) -> str:
    services.service_consent_withdraw(
        actor=a,
        consent=_child(c, "service_consents", d, "电子送达确认书"),
        on=parse_date(d.get("on", ""), "撤回日期"),
        note=d.get("note", ""),
    )
    return "已登记当事人撤回电子送达的同意。"


def _apply_court(a: User, c: Case, d: QueryDict) -> str:
    services.court_enforcement_apply(actor=a, case=c, court=d.get("court", ""))
    return "已申请法院强制执行。"


def _court_update(a: User, c: Case, d: QueryDict) -> str:
    accepted, completed = d.get("accepted_on", "").strip(), d.get("completed_on", "").strip()
    services.court_enforcement_update(
        actor=a,
        application=_child(c, "court_enforcements", d, "强制执行申请"),
        accepted_on=parse_date(accepted, "受理日期") if accepted else None,
        ruling=d.get("ruling", ""),
        completed_on=parse_date(completed, "执行完毕日期") if completed else None,
    )
    return "已登记法院执行情况。"


def _close(a: User, c: Case, d: QueryDict) -> str:
    services.case_close(actor=a, case=c, summary=d.get("summary", ""))
    return "已结案。"


def _archive(a: User, c: Case, d: QueryDict) -> str:
    case = services.case_archive(actor=a, case=c)
    return f"已归档，档案号{case.archive_number}。"


def _add_handler(a: User, c: Case, d: QueryDict) -> str:
    services.handler_add(actor=a, case=c, officer=_officer(a, c, d, "officer", "执法人员"))
    return "已增派承办人。"


def _extend(a: User, c: Case, d: QueryDict) -> str:
    provision = d.get("provision", "").strip()
    services.case_extend(
        actor=a,
        case=c,
        days=parse_id(d.get("days"), "延长天数"),
        reason=d.get("reason", ""),
        provision_id=parse_id(provision, "延长办案期限的依据") if provision else None,
    )
    return "已延长办案期限。"


def _transfer(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_report(
        actor=a, case=c, kind=d.get("kind", ""), receiving_body=d.get("receiving_body", ""), reason=d.get("reason", "")
    )
    return "已报告移送。"


def _transfer_approve(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_approve(actor=a, transfer=_child(c, "transfers", d, "移送"), late_reason=d.get("late_reason", ""))
    return "已批准移送。"


def _transfer_complete(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_complete(
        actor=a,
        transfer=_child(c, "transfers", d, "移送"),
        attachments=d.getlist("attachments"),
        late_reason=d.get("late_reason", ""),
    )
    return "已完成移送。"


def _transfer_refuse(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_refuse(actor=a, transfer=_child(c, "transfers", d, "移送"), reason=d.get("reason", ""))
    return "已不批准移送。"


def _transfer_police_answer(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_police_answer(
        actor=a,
        transfer=_child(c, "transfers", d, "移送"),
        decision=d.get("decision", ""),
        notified_on=parse_date(d.get("notified_on", ""), "接到通知日期"),
        document_number=d.get("document_number", ""),
        reason=d.get("reason", ""),
    )
    return "已登记公安机关的决定。"


def _transfer_review_request(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_review_request(
        actor=a,
        transfer=_child(c, "transfers", d, "移送"),
        requested_on=parse_date(d.get("requested_on", ""), "提请复议日期"),
    )
    return "已提请公安机关复议。"


def _transfer_review_answer(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_review_answer(
        actor=a,
        transfer=_child(c, "transfers", d, "移送"),
        decision=d.get("decision", ""),
        notified_on=parse_date(d.get("notified_on", ""), "接到复议决定日期"),
        document_number=d.get("document_number", ""),
    )
    return "已登记复议决定。"


def _transfer_return(a: User, c: Case, d: QueryDict) -> str:
    services.transfer_return(
        actor=a,
        transfer=_child(c, "transfers", d, "移送"),
        returned_on=parse_date(d.get("returned_on", ""), "移回日期"),
        document_number=d.get("document_number", ""),
        reason=d.get("reason", ""),
    )
    return "已登记公安机关移回案件。"


def _file(a: User, c: Case, d: QueryDict) -> str:
    services.simple_case_file(actor=a, case=c)
    return "已备案。"


def _flags(a: User, c: Case, d: QueryDict) -> str:
    services.case_flags_set(
        actor=a,
        case=c,
        is_major=d.get("is_major") == "on",
        is_complex=d.get("is_complex") == "on",
        major_public_interest=d.get("major_public_interest") == "on",
        major_rights=d.get("major_rights") == "on",
        review_required_by_law=d.get("review_required_by_law") == "on",
    )
    return "已更新案件认定。"


def _recusal(a: User, c: Case, d: QueryDict) -> str:
    services.recusal_apply(
        actor=a,
        case=c,
        officer=_officer(a, c, d, "officer", "执法人员"),
        applicant=d.get("applicant", ""),
        reason=d.get("reason", ""),
    )
    return "已登记回避申请。"


def _recusal_decide(a: User, c: Case, d: QueryDict) -> str:
    replacement = _officer(a, c, d, "replacement", "替换人员") if d.get("replacement") else None
    services.recusal_decide(
        actor=a,
        recusal=_child(c, "recusals", d, "回避申请"),
        granted=d.get("granted") == "yes",
        replacement=replacement,
    )
    return "已作出回避决定。"


def _preserve(a: User, c: Case, d: QueryDict) -> str:
    services.preservation_approve(actor=a, case=c, items=d.get("items", ""))
    return "已批准先行登记保存。"


def _preserve_decide(a: User, c: Case, d: QueryDict) -> str:
    services.preservation_decide(
        actor=a, preservation=_child(c, "preservations", d, "先行登记保存"), disposition=d.get("disposition", "")
    )
    return "已作出处理决定。"


def _seize(a: User, c: Case, d: QueryDict) -> str:
    services.seizure_approve(actor=a, case=c, measure=d.get("measure", ""), items=d.get("items", ""))
    return "已批准查封扣押。"


def _seize_extend(a: User, c: Case, d: QueryDict) -> str:
    notice = d.get("notice_served_on", "").strip()
    services.seizure_extend(
        actor=a,
        seizure=_child(c, "seizures", d, "查封扣押"),
        reason=d.get("reason", ""),
        notice_served_on=parse_date(notice, "书面告知送达日期") if notice else None,
    )
    return "已延长查封扣押期限。"


def _seize_release(a: User, c: Case, d: QueryDict) -> str:
    services.seizure_release(actor=a, seizure=_child(c, "seizures", d, "查封扣押"))
    return "已解除查封扣押。"


def _suspend(a: User, c: Case, d: QueryDict) -> str:
    services.case_suspend(
        actor=a,
        case=c,
        kind=d.get("kind", ""),
        start=parse_date(d.get("start", ""), "起始日"),
        reason=d.get("reason", ""),
    )
    return "已登记。"


def _resume(a: User, c: Case, d: QueryDict) -> str:
    services.case_resume(
        actor=a, suspension=_child(c, "suspensions", d, "期间"), end=parse_date(d.get("end", ""), "终止日")
    )
    return "已登记期间结束。"


HANDLERS: dict[str, Handler] = {
    "flags": _flags,
    "recusal": _recusal,
    "recusal_decide": _recusal_decide,
    "preserve": _preserve,
    "preserve_decide": _preserve_decide,
    "seize": _seize,
    "seize_extend": _seize_extend,
    "seize_release": _seize_release,
    "suspend": _suspend,
    "resume": _resume,
    "conclude": _conclude,
    "case_review": _case_review,
    "legal_review": _legal_review,
    "discuss": _discuss,
    "notify": _notify,
    "representation": _representation,
    "waive": _waive,
    "waive_hearing": _waive_hearing,
    "host_recusal": _host_recusal,
    "request_hearing": _request_hearing,
    "schedule_hearing": _schedule_hearing,
    "record_hearing": _record_hearing,
    "decide": _decide,
    "serve": _serve,
    "service_consent": _service_consent,
    "service_consent_withdraw": _service_consent_withdraw,
    "pay": _pay,
    "arrangement": _arrangement,
    "remind": _remind,
    "apply_court": _apply_court,
    "court_update": _court_update,
    "close": _close,
    "archive": _archive,
    "add_handler": _add_handler,
    "extend": _extend,
    "transfer": _transfer,
    "transfer_approve": _transfer_approve,
    "transfer_complete": _transfer_complete,
    "transfer_refuse": _transfer_refuse,
    "transfer_police_answer": _transfer_police_answer,
    "transfer_review_request": _transfer_review_request,
    "transfer_review_answer": _transfer_review_answer,
    "transfer_return": _transfer_return,
    "file": _file,
}
