"""群众诉求: one row per work order (12345, 数字城管 …) received by the agency, registered as 受理.

Natural key, within the agency: the 工单编号 (required here). A work order already registered with the same
content and the same handling is left as it is; the same number with other content or other handling is refused
(complaint_register refuses a number twice). Its deadline is counted from its 受理时间 as the service counts it.

A work order of earlier years comes with what the earlier system recorded of its handling (承办单位, 交办时间, 处置时间,
处置结果, 办结时间, 满意度): those steps are recorded at their own times (``fazhi.complaints.history``), so that its
year's figures (交办, 按期处置, 办结, 满意度) count it. A row without them is 已受理, and is handled in fazhi.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.complaints.history import HandlingHistory, complaint_record_history, history_problems
from fazhi.complaints.models import CategoryKind, Complaint, ComplaintCategory, ComplaintSource, Satisfaction
from fazhi.complaints.services import complaint_register
from fazhi.imports.kinds.base import SHANGHAI, Context, Kind, RowReader, WriteResult
from fazhi.imports.parsing import Layout

COLUMNS = (
    ("工单编号", "必填；本机构内唯一，用以识别同一工单"),
    ("来源", "必填；12345热线、数字城管、热线、来信、网上、来访"),
    ("受理时间", "必填；YYYY-MM-DD 或 YYYY-MM-DD HH:MM（北京时间）"),
    ("诉求内容", "必填"),
    ("问题类别", "可空；如 占道经营、噪音扰民"),
    ("问题类别代码", "可空；GB/T 30428 部件或事件及小类代码，如 事件0502、部件0101（须在问题类别表中）"),
    ("地点", "可空"),
    ("诉求人", "可空"),
    ("联系电话", "可空；手机号11位或带区号的固定电话"),
    ("承办单位编码", "可空；原系统交办的本机构或下属机构的案号代字，有交办时间而空的为本机构"),
    ("交办时间", "可空；YYYY-MM-DD HH:MM，不早于受理时间"),
    ("处置时间", "可空；已处置的填写，不早于交办时间"),
    ("处置结果", "有处置时间的必填"),
    ("办结时间", "可空；已办结的填写，不早于处置时间"),
    ("满意度", "可空；满意、基本满意、不满意、未评价（已办结的）"),
)
# The history columns, with the history field each one's problems are reported under.
_HISTORY_COLUMNS = {
    "assigned_to": "承办单位编码",
    "dispatched_at": "交办时间",
    "handled_at": "处置时间",
    "handling_result": "处置结果",
    "closed_at": "办结时间",
    "satisfaction": "满意度",
}
LAYOUT = Layout(COLUMNS, frozenset({"工单编号", "来源", "受理时间", "诉求内容"}))
EXAMPLE = (
    "12345-2024-000123",
    "12345热线",
    "2024-03-01 09:30",
    "城东路夜市占道经营",
    "占道经营",
    "事件0502",
    "城东路",
    "王五",
    "",
    "",
    "2024-03-01 10:00",
    "2024-03-04 16:00",
    "已现场劝离并清理",
    "2024-03-06 09:00",
    "满意",
)
_SOURCES = {label: code for code, label in ComplaintSource.choices} | {"12345": ComplaintSource.HOTLINE_12345}
_SATISFACTION = {label: code for code, label in Satisfaction.choices}


@dataclass(frozen=True)
class Row:
    number: str
    source: str
    received_at: datetime
    content: str
    category: str
    category_item: ComplaintCategory | None
    location: str
    party_name: str
    party_phone: str
    history: HandlingHistory
    exists: bool


def prepare(ctx: Context) -> None:
    ctx.lookups["stored"] = {
        c.number: c
        for c in Complaint.objects.filter(agency=ctx.agency).only(
            "number",
            "content",
            "status",
            "assigned_to",
            "dispatched_at",
            "handled_at",
            "handling_result",
            "closed_at",
            "satisfaction",
        )
    }
    kinds = dict(CategoryKind.choices)
    ctx.lookups["categories"] = {f"{kinds[c.kind]}{c.code}": c for c in ComplaintCategory.objects.filter(active=True)}
    ctx.lookups["agencies"] = {
        a.code: a for a in Agency.objects.filter(path__startswith=ctx.agency.path).only("pk", "code", "path", "name")
    }


def _history(ctx: Context, r: RowReader, received_at: datetime | None) -> HandlingHistory:
    code = r.raw("承办单位编码")
    unit: Agency | None = None
    if code:
        unit = ctx.lookups["agencies"].get(code)
        if unit is None:
            r.error("承办单位编码", f"承办单位编码“{code}”不是{ctx.agency.name}或其下属机构的案号代字")
    dispatched_at = r.moment("交办时间")
    if not code and dispatched_at is not None:
        unit = ctx.agency  # dispatched without a unit named: the receiving body handled it itself
    history = HandlingHistory(
        assigned_to=unit,
        dispatched_at=dispatched_at,
        handled_at=r.moment("处置时间"),
        handling_result=r.text("处置结果", max_length=10_000),
        closed_at=r.moment("办结时间"),
        satisfaction=r.choice("满意度", _SATISFACTION, default=Satisfaction.NONE),
    )
    if code and unit is None:
        return history
    now = datetime.combine(ctx.today, time.max, tzinfo=SHANGHAI)
    for name, reason in history_problems(history, received_at=received_at, receiving_body=ctx.agency, now=now):
        if "晚于现在" not in reason:  # a day after today is already reported by the reader
            r.error(_HISTORY_COLUMNS[name], reason)
    return history


def _same_history(stored: Complaint, history: HandlingHistory) -> bool:
    return (
        stored.status == history.status
        and stored.assigned_to_id == (history.assigned_to.pk if history.assigned_to else None)
        and stored.dispatched_at == history.dispatched_at
        and stored.handled_at == history.handled_at
        and stored.handling_result == history.handling_result.strip()
        and stored.closed_at == history.closed_at
        and stored.satisfaction == history.satisfaction
    )


def read(ctx: Context, r: RowReader) -> Row | None:
    number = r.text("工单编号", required=True, max_length=60)
    source = r.choice("来源", _SOURCES, required=True)
    received_at = r.moment("受理时间", required=True)
    content = r.text("诉求内容", required=True, max_length=10_000)
    category = r.text("问题类别", max_length=60)
    category_code = r.raw("问题类别代码").replace(" ", "")
    category_item: ComplaintCategory | None = None
    if category_code:
        category_item = ctx.lookups["categories"].get(category_code)
        if category_item is None:
            r.error("问题类别代码", f"问题类别代码“{category_code[:20]}”不在问题类别表中（应如 事件0502、部件0101）")
    location = r.text("地点", max_length=300)
    party_name = r.text("诉求人", max_length=100, name=True)
    party_phone = r.phone("联系电话")
    history = _history(ctx, r, received_at)
    if number and (earlier := ctx.first_seen(number, r.line)) is not None:
        r.error("工单编号", f"工单编号“{number}”与第{earlier}行重复")
    stored: Complaint | None = ctx.lookups["stored"].get(number)
    if stored is not None and stored.content.strip() != content:
        r.error("工单编号", f"工单编号“{number}”已登记，诉求内容与本行不同")
    elif stored is not None and not history.empty and not _same_history(stored, history):
        r.error("工单编号", f"工单编号“{number}”已登记，办理情况与本行不同")
    if received_at is None:
        return None
    return Row(
        number,
        source,
        received_at,
        content,
        category,
        category_item,
        location,
        party_name,
        party_phone,
        history,
        stored is not None,
    )


def write(ctx: Context, row: Row) -> str:
    if row.exists:
        return WriteResult.UNCHANGED
    complaint = complaint_register(
        actor=ctx.actor,
        agency=ctx.agency,
        source=row.source,
        content=row.content,
        received_at=row.received_at,
        number=row.number,
        location=row.location,
        category=row.category,
        category_item=row.category_item,
        party_name=row.party_name,
        party_phone=row.party_phone,
    )
    complaint_record_history(actor=ctx.actor, complaint=complaint, history=row.history)
    return WriteResult.CREATED


KIND = Kind(
    code="complaints",
    label="群众诉求",
    layout=LAYOUT,
    example=EXAMPLE,
    roles=(Role.CLERK, Role.HEAD),
    prepare=prepare,
    read=read,
    write=write,
    notes=(
        "未填办理情况的工单为“已受理”，交办、处置、核查、办结在系统中办理；办理期限自受理时间起计算：填了问题类别代码的按该类别的处置时限（工作时或工作日），否则按工作日。",
        "原系统已办理的工单，填写承办单位、交办、处置、办结时间和满意度，按原时间记录，计入当年统计。",
        "已登记的工单（工单编号、诉求内容、办理情况相同）不重复登记。",
    ),
)
