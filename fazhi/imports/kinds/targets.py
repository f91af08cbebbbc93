"""检查对象名录库: one row per inspection target of the agency (the 双随机 draws pick from them).

Natural key, within the agency: the 统一社会信用代码 when the row has one, otherwise the name. A target already in
the list under that key with the same name is left as it is; the same 统一社会信用代码 under another name is refused.
风险等级 and 信用等级 (optional; default 一般风险 and B) weight the target in the draws (docs/inspections.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.accounts.models import Role
from fazhi.imports.kinds.base import Context, Kind, RowReader, WriteResult
from fazhi.imports.parsing import Layout
from fazhi.inspections.models import InspectionTarget
from fazhi.inspections.services import inspection_target_create

COLUMNS = (
    ("名称", "必填；单位或个体工商户的名称"),
    ("统一社会信用代码", "可空；18位，校验位须正确（GB 32100）；填写则用以识别同一对象"),
    ("地址", "可空"),
    ("类别", "可空；如 餐饮、建筑工地、户外广告（抽查计划按类别抽取）"),
    ("风险等级", "可空；高风险、一般风险、低风险（默认一般风险），决定抽中的权重"),
    ("信用等级", "可空；A、B、C、D（默认B），决定抽中的权重"),
)
RISK_LABELS = {
    "高风险": "high",
    "高": "high",
    "一般风险": "medium",
    "一般": "medium",
    "中": "medium",
    "低风险": "low",
    "低": "low",
}
CREDIT_LABELS = {g: g for g in ("A", "B", "C", "D")} | {g.lower(): g for g in ("A", "B", "C", "D")}
LAYOUT = Layout(COLUMNS, frozenset({"名称"}))
EXAMPLE = ("示范市好味餐饮店", "92430281MA4L12345N", "示范市城东路1号", "餐饮", "一般风险", "B")


@dataclass(frozen=True)
class Row:
    name: str
    uscc: str
    address: str
    category: str
    risk_level: str
    credit_grade: str
    exists: bool


def prepare(ctx: Context) -> None:
    stored = InspectionTarget.objects.filter(agency=ctx.agency).values_list("name", "uscc")
    ctx.lookups["by_uscc"] = {uscc: name for name, uscc in stored if uscc}
    ctx.lookups["names"] = {name for name, _ in stored}


def read(ctx: Context, r: RowReader) -> Row:
    name = r.text("名称", required=True, max_length=200, name=True)
    uscc = r.uscc("统一社会信用代码")
    address = r.text("地址", max_length=300)
    category = r.text("类别", max_length=60)
    risk_level = r.choice("风险等级", RISK_LABELS, default="medium")
    credit_grade = r.choice("信用等级", CREDIT_LABELS, default="B")
    key = ("uscc", uscc) if uscc else ("name", name)
    if name and (earlier := ctx.first_seen(key, r.line)) is not None:
        column = "统一社会信用代码" if uscc else "名称"
        r.error(column, f"{column}与第{earlier}行重复")
    exists = False
    if uscc and uscc in ctx.lookups["by_uscc"]:
        stored = ctx.lookups["by_uscc"][uscc]
        if stored != name:
            r.error("统一社会信用代码", f"统一社会信用代码已在名录库中登记为“{stored}”，与本行名称不同")
        exists = True
    elif not uscc and name in ctx.lookups["names"]:
        exists = True
    return Row(name, uscc, address, category, risk_level, credit_grade, exists)


def write(ctx: Context, row: Row) -> str:
    if row.exists:
        return WriteResult.UNCHANGED
    inspection_target_create(
        actor=ctx.actor,
        agency=ctx.agency,
        name=row.name,
        uscc=row.uscc,
        address=row.address,
        category=row.category,
        risk_level=row.risk_level,
        credit_grade=row.credit_grade,
    )
    return WriteResult.CREATED


KIND = Kind(
    code="targets",
    label="检查对象名录库",
    layout=LAYOUT,
    example=EXAMPLE,
    roles=(Role.CLERK, Role.HEAD, Role.SQUAD_LEADER),
    prepare=prepare,
    read=read,
    write=write,
    notes=("名录库中已有的对象（统一社会信用代码相同，或无代码时名称相同）不重复登记。",),
)
