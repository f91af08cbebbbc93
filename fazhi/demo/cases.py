"""A handful of demo cases, one in each state of the workflow, built through the real services.

Each step runs at its own date (``clock.frozen_at``), so the cases carry a plausible history and their
deadlines are computed, not typed. The history ends before the last year whose holiday arrangement is known.
"""

from __future__ import annotations

import struct
import zlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi import rules
from fazhi.accounts.models import User
from fazhi.agencies.models import Agency, Officer
from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.cases.workflow import latest_notice
from fazhi.core import clock
from fazhi.evidence.services import evidence_upload


@dataclass
class DemoPeople:
    head: User
    reviewer: User
    clerk: User
    leader: User
    handler1: User
    handler2: User
    officers: list[Officer]
    town_officer: User
    town_officers: list[Officer]
    host: Officer | None = None  # a hearing host who is not a handler


def anchor(today: date) -> date:
    """The demo's 'now' for building history: today, or the end of the last year the calendar knows."""
    last_known = max(rules.known_years())
    return min(today, date(last_known, 11, 30))


def _at(day: date) -> AbstractContextManager[None]:
    return clock.frozen_at(day)


def _open(
    p: DemoPeople,
    *,
    squad: Agency,
    code: str,
    party: tuple[str, str, str],
    act: date,
    found: date,
    facts: str,
    source: str = "patrol",
    user: User | None = None,
) -> Case:
    kind, name, number = party
    with _at(found):
        return services.case_open(
            actor=user or p.handler1,
            agency=squad,
            source=source,
            power_item_code=code,
            party_kind=kind,
            party_name=name,
            party_id_number=number,
            act_date=act,
            discovered_on=found,
            location="清源县城东大道",
            facts=facts,
        )


def _register(p: DemoPeople, case: Case, day: date) -> Case:
    with _at(day):
        return services.case_register(actor=p.head, case=case, handlers=p.officers, on=day)


def _png(width: int = 64, height: int = 48) -> bytes:
    """A small grey placeholder image standing in for a site photo (the demo ships no real photograph)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes([160, 160, 160]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def evidence_photo(p: DemoPeople, case: Case, day: date) -> None:
    """A site photo (the placeholder image) uploaded as the case's evidence on ``day``."""
    with _at(day):
        evidence_upload(
            actor=p.handler1,
            case=case,
            kind="inspection_record",
            title="现场照片（示范占位图）",
            file=SimpleUploadedFile("现场照片.png", _png(), content_type="image/png"),
            collected_at=timezone.make_aware(datetime.combine(day, time(9, 30))),
            collected_by=p.officers[0],
            location="清源县城东大道",
        )


def _to_notice(p: DemoPeople, case: Case, start: date, fine: str, area: int) -> Case:
    evidence_photo(p, case, start)
    with _at(start):
        services.investigation_conclude(
            actor=p.handler1,
            case=case,
            facts=f"当事人未经批准擅自占用城市道路约{area}平方米堆放建筑材料。",
            evidence_summary="现场检查笔录、询问笔录、现场照片4张、执法记录仪视频1段",
            proposed_outcome="penalty",
            penalty_kinds=["fine"],
            fine=Decimal(fine),
            discretion_facts={"面积": area},
        )
    with _at(start + timedelta(days=1)):
        services.case_review_record(actor=p.leader, case=case, opinion="agree", text="事实清楚，证据确凿，同意。")
    with _at(start + timedelta(days=2)):
        services.notice_issue(actor=p.handler1, case=case, method="direct", served_on=start + timedelta(days=2))
    return case


def _decided_case(
    p: DemoPeople,
    squad: Agency,
    party: tuple[str, str, str],
    end: date,
    *,
    start_days: int,
    fine: str,
    area: int,
    facts: str,
    reasons: str,
) -> tuple[Case, date]:
    """A case taken from discovery through notice to a served decision, ``start_days`` before ``end``."""
    case = _open(
        p,
        squad=squad,
        code="SL-SZ-001",
        party=party,
        act=end - timedelta(days=start_days),
        found=end - timedelta(days=start_days - 2),
        facts=facts,
    )
    case = _register(p, case, end - timedelta(days=start_days - 3))
    _to_notice(p, case, end - timedelta(days=start_days - 20), fine, area)
    notice = latest_notice(case)
    assert notice is not None
    # Past the 陈述申辩 period, which holidays (春节) may lengthen.
    decided = max(end - timedelta(days=start_days - 35), notice.representation_until + timedelta(days=1))
    with _at(decided):
        services.case_decide(
            actor=p.head, case=case, outcome="penalty", reasons=reasons, penalty_kinds=["fine"], fine=Decimal(fine)
        )
        services.decision_serve(
            actor=p.handler1,
            case=case,
            method="direct",
            served_on=decided,
            recipient=party[1],
            proof="送达回证（法定代表人签收）",
        )
    return case, decided


