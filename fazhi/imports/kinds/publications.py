"""行政处罚决定公示 of historical cases: one row per imported case whose decision the earlier system published.

Natural key: the 案号 of a case imported before (``imports.HistoricalCase``) of the agency or a unit below it;
one publication per case. A publication already imported with the same content is left as it is; other content
for the same case is refused. The due date is not a column: it is counted from the case's decision date by the
rule and the setting that count it for live decisions (``fazhi.publicity``), so a year's on-time rate treats both
alike. A decision that fazhi's settings do not publish (not a penalty; 简易程序 or warning only, as set) is
refused, since it would count as due.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from fazhi import rules
from fazhi.accounts.models import Role
from fazhi.cases.models import DecisionOutcome, Procedure
from fazhi.imports.kinds.base import Context, Kind, RowReader, WriteResult
from fazhi.imports.models import HistoricalCase, HistoricalPublication, ImportBatch
from fazhi.imports.parsing import Layout
from fazhi.publicity import policy as pol
from fazhi.publicity.conf import policy
from fazhi.rules import PenaltyKind

COLUMNS = (
    ("案号", "必填；已导入的历史案件的案号（本机构或下属机构）"),
    ("决定书文号", "可空"),
    ("公示日期", "可空；未公示的留空（计为未按时公示）"),
    ("公示截止日期", "可空；不早于公示日期"),
    ("撤回日期", "可空；决定被变更、撤销后撤回公示的日期"),
    ("撤回理由", "有撤回日期的必填"),
)
LAYOUT = Layout(COLUMNS, frozenset({"案号"}))
EXAMPLE = ("示城管罚〔2024〕12号", "示城管罚决字〔2024〕第12号", "2024-03-08", "2027-03-08", "", "")


@dataclass(frozen=True)
class Row:
    line: int
    case: HistoricalCase
    number: str
    due_on: date
    published_on: date | None
    publish_until: date | None
    withdrawn_on: date | None
    withdrawal_reason: str
    exists: bool

    def same_as(self, stored: HistoricalPublication) -> bool:
        return (stored.number, stored.published_on, stored.publish_until, stored.withdrawn_on) == (
            self.number,
            self.published_on,
            self.publish_until,
            self.withdrawn_on,
        ) and stored.withdrawal_reason == self.withdrawal_reason


def prepare(ctx: Context) -> None:
    cases = HistoricalCase.objects.filter(agency__path__startswith=ctx.agency.path).select_related("agency")
    ctx.lookups["cases"] = {c.case_number: c for c in cases}
    ctx.lookups["stored"] = {
        p.case_id: p for p in HistoricalPublication.objects.filter(agency__path__startswith=ctx.agency.path)
    }
    ctx.lookups["made"] = []


def _penalty_kinds(case: HistoricalCase) -> tuple[str, ...]:
    """What the imported columns tell of the penalty's kinds (a fine, a confiscation); unknown otherwise."""
    kinds = []
    if case.fine > 0:
        kinds.append(PenaltyKind.FINE)
    if case.confiscation > 0:
        kinds.append(PenaltyKind.CONFISCATE_ILLEGAL_GAINS)
    return tuple(kinds)


def _due_on(case: HistoricalCase, r: RowReader) -> date | None:
    p = policy()
    exemption = pol.publication_exemption(
        p,
        is_penalty=case.outcome == DecisionOutcome.PENALTY,
        is_simple_procedure=case.procedure == Procedure.SIMPLE,
        penalty_kinds=_penalty_kinds(case),
    )
    if exemption is not None:
        r.error("案号", f"案件{case.case_number}：{exemption}，不计入应公示的决定，不能导入公示记录")
        return None
    try:
        return rules.publication_deadline(case.decided_on, working_days=p.working_days)
    except rules.CalendarUnknownError:
        r.error("案号", f"{case.decided_on.year}年或次年的节假日安排尚未录入，无法计算应公示日期；请先录入节假日安排")
        return None


def read(ctx: Context, r: RowReader) -> Row | None:
    case_number = r.text("案号", required=True, max_length=80)
    number = r.text("决定书文号", max_length=60)
    published_on = r.day("公示日期")
    publish_until = r.day("公示截止日期", not_after_today=False)
    withdrawn_on = r.day("撤回日期")
    reason = r.text("撤回理由", max_length=500)
    r.not_before(publish_until, published_on, "公示截止日期", "公示日期")
    if withdrawn_on is not None and not reason:
        r.error("撤回理由", "有撤回日期的，须写明撤回理由")
    if reason and withdrawn_on is None:
        r.error("撤回日期", "有撤回理由的，须填写撤回日期")
    if not case_number:
        return None
    case: HistoricalCase | None = ctx.lookups["cases"].get(case_number)
    if case is None:
        r.error("案号", f"案号“{case_number}”不是{ctx.agency.name}（含下属机构）已导入的历史案件；请先导入历史案件")
        return None
    if (earlier := ctx.first_seen(case_number, r.line)) is not None:
        r.error("案号", f"案号“{case_number}”与第{earlier}行重复")
    r.not_before(published_on, case.decided_on, "公示日期", "决定日期")
    r.not_before(withdrawn_on, case.decided_on, "撤回日期", "决定日期")
    due_on = _due_on(case, r)
    if due_on is None:
        return None
    row = Row(r.line, case, number, due_on, published_on, publish_until, withdrawn_on, reason, False)
    stored: HistoricalPublication | None = ctx.lookups["stored"].get(case.pk)
    if stored is not None:
        if not row.same_as(stored):
            r.error("案号", f"案件{case_number}的公示记录已导入，内容与本行不同")
        return replace(row, exists=True)
    return row


def write(ctx: Context, row: Row) -> str:
    if row.exists:
        return WriteResult.UNCHANGED
    ctx.lookups["made"].append(row)
    return WriteResult.CREATED


def finish(ctx: Context, batch: ImportBatch) -> None:
    made: list[Row] = ctx.lookups["made"]
    HistoricalPublication.objects.bulk_create(
        HistoricalPublication(
            batch=batch,
            line=row.line,
            case=row.case,
            agency=row.case.agency,
            number=row.number,
            due_on=row.due_on,
            published_on=row.published_on,
            publish_until=row.publish_until,
            withdrawn_on=row.withdrawn_on,
            withdrawal_reason=row.withdrawal_reason,
        )
        for row in made
    )


KIND = Kind(
    code="publications",
    label="历史案件的处罚决定公示",
    layout=LAYOUT,
    example=EXAMPLE,
    roles=(Role.CLERK, Role.HEAD),
    prepare=prepare,
    read=read,
    write=write,
    finish=finish,
    notes=(
        "先导入历史案件，再导入其公示记录；每个案件一行。",
        "应公示日期按本系统的设置（决定之日起的工作日数）计算，计入当年的公示及时率。",
        "不予处罚、按设置不公示的简易程序或仅警告的决定不能导入公示记录。",
    ),
)
