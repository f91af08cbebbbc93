"""The demo bureau: a fictional county bureau with its units, officers, logins and a sample power list.

Loaded once by ``fazhi demo`` (and so by ``make run``); a second run finds it and changes nothing. Every name,
identifier and number here is invented; the power list is a *sample* to be replaced by the bureau's own list.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from fazhi.accounts.models import Role, User
from fazhi.accounts.services import user_create
from fazhi.agencies.models import Agency, AgencyKind, CertificateStatus, Officer
from fazhi.agencies.services import agency_create, certificate_change_status, certificate_issue, officer_create
from fazhi.demo.bulk import load_bulk
from fazhi.demo.cases import DemoPeople, anchor, load_demo_cases
from fazhi.powers.sample import load_sample_power_list
from fazhi.powers.services import delegation_grant
from fazhi.rules import resident_id_check_char, uscc_check_char

DEMO_PASSWORD = "Fazhi2026demo"
DEMO_REGION = "439901"  # not an assigned GB/T 2260 code: the demo is fictional
BUREAU_CODE = "清城管"
DEMO_SCALES = ("full", "small")


def _uscc(org: str) -> str:
    body = f"11{DEMO_REGION}{org}"
    return body + uscc_check_char(body)


def _resident_id(birth: str, seq: int) -> str:
    body = f"{DEMO_REGION}{birth}{seq:03d}"
    return body + resident_id_check_char(body)


def _print(line: str) -> None:
    print(line, flush=True)  # noqa: T201 - progress of a long load, on the console of `fazhi demo`


@transaction.atomic
def demo_load(*, today: date, scale: str | None = None, log: Callable[[str], None] | None = None) -> None:
    """Load the demo bureau. ``scale`` is "full" (two years of volume: ``fazhi demo``) or "small" (tests); unset,
    it is ``FAZHI_DEMO_SCALE`` or "full". ``log`` receives the progress lines (default: printed)."""
    scale = _demo_scale(scale)
    say = log or _print
    admin = user_create(
        actor=None,
        username="admin",
        password=DEMO_PASSWORD,
        display_name="系统管理员",
        agency=None,
        roles=[Role.SYSTEM_ADMIN],
        is_superuser=True,
    )

    def agency(kind: str, name: str, code: str, parent: Agency | None = None, org: str = "") -> Agency:
        return agency_create(
            actor=admin,
            kind=kind,
            name=name,
            short_name=name.replace("清源县", ""),
            code=code,
            region_code=DEMO_REGION,
            uscc=_uscc(org) if org else "",
            parent=parent,
        )

    bureau = agency(AgencyKind.BUREAU, "清源县城市管理和综合执法局", BUREAU_CODE, org="MB1C00017")
    brigade = agency(AgencyKind.BRIGADE, "清源县城市管理综合执法大队", "清城管大队", bureau)
    east = agency(AgencyKind.SQUAD, "城东中队", "清城管东", brigade)
    west = agency(AgencyKind.SQUAD, "城西中队", "清城管西", brigade)
    agency(AgencyKind.SQUAD, "渣土专项中队", "清城管渣", brigade)
    township = agency(AgencyKind.TOWNSHIP, "清源县青石镇人民政府", "青石镇", bureau, org="MB1C00025")
    justice = agency(AgencyKind.JUSTICE_BUREAU, "清源县司法局", "清司法", org="MB1C00033")

    seq = iter(range(1, 1000))

    # Certificates run from three years ago to three years ahead; one expired last month, one is suspended.
    issued = date(today.year - 3, 1, 1)
    far = date(today.year + 3, 12, 31)
    last_month = today.replace(day=1) - timedelta(days=1)

    def officer(unit: Agency, name: str, birth: str, *, valid_until: date = far, legal: bool = False) -> Officer:
        n = next(seq)
        o = officer_create(
            actor=admin,
            agency=unit,
            name=name,
            resident_id=_resident_id(birth, 100 + n),
            phone=f"1390000{n:04d}",
            has_legal_qualification=legal,
        )
        certificate_issue(
            actor=admin,
            officer=o,
            number=f"43990120{n:05d}",
            issuer="清源县人民政府",
            valid_from=issued,
            valid_until=valid_until,
        )
        return o

    head = officer(bureau, "周正国", "19750312")
    reviewer = officer(bureau, "林法明", "19860521", legal=True)
    leader = officer(east, "陈立军", "19800915")
    o1 = officer(east, "刘晓东", "19900102")
    o2 = officer(east, "黄志强", "19920618")
    officer(east, "王建国", "19880808", valid_until=last_month)  # expired: shows the refusal
    suspended = officer(west, "赵海涛", "19910203")
    certificate_change_status(
        actor=admin,
        certificate=suspended.certificates.get(),
        status=CertificateStatus.SUSPENDED,
        on=last_month,
        reason="培训考试不合格，暂扣待复训",
    )
    host = officer(west, "孙明", "19930427")
    officer(west, "吴涛", "19890716")
    town1 = officer(township, "郑青山", "19870305")
    officer(township, "冯小雨", "19950911")

    def login(username: str, name: str, unit: Agency | None, roles: list[str], o: Officer | None = None) -> None:
        user_create(
            actor=admin,
            username=username,
            password=DEMO_PASSWORD,
            display_name=name,
            agency=unit,
            roles=roles,
            officer=o,
        )

    login("juzhang", "周正国", bureau, [Role.HEAD], head)
    login("fazhi", "林法明", bureau, [Role.LEGAL_REVIEWER], reviewer)
    login("neiqin", "何静", bureau, [Role.CLERK])
    login("zhongduizhang", "陈立军", east, [Role.SQUAD_LEADER, Role.OFFICER], leader)
    login("duiyuan1", "刘晓东", east, [Role.OFFICER], o1)
    login("duiyuan2", "黄志强", east, [Role.OFFICER], o2)
    login("xiangzhen", "郑青山", township, [Role.OFFICER], town1)
    login("zhenzhang", "青石镇镇长", township, [Role.HEAD])
    login("jiandu", "司法局监督员", justice, [Role.SUPERVISOR])

    _load_power_list(admin=admin, bureau=bureau, township=township, today=today)

    people = _demo_people(officers=[o1, o2], town_officers=[town1], host=host)
    say("示范局、人员、权责清单已建立；示范案件……")
    load_demo_cases(people=people, bureau=bureau, squad=east, township=township, today=today)

    load_bulk(
        admin=admin,
        people=people,
        bureau=bureau,
        squad=east,
        officers=list(Officer.objects.filter(agency__path__startswith=bureau.path).exclude(agency=township)),
        end=anchor(today),
        scale=scale,
        log=say,
    )


def _demo_scale(scale: str | None) -> str:
    scale = scale or os.environ.get("FAZHI_DEMO_SCALE", "full")
    if scale not in DEMO_SCALES:
        raise ValueError(f"示范数据规模应为 {'、'.join(DEMO_SCALES)} 之一。")
    return scale


def _demo_people(*, officers: list[Officer], town_officers: list[Officer], host: Officer) -> DemoPeople:
    """The demo's logins by role, as the case loaders address them."""
    users = {u.username: u for u in User.objects.all()}
    return DemoPeople(
        head=users["juzhang"],
        reviewer=users["fazhi"],
        clerk=users["neiqin"],
        leader=users["zhongduizhang"],
        handler1=users["duiyuan1"],
        handler2=users["duiyuan2"],
        officers=officers,
        town_officer=users["xiangzhen"],
        town_officers=town_officers,
        host=host,
    )


def _load_power_list(*, admin: User, bureau: Agency, township: Agency, today: date) -> None:
    start = date(anchor(today).year - 2, 1, 1)  # the imported history of the year before last needs it too
    load_sample_power_list(actor=admin, owner=bureau, effective_from=start)
    # The township acts on two delegated items only; the others stay with the bureau (shows the refusal).
    for code in ("SL-SR-001", "SL-HJ-001"):
        delegation_grant(
            actor=admin,
            township=township,
            item_code=code,
            valid_from=start,
            document_number=f"清政发〔{start.year - 1}〕12号（示例）",
        )
