"""The layout of the power-list workbook, shared by reading and writing: sheet names, columns, and the rows.

One workbook, three data sheets, found by name, each with one header row (columns found by their header, so a
bureau may reorder them or add its own columns, which are ignored):

* 权责清单 — one row per power item;
* 裁量基准 — one row per discretion tier of an item (rows of the same item are tried in sheet order);
* 免罚清单 — one row per exemption rule of an item.

A sheet 填写说明 explains every column, lists the allowed labels and the fact vocabulary; it is not read back.
The full layout is documented in docs/power-list.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fazhi.powers.conditions import Condition
from fazhi.powers.domain import DiscretionTier, Domain, ExemptionKind, FineMode, PowerKind
from fazhi.rules.kinds import PenaltyKind

SHEET_ITEMS = "权责清单"
SHEET_TIERS = "裁量基准"
SHEET_EXEMPTIONS = "免罚清单"
SHEET_HELP = "填写说明"

# (header, required, help)
ITEM_COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("事项编码", True, "本局权责清单中的事项编码，清单内唯一，如 CG-GH-001"),
    ("事项名称", True, "事项名称，如“未取得建设工程规划许可证进行建设”"),
    ("领域", True, "见下方“领域”可选值"),
    ("事项类别", True, "见下方“事项类别”可选值"),
    ("违法依据", True, "被违反条款的原文，须逐字照录，并写明法律名称和条款"),
    ("处罚依据", False, "罚则条款原文，逐字照录；事项类别为行政处罚时必填"),
    ("处罚种类", False, "行政处罚法第九条的种类，多个用“、”分隔；行政处罚事项必填"),
    ("罚款方式", False, "无罚款 / 固定数额 / 基数比例 / 基数倍数 / 按单位计罚；空白视为无罚款"),
    ("罚款下限(元)", False, "固定数额时必填；“×元以下”的下限填 0；最多两位小数"),
    ("罚款上限(元)", False, "固定数额时必填；最多两位小数"),
    ("计罚系数下限", False, "基数比例填百分数（5 表示 5%）；基数倍数填倍数；按单位计罚填每单位元数"),
    ("计罚系数上限", False, "同上"),
    ("计罚基数", False, "按基数计罚时必填，填事实词表中的数量类事实，如 工程造价、违法所得、处置费用"),
    ("计罚基数下限(元)", False, "法律规定“不足×元的按×元计算”时填写"),
    ("法条来源", False, "所依据法律文本的出处（版本、来源），便于核对"),
    ("示例", False, "是 / 否；示例条目在界面上标注“示例清单，须以本局公布的权责清单替换”"),
    ("备注", False, ""),
)
TIER_COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("事项编码", True, "须为“权责清单”表中的事项编码"),
    ("阶次", True, "从轻 / 一般 / 从重 / 减轻"),
    ("适用条件(说明)", False, "给人看的条件说明，如“违法建设面积30平方米以上不满100平方米”"),
    ("条件表达式", False, "机器判断用，如 面积>=30；面积<100（语法见下方）；空白表示无附加条件"),
    ("罚款下限(元)", False, "固定数额事项填写，须在法定幅度内（减轻阶次须低于法定下限）"),
    ("罚款上限(元)", False, "同上"),
    ("计罚系数下限", False, "按基数计罚的事项填写，单位与权责清单相同"),
    ("计罚系数上限", False, "同上"),
    ("示例", False, "是 / 否"),
)
EXEMPTION_COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("事项编码", True, "须为“权责清单”表中的行政处罚事项编码"),
    ("类型", True, "首违不罚 / 轻微不罚 / 无主观过错不罚"),
    ("适用条件(说明)", False, "给人看的条件说明"),
    ("条件表达式", False, "在法定要件之外本局附加的条件，如 面积<5；空白表示只看法定要件"),
    ("初次认定回溯期(月)", False, "首违不罚必填：前次同类违法行为在此月数以内的，不属初次"),
    ("示例", False, "是 / 否"),
)


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else ""
        column = f"「{self.column}」" if self.column else ""
        return f"{self.sheet}{where}{column}：{self.reason}"


@dataclass
class ItemRow:
    row: int
    code: str
    name: str
    domain: Domain
    kind: PowerKind
    violation_basis: str
    penalty_basis: str = ""
    penalty_kinds: list[PenaltyKind] = field(default_factory=list)
    fine_mode: FineMode = FineMode.NONE
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    coef_min: Decimal | None = None
    coef_max: Decimal | None = None
    base_fact: str = ""
    base_floor: Decimal | None = None
    source: str = ""
    is_sample: bool = False
    remark: str = ""


@dataclass
class TierRow:
    row: int
    item_code: str
    tier: DiscretionTier
    description: str = ""
    condition_text: str = ""
    conditions: tuple[Condition, ...] = ()
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    coef_min: Decimal | None = None
    coef_max: Decimal | None = None
    is_sample: bool = False


@dataclass
class ExemptionRow:
    row: int
    item_code: str
    kind: ExemptionKind
    description: str = ""
    condition_text: str = ""
    conditions: tuple[Condition, ...] = ()
    look_back_months: int | None = None
    is_sample: bool = False


@dataclass
class ParsedWorkbook:
    items: list[ItemRow] = field(default_factory=list)
    tiers: list[TierRow] = field(default_factory=list)
    exemptions: list[ExemptionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
