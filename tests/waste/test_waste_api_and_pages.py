"""渣土准运 through the API and the pages: each record created, the main refusals, scope, the typed form kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.core import clock
from fazhi.waste.models import CheckCase, TransportCompany, TransportPermit, WasteCheck
from tests.waste.conftest import uscc


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with clock.frozen_at(date(2025, 9, 30)):
        yield


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict) -> object:  # type: ignore[type-arg]
    return client.post(url, body, content_type="application/json")


def test_the_whole_chain_runs_through_the_api(bureau, staff, power_list) -> None:
    clerk, officer = _client(staff.clerk), _client(staff.officer_user)
    r = _post(clerk, "/api/waste/companies", {"agency_id": bureau.bureau.pk, "name": "顺达运输", "uscc": uscc("MA4L1")})
    assert r.status_code == 201, r.content
    company_id = r.json()["id"]
    r = _post(clerk, "/api/waste/vehicles", {"company_id": company_id, "plate_number": "湘B-12345"})
    assert r.status_code == 201 and r.json()["plate_number"] == "湘B12345"
    vehicle_id = r.json()["id"]
    bad = _post(clerk, "/api/waste/vehicles", {"company_id": company_id, "plate_number": "ABC"})
    assert bad.status_code == 400 and "格式不正确" in bad.json()["message"]
    permit = {
        "agency_id": bureau.bureau.pk,
        "company_id": company_id,
        "number": "示渣准1",
        "vehicle_ids": [vehicle_id],
        "route": "建设路",
        "site": "南郊消纳场",
        "valid_from": "2025-03-01",
        "valid_until": "2025-02-01",
    }
    r = _post(clerk, "/api/waste/permits", permit)
    assert r.status_code == 400 and "不能早于有效期起" in r.json()["message"]
    assert not TransportPermit.objects.exists()
    r = _post(clerk, "/api/waste/permits", {**permit, "valid_until": "2025-06-30"})
    assert r.status_code == 201 and r.json()["state"] == "expired" and r.json()["vehicle_ids"] == [vehicle_id]
    check = {
        "agency_id": bureau.squad.pk,
        "checked_on": "2025-07-01",
        "place": "环城南路口",
        "plate_number": "湘B12345",
        "officer_id": staff.officer.pk,
        "result": "permitted",
    }
    r = _post(officer, "/api/waste/checks", check)
    assert r.status_code == 409 and "应为“准运证已过期或撤销”" in r.json()["message"]
    assert not WasteCheck.objects.exists()
    r = _post(officer, "/api/waste/checks", {**check, "result": ""})
    assert r.status_code == 201 and r.json()["result"] == "expired"
    check_id = r.json()["id"]
    r = _post(officer, f"/api/waste/checks/{check_id}/case", {"power_item_code": "SL-ZT-001"})
    assert r.status_code == 201, r.content
    assert officer.get(f"/api/waste/checks/{check_id}").json()["case_ids"] == [r.json()["case_id"]]
    r = _post(
        clerk, f"/api/waste/permits/{permit_id_of(company_id)}/revoke", {"revoked_on": "2025-05-01", "reason": "x"}
    )
    assert r.status_code == 200 and r.json()["state"] == "revoked"


def permit_id_of(company_id: int) -> int:
    return TransportPermit.objects.get(company_id=company_id).pk


def test_another_squad_sees_the_check_as_not_found(bureau, staff) -> None:
    r = _post(
        _client(staff.officer_user),
        "/api/waste/checks",
        {
            "agency_id": bureau.squad.pk,
            "checked_on": "2025-09-01",
            "place": "路口",
            "plate_number": "湘C11111",
            "officer_id": staff.officer.pk,
        },
    )
    assert r.status_code == 201 and r.json()["result"] == "no_permit"
    other = _client(staff.other_squad)
    missing = other.get("/api/waste/checks/999999")
    hidden = other.get(f"/api/waste/checks/{r.json()['id']}")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert other.get("/api/waste/checks").json() == []


def test_records_are_created_through_the_pages(bureau, staff, power_list) -> None:
    clerk = _client(staff.clerk)
    assert clerk.get("/waste/").status_code == 200
    r = clerk.post(
        "/waste/", {"form": "company", "agency": bureau.bureau.pk, "name": "顺达运输", "uscc": uscc("MA4L2")}
    )
    assert r.status_code == 302
    company = TransportCompany.objects.get()
    assert (
        clerk.post("/waste/", {"form": "vehicle", "company": company.pk, "plate_number": "湘B12345"}).status_code == 302
    )
    vehicle = company.vehicles.get()
    r = clerk.post(
        "/waste/permits/",
        {
            "agency": bureau.bureau.pk,
            "company": company.pk,
            "number": "示渣准2",
            "vehicles": [vehicle.pk],
            "route": "建设路",
            "site": "南郊消纳场",
            "valid_from": "2025-01-01",
            "valid_until": "2025-12-31",
        },
    )
    assert r.status_code == 302
    assert "有效" in clerk.get(r["Location"]).content.decode()
    officer = _client(staff.officer_user)
    r = officer.post(
        "/waste/checks/",
        {
            "agency": bureau.squad.pk,
            "checked_on": "2025-09-01",
            "place": "路口",
            "plate_number": "湘C22222",
            "officer": staff.officer.pk,
        },
    )
    assert r.status_code == 302
    detail = officer.get(r["Location"]).content.decode()
    assert "无准运证" in detail and "登记案源" in detail
    check = WasteCheck.objects.get()
    r = officer.post(
        f"/waste/checks/{check.pk}/case/",
        {
            "action": "open",
            "power_item_code": "SL-ZT-001",
            "party_kind": "person",
            "party_name": "王五",
            "party_id_number": "11010519491231002X",
        },
    )
    assert r.status_code == 302 and CheckCase.objects.get().check_record == check
    case = CheckCase.objects.get().case
    assert case.party.name == "王五" and officer.get(f"/cases/{case.pk}/").status_code == 200


def test_a_refused_form_keeps_what_was_typed(bureau, staff) -> None:
    clerk = _client(staff.clerk)
    r = clerk.post(
        "/waste/",
        {
            "form": "company",
            "agency": bureau.bureau.pk,
            "name": "填写的企业名",
            "uscc": "BADCODE",
            "address": "建设路8号",
        },
    )
    page = r.content.decode()
    assert r.status_code == 200 and "校验不通过" in page
    assert 'value="填写的企业名"' in page and 'value="建设路8号"' in page
    officer = _client(staff.officer_user)
    r = officer.post(
        "/waste/checks/",
        {
            "agency": bureau.squad.pk,
            "checked_on": "2025-09-01",
            "place": "",
            "plate_number": "湘C22222",
            "officer": staff.officer.pk,
        },
    )
    page = r.content.decode()
    assert "请填写检查地点" in page and 'value="湘C22222"' in page and 'value="2025-09-01"' in page


def test_the_pages_answer_not_found_for_another_squads_check(bureau, staff) -> None:
    r = _client(staff.officer_user).post(
        "/waste/checks/",
        {
            "agency": bureau.squad.pk,
            "checked_on": "2025-09-01",
            "place": "路口",
            "plate_number": "湘C33333",
            "officer": staff.officer.pk,
        },
    )
    assert r.status_code == 302
    other = _client(staff.other_squad)
    assert other.get(r["Location"]).status_code == 404
    assert other.get("/waste/permits/999999/").status_code == 404


def test_a_refused_case_from_a_check_comes_back_with_what_was_typed(bureau, staff, power_list) -> None:
    officer = _client(staff.officer_user)
    r = officer.post(
        "/waste/checks/",
        {
            "agency": bureau.squad.pk,
            "checked_on": "2025-09-01",
            "place": "路口",
            "plate_number": "湘C44444",
            "officer": staff.officer.pk,
        },
    )
    detail = r["Location"]
    r = officer.post(
        f"{detail}case/",
        {
            "action": "open",
            "power_item_code": "NO-SUCH-ITEM",
            "party_kind": "person",
            "party_name": "王五",
            "party_id_number": "11010519491231002X",
        },
        follow=True,
    )
    page = r.content.decode()
    assert "事项编码「NO-SUCH-ITEM」不在" in page
    assert 'value="NO-SUCH-ITEM"' in page and 'value="王五"' in page and 'value="person" selected' in page
    assert not CheckCase.objects.exists()
