"""Sentences of the annual report in the seeds' own style, filled from ``annual_figures``.

"共办理一般程序案件191起，罚款金额444.36万元，同比增长20.1%" (seeds 000, 001): amounts in 万元 (the seeds' unit),
changes as 同比增长/同比下降/与上年持平, and no change quoted when last year had none.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fazhi.cases.models import CaseSource
from fazhi.powers.domain import Domain

__all__ = ["report_sections", "wan"]


def wan(yuan: str | Decimal) -> str:
    """Yuan as 万元 with up to four decimals, trailing zeros dropped (4443600 → 444.36)."""
    value = (Decimal(yuan) / Decimal(10000)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    text = format(value, "f").rstrip("0").rstrip(".")
    return text or "0"


def _change(pct: str | None, what: str = "") -> str:
    if pct is None:
        return ""
    value = Decimal(pct)
    if value > 0:
        return f"，{what}同比增长{value}%"
    if value < 0:
        return f"，{what}同比下降{-value}%"
    return f"，{what}与上年持平"


def _rate(value: str | None) -> str:
    return "—" if value is None else f"{value}%"


def case_sentences(f: dict[str, Any]) -> list[str]:
    year = f["year"]
    out = [
        f"{year}年度，共办理简易程序案件{f['cases.simple.count']}件{_change(f['cases.simple.count_yoy'], '案件数量')}，"
        f"罚款金额{wan(f['cases.simple.fines'])}万元{_change(f['cases.simple.fines_yoy'], '罚款金额')}。",
        f"共办理一般程序案件{f['cases.general.count']}起{_change(f['cases.general.count_yoy'], '案件数量')}，"
        f"罚款金额{wan(f['cases.general.fines'])}万元{_change(f['cases.general.fines_yoy'], '罚款金额')}；"
        f"其中重大案件{f['cases.general.major']}件。",
    ]
    domains = [
        f"{d.label}类案件{f[f'cases.by_domain.{d.value}.count']}件（罚款{wan(f[f'cases.by_domain.{d.value}.fines'])}万元）"
        for d in Domain
        if f[f"cases.by_domain.{d.value}.count"]
    ]
    if domains:
        out.append("按领域分：" + "，".join(domains) + "。")
    sources = [
        f"{label}{f[f'cases.by_source.{code}.count']}件"
        for code, label in CaseSource.choices
        if f[f"cases.by_source.{code}.count"]
    ]
    if sources:
        out.append("按案件来源分：" + "，".join(sources) + "。")
    if f["cases.delegated"]:
        out.append(f"乡镇（街道）办理赋权事项案件{f['cases.delegated']}件。")
    out.append(
        f"权责清单行政处罚事项{f['powers.items_total']}项，全年实际办案事项{f['powers.items_used']}项，"
        f"处罚事项覆盖率{_rate(f['powers.coverage'])}；首次办理的事项（新案由）{f['powers.items_first_used']}项。"
    )
    return out


def enforcement_sentences(f: dict[str, Any]) -> list[str]:
    out = [
        f"法制审核案件{f['legal_review.cases']}起，出具法制审核意见书{f['legal_review.opinions']}份，"
        f"重大执法决定法制审核制度执行率{_rate(f['legal_review.major_rate'])}。",
        f"首违不罚案件{f['cases.exempted']}起；帮助{f['credit_repair.count']}家（名）当事人完成信用修复。",
        f"应公示行政处罚决定{f['publicity.due']}件，公示及时率{_rate(f['publicity.on_time_rate'])}。",
        f"申请法院强制执行{f['court_enforcement.applied']}件，已完成执行{f['court_enforcement.completed']}件。",
    ]
    if f.get("file_review.count") is not None:
        out.append(f"开展案卷评查，评查案卷{f['file_review.count']}份。")
    if f.get("inspections.random.count") is not None:
        out.append(
            f"开展“双随机、一公开”检查{f['inspections.random.count']}次，"
            f"“综合查一次”联合检查{f['inspections.joint.count']}次。"
        )
    return out


def dispute_sentences(f: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if f.get("complaints.count") is not None:
        out.append(f"受理群众投诉举报{f['complaints.count']}件，按期办结率{_rate(f['complaints.on_time_rate'])}。")
    if f.get("reconsideration.count") is not None:
        out.append(
            f"行政复议案件{f['reconsideration.count']}起，"
            f"其中被复议维持（驳回）{f.get('reconsideration.upheld', 0)}起；"
            f"行政诉讼案件{f['litigation.count']}起，其中维持（驳回）{f.get('litigation.upheld', 0)}起；"
            f"行政机关负责人出庭应诉率{_rate(f['litigation.head_appearance_rate'])}。"
        )
    return out


def report_sections(f: dict[str, Any]) -> dict[str, list[str]]:
    """The data-filled paragraphs of each part of the report."""
    return {
        "cases": case_sentences(f),
        "enforcement": enforcement_sentences(f),
        "disputes": dispute_sentences(f),
    }
