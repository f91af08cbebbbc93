"""Sentences of the annual report in the seeds' own style, filled from the typed ``AnnualFigures``.

"共办理一般程序案件191起，罚款金额444.36万元，同比增长20.1%" (seeds 000, 001): amounts in 万元 (the seeds' unit),
changes as 同比增长/同比下降/与上年持平, and no change quoted when last year had none. This is an edge: the figures
arrive as int and Decimal and become text only here.

The figures of ``AnnualFigures.more`` (``fazhi.reports.collect``: the records beyond the case tables and the
issue-11 apps) are written clause by clause: a clause whose figure is absent (None, or the key missing) is left
out, and a sentence with no clause left is not written — a count is never invented as 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from fazhi.cases.models import CaseSource
from fazhi.core.figures import Figure, Measure, Money, Rate
from fazhi.powers.domain import Domain
from fazhi.reports.figures import AnnualFigures

__all__ = ["SECTIONS", "figure_text", "report_sections", "wan"]


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
    return out


def figure_text(value: Figure) -> str | None:
    """A figure as the report writes it: counts as digits, money in 万元, measures without trailing zeros, rates
    with their percent sign; None for an absent figure (and for a rate without a base)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Money):
        return wan(value.yuan) + "万元"
    if isinstance(value, Measure):
        text = value.text()
        return (text.rstrip("0").rstrip(".") if "." in text else text) or "0"
    if isinstance(value, Rate):
        percent = value.percent
        return None if percent is None else f"{percent}%"
    return None  # pragma: no cover — Figure has no other kind


def _clauses(f: AnnualFigures, *parts: tuple[str, str]) -> list[str]:
    """``(template, key)`` pairs: the template with ``{}`` filled by the key's text, for the present keys only."""
    out = []
    for template, key in parts:
        text = figure_text(f.get(key))
        if text is not None:
            out.append(template.format(text))
    return out


def _sentence(clauses: list[str], sep: str = "，") -> list[str]:
    return [sep.join(clauses) + "。"] if clauses else []


def _yoy(f: AnnualFigures, key: str, what: str) -> str:
    value = f.get(key)
    return _change(value.percent, what) if isinstance(value, Rate) else ""


def duties_sentences(f: AnnualFigures) -> list[str]:
    out = _sentence(_clauses(f, ("党组会议、局长办公会研究部署法治建设工作{}次", "duties.meetings")))
    statement = f.get("duties.statement")
    if statement is True:
        out.append("党政主要负责人履行推进法治建设第一责任人职责，开展年度述法。")
    elif statement is False:
        out.append("本年度未开展党政主要负责人年度述法。")
    return out


def study_sentences(f: AnnualFigures) -> list[str]:
    out = _sentence(
        _clauses(f, ("全年组织执法人员培训{}次", "training.sessions"), ("累计参训{}人次", "training.attendances"))
    )
    exams = _clauses(
        f,
        ("开展法律知识考试{}次", "exams.count"),
        ("参考率{}", "exams.participation_rate"),
        ("合格率{}", "exams.pass_rate"),
    )
    out += _sentence(exams)
    out += _sentence(_clauses(f, ("全年学法学时未达到规定要求的执法人员{}名", "study_hours.below_minimum")))
    return out


def powers_sentences(f: AnnualFigures) -> list[str]:
    p = f.powers
    first = (
        f"权责清单行政处罚事项{p.items_total}项，全年实际办案事项{p.items_used}项，处罚事项覆盖率{_rate(p.coverage)}；"
    )
    first += f"首次办理的事项（新案由）{p.items_first_used}项"
    new_cases = figure_text(f.get("powers.new_item_cases"))
    first += f"，办理新案由案件{new_cases}起。" if new_cases is not None else "。"
    out = [first]
    delegated = _clauses(
        f,
        ("赋权{}个乡镇（街道）", "delegation.townships"),
        ("执法事项{}项", "delegation.items"),
    )
    if f.delegated:
        delegated.append(f"乡镇（街道）办理赋权事项案件{f.delegated}件")
    delegated += _clauses(f, ("案件审核中心帮助乡镇审核赋权案件{}起", "delegation.reviews_for_townships"))
    out += _sentence(delegated)
    out += _sentence(_clauses(f, ("轻微违法行为免罚清单（首违不罚清单）事项{}项", "exemptions.list_size")))
    return out


def decision_sentences(f: AnnualFigures) -> list[str]:
    out = _sentence(
        _clauses(
            f,
            ("作出重大行政决策{}项", "policy_decisions.count"),
            ("制发规范性文件经合法性审核{}件", "normative_documents.reviewed"),
            ("清理（废止）规范性文件{}件", "normative_documents.cleaned"),
            ("合法性审查合同{}份", "contracts.reviewed"),
        )
    )
    out += _sentence(
        _clauses(
            f,
            ("法律顾问、公职律师审核合同{}份", "legal_adviser.contracts"),
            ("出具书面法律意见书{}份", "legal_adviser.opinions"),
            ("参与行政诉讼案件{}起", "legal_adviser.litigation"),
            ("对重大行政决策和重大法制审核事项的参与度为{}", "legal_adviser.major_review_rate"),
        )
    )
    return out


def inspection_sentences(f: AnnualFigures) -> list[str]:
    if f.inspections_random is None:
        return []
    text = f"开展“双随机、一公开”检查{f.inspections_random}次，“综合查一次”联合检查{f.inspections_joint}次"
    per_target = f.get("inspections.visits_per_target")
    if isinstance(per_target, Measure):
        text += f"，共检查{f.get('inspections.visits')}户次、平均每户{per_target.text()}次"
    return [text + "。"]


