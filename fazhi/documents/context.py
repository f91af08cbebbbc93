"""The template context of a 文书: what a .docx template may print, built from the case's records.

Every kind receives the same context (see docs/documents.md for the list of placeholders). A record the case does
not have yet is present with empty values, so a bureau's template never fails on a missing key; which kinds may be
generated at all is decided by ``blocker`` (e.g. a 决定书 needs the decision), not by the template.

The context is built in two steps: ``gather`` reads the case's records from the database into ``Records``, and
``document_context`` turns any ``Records`` into plain strings, lists and dicts. ``sample_records`` is a realistic
case made of plain objects with the same attributes; uploaded templates are test-rendered with it, so an uploaded
template is checked against exactly the placeholders real documents receive.

Dates are written 2026年3月2日, money as 1000.00 with its 大写 (``fazhi.rules.amount_in_words``).

Personal data: the served original carries the party's full 身份证号 and phone (行政处罚法 第五十九条 identifies the
party; the party receives the document). The masked forms (``party.id_number_masked``, ``party.public_name`` …) are
in the context too, for a bureau that prints a public copy (公示文本); publication itself is not done here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.utils import timezone

from fazhi import rules
from fazhi.documents.kinds import SPECS, DocumentKind

SEAL = "（印章）"

Context = dict[str, Any]

_CN_DIGITS = "零一二三四五六七八九"


def cn_int(n: int) -> str:
    """0–99 in ordinary Chinese numerals as written in legal texts: 15 → 十五, 60 → 六十."""
    if not 0 <= n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日{value.hour}时{value.minute:02d}分"
    return f"{value.year}年{value.month}月{value.day}日"


def fmt_money(value: Decimal | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def money_words(value: Decimal | None) -> str:
    return rules.amount_in_words(value) if value is not None else ""


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "display_name", "") or getattr(user, "username", ""))


def _kinds_text(kinds: Iterable[str]) -> str:
    labels = []
    for k in kinds:
        try:
            labels.append(rules.PenaltyKind(k).label)
        except ValueError:
            labels.append(str(k))
    return "、".join(labels)


def _choice_label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def document_setting(name: str, default: str) -> str:
    """Wording a bureau sets once (``FAZHI_DOCUMENTS`` in the settings): 复议机关, 法院, 缴款银行."""
    return str(getattr(settings, "FAZHI_DOCUMENTS", {}).get(name) or default)


# --- the records a document is built from -----------------------------------------------------------------------


@dataclass
class Handler:
    name: str
    certificate_number: str
    is_lead: bool
    unit: str


@dataclass
class Records:
    """Everything a document may print, read once. Attributes are model instances or plain objects alike."""

    case: Any
    agency: Any  # the legal subject (执法主体)
    unit: Any  # the handling unit (承办机构)
    party: Any
    item: Any
    rule_set_version: str
    handlers: list[Handler]
    registered_by: str = ""
    report: Any = None
    legal_review: Any = None
    legal_reviewer: str = ""
    discussion: Any = None
    discussion_chair: str = ""
    notice: Any = None
    representations: list[Any] = field(default_factory=list)
    hearing: Any = None
    hearing_host: str = ""
    decision: Any = None
    decided_by: str = ""
    decision_service: Any = None
    payment_due: date | None = None
    payments: list[Any] = field(default_factory=list)
    late_fee: Decimal = Decimal("0.00")
    reminder: Any = None
    reminder_service: Any = None
    enforcement: Any = None
    transfer: Any = None
    transfer_approved_by: str = ""
    preservation: Any = None
    preservation_approved_by: str = ""
    contents: list[tuple[str, str, date | None]] = field(default_factory=list)


def gather(case: Any, today: date) -> Records:
    """Read the case's records (the latest of each) from the database."""
    from fazhi.cases import deadlines, workflow
    from fazhi.cases.models import TransferKind
    from fazhi.documents.models import Document

    handlers = [
        Handler(h.officer.name, h.certificate.number, h.is_lead, h.officer.agency.name)
        for h in case.handlers.select_related("officer", "officer__agency", "certificate")
        .filter(removed_on__isnull=True)
        .order_by("-is_lead", "pk")
    ]
    report = workflow.latest_report(case)
    legal_reviews = list(case.legal_reviews.select_related("reviewer").order_by("on", "pk"))
    discussions = list(case.discussions.select_related("chaired_by").order_by("on", "pk"))
    notice = workflow.latest_notice(case)
    hearings = list(case.hearings.select_related("host").order_by("pk"))
    decision = getattr(case, "decision", None) if _has_decision(case) else None
    reminders = list(case.reminders.order_by("issued_on", "pk"))
    services = list(case.services.order_by("served_on", "pk"))
    transfers = [
        t for t in case.transfers.select_related("approved_by").order_by("pk") if t.kind == TransferKind.CRIMINAL
    ]
    preservations = list(case.preservations.select_related("approved_by").order_by("saved_on", "pk"))
    money = deadlines.money_status(case, today) if decision is not None else None
    latest: dict[str, Document] = {}
    for doc in Document.objects.filter(case=case).order_by("kind", "version"):
        latest[doc.kind] = doc
    order = list(SPECS)
    contents: list[tuple[str, str, date | None]] = [
        (DocumentKind(k).label, latest[k].number, timezone.localtime(latest[k].generated_at).date())
        for k in sorted(latest, key=order.index)
        if k != DocumentKind.FILE_COVER
    ]
    reminder_services = [s for s in services if s.document == "reminder"]
    return Records(
        case=case,
        agency=case.legal_subject,
        unit=case.agency,
        party=case.party,
        item=case.power_item,
        rule_set_version=case.power_item.rule_set.version_label,
        handlers=handlers,
        registered_by=_name(case.registered_by),
        report=report,
        legal_review=legal_reviews[-1] if legal_reviews else None,
        legal_reviewer=_name(legal_reviews[-1].reviewer) if legal_reviews else "",
        discussion=discussions[-1] if discussions else None,
        discussion_chair=_name(discussions[-1].chaired_by) if discussions else "",
        notice=notice,
        representations=list(case.representations.order_by("received_on", "pk")),
        hearing=hearings[-1] if hearings else None,
        hearing_host=hearings[-1].host.name if hearings and hearings[-1].host else "",
        decision=decision,
        decided_by=_name(decision.decided_by) if decision is not None else "",
        decision_service=deadlines.decision_service(case),
        payment_due=deadlines.payment_due(case),
        payments=list(case.payments.order_by("paid_on", "pk")),
        late_fee=money.late_fee if money is not None else Decimal("0.00"),
        reminder=reminders[-1] if reminders else None,
        reminder_service=reminder_services[-1] if reminder_services else None,
        enforcement=case.court_enforcements.order_by("-applied_on", "-pk").first(),
        transfer=transfers[-1] if transfers else None,
        transfer_approved_by=_name(transfers[-1].approved_by) if transfers else "",
        preservation=preservations[-1] if preservations else None,
        preservation_approved_by=_name(preservations[-1].approved_by) if preservations else "",
        contents=contents,
    )


