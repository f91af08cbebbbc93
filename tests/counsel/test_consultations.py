"""案件会商: a meeting with the cases it discussed, through the service, the API and the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core.errors import ValidationError
from fazhi.core.models import AuditEvent
from fazhi.counsel import services
from fazhi.counsel.models import CaseConsultation


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_consultation_records_its_cases_and_its_audit_event(bureau, case, cast) -> None:
    item = services.case_consultation_create(
        actor=cast.reviewer,
        agency=bureau.bureau,
        held_on=date(2025, 3, 20),
        subject="违法建设案件定性",
        participants="周正国、林法明",
        conclusions="按一般阶次处罚",
        cases=[case, case],
    )
    assert list(item.cases.all()) == [case]
    event = AuditEvent.objects.get(entity_type="counsel.caseconsultation")
    assert event.after["cases"] == [case.pk]


def test_a_case_of_another_unit_may_not_be_discussed_by_a_unit(bureau, case, make_user) -> None:
    other = make_user(bureau.squad2, Role.CLERK)
    with pytest.raises(ValidationError, match="不属于城西中队"):
        services.case_consultation_create(
            actor=other,
            agency=bureau.squad2,
            held_on=date(2025, 3, 20),
            subject="会商",
            participants="甲、乙",
            conclusions="结论",
            cases=[case],
        )
    assert not CaseConsultation.objects.exists()


def test_a_consultation_without_conclusions_is_refused_naming_every_missing_field(bureau, cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.case_consultation_create(
            actor=cast.reviewer,
            agency=bureau.bureau,
            held_on=date(2025, 3, 20),
            subject="",
            participants="",
            conclusions="",
        )
    assert (
        "会商议题" in refused.value.message
        and "参加人员" in refused.value.message
        and "会商意见" in refused.value.message
    )


def test_the_api_registers_a_consultation_with_its_cases(bureau, case, cast) -> None:
    client = _client(cast.reviewer)
    response = client.post(
        "/api/counsel/consultations",
        {
            "agency_id": bureau.bureau.pk,
            "held_on": "2025-03-20",
            "subject": "疑难案件会商",
            "participants": "周正国、林法明",
            "conclusions": "同意",
            "case_ids": [case.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["case_ids"] == [case.pk]
    assert client.get(f"/api/counsel/consultations/{response.json()['id']}").json()["subject"] == "疑难案件会商"
    missing = client.post(
        "/api/counsel/consultations",
        {
            "agency_id": bureau.bureau.pk,
            "held_on": "2025-03-20",
            "subject": "会商",
            "participants": "甲",
            "conclusions": "乙",
            "case_ids": [999999],
        },
        content_type="application/json",
    )
    assert missing.status_code == 404 and CaseConsultation.objects.count() == 1


def test_the_page_registers_a_consultation_by_case_numbers(bureau, case, cast) -> None:
    client = _client(cast.reviewer)
    response = client.post(
        "/counsel/consultations/",
        {
            "agency": bureau.bureau.pk,
            "held_on": "2025-03-20",
            "subject": "疑难案件会商",
            "participants": "周正国、林法明",
            "case_numbers": f"{case.register_number}，",
            "conclusions": "同意",
        },
    )
    assert response.status_code == 302
    assert list(CaseConsultation.objects.get().cases.all()) == [case]
    assert "疑难案件会商" in client.get("/counsel/consultations/").content.decode()
