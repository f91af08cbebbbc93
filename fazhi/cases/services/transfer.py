"""移送, and 两法衔接 (行政执法机关移送涉嫌犯罪案件的规定, 国务院令第310号)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from fazhi import rules
from fazhi.cases.models import CRIMINAL_TRANSFER_ATTACHMENTS, OPEN_STATES, Case, Transfer, TransferKind
from fazhi.cases.services._common import case_event, ensure_handler, ensure_head, ensure_state, lock_case
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
    ensure_state(case, *OPEN_STATES, action="报告移送")
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
    ensure_fits(transfer)
    transfer.save()
    summary = f"报告{transfer.get_kind_display()}至{transfer.receiving_body}"
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
