"""群众诉求: one row per work order (12345, 数字城管 …) received by the agency, registered as 受理.

Natural key, within the agency: the 工单编号 (required here). A work order already registered with the same
content is left as it is; the same number with other content is refused (complaint_register refuses a number
twice). The imported work order is 已受理: its 交办, 处置 and 办结 are done in fazhi, as for any new one; its
deadline is counted from its 受理时间 as the service counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fazhi.accounts.models import Role
from fazhi.complaints.models import Complaint, ComplaintSource
from fazhi.complaints.services import complaint_register
from fazhi.imports.kinds.base import Context, Kind, RowReader, WriteResult
from fazhi.imports.parsing import Layout

COLUMNS = (
    ("工单编号", "必填；本机构内唯一，用以识别同一工单"),
    ("来源", "必填；12345热线、数字城管、热线、来信、网上、来访"),
    ("受理时间", "必填；YYYY-MM-DD 或 YYYY-MM-DD HH:MM（北京时间）"),
    ("诉求内容", "必填"),
    ("问题类别", "可空；如 占道经营、噪音扰民"),
    ("地点", "可空"),
    ("诉求人", "可空"),
    ("联系电话", "可空；手机号11位或带区号的固定电话"),
)
LAYOUT = Layout(COLUMNS, frozenset({"工单编号", "来源", "受理时间", "诉求内容"}))
EXAMPLE = ("12345-2024-000123", "12345热线", "2024-03-01 09:30", "城东路夜市占道经营", "占道经营", "城东路", "王五", "")
_SOURCES = {label: code for code, label in ComplaintSource.choices} | {"12345": ComplaintSource.HOTLINE_12345}


@dataclass(frozen=True)
class Row:
    number: str
    source: str
    received_at: datetime
    content: str
    category: str
    location: str
    party_name: str
    party_phone: str
    exists: bool


def prepare(ctx: Context) -> None:
    ctx.lookups["stored"] = dict(Complaint.objects.filter(agency=ctx.agency).values_list("number", "content"))


def read(ctx: Context, r: RowReader) -> Row | None:
    number = r.text("工单编号", required=True, max_length=60)
    source = r.choice("来源", _SOURCES, required=True)
    received_at = r.moment("受理时间", required=True)
    content = r.text("诉求内容", required=True, max_length=10_000)
    category = r.text("问题类别", max_length=60)
    location = r.text("地点", max_length=300)
    party_name = r.text("诉求人", max_length=100, name=True)
    party_phone = r.phone("联系电话")
    if number and (earlier := ctx.first_seen(number, r.line)) is not None:
        r.error("工单编号", f"工单编号“{number}”与第{earlier}行重复")
    stored = ctx.lookups["stored"].get(number)
    if stored is not None and stored.strip() != content:
        r.error("工单编号", f"工单编号“{number}”已登记，诉求内容与本行不同")
    if received_at is None:
        return None
    return Row(number, source, received_at, content, category, location, party_name, party_phone, stored is not None)


def write(ctx: Context, row: Row) -> str:
    if row.exists:
        return WriteResult.UNCHANGED
    complaint_register(
        actor=ctx.actor,
        agency=ctx.agency,
        source=row.source,
        content=row.content,
        received_at=row.received_at,
        number=row.number,
        location=row.location,
        category=row.category,
        party_name=row.party_name,
        party_phone=row.party_phone,
    )
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
        "导入的工单为“已受理”，交办、处置、核查、办结在系统中办理；办理期限自受理时间起按工作日计算。",
        "已登记的工单（工单编号、诉求内容相同）不重复登记。",
    ),
)
