"""移送, and 两法衔接 (行政执法机关移送涉嫌犯罪案件的规定, 国务院令第310号): report and approval (第五条), hand-over
(第六条), the police's written answer (第八条), the agency's 复议 request (第九条), the case sent back (第十三条), and
what 第十一条 says of a decision made before the transfer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from fazhi import rules
from fazhi.cases import workflow
from fazhi.cases.models import (
    CRIMINAL_TRANSFER_ATTACHMENTS,
    Case,
    Decision,
    PoliceDecision,
    Transfer,
    TransferKind,
)
from fazhi.cases.services._common import case_event, ensure_handler, ensure_head, lock_case
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits

if TYPE_CHECKING:
    from fazhi.accounts.models import User

# 第六条: 移送书, 调查报告, 涉案物品清单 are always enclosed; 检验报告/鉴定结论 and other materials where they exist.
REQUIRED_CRIMINAL_ATTACHMENTS = ("transfer_letter", "investigation_report", "items_list")


def _at(moment: datetime | None) -> datetime:
    now = clock.now()
    moment = moment or now
    if moment.utcoffset() is None:
        raise ValidationError("时间必须带时区。")
    if moment > now:
        raise ValidationError("时间不能晚于现在。")
    return moment


@transaction.atomic
def transfer_report(
    *, actor: User, case: Case, kind: str, receiving_body: str, reason: str, reported_at: datetime | None = None
) -> Transfer:
    """The handlers' written report proposing a transfer (第五条: 应当向本机关正职负责人…报告)."""
    case = lock_case(case)
    ensure_handler(actor, case, action="报告移送")
    workflow.guard("transfer", case, actor, clock.today())
    if kind not in TransferKind.values or not receiving_body.strip() or not reason.strip():
        raise ValidationError("请选择移送类别，填写接收机关和移送理由。")
    transfer = Transfer(
        case=case,
        kind=kind,
        receiving_body=receiving_body.strip(),
        reason=reason.strip(),
        reported_at=_at(reported_at),
        reported_by=actor,
    )
    decision = Decision.objects.filter(case=case).first()
    if kind == TransferKind.CRIMINAL and decision is not None:
        transfer.prior_decision_note, transfer.prior_fine = prior_decision_note(decision)
    ensure_fits(transfer)
    transfer.save()
    summary = f"报告{transfer.get_kind_display()}至{transfer.receiving_body}"
    if transfer.prior_decision_note:
        summary += "；" + transfer.prior_decision_note
    if kind == TransferKind.CRIMINAL:
        due = rules.criminal_transfer_approval_deadline(timezone.localdate(transfer.reported_at))
        summary += f"，负责人应于{due:%Y年%m月%d日}前作出批准或者不批准的决定"
    case_event(actor=actor, case=case, action="case.transfer_report", summary=summary)
    return transfer


@transaction.atomic
def transfer_approve(
    *, actor: User, transfer: Transfer, approved_at: datetime | None = None, late_reason: str = ""
) -> Transfer:
    """The head approves within 3 days of the report (第五条); later approval needs a written reason."""
    case = lock_case(transfer.case)
    ensure_head(actor, case, action="批准移送")
    transfer = Transfer.objects.select_for_update(of=("self",)).get(pk=transfer.pk)
    if transfer.approved_at is not None or transfer.refused_reason:
        raise RuleViolation("该移送已作出决定。")
    approved_at = _at(approved_at)
    if transfer.kind == TransferKind.CRIMINAL:
        due = rules.criminal_transfer_approval_deadline(timezone.localdate(transfer.reported_at))
        if timezone.localdate(approved_at) > due and not late_reason.strip():
            raise RuleViolation(
                f"批准已超过期限：负责人应当自接到报告之日起三日内作出决定（{due:%Y年%m月%d日}届满，"
                "行政执法机关移送涉嫌犯罪案件的规定第五条）；请写明逾期原因，逾期将纳入执法监督。"
            )
    transfer.approved_at, transfer.approved_by, transfer.late_reason = approved_at, actor, late_reason.strip()
    transfer.save(update_fields=["approved_at", "approved_by", "late_reason"])
    summary = "批准移送"
    if transfer.kind == TransferKind.CRIMINAL:
        summary += f"，应于{timezone.localtime(rules.criminal_transfer_due(approved_at)):%Y年%m月%d日 %H:%M}前移送"
    case_event(actor=actor, case=case, action="case.transfer_approve", summary=summary)
    return transfer


