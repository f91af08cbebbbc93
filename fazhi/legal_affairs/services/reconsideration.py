"""行政复议: registration, the reply, the decision (acting on the linked case)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi import rules
from fazhi.agencies.models import Agency
from fazhi.cases.models import RemedyKind
from fazhi.cases.services.remedy import remedy_open, remedy_reply
from fazhi.core.audit import snapshot
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.legal_affairs.models import (
    Reconsideration,
    ReviewOutcome,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

from fazhi.legal_affairs.services.common import _ensure_legal, _not_before, _text, _write
from fazhi.legal_affairs.services.remedies import _act_on_case, _link_case


@transaction.atomic
def reconsideration_register(
    *,
    actor: User,
    agency: Agency,
    applicant: str,
    matter: str,
    received_on: date,
    case: Case | None = None,
    decision_number: str = "",
    applied_on: date | None = None,
    simplified: bool = False,
    number: str = "",
    reconsideration_body: str = "",
    note: str = "",
) -> Reconsideration:
    """Register a 复议; linked to the case it challenges (by case or 决定书文号), 加处罚款 stops from ``applied_on``
    (行政处罚法 第七十三条第三款) and the 答复 is due in 10 working days, 5 in the simplified procedure (行政复议法
    第四十八条、第五十四条、第八十八条)."""
    _ensure_legal(actor, agency, action="登记行政复议")
    case = _link_case(actor, agency, case, decision_number)
    _not_before(received_on, applied_on, "收到复议申请日期", "申请复议日期")
    with rules.provisional_calendar():  # a year not entered: recomputed when it is (fazhi.legal_affairs.apps)
        reply_due = rules.reconsideration_reply_deadline(received_on, simplified=simplified)
    item = Reconsideration(
        agency=agency,
        case=case,
        applicant=_text(applicant, "申请人"),
        matter=_text(matter, "复议事项"),
        applied_on=applied_on,
        received_on=received_on,
        simplified=simplified,
        reply_due=reply_due,
        number=number.strip(),
        reconsideration_body=reconsideration_body.strip(),
        note=note,
        created_by=actor,
    )
    if case is not None:
        item.case_remedy = remedy_open(
            actor=actor,
            case=case,
            kind=RemedyKind.RECONSIDERATION,
            label=f"行政复议{f'（{item.number}）' if item.number else ''}",
            applied_on=applied_on or received_on,
            reply_label="提交行政复议答复",
            reply_article=(
                "行政复议法第五十四条（简易程序五个工作日）" if simplified else "行政复议法第四十八条（十个工作日）"
            ),
            reply_due=reply_due,
        )
    _write(actor, item, action="reconsideration.register", summary=f"登记行政复议：{item.applicant}", before=None)
    return item


@transaction.atomic
def reconsideration_reply(*, actor: User, reconsideration: Reconsideration, replied_on: date) -> Reconsideration:
    """The written 答复 was filed (行政复议法 第四十八条); a late one is recorded as late."""
    item = Reconsideration.objects.select_for_update(of=("self",)).get(pk=reconsideration.pk)
    _ensure_legal(actor, item.agency, action="登记复议答复")
    if item.replied_on is not None:
        raise RuleViolation(f"已于{item.replied_on:%Y-%m-%d}登记答复。")
    _not_before(replied_on, item.received_on, "答复日期", "收到复议申请日期")
    before = snapshot(item)
    item.replied_on = replied_on
    if item.case_remedy is not None:
        remedy_reply(actor=actor, remedy=item.case_remedy, done_on=replied_on)
    late = item.reply_due is not None and replied_on > item.reply_due
    summary = "提交复议答复" + ("（逾期）" if late else "")
    _write(actor, item, action="reconsideration.reply", summary=summary, before=before)
    return item


@transaction.atomic
def reconsideration_decide(
    *,
    actor: User,
    reconsideration: Reconsideration,
    outcome: str,
    decided_on: date,
    served_on: date | None = None,
    changed_fine: Decimal | None = None,
    changed_reasons: str = "",
) -> Reconsideration:
    """Record the 复议决定 and let it act on the linked case (``fazhi.cases.services.remedy``). A decided one is not
    changed again (a correction is a new audited record)."""
    item = Reconsideration.objects.select_for_update(of=("self",)).get(pk=reconsideration.pk)
    _ensure_legal(actor, item.agency, action="登记复议决定")
    if outcome not in ReviewOutcome.values or outcome == ReviewOutcome.PENDING:
        raise ValidationError("请选择复议结果（维持、撤销、变更、确认违法、确认无效、责令履行、驳回或终止）。")
    if item.outcome != ReviewOutcome.PENDING:
        raise RuleViolation(f"该复议已登记结果（{item.get_outcome_display()}），不能重复登记。")
    _not_before(decided_on, item.received_on, "复议决定日期", "收到复议申请日期")
    _not_before(served_on, decided_on, "复议决定书送达日期", "复议决定日期")
    before = snapshot(item)
    item.outcome, item.decided_on, item.decision_served_on = outcome, decided_on, served_on
    _act_on_case(
        actor=actor,
        item=item,
        what="行政复议",
        outcome=outcome,
        on=decided_on,
        served_on=served_on,
        by_ruling=False,
        changed_fine=changed_fine,
        changed_reasons=changed_reasons,
    )
    _write(
        actor, item, action="reconsideration.decide", summary=f"复议结果：{item.get_outcome_display()}", before=before
    )
    return item
