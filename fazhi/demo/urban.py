"""The demo's 城管执法 beyond the penalty, for last year and this year: 责令改正 on leads with their 复查 (most
corrected, some not), a 违法建设 taken to 强制拆除 and one to 代履行 once the remedy periods have lapsed, the
party's own demolitions in the register, and the government's yearly target, so the annual report's
``rectification.*`` and ``demolition.*`` figures come from records.

Everything goes through ``fazhi.urban.services`` at the date of each step (the clock is frozen there).
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from datetime import date, timedelta
from decimal import Decimal

from fazhi.agencies.models import Agency
from fazhi.cases import services as cs
from fazhi.core import clock
from fazhi.demo.cases import DemoPeople
from fazhi.rules import substitute_performance_earliest
from fazhi.urban import services as us

SEED = 20_611
PLACES = ("城东大道", "解放路", "南门菜市场", "滨河路", "工业园区", "城西新村", "北环路", "清源中学旁")
TARGETS_M2 = (Decimal("3200"), Decimal("2800"))  # last year, this year


def _at(day: date) -> AbstractContextManager[None]:
    return clock.frozen_at(day)


def _rectifications(people: DemoPeople, squad: Agency, year: int, end: date, rng: random.Random) -> int:
    n = 0
    for i in range(8):
        day = date(year, 2 + i, 10)
        period_end = day + timedelta(days=7)
        if period_end > end:
            break
        with _at(day):
            lead = cs.case_open(
                actor=people.handler1,
                agency=squad,
                source="patrol",
                power_item_code="SL-SR-001",
                party_kind="person",
                party_name=f"{rng.choice('王李张刘陈杨赵黄')}某{year % 100}{i}",
                act_date=day,
                discovered_on=day,
                location=f"清源县{PLACES[i % len(PLACES)]}",
                facts="随意堆放生活垃圾",
            )
            order = us.rectification_order(
                actor=people.handler1,
                case=lead,
                ordered_on=day,
                requirement="七日内清理堆放的生活垃圾，恢复环境卫生",
                period_end=period_end,
            )
        with _at(period_end):
            corrected = i % 4 != 3
            us.rectification_review(
                actor=people.handler2,
                order=order,
                reviewed_on=period_end,
                corrected=corrected,
                note="已清理完毕" if corrected else "现场仍有堆放，未改正",
            )
        n += 1
    return n


def _construction(
    people: DemoPeople, squad: Agency, year: int, end: date, *, substitute: bool, area: Decimal, place: str
) -> bool:
    """One 违法建设 from the order to the demolition by the bureau; False if the year has not got that far."""
    ordered = date(year, 1, 15) if not substitute else date(year, 2, 10)
    with _at(ordered):
        construction = us.construction_order(
            actor=people.handler1,
            agency=squad,
            party_name=f"清源县某建材经营部（{year}）" if substitute else f"赵某某（{year}）",
            location=place,
            area_m2=area,
            order_number=f"清城管限拆〔{year}〕{2 if substitute else 1}号",
            ordered_on=ordered,
            order_served_on=ordered,
            order_period_end=ordered + timedelta(days=15),
            description="未取得建设工程规划许可证搭建彩钢棚",
        )
    announced = ordered + timedelta(days=17)
    with _at(announced):
        construction = us.construction_announce(
            actor=people.handler1,
            construction=construction,
            announced_on=announced,
            period_end=announced + timedelta(days=10),
        )
    reminded = announced + timedelta(days=14)
    with _at(reminded):
        construction = us.construction_remind(actor=people.handler1, construction=construction, served_on=reminded)
    lawful = us.demolition_bar(construction, reminded).lawful_from
    if lawful is None or lawful > end:
        return False
    scheduled = max(lawful, substitute_performance_earliest(reminded)) + timedelta(days=6)
    if scheduled > end:
        return False
    with _at(lawful):
        construction = us.construction_decide(
            actor=people.head,
            construction=construction,
            kind="substitute" if substitute else "forced",
            decided_on=lawful,
            number=f"清城管{'代履' if substitute else '强拆'}〔{year}〕1号",
            scheduled_on=scheduled,
            performer="清源县市政工程有限公司" if substitute else "",
            cost_budget=Decimal("18000.00") if substitute else None,
        )
    with _at(scheduled):
        us.construction_demolish(
            actor=people.handler1,
            construction=construction,
            demolished_on=scheduled,
            by="substitute" if substitute else "forced",
            cost_actual=Decimal("16820.50") if substitute else None,
        )
    return True


def load_urban(*, people: DemoPeople, bureau: Agency, squad: Agency, end: date) -> str:
    rng = random.Random(SEED)
    orders = demolitions = 0
    for year, target in zip((end.year - 1, end.year), TARGETS_M2, strict=True):
        with _at(date(year, 1, 5)):
            us.demolition_target_set(
                actor=people.head, agency=bureau, year=year, target_m2=target, source=f"清政办〔{year}〕2号（示例）"
            )
        orders += _rectifications(people, squad, year, end, rng)
        demolitions += _construction(
            people, squad, year, end, substitute=False, area=Decimal("420.00"), place="清源县城东大道18号楼顶"
        )
        demolitions += _construction(
            people, squad, year, end, substitute=True, area=Decimal("265.50"), place="清源县工业园区B区"
        )
        for i in range(10):
            day = date(year, 1 + i, 20)
            if day > end:
                break
            with _at(day):
                us.demolition_register(
                    actor=people.handler1,
                    agency=squad,
                    place=f"清源县{PLACES[i % len(PLACES)]}{rng.randint(1, 99)}号",
                    area_m2=Decimal(rng.randint(4000, 40000)) / 100,
                    demolished_on=day,
                    demolished_by="party",
                    note="当事人收到责令限期拆除决定后自行拆除",
                )
            demolitions += 1
    return f"责令改正{orders}份，拆除{demolitions}处"
