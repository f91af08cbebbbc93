from __future__ import annotations

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency
from fazhi.core.models import AuditEvent


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_creating_an_agency_with_an_invalid_uscc_through_the_api_is_refused(bureau) -> None:
    before = (Agency.objects.count(), AuditEvent.objects.count())
    response = _client(bureau.admin).post(
        "/api/agencies/",
        {
            "kind": "township",
            "name": "西山镇人民政府",
            "code": "西山镇",
            "region_code": "430281",
            "uscc": "91350100M000100Y40",
            "parent_id": bureau.bureau.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "统一社会信用代码「91350100M000100Y40」无效" in response.json()["message"]
    assert (Agency.objects.count(), AuditEvent.objects.count()) == before


def test_creating_an_agency_through_the_api(bureau) -> None:
    response = _client(bureau.admin).post(
        "/api/agencies/",
        {
            "kind": "squad",
            "name": "城北中队",
            "code": "示城管北",
            "region_code": "430281",
            "parent_id": bureau.brigade.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["kind_label"] == "中队"


def test_officer_eligibility_through_the_api_explains_an_expired_certificate(bureau, make_officer) -> None:
    from datetime import date

    officer = make_officer(valid_until=date(2026, 6, 30))
    client = _client(bureau.admin)
    ok = client.get(f"/api/agencies/officers/{officer.pk}/eligibility?on=2026-06-30").json()
    late = client.get(f"/api/agencies/officers/{officer.pk}/eligibility?on=2026-07-01").json()
    assert ok["may_act"] is True and ok["reason"] is None
    assert late["may_act"] is False and "已于2026年06月30日到期" in late["reason"]


def test_another_squads_officer_is_not_found_through_the_api(bureau, make_user, make_officer) -> None:
    theirs = make_officer(bureau.squad2)
    leader = make_user(bureau.squad, Role.SQUAD_LEADER)
    response = _client(leader).get(f"/api/agencies/officers/{theirs.pk}/eligibility?on=2026-01-05")
    missing = _client(leader).get("/api/agencies/officers/999999/eligibility?on=2026-01-05")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()


def test_masked_personal_data_in_officer_list(bureau, make_user) -> None:
    from fazhi.agencies.services import officer_create

    officer_create(
        actor=bureau.admin, agency=bureau.squad, name="钱七", resident_id="11010519491231002X", phone="13812345678"
    )
    data = _client(bureau.admin).get("/api/agencies/officers/?search=钱七").json()
    assert data[0]["masked_resident_id"] == "110105********002X"
    assert data[0]["masked_phone"] == "138****5678"
    assert "13812345678" not in str(data) and "11010519491231002X" not in str(data)
