"""The board is scoped: a squad sees its own alerts, the justice bureau sees all; the list links to the case."""

from __future__ import annotations

from datetime import date

from django.test import Client

from fazhi.accounts.models import Role
from tests.cases.flow import registered_case
from tests.supervision.helpers import scan


def test_the_board_counts_by_rule_and_unit_and_links_to_the_case(monkeypatch, bureau, cast, make_user) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    scan(monkeypatch, date(2025, 6, 2))
    justice = make_user(bureau.justice, Role.SUPERVISOR, password="Passw0rd-test")
    other = make_user(bureau.squad2, Role.SQUAD_LEADER, password="Passw0rd-test")
    client = Client()
    client.force_login(justice)
    page = client.get("/supervision/").content.decode()
    assert "超过办案期限未作出决定" in page and "城东中队" in page
    listing = client.get("/supervision/alerts/?rule=decision_deadline").content.decode()
    assert f"/cases/{case.pk}/" in listing and "行政处罚法第六十条" in listing
    client.force_login(other)
    assert f"/cases/{case.pk}/" not in client.get("/supervision/alerts/?rule=decision_deadline").content.decode()


def test_the_api_lists_open_alerts_in_scope(monkeypatch, bureau, cast, make_user) -> None:
    case = registered_case(monkeypatch, bureau, cast, is_major=False)
    scan(monkeypatch, date(2025, 6, 2))
    client = Client()
    client.force_login(make_user(bureau.justice, Role.SUPERVISOR))
    alerts = client.get("/api/supervision/alerts?rule=decision_deadline").json()
    assert [(a["case_id"], a["severity"]) for a in alerts] == [(case.pk, "serious")]
    board = client.get("/api/supervision/board").json()
    assert board["total"] >= 1 and any(u["agency__name"] == "城东中队" for u in board["units"])
    client.force_login(make_user(bureau.squad2, Role.SQUAD_LEADER))
    assert client.get("/api/supervision/alerts?rule=decision_deadline").json() == []
