"""The blockers of the case workflow: why an action is refused, beyond its state.

Each ``blockers_<action>`` returns the reasons an action is refused, in Chinese, naming the rule and article; it
reads the case and never changes anything. ``fazhi.cases.workflow`` declares which state each action needs and
names its blockers; the guard calls them, and the case page shows each action disabled with its reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.cases import deadlines
from fazhi.cases.models import (
    Case,
    CaseState,
    DecisionOutcome,
    InvestigationReport,
    LegalReview,
    Opinion,
    PoliceDecision,
    PreDecisionNotice,
    Transfer,
    TransferKind,
)
from fazhi.cases.services._common import active_handlers, in_legal_subject, is_handler

if TYPE_CHECKING:
    from fazhi.accounts.models import User


#: Inside ``reads_memoised``: whether each actor has made a 法制审核 before, asked once per read, not per case.
_has_reviewed_memo: ContextVar[dict[int, bool] | None] = ContextVar("fazhi_has_reviewed", default=None)


@contextmanager
def reads_memoised() -> Iterator[None]:
    """For a page that only reads (待办, the case page): facts about the actor asked once, not once per case.

    Never around a service: a write in between would make the memo stale.
    """
    token = _has_reviewed_memo.set({})
    try:
        yield
    finally:
        _has_reviewed_memo.reset(token)


def _has_reviewed(actor: User) -> bool:
    memo = _has_reviewed_memo.get()
    if memo is None:
        return LegalReview.objects.filter(reviewer=actor).exists()
    if actor.pk not in memo:
        memo[actor.pk] = LegalReview.objects.filter(reviewer=actor).exists()
    return memo[actor.pk]


def _role(actor: User, case: Case, *roles: str) -> str | None:

    if not actor.has_role(*roles):
        return f"须由{'或'.join(Role(r).label for r in roles)}办理"
    if not in_legal_subject(actor, case):
        return f"须由本案执法主体（{case.legal_subject.name}）的人员办理"
    return None


def state_reason(case: Case, states: tuple[str, ...], refusal: str = "") -> str:
    """Why the case's state does not allow an action of ``states``; ``refusal`` words it for one action."""
    template = refusal or "案件当前为「{state}」，须在「{allowed}」时办理"
    return template.format(state=case.get_state_display(), allowed="、".join(CaseState(s).label for s in states))


def latest_report(case: Case) -> InvestigationReport | None:
    reports = list(case.reports.all())
    return reports[-1] if reports else None


def latest_notice(case: Case) -> PreDecisionNotice | None:
    notices = list(case.notices.all())
    return notices[-1] if notices else None


def case_review_passed(case: Case) -> bool:
    report = latest_report(case)
    return report is not None and any(
        r.report_id == report.pk and r.opinion == Opinion.AGREE for r in case.case_reviews.all()
    )


def hearing_held(case: Case) -> bool:
    return any(h.held for h in case.hearings.all())


def criminal_transfer_pending(transfer: Transfer) -> bool:
    """A criminal transfer reported or approved that neither the head refused, nor the police declined (after a
    复议 request, in the 复议 answer), nor the police sent back (国务院令第310号 第五条、第八条至第十一条、第十三条)."""
    return transfer.kind == TransferKind.CRIMINAL and rules.criminal_transfer_blocks_decision(
        refused_by_head=bool(transfer.refused_reason),
        police_declined=transfer.police_final_decision == PoliceDecision.DECLINED,
        returned=transfer.returned_on is not None,
    )


def _transfer_stage(t: Transfer) -> str:
    if t.approved_at is None:
        return "移送报告待负责人审批"
    if t.transferred_at is None:
        return "已批准移送，尚未移送公安机关"
    if t.police_final_decision == PoliceDecision.REGISTERED:
        return "公安机关已立案" + ("（复议决定）" if t.review_requested_on else "")
    if t.review_requested_on is not None:
        return "已提请公安机关复议，尚未收到复议决定"
    return "已移送公安机关，尚未收到立案或者不予立案的书面通知"


def legal_review_required(case: Case) -> bool:
    """第五十八条, plus the bureau's 重大执法决定 list (``is_major``), which the issue makes a trigger."""
    return case.is_major or rules.legal_review_required(
        major_public_interest=case.major_public_interest,
        major_rights=case.major_rights,
        heard=hearing_held(case),
        complex_case=case.is_complex,
        required_by_law=case.review_required_by_law,
    )