@transaction.atomic
def transfer_refuse(*, actor: User, transfer: Transfer, reason: str) -> Transfer:
    case = lock_case(transfer.case)
    ensure_head(actor, case, action="不批准移送")
    if transfer.approved_at is not None or transfer.refused_reason:
        raise RuleViolation("该移送已作出决定。")
    if not reason.strip():
        raise ValidationError("不批准移送应当将不予批准的理由记录在案（第五条）。")
    transfer.refused_reason = reason.strip()
    ensure_fits(transfer)
    transfer.save(update_fields=["refused_reason"])
    case_event(actor=actor, case=case, action="case.transfer_refuse", summary=f"不批准移送：{reason.strip()}")
    return transfer


@transaction.atomic
def transfer_complete(
    *,
    actor: User,
    transfer: Transfer,
    attachments: Sequence[str],
    transferred_at: datetime | None = None,
    late_reason: str = "",
) -> Transfer:
    """Hand the case over: within 24 hours of approval, with the materials of 第六条."""
    case = lock_case(transfer.case)
    ensure_handler(actor, case, action="移送")
    transfer = Transfer.objects.select_for_update(of=("self",)).get(pk=transfer.pk)
    if transfer.approved_at is None:
        raise RuleViolation("移送须经负责人批准。")
    if transfer.transferred_at is not None:
        raise RuleViolation("已移送。")
    unknown = [a for a in attachments if a not in CRIMINAL_TRANSFER_ATTACHMENTS]
    if unknown:
        raise ValidationError(f"未知的随附材料：{'、'.join(unknown)}。")
    transferred_at = _at(transferred_at)
    if transfer.kind == TransferKind.CRIMINAL:
        missing = [CRIMINAL_TRANSFER_ATTACHMENTS[a] for a in REQUIRED_CRIMINAL_ATTACHMENTS if a not in attachments]
        if missing:
            raise RuleViolation(
                f"移送材料不全，缺少：{'、'.join(missing)}（行政执法机关移送涉嫌犯罪案件的规定第六条）。"
            )
        due = timezone.localtime(rules.criminal_transfer_due(transfer.approved_at))
        if transferred_at > due and not late_reason.strip():
            raise RuleViolation(
                f"移送已超过期限：应当自批准之时起二十四小时内移送（{due:%Y年%m月%d日 %H:%M}届满，"
                "行政执法机关移送涉嫌犯罪案件的规定第五条）；请写明逾期原因，逾期将纳入执法监督。"
            )
    transfer.transferred_at, transfer.attachments = transferred_at, list(attachments)
    if late_reason.strip():
        transfer.late_reason = "；".join(r for r in (transfer.late_reason, "移送逾期：" + late_reason.strip()) if r)
    transfer.save(update_fields=["transferred_at", "attachments", "late_reason"])
    case_event(actor=actor, case=case, action="case.transfer", summary=f"已移送{transfer.receiving_body}")
    return transfer


def prior_decision_note(decision: Decision) -> tuple[str, Decimal | None]:
    """What 第十一条第二款、第三款 says of a decision made before the transfer: it is not undone, and a fine is set
    off against a 罚金. Recorded on the transfer and printed in the 移送书."""
    kinds = set(decision.penalty_kinds)
    label = decision.number or decision.get_outcome_display()
    note = f"移送前本机关已于{decision.decided_on:%Y年%m月%d日}作出行政处罚决定（{label}）"
    if kinds:
        note += "：" + "、".join(_kind_label(k) for k in decision.penalty_kinds)
    note += "。"
    kept = [_kind_label(k) for k in sorted(kinds) if k in rules.PRIOR_DECISIONS_NOT_SUSPENDED]
    if kept:
        note += f"其中{'、'.join(kept)}的决定不停止执行（行政执法机关移送涉嫌犯罪案件的规定第十一条第二款）。"
    fine = decision.fine if rules.PenaltyKind.FINE in kinds and decision.fine > 0 else None
    if fine is not None:
        note += f"已给予当事人罚款{fine}元，人民法院判处罚金时，依法折抵相应罚金（同条第三款）。"
    return note, fine


