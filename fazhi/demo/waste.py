"""The demo's 渣土准运, 专项行动 and 柔性执法, for the two demo years, through the services.

Each year: six transport companies and their vehicles with a 准运证 from March (one revoked in the summer), road
checks (some on vehicles without a valid permit, one leading to a case), the four 专项行动 with their targets and
actions (语音告知 of 336 advertisement numbers, 整改通知书 …) and the cases and complaints they produced, and two
柔性执法 measures a month. Deterministic: the same ``end`` gives the same records.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from fazhi.agencies.models import Agency
from fazhi.campaigns import services as cs
from fazhi.campaigns.models import Campaign, CampaignActionKind, CampaignCase, SoftMeasureKind
from fazhi.cases.models import Case
from fazhi.complaints.models import Complaint
from fazhi.core import clock
from fazhi.demo.cases import DemoPeople
from fazhi.rules import uscc_check_char
from fazhi.waste import services as ws
from fazhi.waste.models import CheckResult

_COMPANIES = ("顺达", "宏运", "鑫泰", "恒通", "安捷", "远航")

# (name, months (first, last), targets (kind, unit, number, achieved), actions (kind, month, day, count, note))
_CAMPAIGNS: tuple[
    tuple[
        str, tuple[int, int], tuple[tuple[str, str, str, str | None], ...], tuple[tuple[str, int, int, int, str], ...]
    ],
    ...,
] = (
    (
        "违法户外广告专项整治",
        (3, 5),
        (("整治违法广告点位", "个", "50", "56"),),
        (
            (CampaignActionKind.CALL, 3, 20, 336, "对违法广告号码进行语音告知"),
            (CampaignActionKind.NOTICE, 4, 10, 130, "下达整改通知书"),
        ),
    ),
    (
        "建筑垃圾（渣土）运输专项整治",
        (4, 6),
        (("路面检查渣土车辆", "辆", "300", "305"),),
        ((CampaignActionKind.CHECK, 5, 15, 120, "夜间联合路面检查"),),
    ),
    (
        "违法建设拆除攻坚行动",
        (6, 9),
        (("拆除违法建设", "平方米", "20000", "19508"), ("拆除违建处数", "处", "60", "68")),
        ((CampaignActionKind.NOTICE, 6, 18, 45, "下达责令限期拆除通知书"),),
    ),
    (
        "市容环境秩序集中整治",
        (9, 11),
        (("整治占道经营点位", "个", "80", None),),
        ((CampaignActionKind.CHECK, 10, 12, 60, "重点路段巡查"),),
    ),
)

_SOFT_TARGETS = ("兴旺小吃店", "好又多超市", "老李水果摊", "便民五金店", "城南建材门市", "阳光广告部")


def _uscc(n: int) -> str:
    body = f"91430281MA4L{n:05d}"
    return body + uscc_check_char(body)


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _load_waste(*, people: DemoPeople, bureau: Agency, squad: Agency, end: date) -> dict[str, int]:
    counts = {"companies": 0, "vehicles": 0, "permits": 0, "checks": 0, "check_cases": 0}
    companies = []
    for i, name in enumerate(_COMPANIES, start=1):
        company = ws.company_create(
            actor=people.clerk,
            agency=bureau,
            name=f"清源县{name}渣土运输有限公司",
            uscc=_uscc(i),
            address=f"清源县工业园{i}号",
        )
        vehicles = [
            ws.vehicle_create(actor=people.clerk, company=company, plate_number=f"湘B{i}{k:04d}", note="重型自卸货车")
            for k in range(1, 3 + i)
        ]
        companies.append((company, vehicles))
        counts["companies"] += 1
        counts["vehicles"] += len(vehicles)
    officer = people.officers[0]
    n_permit = 0
    for year in (end.year - 1, end.year):
        start = date(year, 3, 1)
        if start > end:
            continue
        for i, (company, vehicles) in enumerate(companies):
            if year == end.year and i == len(companies) - 1:
                continue  # the last company's permit was not renewed: its trucks run without one
            n_permit += 1
            permit = ws.permit_issue(
                actor=people.clerk,
                agency=bureau,
                company=company,
                number=f"清渣准〔{year}〕{n_permit:03d}号",
                vehicles=vehicles[: max(1, len(vehicles) - (i % 2))],
                route="城区主干道—城南消纳场",
                site=f"{year}年度城区建设工地—城南建筑垃圾消纳场",
                valid_from=start,
                valid_until=date(year, 12, 31),
            )
            counts["permits"] += 1
            revoke_on = date(year, 8, 1)
            if i == 1 and revoke_on <= end:
                ws.permit_revoke(
                    actor=people.clerk, permit=permit, revoked_on=revoke_on, reason="多次抛洒滴漏，经约谈未整改"
                )
        for month in range(3, 12):
            day = date(year, month, 8)
            if day > end:
                break
            for _company, vehicles in companies[month % 3 :: 3]:
                check = ws.check_record(
                    actor=people.handler1,
                    agency=squad,
                    checked_on=day,
                    place="环城南路渣土车检查点",
                    plate_number=vehicles[-1].plate_number,
                    officer=officer,
                    violation="车厢未密闭，沿路遗撒" if month % 4 == 0 else "",
                )
                counts["checks"] += 1
                if check.result != CheckResult.PERMITTED and counts["check_cases"] < 2 * (year - end.year + 2):
                    ws.check_case_open(actor=people.handler1, check=check, power_item_code="SL-ZT-001")
                    counts["check_cases"] += 1
    return counts


def _load_campaigns(*, people: DemoPeople, bureau: Agency, squad: Agency, end: date) -> dict[str, int]:
    counts = {"campaigns": 0, "campaign_cases": 0, "soft_measures": 0}
    for year in (end.year - 1, end.year):
        for name, (first, last), targets, actions in _CAMPAIGNS:
            starts_on, ends_on = date(year, first, 1), _month_end(year, last)
            if starts_on > end:
                continue
            campaign = cs.campaign_create(
                actor=people.head,
                agency=bureau,
                name=f"{year}年{name}",
                starts_on=starts_on,
                ends_on=ends_on,
                description=f"{name}，由局主要负责人牵头，各中队、乡镇配合。",
            )
            counts["campaigns"] += 1
            for kind, unit, number, achieved in targets:
                cs.campaign_target_add(
                    actor=people.head,
                    campaign=campaign,
                    kind=kind,
                    unit=unit,
                    number=Decimal(number),
                    achieved=Decimal(achieved) if achieved and ends_on <= end else None,
                )
            for kind, month, day, count, note in actions:
                if date(year, month, day) <= end:
                    cs.campaign_action_record(
                        actor=people.head,
                        campaign=campaign,
                        kind=kind,
                        taken_on=date(year, month, day),
                        count=count,
                        note=note,
                    )
            linked = CampaignCase.objects.values_list("case_id", flat=True)
            for case in (
                Case.objects.filter(
                    agency__path__startswith=bureau.path, discovered_on__range=(starts_on, min(ends_on, end))
                )
                .exclude(pk__in=linked)
                .order_by("pk")[:6]
            ):
                cs.campaign_case_link(actor=people.head, campaign=campaign, case=case)
                counts["campaign_cases"] += 1
            for complaint in Complaint.objects.filter(
                agency__path__startswith=bureau.path,
                received_at__date__range=(starts_on, min(ends_on, end)),
            ).order_by("pk")[:3]:
                cs.campaign_complaint_link(actor=people.head, campaign=campaign, complaint=complaint)
        counts["soft_measures"] += _load_soft_measures(people=people, bureau=bureau, squad=squad, end=end, year=year)
    return counts


def _load_soft_measures(*, people: DemoPeople, bureau: Agency, squad: Agency, end: date, year: int) -> int:
    """Two measures a month, in the campaign running that day if any; now and then the case that followed."""
    done = 0
    kinds = list(SoftMeasureKind)
    for month in range(1, 13):
        for k, dom in enumerate((6, 20)):
            day = date(year, month, dom)
            if day > end:
                break
            n = done
            campaign = Campaign.objects.filter(agency=bureau, starts_on__lte=day, ends_on__gte=day).first()
            measure = cs.soft_measure_record(
                actor=people.head,
                agency=squad,
                kind=kinds[n % len(kinds)],
                target_name=_SOFT_TARGETS[n % len(_SOFT_TARGETS)],
                place="城区建设路",
                taken_on=day,
                officer=people.officers[k % len(people.officers)],
                content="宣讲市容环境卫生管理规定，告知门前三包责任，当场劝导整改。",
                campaign=campaign,
            )
            done += 1
            if n % 8 == 7:  # now and then the party did not correct: the case that followed
                case = (
                    Case.objects.filter(
                        agency__path__startswith=squad.path, discovered_on__gte=day, soft_measures__isnull=True
                    )
                    .order_by("discovered_on", "pk")
                    .first()
                )
                if case is not None:
                    cs.soft_measure_link_case(actor=people.head, measure=measure, case=case)
    return done


def load_waste(*, people: DemoPeople, bureau: Agency, squad: Agency, end: date) -> str:
    """Everything above, as of ``end``; returns the log line."""
    with clock.frozen_at(end):
        w = _load_waste(people=people, bureau=bureau, squad=squad, end=end)
        c = _load_campaigns(people=people, bureau=bureau, squad=squad, end=end)
    return (
        f"运输企业{w['companies']}家、车辆{w['vehicles']}辆、准运证{w['permits']}份、检查{w['checks']}次"
        f"（立案{w['check_cases']}件）；专项行动{c['campaigns']}项（计入案件{c['campaign_cases']}件）；"
        f"柔性执法{c['soft_measures']}次"
    )
