"""案件审核中心帮助乡镇审核赋权案件: the bureau's reviewer reviews a township's case on a delegated item; an item
not delegated to the township on the day is refused, and so is a reviewer who is not the bureau's."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core.errors import RuleViolation
from fazhi.counsel import services
from fazhi.counsel.models import TownshipCaseReview


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.LEGAL_REVIEWER)


def test_a_township_case_in_fazhi_is_reviewed_with_its_delegated_item(bureau, reviewer, township_case) -> None:
    case = township_case()
    item = services.township_review_create(
        actor=reviewer,
        agency=bureau.bureau,
        township=bureau.township,
        reviewer=reviewer,
        reviewed_on=date(2025, 3, 20),
        opinion="agree",
        case=case,
    )
    assert item.item_code == "SL-SR-001" and item.case_number == str(case)


def test_a_case_number_on_an_item_delegated_on_that_day_is_reviewed_and_the_day_before_is_refused(
    bureau, reviewer, power_list
) -> None:
    common = {
        "actor": reviewer,
        "agency": bureau.bureau,
        "township": bureau.township,
        "reviewer": reviewer,
        "opinion": "agree",
        "case_number": "南山镇罚决字〔2024〕第12号",
        "item_code": "SL-SR-001",
    }
    with pytest.raises(RuleViolation, match="未赋权给示范市南山镇人民政府"):
        services.township_review_create(reviewed_on=date(2024, 12, 31), **common)
    assert not TownshipCaseReview.objects.exists()
    item = services.township_review_create(reviewed_on=date(2025, 1, 1), **common)
    assert item.case is None


def test_an_item_not_delegated_to_the_township_is_refused(bureau, reviewer, township_case) -> None:
    with pytest.raises(RuleViolation, match="SL-GH-001"):
        services.township_review_create(
            actor=reviewer,
            agency=bureau.bureau,
            township=bureau.township,
            reviewer=reviewer,
            reviewed_on=date(2025, 3, 20),
            opinion="agree",
            case_number="南山镇罚决字〔2025〕第1号",
            item_code="SL-GH-001",
        )
    assert not TownshipCaseReview.objects.exists()


def test_the_reviewer_must_be_the_bureaus_legal_reviewer(bureau, reviewer, make_user, township_case) -> None:
    township_reviewer = make_user(bureau.township, Role.LEGAL_REVIEWER)
    with pytest.raises(RuleViolation, match="须由局的法制审核人员"):
        services.township_review_create(
            actor=reviewer,
            agency=bureau.bureau,
            township=bureau.township,
            reviewer=township_reviewer,
            reviewed_on=date(2025, 3, 20),
            opinion="agree",
            case=township_case(),
        )
    with pytest.raises(RuleViolation, match="不是示范市城市管理和综合执法局所属的乡镇"):
        services.township_review_create(
            actor=reviewer,
            agency=bureau.bureau,
            township=bureau.squad,
            reviewer=reviewer,
            reviewed_on=date(2025, 3, 20),
            opinion="agree",
            case_number="1",
            item_code="SL-SR-001",
        )
    assert not TownshipCaseReview.objects.exists()


def test_the_api_registers_a_review_and_the_township_sees_it(bureau, reviewer, make_user, township_case) -> None:
    case = township_case()
    client = _client(reviewer)
    response = client.post(
        "/api/counsel/township-reviews",
        {
            "agency_id": bureau.bureau.pk,
            "township_id": bureau.township.pk,
            "reviewer_id": reviewer.pk,
            "reviewed_on": "2025-03-20",
            "opinion": "supplement",
            "case_id": case.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["item_code"] == "SL-SR-001" and response.json()["opinion"] == "supplement"
    township_user = _client(make_user(bureau.township, Role.HEAD))
    assert [r["id"] for r in township_user.get("/api/counsel/township-reviews").json()] == [response.json()["id"]]
    refused = client.post(
        "/api/counsel/township-reviews",
        {
            "agency_id": bureau.bureau.pk,
            "township_id": bureau.township.pk,
            "reviewer_id": reviewer.pk,
            "reviewed_on": "2025-03-20",
            "opinion": "agree",
            "case_number": "外部案号",
            "item_code": "SL-GH-001",
        },
        content_type="application/json",
    )
    assert refused.status_code == 409 and TownshipCaseReview.objects.count() == 1


def test_the_page_registers_a_review_of_a_township_case_by_its_number(bureau, reviewer, township_case) -> None:
    case = township_case()
    client = _client(reviewer)
    response = client.post(
        "/counsel/township-reviews/",
        {
            "agency": bureau.bureau.pk,
            "township": bureau.township.pk,
            "case_number": case.lead_number,
            "reviewer": reviewer.pk,
            "reviewed_on": "2025-03-20",
            "opinion": "agree",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TownshipCaseReview.objects.get().case == case