def case_work_sentences(f: AnnualFigures) -> list[str]:
    """The case sentences, then money collected, handling time and 案件会商."""
    out = case_sentences(f)
    collected = figure_text(f.get("fines.collected"))
    if collected is not None:
        out.append(f"全年收缴罚款金额{collected}{_yoy(f, 'fines.collected_yoy', '')}。")
    out += _sentence(_clauses(f, ("一般程序案件从立案到结案平均办理{}天", "cases.general.avg_handling_days")))
    out += _sentence(_clauses(f, ("召开案件会商会{}次", "case_consultations.count")))
    return out


def city_sentences(f: AnnualFigures) -> list[str]:
    out = _sentence(
        _clauses(
            f,
            ("下达责令（限期）改正通知书{}份", "rectification.orders"),
            ("经复查已改正{}份", "rectification.corrected"),
        )
    )
    demolition = _clauses(
        f,
        ("拆除各类违法建设{}处", "demolition.count"),
        ("共计拆除面积{}平方米", "demolition.area_m2"),
        ("上级下达任务{}平方米", "demolition.target_m2"),
        ("完成任务数的{}", "demolition.completion_rate"),
    )
    out += _sentence(demolition)
    out += _sentence(
        _clauses(
            f,
            ("核发渣土（建筑垃圾）准运企业{}家", "construction_waste.permit_companies"),
            ("准运车辆{}辆", "construction_waste.permit_vehicles"),
        )
    )
    return out


def campaign_sentences(f: AnnualFigures) -> list[str]:
    return _sentence(
        _clauses(f, ("开展专项行动{}个", "campaigns.count"), ("专项行动中立案查处案件{}起", "campaigns.cases"))
    )


def review_sentences(f: AnnualFigures) -> list[str]:
    r = f.legal_review
    first = (
        f"法制审核案件{r.cases}起，出具法制审核意见书{r.opinions}份，"
        f"重大执法决定法制审核制度执行率{_rate(r.major_rate)}"
    )
    accompanied = figure_text(f.get("legal_review.accompanied"))
    return [first + (f"，法制人员跟案{accompanied}起。" if accompanied is not None else "。")]


def soft_sentences(f: AnnualFigures) -> list[str]:
    out = _sentence(
        _clauses(
            f,
            ("运用温馨告知、说服教育、劝导示范、警示告诫、指导约谈等柔性执法方式{}次", "soft_enforcement.count"),
        )
    )
    out.append(f"首违不罚案件{f.exempted}起；帮助{f.credit_repair}家（名）当事人完成信用修复。")
    return out


def oversight_sentences(f: AnnualFigures) -> list[str]:
    out = [
        f"应公示行政处罚决定{f.publicity.due}件，公示及时率{_rate(f.publicity.on_time_rate)}。",
        f"申请法院强制执行{f.court_enforcement_applied}件，已完成执行{f.court_enforcement_completed}件。",
    ]
    if f.file_review is not None:
        out.append(f"开展案卷评查，评查案卷{f.file_review}份。")
    out += _sentence(
        _clauses(f, ("开展督查{}次", "supervision.inspections"), ("发布通报{}期", "supervision.bulletins"))
    )
    return out


def education_sentences(f: AnnualFigures) -> list[str]:
    return _sentence(
        _clauses(
            f, ("发布普法作品、以案释法案例{}条", "legal_education.items"), ("浏览量{}次", "legal_education.views")
        )
    )


def dispute_sentences(f: AnnualFigures) -> list[str]:
    out: list[str] = []
    if f.complaints is not None:
        dispatched = figure_text(f.get("complaints.dispatched"))
        tail = f"，交办问题{dispatched}件。" if dispatched is not None else "。"
        out.append(f"受理群众投诉举报{f.complaints.received}件，按期办结率{_rate(f.complaints.on_time_rate)}{tail}")
    out += _sentence(
        _clauses(f, ("排查化解矛盾纠纷{}件", "mediation.count"), ("调处成功率{}", "mediation.success_rate"))
    )
    la = f.legal_affairs
    if la is not None:
        out.append(
            f"行政复议案件{la.reconsideration_count}起，"
            f"其中被复议维持（驳回）{la.reconsideration_upheld}起；"
            f"行政诉讼案件{la.litigation_count}起，其中维持（驳回）{la.litigation_upheld}起；"
            f"行政机关负责人出庭应诉率{_rate(la.head_appearance_rate)}。"
        )
    return out


# Each section of the report's data, in the order of the report (``fazhi.reports.annual`` places them).
SECTIONS = {
    "duties": duties_sentences,
    "study": study_sentences,
    "powers": powers_sentences,
    "decisions": decision_sentences,
    "inspections": inspection_sentences,
    "cases": case_work_sentences,
    "city": city_sentences,
    "campaigns": campaign_sentences,
    "review": review_sentences,
    "soft": soft_sentences,
    "oversight": oversight_sentences,
    "education": education_sentences,
    "disputes": dispute_sentences,
}


def report_sections(f: AnnualFigures) -> dict[str, list[str]]:
    """The data-filled paragraphs of each section of the report (keys of ``SECTIONS``)."""
    return {code: write(f) for code, write in SECTIONS.items()}