def _has_decision(case: Any) -> bool:
    from fazhi.cases.models import Decision

    try:
        case.decision  # noqa: B018
    except Decision.DoesNotExist:
        return False
    return True


# --- prerequisites ------------------------------------------------------------------------------------------------


def blocker(kind: str, records: Records) -> str | None:
    """Why ``kind`` cannot be generated for this case now (a Chinese sentence), or None."""
    s = SPECS[kind]
    case = records.case
    if case.procedure not in s.procedures:
        procedure = "简易程序" if case.procedure == "simple" else "一般程序"
        return f"{procedure}案件不使用《{s.title}》。"
    k = DocumentKind
    decision = records.decision
    need: dict[str, tuple[bool, str]] = {
        k.REGISTER_APPROVAL: (True, ""),
        k.CORRECTION_ORDER: (case.state != "not_registered", "案件已决定不予立案"),
        k.INSPECTION_RECORD: (case.state != "not_registered", "案件已决定不予立案"),
        k.INQUIRY_RECORD: (case.state != "not_registered", "案件已决定不予立案"),
        k.PRESERVATION_NOTICE: (records.preservation is not None, "本案没有经批准的先行登记保存"),
        k.INVESTIGATION_REPORT: (records.report is not None, "承办人尚未提交调查终结报告"),
        k.LEGAL_REVIEW_OPINION: (records.legal_review is not None, "本案尚未进行法制审核"),
        k.DISCUSSION_RECORD: (records.discussion is not None, "本案尚未进行集体讨论"),
        k.PRE_DECISION_NOTICE: (records.notice is not None, "本案尚未送达行政处罚事先告知"),
        k.HEARING_NOTICE: (
            records.notice is not None and records.notice.hearing_right,
            "本案拟作出的处罚不属于听证范围（行政处罚法第六十三条），或尚未事先告知",
        ),
        k.HEARING_RECORD: (
            records.hearing is not None and (records.hearing.held or records.hearing.waived),
            "本案尚未举行听证或尚未记录听证情况",
        ),
        k.PENALTY_DECISION: (
            decision is not None and decision.outcome == "penalty" and bool(decision.number),
            "本案尚未作出给予行政处罚的决定",
        ),
        k.SIMPLE_DECISION: (decision is not None and bool(decision.number), "本案尚未作出当场处罚决定"),
        k.SERVICE_RECEIPT: (decision is not None and bool(decision.number), "本案尚未作出需送达的决定书"),
        k.REMINDER: (records.reminder is not None, "本案尚未催告（当事人逾期不履行后，先登记催告）"),
        k.ENFORCEMENT_APPLICATION: (
            records.reminder is not None and not _settled(records),
            "申请人民法院强制执行前应当催告当事人履行义务（行政强制法第五十四条），当事人已履行的无需申请",
        ),
        k.CRIMINAL_TRANSFER: (
            records.transfer is not None and records.transfer.approved_at is not None,
            "本案没有经负责人批准的涉嫌犯罪案件移送（行政执法机关移送涉嫌犯罪案件的规定第五条）",
        ),
        k.CLOSING_REPORT: (case.closed_on is not None, "案件尚未结案"),
        k.FILE_COVER: (case.closed_on is not None, "案件结案后方可组卷"),
    }
    ok, reason = need[kind]
    return None if ok else f"不能生成《{s.title}》：{reason}。"


