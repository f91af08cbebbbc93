"""A 诉求's 处置时限 counted into a year whose holiday arrangement is not entered is recomputed, time and day, when
the year is entered (``fazhi.core.calendar.recompute_provisional``); a limit an approved 延期 set is left alone."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.complaints.models import Complaint
from fazhi.complaints.services import complaint_register
from fazhi.core import holidays as hol
from fazhi.core.models import AuditEvent
from tests.cases.test_holiday_year_acceptance import NOTICE_2027, _no_2027  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _register(clerk, bureau, number: str, **kw) -> Complaint:  # type: ignore[no-untyped-def]
    received = timezone.make_aware(datetime(2026, 12, 31, 9))  # Thursday; 2027 not entered
    return complaint_register(
        actor=clerk,
        agency=bureau.bureau,
        source="hotline_12345",
        content="夜间施工噪音扰民",
        received_at=received,
        number=number,
        **kw,
    )


def test_entering_the_year_recomputes_the_limit_and_leaves_an_extended_one(bureau, make_user) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(bureau.bureau, Role.CLERK)
    counted = _register(clerk, bureau, "T-1")
    extended = _register(clerk, bureau, "T-2")
    # 5 working days from the next, on the provisional calendar: (元旦, weekend) 1-4, 1-5, 1-6, 1-7, 1-8
    assert counted.deadline == date(2027, 1, 8) and timezone.localtime(counted.due_at).date() == date(2027, 1, 8)
    hand = timezone.make_aware(datetime(2027, 1, 20, 17, 30))
    Complaint.objects.filter(pk=extended.pk).update(extension_count=1, due_at=hand, deadline=hand.date())

    hol.holiday_year_confirm(actor=bureau.admin, parsed=hol.parse_notice_text(2027, NOTICE_2027), source="通知")

    # 2027-01-04 is a holiday and Saturday 1-9 a working day: 1-5, 1-6, 1-7, 1-8, 1-9
    counted.refresh_from_db()
    assert counted.deadline == date(2027, 1, 9)
    assert timezone.localtime(counted.due_at).date() == date(2027, 1, 9)
    assert (
        timezone.localtime(counted.due_at).time() == timezone.localtime(_register(clerk, bureau, "T-3").due_at).time()
    )
    extended.refresh_from_db()
    assert (extended.due_at, extended.deadline) == (hand, hand.date())
    labels = list(
        AuditEvent.objects.filter(action="holiday.recompute", entity_id=str(counted.pk)).values_list(
            "summary", flat=True
        )
    )
    assert any("诉求处置时限" in s and "2027-01-08" in s and "2027-01-09" in s for s in labels), labels
    assert any("诉求办理期限" in s for s in labels), labels
