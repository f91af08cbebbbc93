"""The demo bureau's legal advisers and the head's 法治 duties over the two years, through the counsel services:

a 外聘法律顾问 and a 公职律师 who review contracts, write 法律意见书, take part in lawsuits, every adopted 重大行政决策
and a few 法制审核; 法制人员跟案 on a few cases; quarterly 案件会商; the review centre's reviews of the township's
delegated cases; 党组会议, 局长办公会, 述法, 集体学法 and 法制例会. Every draw starts from its seed.
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, timedelta

from fazhi.agencies.models import Agency, AgencyKind
from fazhi.cases.models import Case, CaseState, LegalReview
from fazhi.core import clock
from fazhi.counsel import services as cs
from fazhi.counsel.models import LegalAdviser
from fazhi.demo.cases import DemoPeople
from fazhi.demo.scale import SEED
from fazhi.legal_affairs import services as la
from fazhi.legal_affairs.models import MajorPolicyDecision
from fazhi.powers.models import Delegation

__all__ = ["load_counsel"]


def _at(day: date) -> AbstractContextManager[None]:
    return clock.frozen_at(day)


def _days(year: int, end: date, pairs: tuple[tuple[int, int], ...]) -> list[date]:
    return [d for d in (date(year, m, day) for m, day in pairs) if d <= end]


@dataclass
class _Demo:
    people: DemoPeople
    bureau: Agency
    end: date
    rng: random.Random
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def first(self) -> date:
        return date(self.end.year - 1, 1, 1)

    @property
    def years(self) -> tuple[int, int]:
        return (self.end.year - 1, self.end.year)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def load_counsel(*, people: DemoPeople, bureau: Agency, end: date) -> dict[str, int]:
    """Two years (last year and this one up to ``end``) of the counsel records; returns how many of each."""
    demo = _Demo(people=people, bureau=bureau, end=end, rng=random.Random(SEED + 11))
    counsel, lawyer = _advisers(demo)
    for year in demo.years:
        _adviser_year(demo, year, counsel, lawyer)
        _duties_year(demo, year)
    _legal_reviews(demo, lawyer)
    _accompaniments_and_consultations(demo)
    _township_reviews(demo)
    return demo.counts


def _advisers(demo: _Demo) -> tuple[LegalAdviser, LegalAdviser]:
    actor, first = demo.people.reviewer, demo.first
    with _at(first):
        counsel = cs.adviser_create(
            actor=actor,
            agency=demo.bureau,
            kind="counsel",
            name="王志远",
            firm="湖南清源律师事务所",
            licence_number="14301201010876543",
            term_from=first,
            term_until=date(demo.end.year, 12, 31),
        )
        lawyer = cs.adviser_create(
            actor=actor,
            agency=demo.bureau,
            kind="public_lawyer",
            name="陈雅琴",
            firm="清源县城市管理和综合执法局法制股",
            licence_number="G43012019000012",
            term_from=first,
        )
    demo.add("advisers", 2)
    return counsel, lawyer


def _adviser_year(demo: _Demo, year: int, counsel: LegalAdviser, lawyer: LegalAdviser) -> None:
    actor, bureau, end, people = demo.people.reviewer, demo.bureau, demo.end, demo.people
    # 合同审查 with the counsel, and a 法律意见书 on each
    for i, day in enumerate(_days(year, end, tuple((m, 8) for m in range(1, 13)))):
        with _at(day):
            contract = la.contract_review_create(
                actor=actor,
                agency=bureau,
                title=f"{year}年{('环卫保洁', '园林养护', '渣土监管平台运维', '执法车辆租赁')[i % 4]}服务合同",
                counterparty="清源县某服务有限公司",
                received_on=day,
                reviewed_on=day,
                opinion_issued=True,
                adviser=counsel.name,
            )
            cs.adviser_participation_create(actor=actor, adviser=counsel, target=contract, on=day)
            cs.legal_opinion_create(
                actor=actor, adviser=counsel, issued_on=day, subject=f"关于《{contract.title}》的法律意见书"
            )
        demo.add("participations")
        demo.add("opinions")
    # 重大行政决策: two a year, the public lawyer in each (参与度100%)
    for title, (month, day_of) in (("城区占道经营疏导点设置方案", (4, 10)), ("违法建设专项整治实施方案", (9, 10))):
        day = date(year, month, day_of)
        if day > end:
            continue
        with _at(day):
            decision = la.major_policy_decision_create(
                actor=actor,
                agency=bureau,
                title=f"{year}年{title}",
                note="",
                **dict.fromkeys((name for name, _ in MajorPolicyDecision.STEPS), True),
            )
            cs.adviser_participation_create(actor=actor, adviser=lawyer, target=decision, on=day)
            la.major_policy_decision_adopt(actor=people.head, decision=decision, decided_on=day)
        demo.add("participations")
    # 行政诉讼: one a year, the counsel as agent
    day = date(year, 6, 18)
    if day <= end:
        with _at(day):
            suit = la.litigation_register(
                actor=actor,
                agency=bureau,
                plaintiff="清源县某建材有限公司",
                cause="不服行政处罚决定",
                filed_on=day,
                court="清源县人民法院",
            )
            cs.adviser_participation_create(actor=actor, adviser=counsel, target=suit, on=day)
        demo.add("participations")
    # 法律意见书 on enforcement questions
    for day in _days(year, end, ((3, 20), (7, 15), (11, 5))):
        with _at(day):
            cs.legal_opinion_create(
                actor=actor,
                adviser=lawyer,
                issued_on=day,
                subject=demo.rng.choice(("违法建设强制拆除程序", "渣土运输车辆扣押", "户外广告设置审批衔接"))
                + "的法律意见",
            )
        demo.add("opinions")


def _duties_year(demo: _Demo, year: int) -> None:
    bureau, end, people = demo.bureau, demo.end, demo.people
    # 党组会议、局长办公会、述法、集体学法、法制例会
    duties = [
        *(("party_group_meeting", d, "研究法治政府建设工作") for d in _days(year, end, ((2, 20), (6, 25), (11, 20)))),
        *(
            ("director_meeting", d, "部署行政执法规范化建设")
            for d in _days(year, end, ((3, 5), (5, 12), (8, 6), (10, 15)))
        ),
        *(("group_study", d, "集体学习行政处罚法、行政强制法") for d in _days(year, end, ((3, 28), (9, 26)))),
        *(
            ("legal_meeting", d, "法制例会：典型案例评析")
            for d in _days(year, end, tuple((m, 26) for m in range(1, 13)))
        ),
    ]
    for kind, day, subject in duties:
        with _at(day):
            cs.duty_record_create(
                actor=people.clerk,
                agency=bureau,
                kind=kind,
                held_on=day,
                subject=subject,
                chaired_by="周正国",
                attendees="党组成员、各科室股室负责人" if kind != "legal_meeting" else "法制股、各中队法制员",
            )
        demo.add("duties")
    day = date(year, 12, 18)
    if day <= end:
        with _at(day):
            cs.duty_record_create(
                actor=people.clerk,
                agency=bureau,
                kind="statement",
                held_on=day,
                subject=f"{year}年度履行推进法治建设第一责任人职责情况述法",
                chaired_by="周正国",
                place="县委全面依法治县委员会会议",
            )
        demo.add("duties")


def _legal_reviews(demo: _Demo, lawyer: LegalAdviser) -> None:
    actor, bureau, end, first = demo.people.reviewer, demo.bureau, demo.end, demo.first
    # 法制审核 with the public lawyer (the latest few of the two years)
    reviews = LegalReview.objects.filter(case__agency__path__startswith=bureau.path, on__gte=first, on__lte=end)
    for review in reviews.order_by("-on", "-pk")[:4]:
        with _at(review.on):
            cs.adviser_participation_create(actor=actor, adviser=lawyer, target=review, on=review.on)
        demo.add("participations")


def _accompaniments_and_consultations(demo: _Demo) -> None:
    actor, bureau, end, first, people = demo.people.reviewer, demo.bureau, demo.end, demo.first, demo.people
    # 法制人员跟案 on registered cases the legal officer does not handle; 案件会商 each quarter
    registered = list(
        Case.objects.filter(
            agency__path__startswith=bureau.path, registered_on__gte=first, registered_on__lte=end, is_major=True
        )
        .exclude(state__in=(CaseState.LEAD, CaseState.NOT_REGISTERED))
        .exclude(handlers__officer=actor.officer)
        .order_by("registered_on", "pk")
    )
    if not registered:
        registered = list(
            Case.objects.filter(agency__path__startswith=bureau.path, registered_on__gte=first, registered_on__lte=end)
            .exclude(handlers__officer=actor.officer)
            .order_by("registered_on", "pk")[:8]
        )
    for case in registered[:8]:
        assert case.registered_on is not None
        with _at(min(case.registered_on + timedelta(days=1), end)):
            cs.case_accompaniment_create(
                actor=people.head,
                case=case,
                legal_officer=actor,
                started_on=min(case.registered_on + timedelta(days=1), end),
                note="全程跟进调查取证，指导证据收集。",
            )
        demo.add("accompaniments")
    for year in demo.years:
        for day in _days(year, end, ((3, 30), (6, 29), (9, 28), (12, 27))):
            discussed = [c for c in registered if c.registered_on is not None and c.registered_on <= day][-2:]
            with _at(day):
                cs.case_consultation_create(
                    actor=actor,
                    agency=bureau,
                    held_on=day,
                    subject="疑难复杂案件会商",
                    participants="周正国、林法明、陈雅琴、王志远、各中队长",
                    conclusions="事实清楚，适用法律正确，按一般阶次处理；补充现场测量记录。",
                    cases=discussed,
                )
            demo.add("consultations")


def _township_reviews(demo: _Demo) -> None:
    actor, bureau, end, first = demo.people.reviewer, demo.bureau, demo.end, demo.first
    # 案件审核中心帮助乡镇审核赋权案件: the township's cases in fazhi, and those of its own system by number
    township = Agency.objects.filter(kind=AgencyKind.TOWNSHIP, path__startswith=bureau.path).order_by("pk").first()
    if township is not None:
        codes = sorted(set(Delegation.objects.filter(township=township).values_list("item_code", flat=True)))
        delegation_start = min(
            Delegation.objects.filter(township=township).values_list("valid_from", flat=True), default=None
        )
        township_cases = Case.objects.filter(legal_subject=township, power_item__code__in=codes).order_by("pk")
        for case in township_cases:
            if delegation_start is None or case.act_date < delegation_start:
                continue
            day = min(max(case.discovered_on, first) + timedelta(days=3), end)
            with _at(day):
                cs.township_review_create(
                    actor=actor,
                    agency=bureau,
                    township=township,
                    reviewer=actor,
                    reviewed_on=day,
                    opinion="agree",
                    case=case,
                )
            demo.add("township_reviews")
        for year in demo.years:
            for n, day in enumerate(_days(year, end, tuple((m, 14) for m in range(1, 13)))):
                if not codes or delegation_start is None or day < delegation_start:
                    continue
                with _at(day):
                    cs.township_review_create(
                        actor=actor,
                        agency=bureau,
                        township=township,
                        reviewer=actor,
                        reviewed_on=day,
                        opinion=demo.rng.choice(("agree", "agree", "agree", "supplement")),
                        case_number=f"青石镇罚决字〔{year}〕第{n + 1:04d}号",
                        item_code=codes[n % len(codes)],
                    )
                demo.add("township_reviews")