def _settled(records: Records) -> bool:
    decision = records.decision
    if decision is None:
        return True
    fine_paid = sum((p.amount for p in records.payments if p.kind == "fine"), Decimal("0.00"))
    late_paid = sum((p.amount for p in records.payments if p.kind == "late_fee"), Decimal("0.00"))
    return fine_paid >= decision.fine and late_paid >= records.late_fee


# --- the context --------------------------------------------------------------------------------------------------


def _agency(records: Records) -> Context:
    a = records.agency
    return {
        "name": a.name,
        "short_name": a.short_name or a.name,
        "code": a.code,
        "uscc": a.uscc,
        "unit_name": records.unit.name,
    }


def _party(p: Any) -> Context:
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


def article_cite(basis: str) -> str:
    """The citation part of a basis text: "《城乡规划法》第四十条第一款：在城市…" → "《城乡规划法》第四十条第一款".

    Each line that starts with 《…》 and has a "：" contributes its citation; a text without that shape is returned
    whole (without a final 。), so a sentence "违反了{cite}的规定" always reads.
    """
    cites: list[str] = []
    for raw in basis.splitlines():
        line = raw.strip()
        head, colon, _ = line.partition("：")
        if line.startswith("《") and colon and head not in cites:
            cites.append(head)
    return "、".join(cites) if cites else basis.strip().rstrip("。")


