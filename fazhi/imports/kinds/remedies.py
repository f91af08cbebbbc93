"""行政复议 and 行政诉讼 brought against the agency: one row per 复议 or per 诉讼 (one 审级), with its result if it
has one.

A row is registered, answered and decided through the legal-affairs services (``reconsideration_register``,
``reconsideration_reply``, ``reconsideration_decide``; ``litigation_register``, ``litigation_defend``,
``litigation_decide``), so their deadlines and their effect on the challenged case are the services' own. The
challenged decision is named by its 决定书文号: a live case's is linked to the case (the service then acts on it, as
when the result is entered on its page); an imported historical case's is written in the note (a historical case
has no execution to act on); any other number is refused.

Natural key, within the agency: the 复议案号, or the 诉讼案号 with its 审级. One already registered with the same
applicant (plaintiff) is left as it is; the same number with another applicant is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fazhi.cases.models import Decision
from fazhi.imports.kinds.base import Context, Kind, RowReader, WriteResult, yes_no_note
from fazhi.imports.models import HistoricalCase
from fazhi.imports.parsing import Layout
from fazhi.legal_affairs.models import Litigation, LitigationStage, Reconsideration, ReviewOutcome
from fazhi.legal_affairs.services import (
    LEGAL_ROLES,
    litigation_decide,
    litigation_defend,
    litigation_register,
    reconsideration_decide,
    reconsideration_register,
    reconsideration_reply,
)

_OUTCOMES = {label: code for code, label in ReviewOutcome.choices if code != ReviewOutcome.PENDING} | {
    "终止": ReviewOutcome.TERMINATED,
    "撤回": ReviewOutcome.TERMINATED,
    "撤诉": ReviewOutcome.TERMINATED,
}
_OUTCOME_NOTE = "可空（审理中）；" + "、".join(label for code, label in ReviewOutcome.choices if code != "pending")
_STAGES = {label: code for code, label in LitigationStage.choices}
_ROLES = tuple(r for r in LEGAL_ROLES if r != "system_admin")


def _prepare_decisions(ctx: Context) -> None:
    path = ctx.agency.path
    ctx.lookups["live"] = set(
        Decision.objects.exclude(number="").filter(case__agency__path__startswith=path).values_list("number", flat=True)
    ) | set(Decision.objects.exclude(number="").filter(case__legal_subject=ctx.agency).values_list("number", flat=True))
    ctx.lookups["historical"] = set(
        HistoricalCase.objects.filter(agency__path__startswith=path).values_list("case_number", flat=True)
    )


def _decision(ctx: Context, r: RowReader) -> tuple[str, str]:
    """(the number to link, the note about a historical case's number)."""
    number = r.text("决定书文号", max_length=60)
    if not number:
        return "", ""
    if number in ctx.lookups["live"]:
        return number, ""
    if number in ctx.lookups["historical"]:
        return "", f"被申请（被诉）的行政行为：{number}（导入的历史案件）"
    r.error("决定书文号", f"决定书文号“{number}”不是{ctx.agency.name}的案件（系统内或已导入的历史案件）")
    return "", ""


def _outcome(r: RowReader, outcome_col: str, date_col: str, start: date | None, start_col: str) -> Any:
    outcome = r.choice(outcome_col, _OUTCOMES)
    decided = r.day(date_col)
    if outcome and decided is None and not r.raw(date_col):
        r.error(date_col, f"填写了{outcome_col}，{date_col}为空")
    if decided is not None and not outcome:
        r.error(outcome_col, f"填写了{date_col}，{outcome_col}为空")
    r.not_before(decided, start, date_col, start_col)
    return outcome, decided


# --- 行政复议 ---------------------------------------------------------------------------------------------------

RECONSIDERATION_COLUMNS = (
    ("复议案号", "必填；本机构内唯一，用以识别同一复议"),
    ("申请人", "必填"),
    ("复议事项", "必填"),
    ("收到复议申请日期", "必填；收到复议申请（答复通知）之日，YYYY-MM-DD"),
    ("申请复议日期", "可空；不晚于收到复议申请日期"),
    ("复议机关", "可空"),
    ("简易程序", yes_no_note()),
    ("决定书文号", "可空；被申请复议的处罚决定书文号（系统内或已导入的历史案件）"),
    ("提交答复日期", "可空；不早于收到复议申请日期"),
    ("复议结果", _OUTCOME_NOTE),
    ("复议决定日期", "有复议结果时必填"),
    ("备注", "可空"),
)
RECONSIDERATION_LAYOUT = Layout(
    RECONSIDERATION_COLUMNS, frozenset({"复议案号", "申请人", "复议事项", "收到复议申请日期"})
)
RECONSIDERATION_EXAMPLE = (
    "示政复〔2024〕1号",
    "张三",
    "不服罚款决定",
    "2024-03-05",
    "2024-03-01",
    "示范市人民政府",
    "否",
    "",
    "2024-03-12",
    "维持",
    "2024-05-20",
    "",
)


@dataclass(frozen=True)
class ReconsiderationRow:
    number: str
    applicant: str
    matter: str
    received_on: date
    applied_on: date | None
    body: str
    simplified: bool
    decision_number: str
    note: str
    replied_on: date | None
    outcome: str
    decided_on: date | None
    exists: bool


def _prepare_reconsiderations(ctx: Context) -> None:
    _prepare_decisions(ctx)
    ctx.lookups["stored"] = dict(
        Reconsideration.objects.filter(agency=ctx.agency).exclude(number="").values_list("number", "applicant")
    )


def _read_reconsideration(ctx: Context, r: RowReader) -> ReconsiderationRow | None:
    number = r.text("复议案号", required=True, max_length=60)
    applicant = r.text("申请人", required=True, max_length=200, name=True)
    matter = r.text("复议事项", required=True, max_length=10_000)
    received_on = r.day("收到复议申请日期", required=True)
    applied_on = r.day("申请复议日期")
    r.not_before(received_on, applied_on, "收到复议申请日期", "申请复议日期")
    body = r.text("复议机关", max_length=100)
    simplified = r.yes_no("简易程序")
    decision_number, historical = _decision(ctx, r)
    replied_on = r.day("提交答复日期")
    r.not_before(replied_on, received_on, "提交答复日期", "收到复议申请日期")
    outcome, decided_on = _outcome(r, "复议结果", "复议决定日期", received_on, "收到复议申请日期")
    note = "\n".join(t for t in (r.text("备注", max_length=10_000), historical) if t)
    if number and (earlier := ctx.first_seen(number, r.line)) is not None:
        r.error("复议案号", f"复议案号“{number}”与第{earlier}行重复")
    stored = ctx.lookups["stored"].get(number)
    if stored is not None and stored != applicant:
        r.error("复议案号", f"复议案号“{number}”已登记，申请人与本行不同")
    if received_on is None:
        return None
    return ReconsiderationRow(
        number,
        applicant,
        matter,
        received_on,
        applied_on,
        body,
        simplified,
        decision_number,
        note,
        replied_on,
        outcome,
        decided_on,
        stored is not None,
    )


def _write_reconsideration(ctx: Context, row: ReconsiderationRow) -> str:
    if row.exists:
        return WriteResult.UNCHANGED
    item = reconsideration_register(
        actor=ctx.actor,
        agency=ctx.agency,
        applicant=row.applicant,
        matter=row.matter,
        received_on=row.received_on,
        decision_number=row.decision_number,
        applied_on=row.applied_on,
        simplified=row.simplified,
        number=row.number,
        reconsideration_body=row.body,
        note=row.note,
    )
    if row.replied_on is not None:
        item = reconsideration_reply(actor=ctx.actor, reconsideration=item, replied_on=row.replied_on)
    if row.outcome and row.decided_on is not None:
        reconsideration_decide(actor=ctx.actor, reconsideration=item, outcome=row.outcome, decided_on=row.decided_on)
    return WriteResult.CREATED


RECONSIDERATIONS = Kind(
    code="reconsiderations",
    label="行政复议",
    layout=RECONSIDERATION_LAYOUT,
    example=RECONSIDERATION_EXAMPLE,
    roles=_ROLES,
    prepare=_prepare_reconsiderations,
    read=_read_reconsideration,
    write=_write_reconsideration,
    notes=(
        "每行一件行政复议；有复议结果的，同时登记结果（对系统内案件的作用与在复议页面登记相同）。",
        "已登记的复议（复议案号、申请人相同）不重复登记。",
    ),
)

# --- 行政诉讼 ---------------------------------------------------------------------------------------------------

LITIGATION_COLUMNS = (
    ("诉讼案号", "必填；与审级一起在本机构内唯一，用以识别同一诉讼"),
    ("审级", "可空（一审）；一审、二审、再审"),
    ("原告", "必填"),
    ("案由", "必填"),
    ("受理法院", "必填"),
    ("立案日期", "必填；立案（应诉通知）日期，YYYY-MM-DD"),
    ("收到起诉状副本日期", "可空；不早于立案日期"),
    ("提交答辩状日期", "可空；不早于立案日期"),
    ("决定书文号", "可空；被诉的处罚决定书文号（系统内或已导入的历史案件）"),
    ("裁判结果", _OUTCOME_NOTE),
    ("结案日期", "有裁判结果时必填"),
    ("备注", "可空"),
)
LITIGATION_LAYOUT = Layout(LITIGATION_COLUMNS, frozenset({"诉讼案号", "原告", "案由", "受理法院", "立案日期"}))
LITIGATION_EXAMPLE = (
    "（2024）湘0281行初12号",
    "一审",
    "李四",
    "不服行政处罚",
    "示范市人民法院",
    "2024-04-01",
    "2024-04-03",
    "2024-04-15",
    "",
    "驳回",
    "2024-07-30",
    "",
)


@dataclass(frozen=True)
class LitigationRow:
    number: str
    stage: str
    plaintiff: str
    cause: str
    court: str
    filed_on: date
    complaint_received_on: date | None
    defended_on: date | None
    decision_number: str
    note: str
    outcome: str
    closed_on: date | None
    exists: bool


def _prepare_litigations(ctx: Context) -> None:
    _prepare_decisions(ctx)
    ctx.lookups["stored"] = {
        (number, stage): plaintiff
        for number, stage, plaintiff in Litigation.objects.filter(agency=ctx.agency)
        .exclude(number="")
        .values_list("number", "stage", "plaintiff")
    }


def _read_litigation(ctx: Context, r: RowReader) -> LitigationRow | None:
    number = r.text("诉讼案号", required=True, max_length=60)
    stage = r.choice("审级", _STAGES, default=LitigationStage.FIRST_INSTANCE)
    plaintiff = r.text("原告", required=True, max_length=200, name=True)
    cause = r.text("案由", required=True, max_length=10_000)
    court = r.text("受理法院", required=True, max_length=100)
    filed_on = r.day("立案日期", required=True)
    received = r.day("收到起诉状副本日期")
    r.not_before(received, filed_on, "收到起诉状副本日期", "立案日期")
    defended_on = r.day("提交答辩状日期")
    r.not_before(defended_on, filed_on, "提交答辩状日期", "立案日期")
    decision_number, historical = _decision(ctx, r)
    outcome, closed_on = _outcome(r, "裁判结果", "结案日期", filed_on, "立案日期")
    note = "\n".join(t for t in (r.text("备注", max_length=10_000), historical) if t)
    key = (number, stage)
    if number and (earlier := ctx.first_seen(key, r.line)) is not None:
        r.error("诉讼案号", f"诉讼案号“{number}”（{LitigationStage(stage).label}）与第{earlier}行重复")
    stored = ctx.lookups["stored"].get(key)
    if stored is not None and stored != plaintiff:
        r.error("诉讼案号", f"诉讼案号“{number}”已登记，原告与本行不同")
    if filed_on is None:
        return None
    return LitigationRow(
        number,
        stage,
        plaintiff,
        cause,
        court,
        filed_on,
        received,
        defended_on,
        decision_number,
        note,
        outcome,
        closed_on,
        stored is not None,
    )


def _write_litigation(ctx: Context, row: LitigationRow) -> str:
    if row.exists:
        return WriteResult.UNCHANGED
    item = litigation_register(
        actor=ctx.actor,
        agency=ctx.agency,
        plaintiff=row.plaintiff,
        cause=row.cause,
        filed_on=row.filed_on,
        court=row.court,
        stage=row.stage,
        decision_number=row.decision_number,
        complaint_received_on=row.complaint_received_on,
        number=row.number,
        note=row.note,
    )
    if row.defended_on is not None:
        item = litigation_defend(actor=ctx.actor, litigation=item, defended_on=row.defended_on)
    if row.outcome and row.closed_on is not None:
        litigation_decide(actor=ctx.actor, litigation=item, outcome=row.outcome, closed_on=row.closed_on)
    return WriteResult.CREATED


LITIGATIONS = Kind(
    code="litigations",
    label="行政诉讼",
    layout=LITIGATION_LAYOUT,
    example=LITIGATION_EXAMPLE,
    roles=_ROLES,
    prepare=_prepare_litigations,
    read=_read_litigation,
    write=_write_litigation,
    notes=(
        "每行一件行政诉讼的一个审级；有裁判结果的，同时登记结果。负责人出庭情况请在诉讼页面登记。",
        "已登记的诉讼（诉讼案号、审级、原告相同）不重复登记。",
    ),
)
