"""Choosing the 执法事项 by code or Chinese name: the htmx search over the items the agency may act on (the
delegated ones for a township), and the township's warning at 案源登记 when the item is not delegated to it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.cases.models import Case
from fazhi.powers.search import power_item_choice, power_item_search
from tests.cases.flow import travel


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(bureau, power_list, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.squad, Role.OFFICER)


@pytest.fixture
def town_officer(bureau, power_list, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.township, Role.OFFICER)


def test_a_squad_finds_an_item_by_its_chinese_name_or_its_code(bureau, power_list) -> None:
    by_name = power_item_search(agency=bureau.squad, on=date(2025, 3, 1), search="规划许可")
    assert "SL-GH-001" in [o.code for o in by_name]
    by_code = power_item_search(agency=bureau.squad, on=date(2025, 3, 1), search="sl-sr")
    assert [o.code for o in by_code] == ["SL-SR-001"]


def test_no_item_is_offered_for_an_act_before_the_list_came_into_force(bureau, power_list) -> None:
    assert power_item_search(agency=bureau.squad, on=date(2023, 12, 31), search="") == []


def test_a_township_is_offered_only_the_items_delegated_to_it_that_day(bureau, power_list) -> None:
    assert [o.code for o in power_item_search(agency=bureau.township, on=date(2025, 3, 1))] == ["SL-SR-001"]
    assert power_item_search(agency=bureau.township, on=date(2024, 12, 31)) == []  # before the delegation
    assert power_item_search(agency=bureau.township, on=date(2025, 3, 1), search="规划") == []


def test_the_justice_bureau_is_offered_no_item(bureau, power_list) -> None:
    assert power_item_search(agency=bureau.justice, on=date(2025, 3, 1)) == []


def test_the_search_endpoint_answers_options_whose_value_is_the_code(officer, bureau) -> None:
    response = _client(officer).get(
        "/cases/items/", {"power_item_code": "垃圾", "agency": bureau.squad.pk, "act_date": "2025-03-01"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<option value="SL-SR-001">SL-SR-001 ' in body


def test_the_case_list_searches_items_by_name_for_its_filter(officer, bureau) -> None:
    page = _client(officer).get("/cases/").content.decode()
    assert 'name="item"' in page and 'list="case-list-item-options"' in page
    response = _client(officer).get("/cases/items/", {"item": "垃圾", "agency": bureau.squad.pk})
    assert '<option value="SL-SR-001">SL-SR-001 ' in response.content.decode()


def test_the_township_is_warned_when_it_chooses_an_item_not_delegated_to_it(town_officer, bureau) -> None:
    client = _client(town_officer)
    query = {"agency": bureau.township.pk, "act_date": "2025-03-01"}
    warned = client.get("/cases/items/check/", {**query, "power_item_code": "SL-GH-001"}).content.decode()
    assert "未获赋权" in warned and "第二十四条" in warned and 'role="alert"' in warned
    delegated = client.get("/cases/items/check/", {**query, "power_item_code": "SL-SR-001"}).content.decode()
    assert "未获赋权" not in delegated and "SL-SR-001" in delegated
    early = client.get("/cases/items/check/", {**query, "power_item_code": "SL-SR-001", "act_date": "2024-12-01"})
    assert "早于该事项的赋权起始日" in early.content.decode()


def test_a_squad_is_told_when_the_code_is_not_in_the_list(bureau, power_list) -> None:
    item, warning = power_item_choice(agency=bureau.squad, code="NO-SUCH", on=date(2025, 3, 1))
    assert item is None and "不在" in warning
    item, warning = power_item_choice(agency=bureau.squad, code="SL-GH-001", on=date(2025, 3, 1))
    assert item is not None and item.code == "SL-GH-001" and warning == ""


@pytest.mark.parametrize(
    "query",
    [
        {"agency": "abc", "power_item_code": "SL"},
        {"agency": "99999999999999999999999", "power_item_code": "SL"},
        {"agency": "-1", "act_date": "2025-13-45", "power_item_code": "SL"},
        {"power_item_code": "x" * 5000, "act_date": "not a date"},
        {},
    ],
)
def test_the_endpoints_answer_any_input_without_error(officer, query) -> None:
    client = _client(officer)
    beyond_bigint = len(query.get("agency", "")) > 19  # refused before the view by InputSafetyMiddleware
    assert client.get("/cases/items/", query).status_code == (400 if beyond_bigint else 200)
    assert client.get("/cases/items/check/", query).status_code == (400 if beyond_bigint else 200)


def test_an_agency_outside_the_users_scope_is_not_searched(officer, bureau) -> None:
    body = _client(officer).get("/cases/items/", {"agency": bureau.squad2.pk, "power_item_code": "SL"}).content
    assert b"<option" not in body


def test_the_lead_form_searches_items_and_posts_the_code(officer, bureau) -> None:
    html = _client(officer).get("/cases/new/").content.decode()
    assert 'hx-get="/cases/items/"' in html and 'list="power-item-options"' in html
    assert 'name="power_item_code"' in html and 'hx-get="/cases/items/check/"' in html


def test_a_township_lead_on_an_undelegated_item_is_warned_on_the_form_and_refused_at_registration(
    monkeypatch, bureau, town_officer, township_head, make_officer
) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    client = _client(town_officer)
    data = {
        "agency": bureau.township.pk,
        "source": "patrol",
        "power_item_code": "SL-GH-001",
        "party_kind": "person",
        "party_name": "王五",
        "party_id_number": "x",  # invalid: the lead is refused and the form comes back
        "act_date": "2025-03-01",
        "discovered_on": "2025-03-03",
    }
    refused = client.post("/cases/new/", data).content.decode()
    assert "未获赋权" in refused  # the warning stays on the re-rendered form
    assert 'value="SL-GH-001"' in refused and 'value="王五"' in refused
    client.post("/cases/new/", {**data, "party_id_number": ""})
    lead = Case.objects.get()
    a, b = make_officer(bureau.township, "甲"), make_officer(bureau.township, "乙")
    head = _client(township_head)
    answer = head.post(f"/cases/{lead.pk}/", {"action": "register", "handler_ids": [a.pk, b.pk], "on": "2025-03-03"})
    assert answer.status_code == 200 and "未获赋权" in answer.content.decode()
    assert Case.objects.get().state == "lead"


def test_a_refused_ticket_keeps_what_was_typed(monkeypatch, bureau, power_list, make_officer, make_user) -> None:
    travel(monkeypatch, date(2025, 3, 3))
    o1, o2 = make_officer(bureau.squad, "刘晓东"), make_officer(bureau.squad, "黄志强")
    user = make_user(bureau.squad, Role.OFFICER, officer=o1)
    data = {
        "agency": bureau.squad.pk,
        "handlers": [o1.pk, o2.pk],
        "power_item_code": "SL-SR-001",
        "party_kind": "organization",
        "party_name": "某某公司",
        "location": "城东路",
        "facts": "倾倒垃圾",
        "penalty_kinds": ["warning"],
        "fine": "5000",
        "collect_on_spot": "on",
    }
    html = _client(user).post("/cases/simple/new/", data).content.decode()
    assert "msg error" in html and not Case.objects.exists()
    assert 'value="organization" selected' in html and 'value="SL-SR-001"' in html
    assert re.search(r'value="warning"\s+checked', html) and not re.search(r'value="fine"\s+checked', html)
    assert re.search(rf'name="handlers" value="{o2.pk}"\s+checked', html)
    assert 'name="collect_on_spot" checked' in html
