"""行政复议 and 行政诉讼 acting on the case whose decision they challenge.

The legal-affairs services keep the full record of a 复议 or 诉讼 and call these services in the same transaction,
so the case's side is written and audited with it:

* ``remedy_open``: from the application 加处罚款 stops (行政处罚法 第七十三条第三款, a ``CaseSuspension`` of kind
  REMEDY); while it is pending 催告 and the court application wait (``workflow.blockers_remind`` and
  ``blockers_apply_court``; 行政强制法 第五十三条).
* ``remedy_close``: the outcome acts on the case. 维持/驳回/终止: execution continues and the court window follows
  the remedy's own period (``deadlines.court_window``). 撤销/确认违法/确认无效: execution ends, the case is closed
  and money paid is shown as to be refunded. 变更: the decision is changed and the former one kept in the remedy.
  撤销并责令重新作出: the former decision is kept in the remedy and the case goes back to 调查取证 for a new one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from fazhi.cases import deadlines, workflow
from fazhi.cases.models import (
    REMEDY_CONTINUES,
    REMEDY_ENDS,
    Case,
    CaseRemedy,
    CaseState,
    CaseSuspension,
    Decision,
    DecisionOutcome,
    RemedyKind,
    RemedyOutcome,
    Reminder,
    Service,
    SuspensionKind,
)
from fazhi.cases.services._common import case_event, ensure_writable, lock_case, money
from fazhi.core import clock
from fazhi.core.errors import RuleViolation, ValidationError

if TYPE_CHECKING:
    from fazhi.accounts.models import User

NO_PENALTY_DECISION = "该案件没有行政处罚决定，不能登记针对处罚决定的行政复议或行政诉讼。"


def ensure_challengeable(case: Case) -> Decision:
    """The case has a penalty decision a remedy can challenge; the refusal names what is missing."""
    decision: Decision | None = getattr(case, "decision", None)
    if decision is None or decision.outcome != DecisionOutcome.PENALTY:
        raise RuleViolation(NO_PENALTY_DECISION)
    return decision


def _decision_snapshot(decision: Decision) -> dict[str, Any]:
    return {
        "number": decision.number,
        "decided_on": decision.decided_on.isoformat(),
        "penalty_kinds": list(decision.penalty_kinds),
        "fine": str(decision.fine),
        "confiscation": str(decision.confiscation),
        "reasons": decision.reasons,
    }


@transaction.atomic
def remedy_open(
    *,
    actor: User,
    case: Case,
    kind: str,
    label: str,
    applied_on: date,
    reply_label: str = "",
    reply_article: str = "",
    reply_due: date | None = None,
) -> CaseRemedy:
    """Link a 复议 or 诉讼 to the case: 加处罚款 stops from ``applied_on`` (行政处罚法 第七十三条第三款)."""
    case = lock_case(case)
    ensure_writable(actor, case)
    decision = ensure_challengeable(case)
    if kind not in RemedyKind.values:
        raise ValidationError("复议诉讼类别无效。")
    if applied_on > clock.today():
        raise ValidationError("申请（起诉）日期不能晚于今天。")
    if applied_on < decision.decided_on:
        raise ValidationError(
            f"申请（起诉）日期（{applied_on:%Y-%m-%d}）不能早于处罚决定日期（{decision.decided_on:%Y-%m-%d}）。"
        )
    pending = deadlines.pending_remedy(case)
    if pending is not None:
        raise RuleViolation(
            f"本案已有审理中的{pending.label}（{pending.applied_on:%Y年%m月%d日}申请），须待其结果登记后再登记新的"
            "复议或诉讼（行政复议法第二十九条：已经申请行政复议的，复议期间不得再向人民法院提起行政诉讼）。"
        )
    if kind == RemedyKind.APPEAL and not any(
        r.kind == RemedyKind.FIRST_INSTANCE for r in deadlines.current_remedies(case)
    ):
        raise ValidationError("登记上诉前请先登记本案的一审诉讼及其裁判结果。")
    suspension = CaseSuspension.objects.create(
        case=case,
        kind=SuspensionKind.REMEDY,
        start=applied_on,
        reason=f"{label}：复议、诉讼期间加处罚款不予计算（行政处罚法第七十三条第三款）"[:500],
        recorded_by=actor,
    )
    remedy = CaseRemedy.objects.create(
        case=case,
        kind=kind,
        label=label[:200],
        decision_number=decision.number,
        applied_on=applied_on,
        reply_label=reply_label,
        reply_article=reply_article,
        reply_due=reply_due,
        suspension=suspension,
        recorded_by=actor,
    )
    case_event(
        actor=actor,
        case=case,
        action="case.remedy_open",
        summary=f"当事人{applied_on:%Y年%m月%d日}{remedy.get_kind_display()}（{label}），"
        "自申请之日起加处罚款不予计算（行政处罚法第七十三条第三款）",
        after={"remedy": remedy.pk, "kind": kind, "applied_on": applied_on},
    )
    return remedy


@transaction.atomic
def remedy_reply(*, actor: User, remedy: CaseRemedy, done_on: date) -> CaseRemedy:
    """The agency filed its 答复 (复议) or 答辩状 (诉讼)."""
    case = lock_case(remedy.case)
    ensure_writable(actor, case)
    remedy = CaseRemedy.objects.select_for_update(of=("self",)).get(pk=remedy.pk)
    remedy.reply_done_on = done_on
    remedy.save(update_fields=["reply_done_on"])
    late = remedy.reply_due is not None and done_on > remedy.reply_due
    case_event(
        actor=actor,
        case=case,
        action="case.remedy_reply",
        summary=f"{remedy.reply_label or '提交答复'}：{done_on:%Y年%m月%d日}" + ("（逾期）" if late else ""),
    )
    return remedy


def _check_outcome(remedy: CaseRemedy, outcome: str, outcome_on: date, served_on: date | None) -> None:
    """The outcome and its dates, before anything is written."""
    if outcome not in RemedyOutcome.values or outcome == RemedyOutcome.PENDING:
        raise ValidationError(
            "该结果不适用于行政处罚决定：请选择维持、驳回、终止、变更、撤销、确认违法、确认无效或撤销并责令重新作出。"
        )
    if outcome_on < remedy.applied_on:
        raise ValidationError("复议决定（裁判）日期不能早于申请（起诉）日期。")
    if outcome_on > clock.today():
        raise ValidationError("复议决定（裁判）日期不能晚于今天。")
    if served_on is not None and served_on < outcome_on:
        raise ValidationError("复议决定书（裁判文书）送达日期不能早于作出日期。")
    stands = outcome in REMEDY_CONTINUES or outcome == RemedyOutcome.CHANGED
    if stands and served_on is None:
        article = "行政诉讼法第四十五条" if remedy.kind == RemedyKind.RECONSIDERATION else "行政诉讼法第八十五条"
        raise ValidationError(
            f"请填写复议决定书（裁判文书）送达当事人的日期：申请法院强制执行的期限自当事人起诉（上诉）期限届满起计算"
            f"（{article}、行政强制法第五十三条）。"
        )


def _change(
    remedy: CaseRemedy,
    decision: Decision,
    *,
    outcome_on: date,
    changed_fine: Decimal | None,
    changed_penalty_kinds: list[str] | None,
    changed_reasons: str,
) -> None:
    """变更: the decision takes the changed fine and kinds; the previous one is kept on the remedy."""
    remedy.previous_decision = _decision_snapshot(decision)
    decision.fine = money(changed_fine, "变更后的罚款金额")
    if changed_penalty_kinds is not None:
        decision.penalty_kinds = list(changed_penalty_kinds)
    decision.reasons = (
        f"{decision.reasons}\n\n【{remedy.label}{outcome_on:%Y年%m月%d日}决定变更】{changed_reasons.strip()}"
    ).strip()
    decision.save(update_fields=["fine", "penalty_kinds", "reasons"])


def _remake(remedy: CaseRemedy, case: Case, decision: Decision) -> None:
    """撤销并责令重新作出: the decision, its services, reminders and arrangements go (kept on the remedy); the
    caller reopens the case."""
    remedy.previous_decision = {
        **_decision_snapshot(decision),
        "services": [
            {"document": s.document, "method": s.method, "deemed_served_on": s.deemed_served_on.isoformat()}
            for s in case.services.all()
        ],
    }
    for other in CaseRemedy.objects.filter(case=case).exclude(pk=remedy.pk):
        other.superseded = True
        other.save(update_fields=["superseded"])
    remedy.superseded = True
    Reminder.objects.filter(case=case).delete()
    Service.objects.filter(case=case).delete()
    case.arrangements.all().delete()
    decision.delete()  # its publication was withdrawn and detached by the caller (publicity service)
    case.closed_on, case.close_summary = None, ""
    case.save(update_fields=["closed_on", "close_summary"])


@transaction.atomic
def remedy_close(
    *,
    actor: User,
    remedy: CaseRemedy,
    outcome: str,
    outcome_on: date,
    served_on: date | None = None,
    by_ruling: bool = False,
    changed_fine: Decimal | None = None,
    changed_penalty_kinds: list[str] | None = None,
    changed_reasons: str = "",
) -> CaseRemedy:
    """Record the outcome and act on the case (module docstring). Nothing is half-done: a refusal rolls back."""
    case = lock_case(remedy.case)
    ensure_writable(actor, case)
    remedy = CaseRemedy.objects.select_for_update(of=("self",)).select_related("suspension").get(pk=remedy.pk)
    if not remedy.pending:
        raise RuleViolation(f"{remedy.label}已登记结果（{remedy.get_outcome_display()}），不能重复登记。")
    _check_outcome(remedy, outcome, outcome_on, served_on)
    decision = ensure_challengeable(case)
    remedy.outcome, remedy.outcome_on, remedy.outcome_served_on = outcome, outcome_on, served_on
    remedy.by_ruling = by_ruling
    suspension = remedy.suspension
    if suspension is not None:
        suspension.end = outcome_on
        suspension.save(update_fields=["end"])
    status = deadlines.money_status(case, clock.today())
    paid = status.fine_paid + status.late_fee_paid
    outcome_label = RemedyOutcome(outcome).label
    summary = f"{remedy.label}结果：{outcome_label}"
    if outcome in REMEDY_CONTINUES:
        summary += "，继续执行；申请法院强制执行的期限按复议、诉讼的期间重新计算"
    elif outcome in REMEDY_ENDS:
        summary += f"，处罚决定不再执行（不再催告、加处罚款或申请法院强制执行）；已缴{paid}元应予退还"
        if case.state in (CaseState.DECIDED, CaseState.EXECUTING):
            case.closed_on = clock.today()
            case.close_summary = (
                f"处罚决定{decision.number}经{remedy.label}{outcome_label}，执行终止；已缴{paid}元应予退还。"
            )
            case.save(update_fields=["closed_on", "close_summary"])
            workflow.advance(case, "remedy_close", CaseState.CLOSED)
    elif outcome == RemedyOutcome.CHANGED:
        if changed_fine is None:
            raise ValidationError("变更的，请填写变更后的罚款金额（不罚款的填0）。")
        _change(
            remedy,
            decision,
            outcome_on=outcome_on,
            changed_fine=changed_fine,
            changed_penalty_kinds=changed_penalty_kinds,
            changed_reasons=changed_reasons,
        )
        summary += f"：罚款由{remedy.previous_decision['fine']}元变更为{decision.fine}元"
    else:  # REMAKE
        _remake(remedy, case, decision)
        workflow.advance(case, "remedy_close", CaseState.INVESTIGATING)
        summary += f"：原处罚决定{remedy.previous_decision['number']}已撤销，案件退回调查取证，重新作出决定"
    remedy.save()
    case_event(
        actor=actor,
        case=case,
        action="case.remedy_close",
        summary=summary,
        after={"remedy": remedy.pk, "outcome": outcome, "state": case.state, "served_on": served_on},
    )
    return remedy