def latest_legal_review(case: Case) -> LegalReview | None:
    report = latest_report(case)
    reviews = [r for r in case.legal_reviews.all() if report is not None and r.report_id == report.pk]
    return reviews[-1] if reviews else None


def legal_review_passed(case: Case) -> bool | None:
    review = latest_legal_review(case)
    if review is None:
        return None
    if hearing_held(case) and not review.after_hearing:
        return None  # 第五十八条(二): the review must see the hearing
    return review.opinion == Opinion.AGREE


def discussion_required(case: Case) -> bool:
    """第五十七条第二款: 情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定."""
    return case.is_major or case.is_complex


def discussion_passed(case: Case) -> bool:
    discussions = list(case.discussions.all())
    return bool(discussions) and discussions[-1].conclusion == Opinion.AGREE


# --- blockers, one per action -------------------------------------------------------------------------------


def blockers_conclude(case: Case, actor: User, today: date) -> list[str]:
    out: list[str] = []
    if not is_handler(actor, case):
        out.append("调查终结报告须由本案承办人提交")
    if len(active_handlers(case)) < rules.MIN_HANDLERS:
        out.append("承办人不足两名（行政处罚法第四十二条），请先增派持有效执法证的执法人员")
    return out


def blockers_case_review(case: Case, actor: User, today: date) -> list[str]:

    out = [r for r in (_role(actor, case, Role.SQUAD_LEADER, Role.HEAD),) if r]
    if is_handler(actor, case):
        out.append("案件审核人不得是本案承办人（办审分离）")
    return out


def blockers_legal_review(case: Case, actor: User, today: date) -> list[str]:

    out = [r for r in (_role(actor, case, Role.LEGAL_REVIEWER),) if r]
    if is_handler(actor, case):
        out.append("法制审核人员不得是本案承办人（办审分离，行政处罚法第五十八条）")
    if not case_review_passed(case):
        out.append("须先经案件审核同意")
    qualified = actor.officer is not None and actor.officer.has_legal_qualification
    if not qualified and not _has_reviewed(actor):
        out.append("初次从事法制审核的人员应当取得法律职业资格（行政处罚法第五十八条第二款）")
    return out


def blockers_discuss(case: Case, actor: User, today: date) -> list[str]:

    out = [r for r in (_role(actor, case, Role.HEAD),) if r]
    if not case_review_passed(case):
        out.append("须先经案件审核同意")
    return out


def blockers_notify(case: Case, actor: User, today: date) -> list[str]:
    out: list[str] = []
    if not is_handler(actor, case):
        out.append("事先告知须由本案承办人送达")
    report = latest_report(case)
    if report is None or report.proposed_outcome != DecisionOutcome.PENALTY:
        out.append("调查终结报告的处理意见不是给予行政处罚，无需事先告知")
    if not case_review_passed(case):
        out.append("须先经案件审核同意")
    return out


def blockers_request_hearing(case: Case, actor: User, today: date) -> list[str]:
    out: list[str] = []
    if not is_handler(actor, case):
        out.append("听证申请由本案承办人登记")
    notice = latest_notice(case)
    if notice is None or not notice.hearing_right:
        out.append("本案拟作出的处罚不属于行政处罚法第六十三条规定的听证范围")
    if list(case.hearings.all()):
        out.append("当事人已申请听证")
    if notice is not None and notice.hearing_waived_on is not None:
        out.append(f"当事人已于{notice.hearing_waived_on:%Y年%m月%d日}书面放弃听证")
    return out


def blockers_decide(case: Case, actor: User, today: date, outcome: str = DecisionOutcome.PENALTY) -> list[str]:
    """Everything 行政处罚法 requires before a decision; each reason names its article."""

    out: list[str] = []
    # The table allows 审核 and 已告知; a penalty needs the notice first (the other outcomes need none).
    if outcome == DecisionOutcome.PENALTY and case.state == CaseState.REVIEWING:
        out.append(state_reason(case, (CaseState.NOTIFIED,)) + "（给予行政处罚前应当事先告知，行政处罚法第四十四条）")
    if reason := _role(actor, case, Role.HEAD):
        out.append("处罚决定" + reason + "（负责人）")
    if not case_review_passed(case):
        out.append("须先经案件审核同意")
    if outcome == DecisionOutcome.PENALTY:
        out += _party_period_reasons(case, today)
    if outcome != DecisionOutcome.WITHDRAWN:
        out += _review_reasons(case, outcome)
    out += _transfer_reasons(case, outcome)
    return out