def _kind_label(kind: str) -> str:
    try:
        return str(rules.PenaltyKind(kind).label)
    except ValueError:  # a kind of an imported decision outside the enum: shown as recorded
        return kind


def _criminal(transfer: Transfer) -> Transfer:
    transfer = Transfer.objects.select_for_update(of=("self",)).get(pk=transfer.pk)
    if transfer.kind != TransferKind.CRIMINAL:
        raise RuleViolation("只有涉嫌犯罪案件移送需要登记公安机关的立案决定。")
    return transfer


def _day(on: date, earliest: date, what: str) -> date:
    if on > clock.today():
        raise ValidationError(f"{what}不能晚于今天。")
    if on < earliest:
        raise ValidationError(f"{what}不能早于{earliest:%Y年%m月%d日}。")
    return on


@transaction.atomic
def transfer_police_answer(
    *, actor: User, transfer: Transfer, decision: str, notified_on: date, document_number: str, reason: str = ""
) -> Transfer:
    """The police's written answer (第八条): 立案, or 不予立案 with its reasons (and the files returned). After a
    不予立案 the agency decides the case itself (第十条), or asks for 复议 within 3 days (第九条)."""
    case = lock_case(transfer.case)
    ensure_handler(actor, case, action="登记公安机关立案决定")
    transfer = _criminal(transfer)
    if transfer.transferred_at is None:
        raise RuleViolation("尚未移送公安机关。")
    if transfer.police_decision:
        raise RuleViolation("已登记公安机关的决定。")
    if decision not in PoliceDecision.values:
        raise ValidationError("请选择公安机关的决定：立案或者不予立案。")
    if not document_number.strip():
        raise ValidationError("请填写公安机关书面通知的文号（第八条：应当书面通知移送案件的行政执法机关）。")
    if decision == PoliceDecision.DECLINED and not reason.strip():
        raise ValidationError("请填写公安机关不予立案的理由（第八条：不予立案的，应当说明理由）。")
    transfer.police_decision = decision
    transfer.police_notified_on = _day(notified_on, timezone.localdate(transfer.transferred_at), "接到通知日期")
    transfer.police_document = document_number.strip()
    transfer.police_reason = reason.strip() if decision == PoliceDecision.DECLINED else ""
    ensure_fits(transfer)
    transfer.save(update_fields=["police_decision", "police_notified_on", "police_document", "police_reason"])
    if decision == PoliceDecision.REGISTERED:
        due = rules.police_handover_deadline(transfer.police_notified_on)
        summary = (
            f"{transfer.receiving_body}决定立案（{transfer.police_document}），应于{due:%Y年%m月%d日}前将涉案物品"
            "以及与案件有关的其他材料移交公安机关（第十二条）"
        )
    else:
        due = rules.police_review_request_deadline(transfer.police_notified_on)
        summary = (
            f"{transfer.receiving_body}决定不予立案（{transfer.police_document}）：{transfer.police_reason}；"
            f"如认为应当立案，可于{due:%Y年%m月%d日}前提请复议"
        )
    case_event(actor=actor, case=case, action="case.transfer_police_answer", summary=summary)
    return transfer