def _case(records: Records) -> Context:
    from fazhi.cases.models import CaseSource, CaseState, Procedure

    c, item = records.case, records.item
    return {
        "number": c.register_number or c.lead_number,
        "lead_number": c.lead_number,
        "register_number": c.register_number,
        "procedure": _choice_label(Procedure, c.procedure),
        "source": _choice_label(CaseSource, c.source),
        "state": _choice_label(CaseState, c.state),
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


def _discretion(data: Mapping[str, Any] | None) -> Context:
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


def _penalty_text(kinds: Sequence[str], fine: Decimal, confiscation: Decimal) -> str:
    """处罚内容 in words: 罚款人民币壹仟元整（¥1000.00）."""
    parts = []
    for k in kinds:
        if k == rules.PenaltyKind.FINE and fine > 0:
            parts.append(f"罚款人民币{money_words(fine)}（¥{fmt_money(fine)}）")
        elif k == rules.PenaltyKind.CONFISCATE_ILLEGAL_GAINS and confiscation > 0:
            parts.append(f"没收违法所得人民币{money_words(confiscation)}（¥{fmt_money(confiscation)}）")
        else:
            parts.append(_kinds_text([k]))
    return "；".join(parts)


def _amounts(kinds: Sequence[str], fine: Decimal, confiscation: Decimal) -> Context:
    return {
        "penalty_kinds": _kinds_text(kinds),
        "fine": fmt_money(fine),
        "fine_words": money_words(fine),
        "has_fine": fine > 0,
        "confiscation": fmt_money(confiscation),
        "confiscation_words": money_words(confiscation),
        "has_confiscation": confiscation > 0,
        "penalty_text": _penalty_text(kinds, fine, confiscation),
    }


_ZERO = Decimal("0.00")


def _report(r: Any, submitted_by: str) -> Context:
    from fazhi.cases.models import DecisionOutcome

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
        "proposed_outcome": _choice_label(DecisionOutcome, r.proposed_outcome),
        "submitted_by": submitted_by,
        "submitted_on": fmt_date(r.submitted_on),
        **_amounts(r.penalty_kinds, r.fine, r.confiscation),
        "discretion": _discretion(r.discretion),
    }


def _opinion(value: str) -> str:
    from fazhi.cases.models import Opinion

    return _choice_label(Opinion, value) if value else ""


def _legal_review(r: Any, reviewer: str) -> Context:
    return {
        "present": r is not None,
        "reviewer": reviewer,
        "opinion": _opinion(r.opinion) if r else "",
        "text": r.text if r else "",
        "on": fmt_date(r.on) if r else "",
        "after_hearing": bool(r and r.after_hearing),
    }


def _discussion(d: Any, chair: str) -> Context:
    return {
        "present": d is not None,
        "chair": chair,
        "participants": d.participants if d else "",
        "record": d.record if d else "",
        "conclusion": _opinion(d.conclusion) if d else "",
        "conclusion_text": d.conclusion_text if d else "",
        "on": fmt_date(d.on) if d else "",
    }


def _notice(n: Any) -> Context:
    from fazhi.cases.models import ServiceMethod

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
        "method": _choice_label(ServiceMethod, n.method),
        "representation_until": fmt_date(n.representation_until),
        "hearing_right": bool(n.hearing_right),
        "hearing_request_until": fmt_date(n.hearing_request_until),
        "waived_on": fmt_date(n.waived_on),
        "hearing_waived_on": fmt_date(n.hearing_waived_on),
        **_amounts(n.penalty_kinds, n.fine, n.confiscation),
    }


def _hearing(h: Any, host: str) -> Context:
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


def _process_text(records: Records) -> str:
    """The procedure the decision went through: 告知, 陈述申辩, 听证, 法制审核, 集体讨论."""
    n = records.notice
    if n is None:
        return ""
    rights = "陈述、申辩和要求听证" if n.hearing_right else "陈述、申辩"
    text = (
        f"本机关于{fmt_date(n.served_on)}向当事人送达了《行政处罚事先告知书》，告知当事人拟作出行政处罚的事实、理由、"
        f"依据、处罚内容及其依法享有的{rights}的权利。"
    )
    if records.representations:
        adopted = any(r.adopted for r in records.representations)
        responses = "；".join(r.response for r in records.representations)
        text += (
            f"当事人在规定期限内提出了陈述、申辩，本机关经复核，{'予以采纳' if adopted else '不予采纳'}：{responses}。"
        )
    elif n.waived_on:
        text += f"当事人于{fmt_date(n.waived_on)}书面放弃陈述、申辩的权利。"
    else:
        text += "当事人在规定期限内未提出陈述、申辩。"
    # 第六十四条: what was waived is stated one by one; waiving 陈述、申辩 is not waiving the hearing.
    h = records.hearing
    if h is not None and h.held:
        text += f"应当事人申请，本机关于{fmt_date(h.hearing_date)}依法举行了听证。"
    elif h is not None and h.waived:
        text += "当事人申请听证后放弃听证或者无正当理由未到场，视为放弃听证权利。"
    elif n.hearing_right and n.hearing_waived_on:
        text += f"当事人于{fmt_date(n.hearing_waived_on)}书面放弃要求听证的权利。"
    elif n.hearing_right:
        text += f"当事人在告知后五日内（至{fmt_date(n.hearing_request_until)}）未要求听证。"
    review = records.legal_review
    if review is not None:
        text += f"本案经法制审核（{fmt_date(review.on)}），审核意见为{_opinion(review.opinion)}。"
    if records.discussion is not None:
        text += f"本案经本机关负责人集体讨论（{fmt_date(records.discussion.on)}）决定。"
    return text


