"""End to end: a year (2024) built through the real services of urban, waste, campaigns, counsel and legal_affairs,
with records on 31 December 2023 and 1 January 2025 that must not count; the bureau's annual JSON is checked key by
key against the values counted by hand (with year-on-year where the key has one), and the .docx opens, keeps the
公文 heading levels in order and states each figure.

No fake ``figures`` modules: every issue-11 key comes from its app's own ``annual_figures`` through
``fazhi.reports.collect``.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from docx import Document

from fazhi.accounts.models import Role
from fazhi.core import clock
from fazhi.reports import collect
from fazhi.reports.annual import annual_report, render_docx, render_json
from fazhi.reports.gongwen import HEADING_STYLES
from tests.cases.flow import make_cast
from tests.conftest import _uscc

pytestmark = pytest.mark.django_db

YEAR = 2024
TODAY = date(2025, 1, 15)
BEFORE, AFTER = date(2023, 12, 31), date(2025, 1, 1)  # just outside the year

# The issue-11 keys, counted by hand from the records ``_build`` makes (see the comments there).
APP_EXPECTED: dict[str, object] = {
    "rectification.orders": 3,
    "rectification.corrected": 2,
    "demolition.count": 4,
    "demolition.area_m2": "2800.75",
    "demolition.target_m2": "2000.00",
    "demolition.completion_rate": "140.0",  # 2800.75 / 2000 = 140.0375 %
    "construction_waste.permit_companies": 2,
    "construction_waste.permit_vehicles": 3,
    "campaigns.count": 2,
    "campaigns.cases": 2,
    "soft_enforcement.count": 3,
    "legal_adviser.contracts": 2,
    "legal_adviser.opinions": 2,
    "legal_adviser.litigation": 1,
    "legal_adviser.major_review_rate": "66.7",  # 2 of the 3 decisions adopted in 2024
    "legal_review.accompanied": 2,
    "case_consultations.count": 2,
    "duties.meetings": 3,
    "duties.statement": True,
    "delegation.reviews_for_townships": 2,
}

# Keys the reports helper computes from older records, for the few records built here.
RECORD_EXPECTED: dict[str, object] = {
    "training.sessions": 2,
    "training.attendances": 3,
    "study_hours.below_minimum": 4,  # the cast's four officers: 16, 8, 0 and 0 hours in 2024
    "exams.count": 0,
    "exams.participation_rate": None,  # no exam: no base
    "exams.pass_rate": None,
    "mediation.count": 3,
    "mediation.success_rate": "50.0",  # 1 resolved, 1 failed; the open one is not judged
    "policy_decisions.count": 3,
    "contracts.reviewed": 0,  # the contracts were received in 2023
    "fines.collected": "1234.56",
    "fines.collected_yoy": "23.5",  # (1234.56 − 1000) / 1000 = 23.456 %
    "cases.total.count_yoy": "100.0",  # 2 cases registered in 2024, 1 in 2023
    "cases.general.count_yoy": "100.0",  # all three are of the general procedure
    "powers.new_item_cases": 0,  # SL-SR-001 already had a case in 2023
    "delegation.items": 1,
    "delegation.townships": 1,
}


@dataclass
class Cases:
    a: Any  # registered 2023-12-31
    b: Any  # registered 2024-01-01
    c: Any  # registered 2024-04-01


def _case(cast: Any, bureau: Any, day: date) -> Any:
    from fazhi.cases.services import case_open, case_register

    with clock.frozen_at(day):
        lead = case_open(
            actor=cast.handler1,
            agency=bureau.squad,
            source="patrol",
            power_item_code="SL-SR-001",
            party_kind="person",
            party_name="张三",
            party_id_number="11010519491231002X",
            act_date=day,
            discovered_on=day,
        )
        return case_register(actor=cast.head, case=lead, handlers=cast.officers, on=day)


def _urban(bureau: Any, cast: Any, cases: Cases, officer: Any) -> None:
    from fazhi.urban import services

    def order(on: date, end: date) -> Any:
        with clock.frozen_at(on):
            return services.rectification_order(
                actor=officer, case=cases.a, ordered_on=on, requirement="清理占道物品", period_end=end
            )

    # orders of 2024: o2, o3, o4 (3); corrected by a 复查 of 2024: o1 and o2 (2)
    o1 = order(BEFORE, date(2024, 1, 5))
    o2 = order(date(2024, 3, 1), date(2024, 3, 8))
    o3 = order(date(2024, 6, 1), date(2024, 6, 8))
    o4 = order(date(2024, 12, 31), date(2025, 1, 3))
    order(AFTER, date(2025, 1, 8))
    for item, day, ok in (
        (o1, date(2024, 1, 5), True),
        (o2, date(2024, 3, 8), True),
        (o3, date(2024, 6, 8), False),
        (o4, date(2025, 1, 3), True),
    ):
        with clock.frozen_at(day):
            services.rectification_review(
                actor=officer, order=item, reviewed_on=day, corrected=ok, note="" if ok else "未清理"
            )
    # the register of 2024: 1200.50 + 800.25 + 500 m² entered directly, and the forced demolition below (300 m²)
    for agency, actor, day, area, by in (
        (bureau.squad, officer, BEFORE, "999", "party"),
        (bureau.squad, officer, date(2024, 1, 1), "1200.50", "party"),
        (bureau.squad, officer, date(2024, 12, 31), "800.25", "forced"),
        (bureau.bureau, cast.head, date(2024, 5, 1), "500", "forced"),
        (bureau.squad, officer, AFTER, "7", "party"),
    ):
        services.demolition_register(
            actor=actor, agency=agency, place="城东路", area_m2=Decimal(area), demolished_on=day, demolished_by=by
        )
    # and one forced demolition through its steps (行政强制法 第四十四条): served 2024-01-02, so lawful only after the
    # 起诉期限 (six months); demolished on 2024-07-20 with its 300 m²
    with clock.frozen_at(date(2024, 2, 1)):
        built = services.construction_order(
            actor=officer,
            agency=bureau.squad,
            party_name="李四",
            location="示范市城东路8号楼顶",
            area_m2=Decimal("300"),
            order_number="示城管限拆〔2024〕1号",
            ordered_on=date(2024, 1, 2),
            order_served_on=date(2024, 1, 2),
            order_period_end=date(2024, 1, 17),
        )
        services.construction_announce(
            actor=officer, construction=built, announced_on=date(2024, 1, 20), period_end=date(2024, 1, 31)
        )
        services.construction_remind(actor=officer, construction=built, served_on=date(2024, 2, 1))
    with clock.frozen_at(date(2024, 7, 10)):
        services.construction_decide(
            actor=cast.head,
            construction=built,
            kind="forced",
            decided_on=date(2024, 7, 10),
            number="示城管强拆〔2024〕1号",
            scheduled_on=date(2024, 7, 20),
        )
    with clock.frozen_at(date(2024, 7, 20)):
        services.construction_demolish(
            actor=cast.head, construction=built, demolished_on=date(2024, 7, 20), by="forced"
        )
    services.demolition_target_set(actor=cast.head, agency=bureau.bureau, year=2024, target_m2=Decimal("2000"))
    services.demolition_target_set(actor=cast.head, agency=bureau.bureau, year=2025, target_m2=Decimal("9999"))


def _waste(bureau: Any, clerk: Any) -> None:
    from fazhi.waste import services

    # valid on a day of 2024: 甲 (2 vehicles, the whole year) and 乙 (1 vehicle, its last day 2024-01-01);
    # 丙 ended on 2023-12-31 and 丁 began on 2025-01-01: neither counts
    for seed, plates, start, end in (
        ("MA4L0A001", ["湘B10001", "湘B10002"], date(2024, 1, 1), date(2024, 12, 31)),
        ("MA4L0B001", ["湘B20001"], date(2023, 1, 1), date(2024, 1, 1)),
        ("MA4L0C001", ["湘B30001"], date(2023, 1, 1), BEFORE),
        ("MA4L0D001", ["湘B40001"], AFTER, date(2025, 12, 31)),
    ):
        company = services.company_create(actor=clerk, agency=bureau.bureau, name=f"运输公司{seed}", uscc=_uscc(seed))
        vehicles = [services.vehicle_create(actor=clerk, company=company, plate_number=p) for p in plates]
        services.permit_issue(
            actor=clerk,
            agency=bureau.bureau,
            company=company,
            number=f"准运{seed}",
            vehicles=vehicles,
            route="城东路—消纳场",
            site="示范市消纳场",
            valid_from=start,
            valid_until=end,
        )


def _campaigns(bureau: Any, cast: Any, cases: Cases, officer_user: Any, officer: Any) -> None:
    from fazhi.campaigns import services

    def campaign(name: str, start: date, end: date) -> Any:
        return services.campaign_create(actor=cast.head, agency=bureau.squad, name=name, starts_on=start, ends_on=end)

    spanning = campaign("冬季整治", date(2023, 12, 1), date(2024, 1, 31))  # overlaps 2024: counted
    spring = campaign("占道经营整治", date(2024, 3, 1), date(2024, 5, 31))  # counted
    campaign("上年行动", date(2023, 1, 1), BEFORE)
    campaign("次年行动", AFTER, date(2025, 3, 31))
    # cases registered in 2024 linked: b and c (2); a was registered on 2023-12-31
    services.campaign_case_link(actor=cast.head, campaign=spanning, case=cases.a)
    services.campaign_case_link(actor=cast.head, campaign=spanning, case=cases.b)
    services.campaign_case_link(actor=cast.head, campaign=spring, case=cases.c)
    for kind, day in (
        ("warm_notice", BEFORE),
        ("warm_notice", date(2024, 1, 1)),
        ("persuasion", date(2024, 7, 1)),
        ("interview", date(2024, 12, 31)),
        ("warning", AFTER),
    ):
        services.soft_measure_record(
            actor=officer_user,
            agency=bureau.squad,
            kind=kind,
            target_name="商户",
            place="建设路",
            taken_on=day,
            officer=officer,
            content="告知并劝导",
        )


def _decision(actor: Any, agency: Any, title: str, decided_on: date) -> Any:
    from fazhi.legal_affairs import services as la
    from fazhi.legal_affairs.models import MajorPolicyDecision

    steps = {name: True for name, _ in MajorPolicyDecision.STEPS}
    item = la.major_policy_decision_create(actor=actor, agency=agency, title=title, **steps)
    return la.major_policy_decision_adopt(actor=actor, decision=item, decided_on=decided_on)


def _counsel(bureau: Any, cast: Any, cases: Cases, make_user: Any) -> None:
    from fazhi.counsel import services
    from fazhi.legal_affairs import services as la

    clerk = cast.clerk
    adviser = services.adviser_create(
        actor=clerk,
        agency=bureau.bureau,
        kind="counsel",
        name="王律师",
        firm="示范律师事务所",
        term_from=date(2023, 1, 1),
        term_until=date(2025, 12, 31),
    )
    lawyer = services.adviser_create(
        actor=clerk, agency=bureau.bureau, kind="public_lawyer", name="李明", firm="法制科", term_from=date(2023, 1, 1)
    )
    # contracts: 0 (both advisers: once) and 1 in 2024; 2 on 2023-12-31 and 3 on 2025-01-01 do not count
    contracts = [
        la.contract_review_create(actor=clerk, agency=bureau.bureau, title=f"合同{i}", received_on=date(2023, 12, 1))
        for i in range(4)
    ]
    for who, contract, day in (
        (adviser, contracts[0], date(2024, 1, 1)),
        (lawyer, contracts[0], date(2024, 2, 1)),
        (adviser, contracts[1], date(2024, 12, 31)),
        (adviser, contracts[2], BEFORE),
        (adviser, contracts[3], AFTER),
    ):
        services.adviser_participation_create(actor=clerk, adviser=who, target=contract, on=day)
    for day in (BEFORE, date(2024, 6, 1), date(2024, 12, 31), AFTER):  # opinions: 2
        services.legal_opinion_create(actor=clerk, adviser=adviser, issued_on=day, subject=f"意见{day}")
    # litigation: the suit of 2024 (1); the one advised on 2023-12-31 does not count
    for filed, on in ((date(2024, 3, 1), date(2024, 3, 2)), (date(2023, 12, 1), BEFORE)):
        suit = la.litigation_register(
            actor=clerk, agency=bureau.bureau, plaintiff="甲", cause="不服处罚", filed_on=filed, court="示范市人民法院"
        )
        services.adviser_participation_create(actor=clerk, adviser=lawyer, target=suit, on=on)
    # decisions adopted in 2024: 3, of which 2 with an adviser (one advised in 2023); the one of 2023-12-31 not
    decisions = [
        _decision(clerk, bureau.bureau, f"决策{i}", day)
        for i, day in enumerate(
            (
                date(2024, 2, 1),
                date(2024, 8, 1),
                date(2024, 12, 31),
            )
        )
    ]
    before = _decision(clerk, bureau.bureau, "上年决策", BEFORE)
    for decision, on in ((decisions[0], date(2023, 12, 1)), (decisions[1], date(2024, 7, 1)), (before, BEFORE)):
        services.adviser_participation_create(actor=clerk, adviser=lawyer, target=decision, on=on)
    # 跟案: b and c (c by two legal officers: once); a from 2023-12-31 does not count
    second = make_user(bureau.bureau, Role.LEGAL_REVIEWER)
    for case, officer, day in (
        (cases.a, cast.reviewer, BEFORE),
        (cases.b, cast.reviewer, date(2024, 1, 2)),
        (cases.c, cast.reviewer, date(2024, 4, 2)),
        (cases.c, second, date(2024, 4, 3)),
    ):
        services.case_accompaniment_create(actor=clerk, case=case, legal_officer=officer, started_on=day)
    # 会商: the bureau's of 2024-06-01 and the squad's of 2024-12-31 (2)
    squad_clerk = make_user(bureau.squad, Role.CLERK)
    common = {"subject": "案件会商", "participants": "局长、法制科", "conclusions": "同意处罚"}
    for actor, agency, day, linked in (
        (clerk, bureau.bureau, BEFORE, []),
        (clerk, bureau.bureau, date(2024, 6, 1), [cases.b, cases.c]),
        (squad_clerk, bureau.squad, date(2024, 12, 31), [cases.c]),
        (clerk, bureau.bureau, AFTER, []),
    ):
        services.case_consultation_create(actor=actor, agency=agency, held_on=day, cases=linked, **common)
    # duties: 3 meetings in 2024 (集体学法 is not one), a 述法; the meetings just outside do not count
    duty = {"subject": "研究法治建设", "chaired_by": "周正国", "attendees": "党组成员"}
    for kind, day in (
        ("party_group_meeting", BEFORE),
        ("party_group_meeting", date(2024, 1, 1)),
        ("director_meeting", date(2024, 6, 1)),
        ("director_meeting", date(2024, 12, 31)),
        ("group_study", date(2024, 5, 1)),
        ("director_meeting", AFTER),
    ):
        services.duty_record_create(actor=clerk, agency=bureau.bureau, kind=kind, held_on=day, **duty)
    services.duty_record_create(
        actor=clerk,
        agency=bureau.bureau,
        kind="statement",
        held_on=date(2024, 12, 20),
        place="县委依法治县委员会",
        **duty,
    )
    # the review centre's reviews for the township: 2024-01-01 and 2024-12-31 (2)
    for n, day in enumerate((BEFORE, date(2024, 1, 1), date(2024, 12, 31), AFTER)):
        services.township_review_create(
            actor=cast.reviewer,
            agency=bureau.bureau,
            township=bureau.township,
            reviewer=cast.reviewer,
            reviewed_on=day,
            opinion="agree",
            case_number=f"南山镇赋权案{n}",
            item_code="SL-SR-001",
        )


def _records(bureau: Any, cast: Any, cases: Cases) -> None:
    """A few of the older records: trainings, mediation, payments (by their 缴款日期)."""
    from fazhi.cases.models import Payment
    from fazhi.legal_affairs import services as la

    clerk = cast.clerk
    for title, day, officers in (
        ("行政处罚法", date(2024, 3, 1), cast.officers),
        ("证据规则", date(2024, 12, 31), cast.officers[:1]),
        ("上年培训", BEFORE, cast.officers),
    ):
        la.training_create(
            actor=clerk, agency=bureau.bureau, title=title, held_on=day, hours=Decimal("8"), officers=officers
        )
    for n, (day, resolved) in enumerate(
        ((date(2024, 1, 1), True), (date(2024, 5, 1), False), (date(2024, 12, 31), None), (AFTER, True))
    ):
        item = la.mediation_register(
            actor=clerk, agency=bureau.bureau, received_on=day, parties=f"甲{n}与乙", subject="噪声"
        )
        if resolved is not None:
            la.mediation_close(actor=clerk, mediation=item, resolved=resolved, resolved_on=day)
    for n, (case, amount, day) in enumerate(
        ((cases.b, "1234.56", date(2024, 3, 1)), (cases.a, "1000", BEFORE), (cases.c, "50", AFTER))
    ):
        Payment.objects.create(
            case=case,
            kind=Payment.Kind.FINE,
            amount=Decimal(amount),
            paid_on=day,
            receipt_number=f"R{n}",
            bank="示范银行",
            recorded_by=cast.clerk,
        )


@pytest.fixture
def year(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    cast = make_cast(bureau, make_officer, make_user)
    cases = Cases(
        a=_case(cast, bureau, BEFORE), b=_case(cast, bureau, date(2024, 1, 1)), c=_case(cast, bureau, date(2024, 4, 1))
    )
    with clock.frozen_at(TODAY):
        _urban(bureau, cast, cases, cast.handler1)
        _waste(bureau, cast.clerk)
        _campaigns(bureau, cast, cases, cast.handler1, cast.officers[0])
        _counsel(bureau, cast, cases, make_user)
        _records(bureau, cast, cases)
    return cases


def _report(bureau: Any) -> Any:
    return annual_report(agency=bureau.bureau, year=YEAR, include_subordinates=True, today=TODAY)


def test_every_key_of_the_year_is_the_count_of_its_records(bureau, year) -> None:
    data = json.loads(render_json(_report(bureau)))
    assert {k: data.get(k, "missing") for k in APP_EXPECTED} == APP_EXPECTED
    assert {k: data.get(k, "missing") for k in RECORD_EXPECTED} == RECORD_EXPECTED
    missing = [k for k in (*collect.APP_KEYS, *collect.RECORD_KEYS) if k not in data]
    assert missing == []


def test_the_year_before_counts_only_its_own_records(bureau, year) -> None:
    """The records of 2023-12-31 are 2023's: the same rules count them there (and the 2025 ones nowhere)."""
    last = json.loads(
        render_json(annual_report(agency=bureau.bureau, year=YEAR - 1, include_subordinates=True, today=TODAY))
    )
    assert {k: last[k] for k in ("rectification.orders", "demolition.count", "demolition.area_m2")} == {
        "rectification.orders": 1,
        "demolition.count": 1,
        "demolition.area_m2": "999.00",
    }
    assert last["demolition.target_m2"] is None and last["demolition.completion_rate"] is None
    assert last["construction_waste.permit_companies"] == 2  # 乙 and 丙 (valid through 2023)
    assert last["fines.collected"] == "1000.00" and last["fines.collected_yoy"] is None