def load_demo_cases(*, people: DemoPeople, bureau: Agency, squad: Agency, township: Agency, today: date) -> None:
    end = anchor(today)
    org = ("organization", "清源县宏达建筑工程有限公司", "")
    person = ("person", "王某某", "")

    # 1. A complaint waiting for the head's 立案 approval.
    _open(
        people,
        squad=squad,
        code="SL-SZ-001",
        party=org,
        act=end - timedelta(days=3),
        found=end - timedelta(days=2),
        facts="群众投诉：工地围挡占用人行道。",
        source="complaint",
    )

    # 2. Investigating.
    case = _open(
        people,
        squad=squad,
        code="SL-SZ-001",
        party=org,
        act=end - timedelta(days=20),
        found=end - timedelta(days=18),
        facts="占道堆放建材",
    )
    case = _register(people, case, end - timedelta(days=17))

    # 3. Concluded, waiting for the squad leader's review.
    case = _open(
        people,
        squad=squad,
        code="SL-SZ-001",
        party=org,
        act=end - timedelta(days=40),
        found=end - timedelta(days=38),
        facts="占道堆放建材",
    )
    case = _register(people, case, end - timedelta(days=37))
    evidence_photo(people, case, end - timedelta(days=5))
    with _at(end - timedelta(days=5)):
        services.investigation_conclude(
            actor=people.handler1,
            case=case,
            facts="当事人擅自占用城市道路约30平方米。",
            evidence_summary="现场检查笔录、照片",
            proposed_outcome="penalty",
            penalty_kinds=["fine"],
            fine=Decimal("5000"),
            discretion_facts={"面积": 30},
        )

    # 4. Notified: the 陈述申辩 period is running.
    case = _open(
        people,
        squad=squad,
        code="SL-SZ-001",
        party=org,
        act=end - timedelta(days=50),
        found=end - timedelta(days=48),
        facts="占道堆放建材",
    )
    case = _register(people, case, end - timedelta(days=47))
    _to_notice(people, case, end - timedelta(days=6), "3000", 12)

    # 5. Decided and served, unpaid past the due date: 加处罚款 is running, the 催告书 has been served.
    overdue, decided = _decided_case(
        people,
        squad,
        org,
        end,
        start_days=110,
        fine="8000",
        area=40,
        facts="占道施工",
        reasons="违反《城市道路管理条例》第二十七条。",
    )
    remind = decided + timedelta(days=30)
    with _at(remind):
        services.reminder_issue(
            actor=people.handler1,
            case=overdue,
            method="direct",
            served_on=remind,
            recipient=org[1],
            proof="送达回证（法定代表人签收）",
        )

    # 6. Paid in full, closed and archived.
    case, decided = _decided_case(
        people,
        squad,
        org,
        end,
        start_days=160,
        fine="1800",
        area=8,
        facts="挖掘道路",
        reasons="违反《城市道路管理条例》第三十条。",
    )
    with _at(decided + timedelta(days=6)):
        services.payment_record(
            actor=people.clerk,
            case=case,
            kind="fine",
            amount=Decimal("1800"),
            paid_on=decided + timedelta(days=6),
            receipt_number="DEMO-B-0001",
            bank="清源农商银行",
        )
        services.case_close(actor=people.head, case=case, summary="当事人已按期缴纳罚款。")
        services.case_archive(actor=people.clerk, case=case)

    # 7. Two on-the-spot (简易程序) decisions: one collected on the spot, one to be paid at the bank.
    day = end - timedelta(days=4)
    with _at(day):
        services.form_stock_receive(actor=people.clerk, agency=bureau, prefix="清当", first_no=1, last_no=500)
        simple = services.simple_case_decide(
            actor=people.handler1,
            agency=squad,
            power_item_code="SL-SR-001",
            party_kind=person[0],
            party_name="赵某",
            act_date=day,
            handlers=people.officers,
            penalty_kinds=["fine"],
            fine=Decimal("100"),
            facts="在城东大道随意倾倒生活垃圾。",
            location="清源县城东大道",
            collect_on_spot=True,
            receipt_number="DEMO-P-0001",
            told=True,
            party_response="stated",
            party_statement="称垃圾是临时放置，马上清走。",
            statement_review="现场照片显示已倾倒于绿化带，陈述不能成立，不予采纳。",
        )
        services.simple_case_file(actor=people.handler1, case=simple)
        services.simple_case_decide(
            actor=people.handler1,
            agency=squad,
            power_item_code="SL-SR-001",
            party_kind=person[0],
            party_name="钱某",
            act_date=day,
            handlers=people.officers,
            penalty_kinds=["fine"],
            fine=Decimal("200"),
            facts="在城东大道随意倾倒生活垃圾。",
            location="清源县城东大道",
            told=True,
            party_response="declined",
            refused_to_sign=True,
        )

    # 8. A township case on a delegated item (露天烧烤), waiting for the township head's approval.
    _open(
        people,
        squad=township,
        code="SL-HJ-001",
        party=person,
        act=end - timedelta(days=2),
        found=end - timedelta(days=1),
        facts="在禁止区域露天烧烤。",
        user=people.town_officer,
    )
