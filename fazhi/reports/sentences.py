"""Sentences of the annual report in the seeds' own style, filled from the typed ``AnnualFigures``.

"共办理一般程序案件191起，罚款金额444.36万元，同比增长20.1%" (seeds 000, 001): amounts in 万元 (the seeds' unit),
changes as 同比增长/同比下降/与上年持平, and no change quoted when last year had none. This is an edge: the figures
arrive as int and Decimal and become text only here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from fazhi.cases.models import CaseSource
from fazhi.powers.domain import Domain
from fazhi.reports.figures import AnnualFigures

__all__ = ["report_sections", "wan"]


def wan(yuan: Decimal) -> str:
    """Yuan as 万元 with up to four decimals, trailing zeros dropped (4443600 → 444.36)."""
    cents = Decimal(yuan).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # first to the cent, as printed in yuan
    value = (cents / Decimal(10000)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    text = format(value, "f").rstrip("0").rstrip(".")
    return text or "0"


def _change(pct: Decimal | None, what: str = "") -> str:
    if pct is None:
        return ""
    if pct > 0:
        return f"，{what}同比增长{pct}%"
    if pct < 0:
        return f"，{what}同比下降{-pct}%"
    return f"，{what}与上年持平"


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def case_sentences(f: AnnualFigures) -> list[str]:
    simple, general = f.simple, f.general
    out = [
        f"{f.year}年度，共办理简易程序案件{simple.count}件{_change(simple.count_yoy, '案件数量')}，"
        f"罚款金额{wan(simple.fines)}万元{_change(simple.fines_yoy, '罚款金额')}。",
        f"共办理一般程序案件{general.count}起{_change(general.count_yoy, '案件数量')}，"
        f"罚款金额{wan(general.fines)}万元{_change(general.fines_yoy, '罚款金额')}；"
        f"其中重大案件{f.general_major}件。",
    ]
    domains = [
        f"{d.label}类案件{f.by_domain[d.value].count}件（罚款{wan(f.by_domain[d.value].fines)}万元）"
        for d in Domain
        if f.by_domain[d.value].count
    ]
    if domains:
        out.append("按领域分：" + "，".join(domains) + "。")
    sources = [f"{label}{f.by_source[code]}件" for code, label in CaseSource.choices if f.by_source[code]]
    if sources:
        out.append("按案件来源分：" + "，".join(sources) + "。")
    if f.delegated:
        out.append(f"乡镇（街道）办理赋权事项案件{f.delegated}件。")
    p = f.powers
    out.append(
        f"权责清单行政处罚事项{p.items_total}项，全年实际办案事项{p.items_used}项，"
        f"处罚事项覆盖率{_rate(p.coverage)}；首次办理的事项（新案由）{p.items_first_used}项。"
    )
    return out


def enforcement_sentences(f: AnnualFigures) -> list[str]:
    r = f.legal_review
    out = [
        f"法制审核案件{r.cases}起，出具法制审核意见书{r.opinions}份，"
        f"重大执法决定法制审核制度执行率{_rate(r.major_rate)}。",
        f"首违不罚案件{f.exempted}起；帮助{f.credit_repair}家（名）当事人完成信用修复。",
        f"应公示行政处罚决定{f.publicity.due}件，公示及时率{_rate(f.publicity.on_time_rate)}。",
        f"申请法院强制执行{f.court_enforcement_applied}件，已完成执行{f.court_enforcement_completed}件。",
    ]
    if f.file_review is not None:
        out.append(f"开展案卷评查，评查案卷{f.file_review}份。")
    if f.inspections_random is not None:
        out.append(f"开展“双随机、一公开”检查{f.inspections_random}次，“综合查一次”联合检查{f.inspections_joint}次。")
    return out


def dispute_sentences(f: AnnualFigures) -> list[str]:
    out: list[str] = []
    if f.complaints is not None:
        out.append(f"受理群众投诉举报{f.complaints.received}件，按期办结率{_rate(f.complaints.on_time_rate)}。")
    la = f.legal_affairs
    if la is not None:
        out.append(
            f"行政复议案件{la.reconsideration_count}起，"
            f"其中被复议维持（驳回）{la.reconsideration_upheld}起；"
            f"行政诉讼案件{la.litigation_count}起，其中维持（驳回）{la.litigation_upheld}起；"
            f"行政机关负责人出庭应诉率{_rate(la.head_appearance_rate)}。"
        )
    return out


def report_sections(f: AnnualFigures) -> dict[str, list[str]]:
    """The data-filled paragraphs of each part of the report."""
    return {
        "cases": case_sentences(f),
        "enforcement": enforcement_sentences(f),
        "disputes": dispute_sentences(f),
    }
