"""延长办案期限 only on a provision that allows it (行政处罚法 第六十条: 法律、法规、规章另有规定的，从其规定)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.cases import deadlines, services
from fazhi.cases.models import CaseExtension, ExtensionProvision
from fazhi.core.errors import RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from tests.cases.flow import make_cast, registered_case, travel

CITATION = "《示范行政处罚程序规定》第五十条"


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def case(monkeypatch, bureau, cast):  # type: ignore[no-untyped-def]
    case = registered_case(monkeypatch, bureau, cast)  # 立案 2025-03-03: due 2025-06-01
    travel(monkeypatch, date(2025, 5, 20))
    return case


@pytest.fixture
def provision(db):  # type: ignore[no-untyped-def]
    return ExtensionProvision.objects.create(
        citation=CITATION, max_days=30, condition="案情复杂，经负责人批准", effective_from=date(2025, 1, 1)
    )


def _api(user, case_id: int, data: dict) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.post(f"/api/cases/{case_id}/extend", data, content_type="application/json")
    return response.status_code, response.json()


def test_with_no_provision_configured_no_extension_is_possible(cast, case) -> None:
    with pytest.raises(RuleViolation) as caught:
        services.case_extend(actor=cast.head, case=case, days=1, reason="案情复杂")
    assert "行政处罚法第六十条" in caught.value.message
    assert "管理后台 › 案件 › 延长办案期限的依据" in caught.value.message
    assert not CaseExtension.objects.exists()


def test_a_provision_no_longer_in_force_allows_no_extension(cast, case, provision) -> None:
    ExtensionProvision.objects.filter(pk=provision.pk).update(effective_until=date(2025, 5, 19))
    with pytest.raises(RuleViolation, match="尚未登记现行有效"):
        services.case_extend(actor=cast.head, case=case, days=1, reason="案情复杂", provision_id=provision.pk)


def test_an_extension_must_name_a_provision_in_force(cast, case, provision) -> None:
    with pytest.raises(ValidationError, match=CITATION):
        services.case_extend(actor=cast.head, case=case, days=1, reason="案情复杂")
    with pytest.raises(ValidationError, match="请选择"):
        services.case_extend(actor=cast.head, case=case, days=1, reason="案情复杂", provision_id=provision.pk + 99)


def test_an_extension_of_exactly_the_maximum_passes_and_is_recorded_with_its_provision(cast, case, provision) -> None:
    extension = services.case_extend(actor=cast.head, case=case, days=30, reason="案情复杂", provision_id=provision.pk)
    assert (extension.provision, extension.provision_citation) == (provision, CITATION)
    assert deadlines.decision_due(case, date(2025, 5, 20)) == date(2025, 7, 1)
    event = AuditEvent.objects.filter(action="case.extend").get()
    assert event.summary == f"依据{CITATION}延长办案期限30日：案情复杂"


def test_an_extension_of_the_maximum_plus_one_is_refused(cast, case, provision) -> None:
    with pytest.raises(RuleViolation) as caught:
        services.case_extend(actor=cast.head, case=case, days=31, reason="案情复杂", provision_id=provision.pk)
    assert caught.value.message == (
        f"依据{CITATION}，办案期限最多可延长30日，本次最多可延长30日；申请延长31日"
        "（行政处罚法第六十条：法律、法规、规章另有规定的，从其规定）。"
    )
    assert not CaseExtension.objects.exists()


def test_extensions_on_one_provision_add_up_to_its_maximum(cast, case, provision) -> None:
    services.case_extend(actor=cast.head, case=case, days=20, reason="案情复杂", provision_id=provision.pk)
    with pytest.raises(RuleViolation, match="本案已依此延长20日，本次最多可延长10日"):
        services.case_extend(actor=cast.head, case=case, days=11, reason="仍需鉴定", provision_id=provision.pk)
    services.case_extend(actor=cast.head, case=case, days=10, reason="仍需鉴定", provision_id=provision.pk)
    with pytest.raises(RuleViolation, match="不能再延长"):
        services.case_extend(actor=cast.head, case=case, days=1, reason="再延", provision_id=provision.pk)


def test_the_api_refuses_and_accepts_an_extension_with_the_same_setup(cast, case, provision) -> None:
    status, body = _api(cast.head, case.pk, {"days": 31, "reason": "案情复杂", "provision_id": provision.pk})
    assert status == 409 and "最多可延长30日" in body["message"]
    status, body = _api(cast.head, case.pk, {"days": 30, "reason": "案情复杂"})
    assert status == 400 and CITATION in body["message"]
    status, body = _api(cast.head, case.pk, {"days": 30, "reason": "案情复杂", "provision_id": provision.pk})
    assert status == 201, body
    assert CaseExtension.objects.get().provision_citation == CITATION


def test_the_api_says_where_to_configure_when_none_is(cast, case) -> None:
    status, body = _api(cast.head, case.pk, {"days": 10, "reason": "案情复杂"})
    assert status == 409 and "延长办案期限的依据" in body["message"]


def test_the_page_offers_the_provisions_and_explains_when_there_is_none(cast, case, provision) -> None:
    client = Client()
    client.force_login(cast.head)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert CITATION in page and "最长30日" in page
    response = client.post(
        f"/cases/{case.pk}/",
        {"action": "extend", "provision_id": provision.pk, "days": "31", "reason": "案情复杂"},
        follow=True,
    )
    assert response.status_code == 200 and "最多可延长30日" in response.content.decode()
    assert not CaseExtension.objects.exists()
    form = {"action": "extend", "provision_id": provision.pk, "days": "30", "reason": "复杂"}
    client.post(f"/cases/{case.pk}/", form)
    assert CaseExtension.objects.get().days == 30
    provision.effective_until = date(2025, 5, 1)
    provision.save()
    assert "尚未登记允许延长办案期限的规定" in client.get(f"/cases/{case.pk}/").content.decode()


def test_the_admin_edit_of_a_provision_is_audited(admin_user) -> None:
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/cases/extensionprovision/add/",
        {
            "citation": CITATION,
            "max_days": "30",
            "condition": "",
            "effective_from": "2025-01-01",
            "effective_until": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ExtensionProvision.objects.get().max_days == 30
    assert AuditEvent.objects.filter(action="extension_provision.save").exists()