def _party_period_reasons(case: Case, today: date) -> list[str]:
    """Before a penalty: the 陈述申辩 and 听证申请 periods have ended or were waived, and a requested hearing was
    held (行政处罚法 第四十四条、第四十五条、第六十四条)."""
    out: list[str] = []
    notice = latest_notice(case)
    assumed = deadlines.unknown_years_between(notice.served_on, notice.representation_until) if notice else frozenset()
    if notice is not None and notice.waived_on is None and deadlines.uncertain_against(today, assumed):
        out.append(deadlines.calendar_refusal(assumed, "陈述申辩期限是否届满"))
    elif notice is not None and notice.waived_on is None and today <= notice.representation_until:
        out.append(
            f"陈述申辩期限至{notice.representation_until:%Y年%m月%d日}尚未届满，当事人也未书面放弃"
            "（行政处罚法第四十四条、第四十五条）"
        )
    hearings = list(case.hearings.all())
    hearing_assumed = (
        deadlines.unknown_years_between(notice.served_on, notice.hearing_request_until)
        if notice is not None and notice.hearing_request_until is not None
        else frozenset()
    )
    open_request = notice is not None and not hearings and notice.hearing_waived_on is None
    if open_request and deadlines.uncertain_against(today, hearing_assumed):
        out.append(deadlines.calendar_refusal(hearing_assumed, "听证申请期限是否届满"))
    elif notice is not None:
        try:
            waiting = rules.decision_blocked_by_hearing_period(
                hearing_right=notice.hearing_right,
                request_until=notice.hearing_request_until,
                today=today,
                requested=bool(hearings),
                waived=notice.hearing_waived_on is not None,
            )
        except rules.RulesError as exc:
            out.append(str(exc))
        else:
            if waiting:
                out.append(
                    f"听证申请期限至{notice.hearing_request_until:%Y年%m月%d日}尚未届满，当事人也未书面放弃听证"
                    "（当事人要求听证的，应当在行政机关告知后五日内提出，行政处罚法第六十四条第一项；"
                    "放弃陈述、申辩不等于放弃听证）"
                )
    for hearing in hearings:
        if not (hearing.held or hearing.waived):
            out.append("当事人已申请听证，听证尚未举行（行政处罚法第六十四条）")
    return out


def _review_reasons(case: Case, outcome: str) -> list[str]:
    """The legal review (第五十八条) and, for a penalty in a complex or major case, the collective discussion
    (第五十七条第二款)."""
    out: list[str] = []
    if rules.decision_blocked_by_legal_review(
        review_required=legal_review_required(case), review_passed=legal_review_passed(case)
    ):
        after = "（经过听证的，须在听证后审核）" if hearing_held(case) else ""
        out.append(f"未经法制审核或者审核未通过的，不得作出决定{after}（行政处罚法第五十八条）")
    if outcome == DecisionOutcome.PENALTY and discussion_required(case) and not discussion_passed(case):
        out.append("情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定（行政处罚法第五十七条第二款）")
    return out


def _transfer_reasons(case: Case, outcome: str) -> list[str]:
    """A transfer decision needs the transfer done; any other decision waits for a pending criminal transfer
    (国务院令第310号 第十一条)."""
    out: list[str] = []
    if outcome == DecisionOutcome.TRANSFERRED and not any(t.transferred_at for t in case.transfers.all()):
        out.append("尚未完成移送，不能作出移送决定")
    if outcome != DecisionOutcome.TRANSFERRED:
        for t in case.transfers.all():
            if criminal_transfer_pending(t):
                out.append(
                    f"涉嫌犯罪案件移送（{t.receiving_body}）{_transfer_stage(t)}：对应当移送的涉嫌犯罪案件，"
                    "不得以行政处罚代替移送（行政执法机关移送涉嫌犯罪案件的规定第十一条）；"
                    "须待负责人不批准移送、公安机关不予立案或者将案件移回后再作决定"
                )
    return out


def blockers_serve(case: Case, actor: User, today: date) -> list[str]:
    out: list[str] = []
    if not is_handler(actor, case):
        out.append("送达须由本案承办人办理")
    return out


