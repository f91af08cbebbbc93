"""The demo's 双随机、一公开: a 名录库 of 36 targets with risk and credit, 回避 and 白名单, two plans.

The first plan (餐饮 综合查一次, with a three-item checklist) was committed two weeks before ``end``, drawn the next
day and half inspected, one finding opening a case lead; the second is committed and waits for its draw, so the
public page shows a commitment with its seed still secret. Deterministic except for the seeds, which the system
draws (``secrets``) as it does in production: verify-draw reproduces them all the same.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from fazhi.agencies.models import Agency, Officer
from fazhi.core import clock
from fazhi.core.errors import ApplicationError
from fazhi.demo.cases import DemoPeople
from fazhi.inspections import draws
from fazhi.inspections import services as ins
from fazhi.inspections.models import InspectionTarget

_STREETS = ("城东路", "解放路", "建设路", "青石街", "滨河路", "人民路")
# (category, names, risk levels in turn, credit grades in turn)
_REGISTER = (
    ("餐饮", ("好味餐馆", "老街面馆", "川香火锅", "湘里人家", "早点铺", "烧烤城", "粉面馆", "小炒王",
              "蒸菜馆", "米粉店", "饺子馆", "大排档", "茶餐厅", "土菜馆", "奶茶店", "快餐店"),
     ("high", "medium", "low", "medium"), ("B", "A", "C", "B", "D")),
    ("建筑工地", ("城东安置小区工地", "滨河商业广场工地", "青石学校改建工地", "人民医院扩建工地",
                 "解放路管网改造工地", "建设路道路提质工地", "开发区标准厂房工地", "城西还建房工地"),
     ("high", "high", "medium"), ("B", "C", "A")),
    ("户外广告", ("城东广告牌", "解放路灯箱", "建设路楼顶广告", "滨河路围挡广告", "人民路LED屏",
                 "青石街招牌", "汽车站广告", "火车站广告", "商业街招牌", "体育馆广告", "高铁站广告",
                 "开发区广告"),
     ("medium", "low"), ("A", "B")),
)  # fmt: skip

_CHECKLIST = (
    ("营业执照及食品经营许可证公示", "食品安全法第三十五条", "市场监管局"),
    ("油烟净化设施安装并正常使用", "大气污染防治法第八十一条", "城管执法局"),
    ("门前三包及占道经营", "城市市容和环境卫生管理条例第十四条", "城管执法局"),
)


def _targets(*, people: DemoPeople, units: list[Agency]) -> list[InspectionTarget]:
    made = []
    n = 0
    for category, names, risks, credits in _REGISTER:
        for i, name in enumerate(names):
            n += 1
            made.append(
                ins.inspection_target_create(
                    actor=people.clerk,
                    agency=units[n % len(units)],
                    name=f"清源县{name}",
                    address=f"清源县{_STREETS[n % len(_STREETS)]}{n * 7 % 200 + 1}号",
                    category=category,
                    risk_level=risks[i % len(risks)],
                    credit_grade=credits[i % len(credits)],
                )
            )
    return made


def _load(*, people: DemoPeople, bureau: Agency, units: list[Agency], end: date) -> dict[str, int]:
    committed_on = end - timedelta(days=14)
    with clock.frozen_at(committed_on, time(9)):
        targets = _targets(people=people, units=units)
        eateries = [t for t in targets if t.category == "餐饮"]
        officers = list(Officer.objects.filter(agency__in=units, is_active=True).order_by("pk"))
        ins.target_relation_create(actor=people.clerk, officer=officers[0], target=eateries[2], reason="配偶经营该店")
        ins.target_exemption_create(
            actor=people.clerk,
            agency=bureau,
            target=eateries[1],
            valid_from=committed_on,
            valid_until=committed_on + timedelta(days=180),
            reason="信用A级，连续三年无投诉、无违法记录",
        )
        plan = ins.inspection_plan_create(
            actor=people.clerk,
            agency=bureau,
            title="餐饮服务单位联合抽查（综合查一次）",
            year=end.year,
            sample_share=Decimal("25"),
            category="餐饮",
            inspection_date=committed_on + timedelta(days=7),
            scene="餐饮店经营一件事",
            joint_agencies="县市场监督管理局、县城管执法局",
            checklist=_CHECKLIST,
        )
        draw = draws.draw_commit(actor=people.clerk, plan=plan)
    with clock.frozen_at(committed_on + timedelta(days=1), time(10)):
        draw = draws.draw_run(actor=people.clerk, draw=draw)
    inspected_on = committed_on + timedelta(days=7)
    items = list(plan.checklist.all())
    done = cases = 0
    with clock.frozen_at(inspected_on, time(15)):
        for k, task in enumerate(draw.tasks.order_by("pk")[:3]):
            bad = k == 0
            outcomes = ["compliant", "noncompliant" if bad else "compliant", "compliant"]
            ins.inspection_record_result(
                actor=people.clerk,
                task=task,
                inspected_on=inspected_on,
                result="noncompliant" if bad else "compliant",
                findings="油烟净化设施未开启，排放油烟直排" if bad else "",
                item_results=list(zip(items, outcomes, ["", "现场拍照取证" if bad else "", ""], strict=True)),
            )
            done += 1
            if bad:
                try:
                    ins.inspection_case_open(actor=people.clerk, task=task, power_item_code="SL-HJ-002")
                    cases += 1
                except ApplicationError:  # the sample power list lacks the item in some years: no lead then
                    pass
    with clock.frozen_at(end, time(9)):
        other = ins.inspection_plan_create(
            actor=people.clerk,
            agency=bureau,
            title="建筑工地扬尘抽查",
            year=end.year,
            sample_share=Decimal("30"),
            category="建筑工地",
            inspection_date=end + timedelta(days=3),
            checklist=(("围挡、覆盖、冲洗设施", "大气污染防治法第六十九条", "城管执法局"),),
        )
        draws.draw_commit(actor=people.clerk, plan=other)
    return {"targets": len(targets), "drawn": len(draw.order), "inspected": done, "cases": cases}


def load_inspections(*, people: DemoPeople, bureau: Agency, end: date) -> str:
    """Everything above, as of ``end``; returns the log line."""
    units = list(Agency.objects.filter(parent__parent=bureau, kind="squad").order_by("pk"))[:2] or [bureau]
    n = _load(people=people, bureau=bureau, units=units, end=end)
    return (
        f"检查对象{n['targets']}户；抽查计划2个（1个已抽取{n['drawn']}户、已检查{n['inspected']}户、"
        f"转案源{n['cases']}件，1个已承诺待抽取）"
    )
