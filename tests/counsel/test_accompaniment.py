"""法制人员跟案: a 法制审核人员 follows a registered case; a handler of the case is refused (办审分离)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core.errors import RuleViolation
from fazhi.counsel import services
from fazhi.counsel.models import CaseAccompaniment


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _also_legal_reviewer(bureau, user):  # type: ignore[no-untyped-def]
    """A handler of the case who also holds the legal reviewer role."""
    from fazhi.accounts.models import User
    from fazhi.accounts.services import user_set_roles

    user_set_roles(actor=bureau.admin, user=user, roles=[Role.OFFICER, Role.LEGAL_REVIEWER])
    return User.objects.get(pk=user.pk)


def test_a_legal_reviewer_accompanies_a_registered_case(case, cast) -> None:
    item = services.case_accompaniment_create(
        actor=cast.head, case=case, legal_officer=cast.reviewer, started_on=date(2025, 3, 3), note="现场勘验"
    )
    assert item.case == case and item.legal_officer == cast.reviewer


def test_a_handler_of_the_case_may_not_accompany_it(bureau, case, cast, make_user) -> None:
    handler_reviewer = _also_legal_reviewer(bureau, cast.handler1)
    with pytest.raises(RuleViolation, match="办审分离"):
        services.case_accompaniment_create(
            actor=cast.head, case=case, legal_officer=handler_reviewer, started_on=date(2025, 3, 4)
        )
    assert not CaseAccompaniment.objects.exists()


def test_a_user_without_the_legal_reviewer_role_may_not_accompany(case, cast) -> None:
    with pytest.raises(RuleViolation, match="不是法制审核人员"):
        services.case_accompaniment_create(
            actor=cast.head, case=case, legal_officer=cast.clerk, started_on=date(2025, 3, 4)
        )
    assert not CaseAccompaniment.objects.exists()


def test_accompanying_from_before_the_registration_is_refused(case, cast) -> None:
    with pytest.raises(RuleViolation, match="不能早于立案日期"):
        services.case_accompaniment_create(
            actor=cast.head, case=case, legal_officer=cast.reviewer, started_on=date(2025, 3, 2)
        )
    services.case_accompaniment_create(
        actor=cast.head, case=case, legal_officer=cast.reviewer, started_on=date(2025, 3, 3)
    )
    with pytest.raises(RuleViolation, match="已在跟办"):
        services.case_accompaniment_create(
            actor=cast.head, case=case, legal_officer=cast.reviewer, started_on=date(2025, 3, 5)
        )
    assert CaseAccompaniment.objects.count() == 1


def test_the_api_registers_an_accompaniment_and_refuses_a_handler(bureau, case, cast, make_user) -> None:
    handler_reviewer = _also_legal_reviewer(bureau, cast.handler2)
    client = _client(cast.head)
    refused = client.post(
        "/api/counsel/accompaniments",
        {"case_id": case.pk, "legal_officer_id": handler_reviewer.pk, "started_on": "2025-03-04"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and "本案承办人" in refused.json()["message"]
    assert not CaseAccompaniment.objects.exists()
    ok = client.post(
        "/api/counsel/accompaniments",
        {"case_id": case.pk, "legal_officer_id": cast.reviewer.pk, "started_on": "2025-03-04", "note": "跟案"},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["case"] == case.pk and ok.json()["legal_officer"] == cast.reviewer.pk
    assert client.get(f"/api/counsel/accompaniments/{ok.json()['id']}").status_code == 200
    assert len(client.get("/api/counsel/accompaniments").json()) == 1


def test_the_page_registers_an_accompaniment_by_case_number_and_keeps_the_form_on_refusal(
    bureau, case, cast, make_user
) -> None:
    handler_reviewer = _also_legal_reviewer(bureau, cast.handler1)
    client = _client(cast.reviewer)
    refused = client.post(
        "/counsel/accompaniments/",
        {"case_number": case.register_number, "legal_officer": handler_reviewer.pk, "started_on": "2025-03-04"},
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and "办审分离" in body and f'value="{case.register_number}"' in body
    assert not CaseAccompaniment.objects.exists()
    unknown = client.post(
        "/counsel/accompaniments/",
        {"case_number": "不存在的案号", "legal_officer": cast.reviewer.pk, "started_on": "2025-03-04"},
    )
    assert "不存在或您无权访问" in unknown.content.decode()
    ok = client.post(
        "/counsel/accompaniments/",
        {"case_number": case.register_number, "legal_officer": cast.reviewer.pk, "started_on": "2025-03-04"},
    )
    assert ok.status_code == 302 and CaseAccompaniment.objects.get().legal_officer == cast.reviewer
    assert case.register_number in client.get("/counsel/accompaniments/").content.decode()
