"""Drive a case through its states with the real services, on a fixed calendar (time travel by date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from fazhi.accounts.models import Role, User
from fazhi.agencies.models import Officer
from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.core import clock
from fazhi.rules import DEFAULT_HEARING_THRESHOLDS  # noqa: F401 - re-exported for tests

SHANGHAI = clock.timezone.get_default_timezone() if hasattr(clock, "timezone") else None


def travel(monkeypatch: Any, day: date, at: time = time(10, 0)) -> None:
    from django.utils import timezone

    moment = timezone.make_aware(datetime.combine(day, at))
    monkeypatch.setattr(clock, "now", lambda: timezone.localtime(moment))


@dataclass
class Cast:
    """The people of a case: two handlers, a squad leader, a legal reviewer, the head, a clerk, a hearing host."""

    handler1: User
    handler2: User
    officers: list[Officer]
    leader: User
    reviewer: User
    head: User
    clerk: User
    host: Officer


def make_cast(bureau: Any, make_officer: Any, make_user: Any) -> Cast:
    o1, o2 = make_officer(bureau.squad, "刘晓东"), make_officer(bureau.squad, "黄志强")
    reviewer_officer = make_officer(bureau.bureau, "林法明", legal_qualification=True)
    host = make_officer(bureau.squad2, "孙明")
    return Cast(
        handler1=make_user(bureau.squad, Role.OFFICER, officer=o1),
        handler2=make_user(bureau.squad, Role.OFFICER, officer=o2),
        officers=[o1, o2],
        leader=make_user(bureau.squad, Role.SQUAD_LEADER),
        reviewer=make_user(bureau.bureau, Role.LEGAL_REVIEWER, officer=reviewer_officer),
        head=make_user(bureau.bureau, Role.HEAD),
        clerk=make_user(bureau.bureau, Role.CLERK),
        host=host,
    )


FACTS = {"area_m2": 50, "construction_cost": 800000}  # 一般阶次: 工程造价的6%–8%, i.e. 48000–64000 元
FINE = Decimal("50000.00")


def registered_case(
    monkeypatch: Any, bureau: Any, cast: Cast, *, is_major: bool = True, shift: timedelta = timedelta(0)
) -> Case:
    """A case registered on 2025-03-03 (+ ``shift``)."""
    travel(monkeypatch, date(2025, 3, 3) + shift)
    case = services.case_open(
        actor=cast.handler1,
        agency=bureau.squad,
        source="patrol",
        power_item_code="SL-GH-001",
        party_kind="person",
        party_name="张三",
        party_id_number="11010519491231002X",
        party_address="示范市城东路1号",
        party_phone="13812345678",
        act_date=date(2025, 2, 20) + shift,
        discovered_on=date(2025, 3, 3) + shift,
        location="示范市城东路1号",
        facts="未批先建",
    )
    if is_major:
        Case.objects.filter(pk=case.pk).update(is_major=True)
    return services.case_register(actor=cast.head, case=case, handlers=cast.officers, on=date(2025, 3, 3) + shift)


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 2


def add_evidence(case: Case, cast: Cast, day: date) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from fazhi.evidence.services import evidence_upload

    evidence_upload(
        actor=cast.handler1,
        case=case,
        kind="inspection_record",
        title="现场照片",
        file=SimpleUploadedFile("现场照片.jpg", JPEG, content_type="image/jpeg"),
        collected_at=timezone.make_aware(datetime.combine(day, time(9, 0))),
        collected_by=cast.officers[0],
        location="城东路1号",
    )


def to_notified(monkeypatch: Any, case: Case, cast: Cast, shift: timedelta = timedelta(0)) -> Case:
    """Investigated, reviewed and notified on 2025-03-17 (+ ``shift``)."""
    travel(monkeypatch, date(2025, 3, 10) + shift)
    add_evidence(case, cast, date(2025, 3, 10) + shift)
    services.investigation_conclude(
        actor=cast.handler1,
        case=case,
        facts="当事人未取得建设工程规划许可证，在城东路1号建设房屋50平方米。",
        evidence_summary="现场检查笔录、询问笔录、照片、工程造价评估报告",
        proposed_outcome="penalty",
        penalty_kinds=["fine"],
        fine=FINE,
        discretion_facts=FACTS,
    )
    travel(monkeypatch, date(2025, 3, 11) + shift)
    services.case_review_record(actor=cast.leader, case=case, opinion="agree", text="事实清楚，证据确凿。")
    travel(monkeypatch, date(2025, 3, 12) + shift)
    services.legal_review_record(actor=cast.reviewer, case=case, opinion="agree", text="主体适格，程序合法。")
    travel(monkeypatch, date(2025, 3, 13) + shift)
    services.discussion_record(
        actor=cast.head,
        case=case,
        participants="周正国、林法明、陈立军",
        record="一致同意。",
        conclusion="agree",
        conclusion_text="同意罚款五万元。",
    )
    travel(monkeypatch, date(2025, 3, 17) + shift)
    services.notice_issue(actor=cast.handler1, case=case, method="direct", served_on=date(2025, 3, 17) + shift)
    return Case.objects.get(pk=case.pk)
