"""The case workflow: which action is possible in which state, for whom, and — if not — why.

Each ``blockers_<action>`` returns the reasons an action is refused, in Chinese, naming the rule and article; it
reads the case and never changes anything. The transition services call the same function and refuse with its
reasons, and the case page shows each action disabled with its reasons before the user tries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fazhi import rules
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
from fazhi.core.errors import RuleViolation

if TYPE_CHECKING:
    from fazhi.accounts.models import User



def _role(actor: User, case: Case, *roles: str) -> str | None:
    from fazhi.accounts.models import Role

    if not actor.has_role(*roles):
        return f"须由{'或'.join(Role(r).label for r in roles)}办理"
    if not in_legal_subject(actor, case):
        return f"须由本案执法主体（{case.legal_subject.name}）的人员办理"
    return None


def _state_reason(case: Case, states: tuple[str, ...], refusal: str = "") -> str:
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
    from fazhi.accounts.models import Role

    out = [r for r in (_role(actor, case, Role.SQUAD_LEADER, Role.HEAD),) if r]
    if is_handler(actor, case):
        out.append("案件审核人不得是本案承办人（办审分离）")
    return out


def blockers_legal_review(case: Case, actor: User, today: date) -> list[str]:
    from fazhi.accounts.models import Role

    out = [r for r in (_role(actor, case, Role.LEGAL_REVIEWER),) if r]
    if is_handler(actor, case):
        out.append("法制审核人员不得是本案承办人（办审分离，行政处罚法第五十八条）")
    if not case_review_passed(case):
        out.append("须先经案件审核同意")
    qualified = actor.officer is not None and actor.officer.has_legal_qualification
    if not qualified and not LegalReview.objects.filter(reviewer=actor).exists():
        out.append("初次从事法制审核的人员应当取得法律职业资格（行政处罚法第五十八条第二款）")
    return out


def blockers_discuss(case: Case, actor: User, today: date) -> list[str]:
    from fazhi.accounts.models import Role

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
    from fazhi.accounts.models import Role

    out: list[str] = []
    # The table allows 审核 and 已告知; a penalty needs the notice first (the other outcomes need none).
    if outcome == DecisionOutcome.PENALTY and case.state == CaseState.REVIEWING:
        out.append(_state_reason(case, (CaseState.NOTIFIED,)) + "（给予行政处罚前应当事先告知，行政处罚法第四十四条）")
    if reason := _role(actor, case, Role.HEAD):
        out.append("处罚决定" + reason + "（负责人）")
    if not case_review_passed(case):
        out.append("须先经案件审核同意")
    if outcome == DecisionOutcome.PENALTY:
        notice = latest_notice(case)
        assumed = (
            deadlines.unknown_years_between(notice.served_on, notice.representation_until) if notice else frozenset()
        )
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
    if outcome != DecisionOutcome.WITHDRAWN:
        if rules.decision_blocked_by_legal_review(
            review_required=legal_review_required(case), review_passed=legal_review_passed(case)
        ):
            after = "（经过听证的，须在听证后审核）" if hearing_held(case) else ""
            out.append(f"未经法制审核或者审核未通过的，不得作出决定{after}（行政处罚法第五十八条）")
        if outcome == DecisionOutcome.PENALTY and discussion_required(case) and not discussion_passed(case):
            out.append(
                "情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定（行政处罚法第五十七条第二款）"
            )
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
    from fazhi.accounts.models import Role

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
    from fazhi.accounts.models import Role

    out = [r for r in (_role(actor, case, Role.HEAD),) if r]
    if case.state == CaseState.EXECUTING:
        money = deadlines.money_status(case, today)
        court_done = any(c.completed_on for c in case.court_enforcements.all())
        if not money.settled and not court_done:
            out.append(f"罚款尚未缴清（尚欠{money.outstanding}元），也未经法院强制执行完毕，不能结案")
    return out


def blockers_archive(case: Case, actor: User, today: date) -> list[str]:
    from fazhi.accounts.models import Role

    return [r for r in (_role(actor, case, Role.CLERK, Role.HEAD),) if r]


# --- the table: every action on a case, declared once ---------------------------------------------------------

S = CaseState
#: The states of a registered case not yet closed, in the order the workflow passes them.
OPEN = (S.INVESTIGATING, S.REVIEWING, S.NOTIFIED, S.DECIDED, S.EXECUTING)
#: Before the decision: the investigation, the reviews and the notice period.
BEFORE_DECISION = (S.INVESTIGATING, S.REVIEWING, S.NOTIFIED)
#: An action on a record of the case (a recusal, a seizure, a transfer…) that its service checks on the record.
ANY = tuple(S)
#: An action that creates the case: there is no state before it.
CREATES = ()

Blockers = Callable[..., list[str]]


def _as(action: str) -> str:
    """The refusal's wording for the actions checked by state alone (the services' historical wording)."""
    return f"案件当前状态为「{{state}}」，{action}须在「{{allowed}}」状态下进行"


@dataclass(frozen=True)
class Action:
    """One row of the workflow table.

    ``sources`` are the states the action is taken in (``ANY``: the service checks the record it acts on;
    ``CREATES``: the action creates the case). ``targets`` are the states the service may leave the case in;
    empty when the state does not change. ``listed`` actions are offered on the case page, by
    ``/api/cases/{id}/actions`` and in 待办, each allowed or disabled with its reasons.
    """

    code: str
    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    blockers: Blockers | None
    service: str
    refusal: str = ""
    listed: bool = False

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.sources)


A = Action
# fmt: off
ACTIONS: tuple[Action, ...] = (
    A("open", "案源登记", CREATES, (S.LEAD,), None, "case_open"),
    A("register", "立案", (S.LEAD,), (S.INVESTIGATING,), None, "case_register",
      "案件当前状态为「{state}」，只有{allowed}状态的案件可以立案"),
    A("decline", "不予立案", (S.LEAD,), (S.NOT_REGISTERED,), None, "case_decline",
      "案件当前状态为「{state}」，只有{allowed}状态的案件可以不予立案"),
    A("simple", "简易程序当场处罚", CREATES, (S.EXECUTING,), None, "simple_case_decide"),
    A("file", "简易程序备案", (S.EXECUTING, S.CLOSED), (S.CLOSED,), None, "simple_case_file", _as("备案")),
    A("flags", "认定重大、复杂案件", (S.LEAD, *BEFORE_DECISION), (), None, "case_flags_set", _as("认定重大、复杂案件")),
    A("add_handler", "增派承办人", BEFORE_DECISION, (), None, "handler_add", _as("增派承办人")),
    A("recusal", "申请回避", OPEN, (), None, "recusal_apply", _as("申请回避")),
    A("recusal_decide", "回避决定", ANY, (), None, "recusal_decide"),
    A("extend", "延长办案期限", BEFORE_DECISION, (), None, "case_extend", _as("延长办案期限")),
    A("suspend", "登记期限中止", OPEN, (), None, "case_suspend", _as("登记期限中止")),
    A("resume", "期限中止结束", ANY, (), None, "case_resume"),
    A("preserve", "先行登记保存", (S.INVESTIGATING,), (), None, "preservation_approve", _as("先行登记保存")),
    A("preserve_decide", "先行登记保存处理决定", ANY, (), None, "preservation_decide"),
    A("seize", "查封扣押", (S.INVESTIGATING,), (), None, "seizure_approve", _as("查封扣押")),
    A("seize_extend", "延长查封扣押期限", ANY, (), None, "seizure_extend"),
    A("seize_release", "解除查封扣押", ANY, (), None, "seizure_release"),
    A("conclude", "提交调查终结报告", (S.INVESTIGATING,), (S.REVIEWING,), blockers_conclude, "investigation_conclude",
      listed=True),
    A("case_review", "案件审核", (S.REVIEWING,), (S.INVESTIGATING,), blockers_case_review, "case_review_record",
      listed=True),
    A("legal_review", "法制审核", (S.REVIEWING, S.NOTIFIED), (S.INVESTIGATING,), blockers_legal_review,
      "legal_review_record", listed=True),
    A("discuss", "集体讨论", (S.REVIEWING, S.NOTIFIED), (S.INVESTIGATING,), blockers_discuss, "discussion_record",
      listed=True),
    A("notify", "送达事先告知书", (S.REVIEWING,), (S.NOTIFIED,), blockers_notify, "notice_issue", listed=True),
    A("representation", "记录陈述申辩", (S.NOTIFIED,), (), None, "representation_record", _as("记录陈述申辩")),
    A("waive", "登记放弃陈述申辩", (S.NOTIFIED,), (), None, "notice_waive", _as("登记放弃陈述申辩")),
    A("waive_hearing", "登记放弃听证", (S.NOTIFIED,), (), None, "hearing_waive", _as("登记放弃听证")),
    A("host_recusal", "申请听证主持人回避", (S.NOTIFIED,), (), None, "hearing_host_recusal_apply",
      _as("申请听证主持人回避")),
    A("request_hearing", "登记听证申请", (S.NOTIFIED,), (), blockers_request_hearing, "hearing_request", listed=True),
    A("schedule_hearing", "安排听证", (S.NOTIFIED,), (), None, "hearing_schedule", _as("安排听证")),
    A("record_hearing", "记录听证", ANY, (), None, "hearing_record"),
    A("decide", "作出处罚决定", (S.REVIEWING, S.NOTIFIED), (S.DECIDED, S.CLOSED), blockers_decide, "case_decide",
      listed=True),
    A("service_consent", "登记电子送达确认书", OPEN, (), None, "service_consent_record", _as("登记电子送达确认书")),
    A("service_consent_withdraw", "登记撤回电子送达同意", ANY, (), None, "service_consent_withdraw"),
    A("serve", "送达决定书", (S.DECIDED,), (S.EXECUTING,), blockers_serve, "decision_serve", listed=True),
    A("pay", "登记缴款", (S.EXECUTING,), (), None, "payment_record", _as("登记缴款")),
    A("arrangement", "批准暂缓或分期缴纳", (S.EXECUTING,), (), None, "arrangement_approve",
      _as("批准暂缓或分期缴纳")),
    A("remind", "催告", (S.EXECUTING,), (), blockers_remind, "reminder_issue", listed=True),
    A("apply_court", "申请法院强制执行", (S.EXECUTING,), (), blockers_apply_court, "court_enforcement_apply",
      listed=True),
    A("court_update", "登记法院强制执行情况", ANY, (), None, "court_enforcement_update"),
    A("close", "结案", (S.EXECUTING,), (S.CLOSED,), blockers_close, "case_close", listed=True),
    A("archive", "归档", (S.CLOSED,), (S.ARCHIVED,), blockers_archive, "case_archive", listed=True),
    A("transfer", "报告移送", OPEN, (), None, "transfer_report", _as("报告移送")),
    A("transfer_approve", "批准移送", ANY, (), None, "transfer_approve"),
    A("transfer_complete", "登记移送", ANY, (), None, "transfer_complete"),
    A("transfer_refuse", "不批准移送", ANY, (), None, "transfer_refuse"),
    A("transfer_police_answer", "登记公安机关答复", ANY, (), None, "transfer_police_answer"),
    A("transfer_review_request", "提请复议", ANY, (), None, "transfer_review_request"),
    A("transfer_review_answer", "登记复议决定", ANY, (), None, "transfer_review_answer"),
    A("transfer_return", "登记移回", ANY, (), None, "transfer_return"),
    # Not a page action: the outcome of a 复议 or 诉讼 ends the case or sends it back to investigating.
    A("remedy_close", "登记复议决定或裁判结果", ANY, (S.CLOSED, S.INVESTIGATING), None, "remedy_close"),
)
# fmt: on
del A

TABLE: dict[str, Action] = {a.code: a for a in ACTIONS}


def action(code: str) -> Action:
    return TABLE[code]


def codes_open_in(state: str) -> frozenset[str]:
    """The codes whose source states include ``state``: the case page shows their forms."""
    return frozenset(a.code for a in ACTIONS if state in a.sources)


def reasons(code: str, case: Case, actor: User, today: date, **params: object) -> list[str]:
    """Every reason ``code`` is refused on ``case``, the state's first; empty when it is allowed."""
    row = TABLE[code]
    out = [] if case.state in row.sources else [_state_reason(case, row.sources, row.refusal)]
    if row.blockers is not None:
        out.extend(row.blockers(case, actor, today, **params))
    return out


