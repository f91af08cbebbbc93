"""The template context of a 文书: what a .docx template may print, projected from the case's ``Records``.

Every kind receives the same context (see docs/documents.md for the list of placeholders). A record the case does
not have yet is present with empty values, so a bureau's template never fails on a missing key; which kinds may be
generated at all is decided by ``fazhi.documents.prerequisites.blocker`` (e.g. a 决定书 needs the decision), not by
the template.

The context is built in two steps: ``fazhi.documents.selectors.gather`` reads the case's records from the database
into ``Records``, and ``document_context`` here turns any ``Records`` into plain strings, lists and dicts, without a
query, typed by ``fazhi.documents.placeholders`` (``DocumentContext``). ``fazhi.documents.sample_data`` holds a
realistic case made of plain objects with the same attributes; uploaded templates are test-rendered with it, so an
uploaded template is checked against exactly the placeholders real documents receive.

Dates are written 2026年3月2日, money as 1000.00 with its 大写 (``fazhi.documents.formatting``).

Personal data: the served original carries the party's full 身份证号 and phone (行政处罚法 第五十九条 identifies the
party; the party receives the document). The masked forms (``party.id_number_masked``, ``party.public_name`` …) are
in the context too, for a bureau that prints a public copy (公示文本); publication itself is not done here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi import rules
from fazhi.cases.models import (
    CRIMINAL_TRANSFER_ATTACHMENTS,
    CaseSource,
    CaseState,
    DecisionOutcome,
    PoliceDecision,
    Procedure,
    ServiceMethod,
)
from fazhi.documents import placeholders as ph
from fazhi.documents.formatting import (
    article_cite,
    choice_label,
    cn_int,
    document_setting,
    fmt_date,
    fmt_money,
    kinds_text,
    money_words,
    person_name,
)
from fazhi.documents.kinds import SPECS
from fazhi.documents.records import Records
from fazhi.documents.wording import (
    on_spot_text,
    opinion_label,
    penalty_text,
    preservation_due_text,
    process_text,
    remedy_text,
)

SEAL = "（印章）"


def _agency(records: Records) -> ph.AgencyFields:
    a = records.agency
    return {
        "name": a.name,
        "short_name": a.short_name or a.name,
        "code": a.code,
        "uscc": a.uscc,
        "unit_name": records.unit.name,
    }


def _party(p: Any) -> ph.PartyFields:
    is_person = p.kind == "person"
    masked_id = ""
    if p.id_number:
        masked_id = rules.mask_resident_id(p.id_number) if is_person else p.id_number
    return {
        "kind": p.kind,
        "kind_label": "个人" if is_person else "单位",
        "is_person": is_person,
        "name": p.name,
        "public_name": rules.mask_name(p.name) if is_person else p.name,
        "id_label": "身份证号码" if is_person else "统一社会信用代码",
        "id_number": p.id_number,
        "id_number_masked": masked_id,
        "address": p.address,
        "phone": p.phone,
        "phone_masked": rules.mask_phone(p.phone) if p.phone else "",
        "legal_representative": p.legal_representative,
        "birth_date": fmt_date(p.birth_date),
    }


def _case(records: Records) -> ph.CaseFields:
    c, item = records.case, records.item
    return {
        "number": c.register_number or c.lead_number,
        "lead_number": c.lead_number,
        "register_number": c.register_number,
        "procedure": choice_label(Procedure, c.procedure),
        "source": choice_label(CaseSource, c.source),
        "state": choice_label(CaseState, c.state),
        "act_date": fmt_date(c.act_date),
        "act_ended": fmt_date(c.act_ended),
        "discovered_on": fmt_date(c.discovered_on),
        "registered_on": fmt_date(c.registered_on),
        "registered_by": records.registered_by,
        "not_registered_reason": c.not_registered_reason,
        "location": c.location,
        "facts": c.facts,
        "cause": item.name,  # 案由
        "power_item_code": item.code,
        "power_item_name": item.name,
        "violation_basis": item.violation_basis,
        "violation_article": article_cite(item.violation_basis),
        "penalty_basis": item.penalty_basis,
        "penalty_article": article_cite(item.penalty_basis),
        "rule_set_version": records.rule_set_version,
        "is_major": c.is_major,
        "closed_on": fmt_date(c.closed_on),
        "close_summary": c.close_summary,
        "filed_on": fmt_date(c.filed_on),
        "archived_on": fmt_date(c.archived_on),
        "archive_number": c.archive_number,
    }


def _discretion(data: Mapping[str, Any] | None) -> ph.DiscretionFields:
    data = data or {}
    low, high = data.get("fine_min"), data.get("fine_max")
    fine_range = f"{low}元至{high}元" if low is not None and high is not None else ""
    reasons = "；".join(str(r).strip().rstrip("。；") for r in data.get("reasons") or [] if str(r).strip())
    tier = str(data.get("tier_label") or "")
    version = str(data.get("rule_set_version") or "")
    text = ""
    if tier or reasons:
        text = f"依据{version or '本机关'}行政处罚裁量基准，本案适用「{tier}」裁量阶次"
        text += f"（罚款{fine_range}）" if fine_range else ""
        text += f"，理由：{reasons}" if reasons else ""
        text += "。"
    return {
        "present": bool(text),
        "tier": tier,
        "fine_range": fine_range,
        "reasons": reasons,
        "rule_set_version": version,
        "basis": str(data.get("basis") or ""),
        "text": text,
    }


def _amounts(kinds: Sequence[str], fine: Decimal, confiscation: Decimal) -> ph.AmountFields:
    return {
        "penalty_kinds": kinds_text(kinds),
        "fine": fmt_money(fine),
        "fine_words": money_words(fine),
        "has_fine": fine > 0,
        "confiscation": fmt_money(confiscation),
        "confiscation_words": money_words(confiscation),
        "has_confiscation": confiscation > 0,
        "penalty_text": penalty_text(kinds, fine, confiscation),
    }


_ZERO = Decimal("0.00")


def _report(r: Any, submitted_by: str) -> ph.ReportFields:
    if r is None:
        return {
            "present": False,
            "facts": "",
            "evidence": "",
            "proposed_outcome": "",
            "submitted_by": "",
            "submitted_on": "",
            **_amounts([], _ZERO, _ZERO),
            "discretion": _discretion(None),
        }
    return {
        "present": True,
        "facts": r.facts,
        "evidence": r.evidence_summary,
        "proposed_outcome": choice_label(DecisionOutcome, r.proposed_outcome),
        "submitted_by": submitted_by,
        "submitted_on": fmt_date(r.submitted_on),
        **_amounts(r.penalty_kinds, r.fine, r.confiscation),
        "discretion": _discretion(r.discretion),
    }


def _legal_review(r: Any, reviewer: str) -> ph.LegalReviewFields:
    return {
        "present": r is not None,
        "reviewer": reviewer,
        "opinion": opinion_label(r.opinion) if r else "",
        "text": r.text if r else "",
        "on": fmt_date(r.on) if r else "",
        "after_hearing": bool(r and r.after_hearing),
    }


def _discussion(d: Any, chair: str) -> ph.DiscussionFields:
    return {
        "present": d is not None,
        "chair": chair,
        "participants": d.participants if d else "",
        "record": d.record if d else "",
        "conclusion": opinion_label(d.conclusion) if d else "",
        "conclusion_text": d.conclusion_text if d else "",
        "on": fmt_date(d.on) if d else "",
    }


def _notice(n: Any) -> ph.NoticeFields:
    if n is None:
        return {
            "present": False,
            "served_on": "",
            "method": "",
            "representation_until": "",
            "hearing_right": False,
            "hearing_request_until": "",
            "waived_on": "",
            "hearing_waived_on": "",
            **_amounts([], _ZERO, _ZERO),
        }
    return {
        "present": True,
        "served_on": fmt_date(n.served_on),
        "method": choice_label(ServiceMethod, n.method),
        "representation_until": fmt_date(n.representation_until),
        "hearing_right": bool(n.hearing_right),
        "hearing_request_until": fmt_date(n.hearing_request_until),
        "waived_on": fmt_date(n.waived_on),
        "hearing_waived_on": fmt_date(n.hearing_waived_on),
        **_amounts(n.penalty_kinds, n.fine, n.confiscation),
    }


def _hearing(h: Any, host: str) -> ph.HearingFields:
    return {
        "present": h is not None,
        "requested_on": fmt_date(h.requested_on) if h else "",
        "notice_served_on": fmt_date(h.notice_served_on) if h else "",
        "date": fmt_date(h.hearing_date) if h else "",
        "location": h.location if h else "",
        "host": host,
        "public_text": ("公开举行" if h.is_public else "不公开举行") if h else "",
        "held": bool(h and h.held),
        "waived": bool(h and h.waived),
        "record": h.record if h else "",
    }


def _decision(records: Records) -> ph.DecisionFields:
    d = records.decision
    if d is None:
        return {
            "present": False,
            "number": "",
            "decided_on": "",
            "decided_by": "",
            "outcome": "",
            "reasons": "",
            "out_of_range_reason": "",
            "process_text": "",
            "on_spot_text": "",
            "refused_to_sign": False,
            **_amounts([], _ZERO, _ZERO),
            "discretion": _discretion(None),
        }
    return {
        "present": True,
        "number": d.number,
        "decided_on": fmt_date(d.decided_on),
        "decided_by": records.decided_by,
        "outcome": choice_label(DecisionOutcome, d.outcome),
        "reasons": d.reasons,
        "out_of_range_reason": d.out_of_range_reason,
        "process_text": process_text(records),
        "on_spot_text": on_spot_text(d),
        "refused_to_sign": bool(getattr(d, "refused_to_sign", False)),
        **_amounts(d.penalty_kinds, d.fine, d.confiscation),
        "discretion": _discretion(d.discretion),
    }


def _remedy(records: Records) -> ph.RemedyFields:
    body = document_setting("reconsideration_body", "本级人民政府")
    court = document_setting("court", "有管辖权的人民法院")
    return {
        "reconsideration_body": body,
        "court": court,
        "reconsideration_days": cn_int(rules.RECONSIDERATION_APPLICATION_DAYS),
        "lawsuit_months": cn_int(rules.LAWSUIT_PERIOD_MONTHS),
        "text": remedy_text(records.case.procedure, body, court),
        "simple_first_reconsideration": records.case.procedure == "simple",
    }


def _payment(records: Records) -> ph.PaymentFields:
    """How and by when to comply (第五十九条第一款第(四)项): 15 days, the bank, 加处罚款 (第六十七条、第七十二条)."""
    bank = document_setting("bank", "指定的银行")
    d = records.decision
    days = cn_int(rules.PAYMENT_PERIOD_DAYS)
    rate = cn_int(int(rules.LATE_FEE_DAILY_RATE * 100))
    on_the_spot = [p for p in records.payments if p.on_the_spot]
    late_fee_warning = (
        f"到期不缴纳罚款的，本机关可以每日按罚款数额的百分之{rate}加处罚款，加处罚款的数额不得超出罚款的数额"
        "（《中华人民共和国行政处罚法》第七十二条第一款第（一）项），并依法申请人民法院强制执行。"
    )
    if d is None or (d.fine <= 0 and d.confiscation <= 0):
        text = "本决定书自送达之日起生效。"
    elif on_the_spot:
        text = (
            f"罚款已由执法人员当场收缴，并出具财政部门统一制发的专用票据（票据号：{on_the_spot[0].receipt_number}）。"
        )
    else:
        text = (
            f"当事人应当自收到本决定书之日起{days}日内，持本决定书到{bank}缴纳罚没款（或者通过电子支付系统缴纳）。"
            + late_fee_warning
        )
    paid_fine = sum((p.amount for p in records.payments if p.kind == "fine"), _ZERO)
    paid_late = sum((p.amount for p in records.payments if p.kind == "late_fee"), _ZERO)
    return {
        "bank": bank,
        "days": days,
        "due": fmt_date(records.payment_due),
        "late_fee_rate": f"百分之{rate}",
        "late_fee_warning": late_fee_warning,
        "text": text,
        "on_the_spot": bool(on_the_spot),
        "receipt_number": on_the_spot[0].receipt_number if on_the_spot else "",
        "fine_paid": fmt_money(paid_fine),
        "late_fee": fmt_money(records.late_fee),
        "late_fee_words": money_words(records.late_fee),
        "late_fee_paid": fmt_money(paid_late),
    }


def _service(records: Records) -> ph.ServiceFields:
    s = records.decision_service
    d = records.decision
    title = "当场行政处罚决定书" if records.case.procedure == "simple" else "行政处罚决定书"
    return {
        "document_title": title if d is not None else "",
        "document_number": d.number if d is not None else "",
        "recipient": s.recipient if s else records.party.name,
        "address": records.party.address,
        "method": choice_label(ServiceMethod, s.method) if s else "",
        "served_on": fmt_date(s.served_on) if s else "",
        "deemed_served_on": fmt_date(s.deemed_served_on) if s else "",
        "proof": s.proof if s else "",
    }


def _reminder(records: Records) -> ph.ReminderFields:
    r = records.reminder
    if r is None:
        return {
            "present": False,
            "issued_on": "",
            "served_on": "",
            "fine_due": "",
            "fine_due_words": "",
            "late_fee_due": "",
            "late_fee_due_words": "",
            "total": "",
            "total_words": "",
            "comply_days": cn_int(rules.REMINDER_WORKING_DAYS),
        }
    total = r.fine_due + r.late_fee_due
    return {
        "present": True,
        "issued_on": fmt_date(r.issued_on),
        "served_on": fmt_date(records.reminder_service.served_on if records.reminder_service else r.issued_on),
        "fine_due": fmt_money(r.fine_due),
        "fine_due_words": money_words(r.fine_due),
        "late_fee_due": fmt_money(r.late_fee_due),
        "late_fee_due_words": money_words(r.late_fee_due),
        "total": fmt_money(total),
        "total_words": money_words(total),
        "comply_days": cn_int(rules.REMINDER_WORKING_DAYS),
    }


def _enforcement(records: Records) -> ph.EnforcementFields:
    e = records.enforcement
    return {
        "court": e.court if e else document_setting("court", "有管辖权的人民法院"),
        "applied_on": fmt_date(e.applied_on) if e else "",
    }


def _transfer(records: Records) -> ph.TransferFields:
    t = records.transfer
    chosen = list(t.attachments) if t is not None and t.attachments else list(CRIMINAL_TRANSFER_ATTACHMENTS)
    return {
        "present": t is not None,
        "prior_decision_note": t.prior_decision_note if t else "",
        "prior_fine": fmt_money(t.prior_fine) if t is not None and t.prior_fine is not None else "",
        "police_decision": choice_label(PoliceDecision, t.police_decision) if t and t.police_decision else "",
        "police_notified_on": fmt_date(t.police_notified_on) if t else "",
        "police_document": t.police_document if t else "",
        "police_reason": t.police_reason if t else "",
        "receiving_body": t.receiving_body if t else "",
        "reason": t.reason.rstrip("。") if t else "",
        "reported_at": fmt_date(t.reported_at) if t else "",
        "approved_at": fmt_date(t.approved_at) if t else "",
        "approved_by": records.transfer_approved_by,
        "transferred_at": fmt_date(t.transferred_at) if t else "",
        "attachments": [
            {"seq": i, "name": CRIMINAL_TRANSFER_ATTACHMENTS[a]}
            for i, a in enumerate((a for a in chosen if a in CRIMINAL_TRANSFER_ATTACHMENTS), start=1)
        ],
    }


def _preservation(records: Records) -> ph.PreservationFields:
    p = records.preservation
    return {
        "present": p is not None,
        "goods": p.items if p else "",  # not "items": Jinja would find dict.items
        "saved_on": fmt_date(p.saved_on) if p else "",
        "approved_by": records.preservation_approved_by,
        "decision_due": preservation_due_text(p.saved_on) if p else "",
        "decided_on": fmt_date(p.decided_on) if p else "",
        "disposition": p.disposition if p else "",
    }


def document_context(records: Records, *, kind: str, number: str, version: int, today: date) -> ph.DocumentContext:
    """The whole context of one document. Values are strings (dates and money formatted), booleans and lists."""
    handlers: list[ph.HandlerFields] = [
        {"name": h.name, "certificate_number": h.certificate_number, "is_lead": h.is_lead, "unit": h.unit}
        for h in records.handlers
    ]
    return {
        "document": {
            "kind": kind,
            "title": SPECS[kind].title,
            "number": number,
            "version": version,
            "date": fmt_date(today),
        },
        "today": fmt_date(today),
        "seal": SEAL,
        "agency": _agency(records),
        "case": _case(records),
        "party": _party(records.party),
        "handlers": handlers,
        "handlers_text": "、".join(f"{h.name}（执法证号：{h.certificate_number}）" for h in records.handlers),
        "preservation": _preservation(records),
        "report": _report(records.report, person_name(getattr(records.report, "submitted_by", None))),
        "legal_review": _legal_review(records.legal_review, records.legal_reviewer),
        "discussion": _discussion(records.discussion, records.discussion_chair),
        "notice": _notice(records.notice),
        "hearing": _hearing(records.hearing, records.hearing_host),
        "decision": _decision(records),
        "remedy": _remedy(records),
        "payment": _payment(records),
        "service": _service(records),
        "reminder": _reminder(records),
        "enforcement": _enforcement(records),
        "transfer": _transfer(records),
        "closing": {
            "closed_on": fmt_date(records.case.closed_on),
            "summary": records.case.close_summary,
        },
        "contents": [
            {"seq": i, "title": title, "number": num, "date": fmt_date(on)}
            for i, (title, num, on) in enumerate(records.contents, start=1)
        ],
    }