def remedy_pending_reason(case: Case, action: str) -> str | None:
    """Why 催告 or the court application waits while a 复议 or 诉讼 is pending.

    复议、诉讼 do not stop execution (行政处罚法 第七十三条第一款; 行政复议法 第四十二条), but 加处罚款 is not counted
    meanwhile (第七十三条第三款) and the court application is available only when the party "在法定期限内不申请行政复议
    或者提起行政诉讼" (行政强制法 第五十三条); the bureau waits for the outcome before either step.
    """
    remedy = deadlines.pending_remedy(case)
    if remedy is None:
        return None
    return (
        f"当事人已于{remedy.applied_on:%Y年%m月%d日}{'申请' if remedy.kind == 'reconsideration' else '提起'}"
        f"{remedy.label}，审理期间加处罚款"
        f"不予计算（行政处罚法第七十三条第三款），行政机关只能在当事人法定期限内未申请复议或者提起诉讼时申请法院"
        f"强制执行（行政强制法第五十三条）：须待复议决定或裁判结果登记后再{action}"
    )


def blockers_remind(case: Case, actor: User, today: date) -> list[str]:
    out: list[str] = []
    if reason := remedy_pending_reason(case, "催告"):
        out.append(reason)
    money = deadlines.money_status(case, today)
    if money.settled:
        out.append("当事人已缴清，无需催告")
    elif money.due is not None and deadlines.uncertain_against(today, money.provisional_years):
        out.append(deadlines.calendar_refusal(money.provisional_years, "缴款期限是否届满"))
    elif money.due is None or today <= money.due:
        due = f"（{money.due:%Y年%m月%d日}）" if money.due else ""
        out.append(f"缴款期限{due}尚未届满，不能催告（行政强制法第五十四条）")
    if deadlines.reminder_service(case) is not None:
        out.append("已送达催告书")
    return out


def blockers_apply_court(case: Case, actor: User, today: date) -> list[str]:

    out = [r for r in (_role(actor, case, Role.HEAD),) if r]
    served, reminder = deadlines.decision_service(case), deadlines.reminder_service(case)
    if reason := remedy_pending_reason(case, "申请法院强制执行"):
        out.append(reason)
        return out
    if deadlines.money_status(case, today).settled:
        out.append("当事人已履行，无需申请强制执行")
    if served is None or reminder is None:
        out.append("申请法院强制执行前应当催告当事人履行义务（行政强制法第五十四条）")
        return out
    try:
        window, assumed = deadlines.soft(deadlines.court_window, case)
    except rules.RulesError as exc:
        out.append(str(exc))
        return out
    if window is None:  # pragma: no cover - served, reminded and no remedy pending: a window exists
        return out
    if assumed:
        # The court application is one act whose legality turns on the last day of the window: no guess.
        out.append(deadlines.calendar_refusal(assumed, "申请法院强制执行的期限"))
        return out
    start, end = window
    path, _ = deadlines.soft(deadlines.remedy_path, case)
    basis = path[1] if path else "行政诉讼法第四十六条"
    if today < start:
        out.append(
            f"尚未到可申请之日：应待当事人复议、起诉（上诉）期限届满（{basis}）、暂缓缴纳期限结束"
            f"（行政处罚法第七十二条第二款）且催告书送达十日后，自{start:%Y年%m月%d日}起申请"
            "（行政强制法第五十三条、第五十四条）"
        )
    elif today > end:
        out.append(f"已超过申请期限（{end:%Y年%m月%d日}届满，行政强制法第五十三条）")
    if list(case.court_enforcements.all()):
        out.append("已申请法院强制执行")
    return out


def blockers_close(case: Case, actor: User, today: date) -> list[str]:

    out = [r for r in (_role(actor, case, Role.HEAD),) if r]
    if case.state == CaseState.EXECUTING:
        money = deadlines.money_status(case, today)
        court_done = any(c.completed_on for c in case.court_enforcements.all())
        if not money.settled and not court_done:
            out.append(f"罚款尚未缴清（尚欠{money.outstanding}元），也未经法院强制执行完毕，不能结案")
    return out


def blockers_archive(case: Case, actor: User, today: date) -> list[str]:

    return [r for r in (_role(actor, case, Role.CLERK, Role.HEAD),) if r]