CN = "一二三四五六七八九十"
NUMBERING = {1: rf"([{CN}])、\S", 2: rf"（([{CN}])）\S", 3: r"(\d+)\.\S", 4: r"（(\d+)）\S"}


def _paragraphs(content: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(content)).paragraphs]


def test_the_docx_opens_keeps_the_heading_levels_and_states_each_figure(bureau, year) -> None:
    paragraphs = _paragraphs(render_docx(_report(bureau)))
    levels = {name: level for level, name in HEADING_STYLES.items()}
    assert set(levels) == {"公文一级标题", "公文二级标题", "公文三级标题", "公文四级标题"}
    headings = [(levels[style], text) for style, text in paragraphs if style in levels]
    assert {level for level, _ in headings} == {1, 2, 3, 4}
    previous = 0
    counters = dict.fromkeys(HEADING_STYLES, 0)
    for level, text in headings:
        assert level <= previous + 1, text  # no level skipped on the way down
        match = re.match(NUMBERING[level], text)
        assert match, text  # 一、 （一） 1. （1）
        counters[level] += 1
        for deeper in range(level + 1, 5):
            counters[deeper] = 0  # each parent numbers its children from 1
        number = match.group(1)
        assert (CN.index(number) + 1 if level <= 2 else int(number)) == counters[level], text
        previous = level
    text = "\n".join(t for _, t in paragraphs)
    for sentence in (
        "下达责令（限期）改正通知书3份，经复查已改正2份。",
        "拆除各类违法建设4处，共计拆除面积2800.75平方米，上级下达任务2000平方米，完成任务数的140.0%。",
        "核发渣土（建筑垃圾）准运企业2家，准运车辆3辆。",
        "开展专项行动2个，专项行动中立案查处案件2起。",
        "运用温馨告知、说服教育、劝导示范、警示告诫、指导约谈等柔性执法方式3次。",
        "法律顾问、公职律师审核合同2份，出具书面法律意见书2份，参与行政诉讼案件1起，"
        "对重大行政决策和重大法制审核事项的参与度为66.7%。",
        "法制人员跟案2起。",
        "召开案件会商会2次。",
        "党组会议、局长办公会研究部署法治建设工作3次。",
        "党政主要负责人履行推进法治建设第一责任人职责，开展年度述法。",
        "案件审核中心帮助乡镇审核赋权案件2起",
        "全年组织执法人员培训2次，累计参训3人次。",
        "全年学法学时未达到规定要求的执法人员4名。",
        "共办理一般程序案件2起，案件数量同比增长100.0%",
        "全年收缴罚款金额0.1235万元，同比增长23.5%。",
        "作出重大行政决策3项",
        "排查化解矛盾纠纷3件，调处成功率50.0%。",
    ):
        assert sentence in text, sentence