def guard(code: str, case: Case, actor: User, today: date, **params: object) -> None:
    """Refuse ``code`` on ``case`` with all its reasons in one RuleViolation (the state's first)."""
    ensure_allowed(reasons(code, case, actor, today, **params))


def advance(case: Case, code: str, target: str | None = None, *, also: tuple[str, ...] = ()) -> None:
    """Move ``case`` to the table's target of ``code`` (``target`` picks one of several) and save it.

    ``also`` names other fields the service changed, saved in the same update.
    """
    row = TABLE[code]
    if target is None:
        if len(row.targets) != 1:
            raise ValueError(f"{code}: the table allows {row.targets}; name the target")
        target = row.targets[0]
    if target not in row.targets:
        raise ValueError(f"{code}: {target} is not a target of the table ({row.targets})")
    case.state = target
    case.save(update_fields=["state", *also, "updated_at"])


@dataclass(frozen=True)
class AvailableAction:
    code: str
    label: str
    reasons: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.reasons


def available_actions(case: Case, actor: User, today: date) -> list[AvailableAction]:
    """The listed actions of the case's current state, each allowed or disabled with its reasons."""
    return [
        AvailableAction(a.code, a.label, tuple(reasons(a.code, case, actor, today)))
        for a in ACTIONS
        if a.listed and case.state in a.sources
    ]


def ensure_allowed(reasons: list[str]) -> None:
    if reasons:
        raise RuleViolation("；".join(reasons) + "。")
