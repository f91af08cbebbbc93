from __future__ import annotations

from datetime import date

import pytest

from tests.reports.known import csv_bytes


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    """The sample list (8 penalty items) in force from 2023, SL-SR-001 delegated to the township."""
    from fazhi.powers.sample import load_sample_power_list
    from fazhi.powers.services import delegation_grant

    rule_set = load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=date(2023, 1, 1))
    delegation_grant(
        actor=bureau.admin,
        township=bureau.township,
        item_code="SL-SR-001",
        valid_from=date(2023, 1, 1),
        document_number="示政发〔2022〕9号",
    )
    return rule_set


@pytest.fixture
def imported(bureau, power_list):  # type: ignore[no-untyped-def]
    from fazhi.imports.services import cases_import

    return cases_import(actor=bureau.admin, data=csv_bytes(), filename="历史案件.csv", today=date(2026, 1, 1))


@pytest.fixture
def remedies(bureau, imported):  # type: ignore[no-untyped-def]
    """Two reconsiderations and one lawsuit received in 2024, the head in court at its hearing."""
    from fazhi.legal_affairs.models import Litigation, Reconsideration

    for n in (1, 2):
        Reconsideration.objects.create(
            agency=bureau.bureau,
            applicant=f"申请人{n}",
            matter="不服处罚",
            received_on=date(2024, 3, n),
            created_by=bureau.admin,
        )
    Reconsideration.objects.create(
        agency=bureau.bureau, applicant="去年", matter="不服处罚", received_on=date(2023, 3, 1), created_by=bureau.admin
    )
    Litigation.objects.create(
        agency=bureau.bureau,
        plaintiff="原告",
        cause="诉处罚决定",
        filed_on=date(2024, 5, 1),
        court="示范市人民法院",
        hearing_date=date(2024, 6, 1),
        head_appeared=True,
        appeared_by="局长",
        created_by=bureau.admin,
    )


@pytest.fixture
def complaints_and_inspections(bureau):  # type: ignore[no-untyped-def]
    """Four complaints received in 2024 (two handled in time, one late, one never handled) and one in 2023;
    inspections in 2024: two random draws, one joint inspection (which was not random), and one 2023 visit."""
    from datetime import datetime

    from django.utils import timezone

    from fazhi.complaints.models import Complaint
    from fazhi.inspections.models import InspectionTarget, InspectionTask

    def complaint(n: int, received: date, deadline: date, handled: date | None) -> None:
        Complaint.objects.create(
            agency=bureau.bureau,
            source="hotline_12345",
            number=f"12345-{n}",
            content="占道经营",
            created_by=bureau.admin,
            received_at=timezone.make_aware(datetime(received.year, received.month, received.day, 9)),
            deadline=deadline,
            handled_at=timezone.make_aware(datetime(handled.year, handled.month, handled.day, 16)) if handled else None,
        )

    complaint(1, date(2024, 4, 1), date(2024, 4, 8), date(2024, 4, 8))  # on the last day: in time
    complaint(2, date(2024, 5, 6), date(2024, 5, 13), date(2024, 5, 7))
    complaint(3, date(2024, 6, 3), date(2024, 6, 7), date(2024, 6, 11))  # late
    complaint(4, date(2024, 7, 1), date(2024, 7, 5), None)  # never handled: late
    complaint(5, date(2023, 7, 1), date(2023, 7, 5), date(2023, 7, 3))  # another year
    target = InspectionTarget.objects.create(agency=bureau.bureau, name="示范餐饮店")
    for day, is_random, is_joint in (
        (date(2024, 3, 1), True, False),
        (date(2024, 9, 1), True, False),
        (date(2024, 10, 1), False, True),
        (date(2023, 10, 1), True, True),
    ):
        InspectionTask.objects.create(
            agency=bureau.bureau,
            target=target,
            inspected_on=day,
            is_random=is_random,
            is_joint=is_joint,
            created_by=bureau.admin,
        )


@pytest.fixture
def no_app_figures(monkeypatch):  # type: ignore[no-untyped-def]
    """The issue-11 apps as if they had no ``figures`` module (as on this branch before the merge): their keys are
    null whatever the merged apps would count."""
    import sys

    from fazhi.reports.collect import APPS

    for app in APPS:
        monkeypatch.setitem(sys.modules, f"{app}.figures", None)  # import of it raises ModuleNotFoundError
