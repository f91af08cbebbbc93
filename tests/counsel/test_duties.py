"""The head's 法治 duties: 党组会议, 局长办公会, 述法, 集体学法, 法制例会 through the service, the API and the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core.errors import ValidationError
from fazhi.counsel import services
from fazhi.counsel.models import DutyKind, DutyRecord


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.CLERK)


def test_a_statement_without_its_occasion_is_refused(bureau, clerk) -> None:
    with pytest.raises(ValidationError, match="述法的场合"):
        services.duty_record_create(
            actor=clerk,
            agency=bureau.bureau,
            kind="statement",
            held_on=date(2025, 12, 20),
            subject="年度述法",
            chaired_by="周正国",
        )
    assert not DutyRecord.objects.exists()


def test_a_meeting_without_attendees_or_chair_is_refused(bureau, clerk) -> None:
    with pytest.raises(ValidationError) as refused:
        services.duty_record_create(
            actor=clerk,
            agency=bureau.bureau,
            kind="party_group_meeting",
            held_on=date(2025, 2, 1),
            subject="法治建设",
            chaired_by="",
        )
    assert "主持人" in refused.value.message and "参加人员" in refused.value.message
    assert not DutyRecord.objects.exists()


def test_every_kind_is_registered_through_the_api(bureau, clerk) -> None:
    client = _client(clerk)
    for kind in DutyKind.values:
        response = client.post(
            "/api/counsel/duties",
            {
                "agency_id": bureau.bureau.pk,
                "kind": kind,
                "held_on": "2025-04-01",
                "subject": "研究部署法治政府建设",
                "chaired_by": "周正国",
                "attendees": "党组成员",
                "place": "县委全面依法治县委员会会议",
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        assert client.get(f"/api/counsel/duties/{response.json()['id']}").json()["kind"] == kind
    assert DutyRecord.objects.count() == len(DutyKind.values)
    refused = client.post(
        "/api/counsel/duties",
        {"agency_id": bureau.bureau.pk, "kind": "banquet", "held_on": "2025-04-01", "subject": "s", "chaired_by": "c"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "请选择类别" in refused.json()["message"]


def test_the_page_registers_a_duty_and_keeps_the_form_on_refusal(bureau, clerk) -> None:
    client = _client(clerk)
    refused = client.post(
        "/counsel/duties/",
        {
            "agency": bureau.bureau.pk,
            "kind": "statement",
            "held_on": "2025-12-20",
            "subject": "年度述法",
            "chaired_by": "周正国",
        },
    )
    body = refused.content.decode()
    assert "述法的场合" in body and 'value="年度述法"' in body and '<option value="statement" selected>' in body
    ok = client.post(
        "/counsel/duties/",
        {
            "agency": bureau.bureau.pk,
            "kind": "statement",
            "held_on": "2025-12-20",
            "subject": "年度述法",
            "chaired_by": "周正国",
            "place": "县委全面依法治县委员会会议",
        },
    )
    assert ok.status_code == 302 and DutyRecord.objects.get().kind == "statement"
