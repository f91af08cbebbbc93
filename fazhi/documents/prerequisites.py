"""Which 文书 may be generated when, and why not: ``blocker`` gives the refusal as a Chinese sentence.

A side-effect-free function of the case's ``Records`` (no query): the service refuses with it and the page explains
the disabled button with it. The template never decides; a record the case lacks is present with empty values.
"""

from __future__ import annotations

from decimal import Decimal

from fazhi.documents.kinds import SPECS, DocumentKind
from fazhi.documents.records import Records


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
