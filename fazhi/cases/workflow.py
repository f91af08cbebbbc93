"""The case workflow as one table: every action on a case, the states it needs, the states it leads to, its
service and its blockers; ``guard`` refuses an action with all its reasons and ``advance`` moves the case.

The blockers (``fazhi.cases.blockers``) return the reasons an action is refused beyond its state, in Chinese,
naming the rule and article; they read the case and never change anything. The case page shows each action
disabled with its reasons before the user tries. The facts the blockers read (the latest report, whether a
legal review is required …) are re-exported here for the services and pages that ask the workflow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fazhi.cases import deadlines
from fazhi.cases.blockers import (
    blockers_apply_court,
    blockers_archive,
    blockers_case_review,
    blockers_close,
    blockers_conclude,
    blockers_decide,
    blockers_discuss,
    blockers_legal_review,
    blockers_notify,
    blockers_remind,
    blockers_request_hearing,
    blockers_serve,
    discussion_passed,
    discussion_required,
    hearing_held,
    latest_notice,
    latest_report,
    legal_review_passed,
    legal_review_required,
    state_reason,
)
from fazhi.cases.models import Case, CaseState
from fazhi.cases.services._common import in_legal_subject
from fazhi.core.errors import RuleViolation

if TYPE_CHECKING:
    from fazhi.accounts.models import User

__all__ = [
    "ACTIONS",
    "ANY",
    "CREATES",
    "OPEN",
    "TABLE",
    "Action",
    "AvailableAction",
    "action",
    "advance",
    "available_actions",
    "blockers_apply_court",
    "blockers_archive",
    "blockers_case_review",
    "blockers_close",
    "blockers_conclude",
    "blockers_decide",
    "blockers_discuss",
    "blockers_legal_review",
    "blockers_notify",
    "blockers_remind",
    "blockers_request_hearing",
    "blockers_serve",
    "codes_open_in",
    "deadlines",
    "discussion_passed",
    "discussion_required",
    "ensure_allowed",
    "guard",
    "hearing_held",
    "in_legal_subject",
    "latest_notice",
    "latest_report",
    "legal_review_passed",
    "legal_review_required",
    "reasons",
    "state_reason",
]

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
    out = [] if case.state in row.sources else [state_reason(case, row.sources, row.refusal)]
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