def _on_spot_text(d: Any) -> str:
    """简易程序: the party was told and heard, or declined (行政处罚法 第四十四条、第四十五条), as recorded."""
    if not getattr(d, "told_on_spot", False):
        return ""
    text = (
        "执法人员在作出本决定前，当场向当事人告知了拟作出的行政处罚内容及事实、理由、依据，并告知当事人依法享有"
        "陈述、申辩的权利（《中华人民共和国行政处罚法》第四十四条）。"
    )
    if d.party_response == "stated":
        statement, review = d.party_statement.rstrip("。"), d.statement_review.rstrip("。")
        text += f"当事人进行了陈述、申辩：{statement}。执法人员经复核：{review}。"
    else:
        text += "当事人明确放弃陈述、申辩的权利。"
    return text


def _decision(records: Records) -> Context:
    from fazhi.cases.models import DecisionOutcome

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
        "outcome": _choice_label(DecisionOutcome, d.outcome),
        "reasons": d.reasons,
        "out_of_range_reason": d.out_of_range_reason,
        "process_text": _process_text(records),
        "on_spot_text": _on_spot_text(d),
        "refused_to_sign": bool(getattr(d, "refused_to_sign", False)),
        **_amounts(d.penalty_kinds, d.fine, d.confiscation),
        "discretion": _discretion(d.discretion),
    }


def remedy_text(procedure: str, reconsideration_body: str, court: str) -> str:
    """The 复议/诉讼 route and period (行政处罚法 第五十九条第一款第(五)项, 第五十二条).

    A 当场 decision goes to 复议 first (行政复议法 第二十三条, RULES.md S-6), so it uses the cases app's
    ``REMEDY_NOTICE_SIMPLE``; otherwise 复议 within 60 days (行政复议法 第二十条) or a lawsuit within six months
    (行政诉讼法 第四十六条).
    """
    from fazhi.cases.services.simple import REMEDY_NOTICE_SIMPLE

    if procedure == "simple":
        return REMEDY_NOTICE_SIMPLE.format(reconsideration_body=reconsideration_body)
    return (
        f"当事人如不服本决定，可以自收到本决定书之日起{cn_int(rules.RECONSIDERATION_APPLICATION_DAYS)}日内向"
        f"{reconsideration_body}申请行政复议，也可以自收到本决定书之日起{cn_int(rules.LAWSUIT_PERIOD_MONTHS)}个月内"
        f"依法向{court}提起行政诉讼。行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外"
        "（《中华人民共和国行政处罚法》第七十三条）。"
    )


def _remedy(records: Records) -> Context:
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


def _payment(records: Records) -> Context:
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


def _service(records: Records) -> Context:
    from fazhi.cases.models import ServiceMethod

    s = records.decision_service
    d = records.decision
    title = "当场行政处罚决定书" if records.case.procedure == "simple" else "行政处罚决定书"
    return {
        "document_title": title if d is not None else "",
        "document_number": d.number if d is not None else "",
        "recipient": s.recipient if s else records.party.name,
        "address": records.party.address,
        "method": _choice_label(ServiceMethod, s.method) if s else "",
        "served_on": fmt_date(s.served_on) if s else "",
        "deemed_served_on": fmt_date(s.deemed_served_on) if s else "",
        "proof": s.proof if s else "",
    }


