from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from fazhi.accounts.models import Role, User
from fazhi.complaints.models import ComplaintCategory
from fazhi.complaints.services import complaint_category_save


def at(y: int, m: int, d: int, h: int, mi: int = 0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h, mi))


def moment(value: datetime) -> tuple[date, time]:
    """The arguments of ``clock.frozen_at`` for an aware local datetime."""
    local = timezone.localtime(value)
    return local.date(), local.time()


@dataclass
class Desk:
    clerk: User
    head: User
    east: User  # an officer of 城东中队
    west: User  # an officer of 城西中队
    two_hours: ComplaintCategory  # a 2-working-hour 事件 category, default unit 城东中队


@pytest.fixture
def desk(bureau, make_user) -> Desk:  # type: ignore[no-untyped-def]
    clerk = make_user(bureau.bureau, Role.CLERK)
    head = make_user(bureau.bureau, Role.HEAD)
    two_hours = complaint_category_save(
        actor=bureau.admin,
        kind="event",
        major_code="01",
        major_name="市容环境",
        code="0102",
        name="暴露垃圾",
        limit_value=2,
        limit_unit="hours",
        default_unit=bureau.squad,
    )
    return Desk(
        clerk=clerk,
        head=head,
        east=make_user(bureau.squad, Role.OFFICER),
        west=make_user(bureau.squad2, Role.OFFICER),
        two_hours=two_hours,
    )


@pytest.fixture
def power_list(bureau):  # type: ignore[no-untyped-def]
    from fazhi.powers.sample import load_sample_power_list

    return load_sample_power_list(actor=bureau.admin, owner=bureau.bureau, effective_from=date(2024, 1, 1))