@transaction.atomic
def transfer_review_request(*, actor: User, transfer: Transfer, requested_on: date) -> Transfer:
    """The agency asks the police to reconsider a 不予立案 within 3 days of the notice (第九条第一款); the case
    stays with the police until the 复议 answer."""
    case = lock_case(transfer.case)
    ensure_head(actor, case, action="提请公安机关复议")
    transfer = _criminal(transfer)
    if transfer.police_decision != PoliceDecision.DECLINED or transfer.police_notified_on is None:
        raise RuleViolation("只有公安机关决定不予立案的，才能提请复议。")
    if transfer.review_requested_on is not None:
        raise RuleViolation("已提请复议。")
    requested_on = _day(requested_on, transfer.police_notified_on, "提请复议日期")
    due = rules.police_review_request_deadline(transfer.police_notified_on)
    if requested_on > due:
        raise RuleViolation(
            f"提请复议已超过期限：应当自接到不予立案通知书之日起三日内提出（{due:%Y年%m月%d日}届满，"
            "行政执法机关移送涉嫌犯罪案件的规定第九条）；可以建议人民检察院依法进行立案监督。"
        )
    transfer.review_requested_on = requested_on
    transfer.save(update_fields=["review_requested_on"])
    case_event(
        actor=actor, case=case, action="case.transfer_review_request", summary=f"提请{transfer.receiving_body}复议"
    )
    return transfer


@transaction.atomic
def transfer_review_answer(
    *, actor: User, transfer: Transfer, decision: str, notified_on: date, document_number: str
) -> Transfer:
    """The police's 复议 decision, again in writing (第九条第二款)."""
    case = lock_case(transfer.case)
    ensure_handler(actor, case, action="登记公安机关复议决定")
    transfer = _criminal(transfer)
    if transfer.review_requested_on is None:
        raise RuleViolation("尚未提请复议。")
    if transfer.review_decision:
        raise RuleViolation("已登记复议决定。")
    if decision not in PoliceDecision.values:
        raise ValidationError("请选择复议决定：立案或者不予立案。")
    if not document_number.strip():
        raise ValidationError("请填写复议决定通知书的文号（第九条：并书面通知移送案件的行政执法机关）。")
    transfer.review_decision = decision
    transfer.review_notified_on = _day(notified_on, transfer.review_requested_on, "接到复议决定日期")
    transfer.review_document = document_number.strip()
    ensure_fits(transfer)
    transfer.save(update_fields=["review_decision", "review_notified_on", "review_document"])
    label = PoliceDecision(decision).label
    summary = f"{transfer.receiving_body}复议决定{label}（{transfer.review_document}）"
    if decision == PoliceDecision.DECLINED:
        summary += "；仍有异议的，可于三日内建议人民检察院依法进行立案监督"
    case_event(actor=actor, case=case, action="case.transfer_review_answer", summary=summary)
    return transfer


@transaction.atomic
def transfer_return(
    *, actor: User, transfer: Transfer, returned_on: date, document_number: str, reason: str
) -> Transfer:
    """After 立案 the police send the case back: no crime to pursue, but administrative liability (第十三条); the
    agency then decides it (不得以行政处罚代替移送 no longer applies)."""
    case = lock_case(transfer.case)
    ensure_handler(actor, case, action="登记公安机关移回案件")
    transfer = _criminal(transfer)
    if transfer.police_final_decision != PoliceDecision.REGISTERED:
        raise RuleViolation("只有公安机关立案后移回的案件才登记移回；不予立案的，登记不予立案决定。")
    if transfer.returned_on is not None:
        raise RuleViolation("已登记移回。")
    if not document_number.strip() or not reason.strip():
        raise ValidationError("请填写移回文书的文号和理由（第十三条）。")
    earliest = transfer.review_notified_on or transfer.police_notified_on
    assert earliest is not None
    transfer.returned_on = _day(returned_on, earliest, "移回日期")
    transfer.return_document, transfer.return_reason = document_number.strip(), reason.strip()
    ensure_fits(transfer)
    transfer.save(update_fields=["returned_on", "return_document", "return_reason"])
    case_event(
        actor=actor,
        case=case,
        action="case.transfer_return",
        summary=f"{transfer.receiving_body}将案件移回（{transfer.return_document}）：{transfer.return_reason}",
    )
    return transfer