def _reminder(records: Records) -> Context:
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


def _enforcement(records: Records) -> Context:
    e = records.enforcement
    return {
        "court": e.court if e else document_setting("court", "有管辖权的人民法院"),
        "applied_on": fmt_date(e.applied_on) if e else "",
    }


def _transfer(records: Records) -> Context:
    from fazhi.cases.models import CRIMINAL_TRANSFER_ATTACHMENTS, PoliceDecision

    t = records.transfer
    chosen = list(t.attachments) if t is not None and t.attachments else list(CRIMINAL_TRANSFER_ATTACHMENTS)
    return {
        "present": t is not None,
        "prior_decision_note": t.prior_decision_note if t else "",
        "prior_fine": fmt_money(t.prior_fine) if t is not None and t.prior_fine is not None else "",
        "police_decision": _choice_label(PoliceDecision, t.police_decision) if t and t.police_decision else "",
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


def _preservation_due(saved_on: date) -> str:
    """The 7-working-day decision date; a date counted on the provisional calendar says so in the document."""
    with rules.provisional_calendar() as use:
        due = rules.preservation_decision_deadline(saved_on)
    return fmt_date(due) + ("（暂定，以节假日安排为准）" if use.provisional else "")


def _preservation(records: Records) -> Context:
    p = records.preservation
    return {
        "present": p is not None,
        "goods": p.items if p else "",  # not "items": Jinja would find dict.items
        "saved_on": fmt_date(p.saved_on) if p else "",
        "approved_by": records.preservation_approved_by,
        "decision_due": _preservation_due(p.saved_on) if p else "",
        "decided_on": fmt_date(p.decided_on) if p else "",
        "disposition": p.disposition if p else "",
    }


def document_context(records: Records, *, kind: str, number: str, version: int, today: date) -> Context:
    """The whole context of one document. Values are strings (dates and money formatted), booleans and lists."""
    handlers = [
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
        "report": _report(records.report, _name(getattr(records.report, "submitted_by", None))),
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


# --- a sample case, for checking uploaded templates ---------------------------------------------------------------


def sample_records(procedure: str = "general") -> Records:
    """A realistic case of plain objects: the context every uploaded template is test-rendered with."""
    ns = SimpleNamespace
    d = date(2026, 3, 2)
    user = ns(display_name="王局长", username="head")
    case = ns(
        register_number="示城管立字〔2026〕第1号",
        lead_number="示城管案源〔2026〕1号",
        procedure=procedure,
        source="patrol",
        state="closed",
        act_date=d,
        act_ended=None,
        discovered_on=d,
        registered_on=date(2026, 3, 3),
        not_registered_reason="",
        location="示范市人民路12号门前",
        facts="当事人在禁止区域内露天烧烤食品。",
        is_major=False,
        closed_on=date(2026, 5, 20),
        close_summary="当事人已缴清罚款及加处罚款，结案。",
        filed_on=None,
        archived_on=None,
        archive_number="",
    )
    item = ns(
        code="SL-HJ-001",
        name="在禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地",
        violation_basis="《中华人民共和国大气污染防治法》第八十一条第三款",
        penalty_basis="《中华人民共和国大气污染防治法》第一百一十八条第三款",
    )
    party = ns(
        kind="person",
        name="张三",
        id_number="11010519491231002X",
        address="示范市人民路12号",
        phone="13800138000",
        legal_representative="",
        birth_date=date(1949, 12, 31),
    )
    discretion = {
        "tier_label": "一般",
        "fine_min": "2000",
        "fine_max": "10000",
        "reasons": ["前次违法次数<=1"],
        "rule_set_version": "2024版",
        "basis": "示范市城市管理行政处罚裁量基准",
    }
    kinds = ["fine", "confiscate_illegal_property"]
    report = ns(
        facts=case.facts,
        evidence_summary="现场检查笔录、询问笔录、现场照片",
        proposed_outcome="penalty",
        penalty_kinds=kinds,
        fine=Decimal("6000.00"),
        confiscation=Decimal("0.00"),
        discretion=discretion,
        submitted_by=user,
        submitted_on=date(2026, 3, 10),
    )
    notice = ns(
        served_on=date(2026, 3, 12),
        method="direct",
        representation_until=date(2026, 3, 19),
        hearing_right=True,
        hearing_request_until=date(2026, 3, 19),
        waived_on=None,
        hearing_waived_on=None,
        penalty_kinds=kinds,
        fine=Decimal("6000.00"),
        confiscation=Decimal("0.00"),
    )
    decision = ns(
        number="示城管罚决字〔2026〕第1号",
        decided_on=date(2026, 4, 1),
        outcome="penalty",
        reasons="事实清楚，证据确凿。",
        out_of_range_reason="",
        penalty_kinds=kinds,
        fine=Decimal("6000.00"),
        confiscation=Decimal("0.00"),
        discretion=discretion,
    )
    if procedure == "simple":
        decision.number = "NO.000001"
        decision.told_on_spot = True
        decision.party_response = "stated"
        decision.party_statement = "马上收摊"
        decision.statement_review = "违法事实已经现场确认，不予采纳"
        decision.refused_to_sign = False
    return Records(
        case=case,
        agency=ns(name="示范市城市管理和综合执法局", short_name="示范市城管局", code="示城管", uscc=""),
        unit=ns(name="城东中队"),
        party=party,
        item=item,
        rule_set_version="2024版",
        handlers=[Handler("甲", "430281000001", True, "城东中队"), Handler("乙", "430281000002", False, "城东中队")],
        registered_by="王局长",
        report=report,
        legal_review=ns(opinion="agree", text="事实清楚，证据充分，适用法律正确，程序合法。", on=d, after_hearing=True),
        legal_reviewer="法制员",
        discussion=ns(
            participants="王局长、李副局长、赵副局长",
            record="讨论记录",
            conclusion="agree",
            conclusion_text="同意",
            on=d,
        ),
        discussion_chair="王局长",
        notice=notice,
        representations=[ns(adopted=False, response="当事人所述理由不能成立")],
        hearing=ns(
            requested_on=date(2026, 3, 13),
            notice_served_on=date(2026, 3, 16),
            hearing_date=date(2026, 3, 25),
            location="本局听证室",
            is_public=True,
            held=True,
            waived=False,
            record="听证笔录内容",
        ),
        hearing_host="丙",
        decision=decision,
        decided_by="王局长",
        decision_service=ns(
            recipient="张三",
            method="direct",
            served_on=date(2026, 4, 2),
            deemed_served_on=date(2026, 4, 2),
            proof="签收",
        ),
        payment_due=date(2026, 4, 17),
        payments=[ns(kind="fine", amount=Decimal("6000.00"), on_the_spot=False, receipt_number="R1")],
        late_fee=Decimal("1800.00"),
        reminder=ns(issued_on=date(2026, 4, 20), fine_due=Decimal("6000.00"), late_fee_due=Decimal("540.00")),
        reminder_service=ns(served_on=date(2026, 4, 20)),
        enforcement=ns(court="示范市人民法院", applied_on=date(2026, 11, 1)),
        transfer=ns(
            receiving_body="示范市公安局",
            reason="涉嫌犯罪",
            reported_at=timezone.make_aware(datetime(2026, 3, 5, 9, 0)),
            approved_at=timezone.make_aware(datetime(2026, 3, 6, 9, 0)),
            transferred_at=None,
            attachments=[],
            prior_decision_note="",
            prior_fine=None,
            police_decision="",
            police_notified_on=None,
            police_document="",
            police_reason="",
        ),
        transfer_approved_by="王局长",
        preservation=ns(items="烧烤炉一台", saved_on=d, decided_on=None, disposition=""),
        preservation_approved_by="王局长",
        contents=[("立案审批表", "示城管立审〔2026〕1号", d)],
    )


def sample_context(kind: str, today: date | None = None) -> Context:
    procedure = "simple" if SPECS[kind].procedures == frozenset({"simple"}) else "general"
    records = sample_records(procedure)
    number = records.decision.number if SPECS[kind].uses_decision_number else f"示城管{SPECS[kind].abbrev}〔2026〕1号"
    return document_context(records, kind=kind, number=number, version=1, today=today or date(2026, 4, 1))
