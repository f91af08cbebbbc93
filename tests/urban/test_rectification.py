"""责令改正 and its 复查, through the API and the pages: the 复查 is refused the day before the period ends and
accepted on its last day; a corrected order offers the exemption check, a not corrected one feeds the case."""

from __future__ import annotations

from datetime import date

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.core.audit import AuditEvent
from fazhi.urban.models import RectificationOrder, RectificationResult
from tests.cases.flow import travel


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _order(client: Client, case_id: int, **kw) -> object:  # type: ignore[no-untyped-def]
    body = {
        "case_id": case_id,
        "ordered_on": "2026-03-02",
        "requirement": "清理占道堆放的生活垃圾",
        "period_end": "2026-03-09",
        **kw,
    }
    return client.post("/api/urban/rectifications", body, content_type="application/json")


def test_an_order_on_a_lead_is_reviewed_on_the_last_day_and_refused_the_day_before(
    monkeypatch, bureau, open_case, officer
) -> None:
    travel(monkeypatch, date(2026, 3, 2))
    lead = open_case()
    client = _client(officer)
    created = _order(client, lead.pk)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["case_is_lead"] is True and body["result"] == "pending"
    assert body["number"].startswith("示城管责改〔2026〕")
    url = f"/api/urban/rectifications/{body['id']}/review"

    travel(monkeypatch, date(2026, 3, 8))
    early = client.post(url, {"reviewed_on": "2026-03-08", "corrected": True}, content_type="application/json")
    assert early.status_code == 409
    assert "2026年3月9日" in early.json()["message"] and "届满" in early.json()["message"]
    order = RectificationOrder.objects.get(pk=body["id"])
    assert order.result == RectificationResult.PENDING and order.reviewed_on is None

    travel(monkeypatch, date(2026, 3, 9))
    ok = client.post(
        url, {"reviewed_on": "2026-03-09", "corrected": False, "note": "仍有堆放"}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["result"] == "not_corrected"
    assert "尚未立案" in ok.json()["feeds_case"]
    assert AuditEvent.objects.filter(entity_type="urban.rectificationorder", action="rectification.review").count() == 1
    listed = client.get(f"/api/urban/rectifications?case_id={lead.pk}&status=not_corrected").json()
    assert [o["id"] for o in listed] == [body["id"]]
    again = client.post(url, {"reviewed_on": "2026-03-10", "corrected": True}, content_type="application/json")
    assert again.status_code == 409 and "不能重复复查" in again.json()["message"]


def test_a_corrected_order_offers_the_exemption_check_of_the_case_item(monkeypatch, bureau, open_case, officer) -> None:
    travel(monkeypatch, date(2026, 3, 2))
    lead = open_case()
    client = _client(officer)
    order_id = _order(client, lead.pk).json()["id"]
    travel(monkeypatch, date(2026, 3, 10))
    done = client.post(
        f"/api/urban/rectifications/{order_id}/review",
        {"reviewed_on": "2026-03-10", "corrected": True},
        content_type="application/json",
    ).json()
    assert done["result"] == "corrected"
    hint = done["exemption"]
    # SL-SR-001 has a 首违不罚 rule; 及时改正 is established by the 复查, the other facts are the case's to find.
    assert hint["has_rules"] is True
    assert any("已及时改正" in r for r in hint["reasons"])
    assert hint["missing"]
    page = client.get(f"/urban/rectifications/{order_id}/")
    assert page.status_code == 200 and "不予处罚（首违不罚）核对" in page.content.decode()


def test_a_review_of_not_corrected_without_the_findings_is_refused(monkeypatch, bureau, open_case, officer) -> None:
    travel(monkeypatch, date(2026, 3, 2))
    client = _client(officer)
    order_id = _order(client, open_case().pk).json()["id"]
    travel(monkeypatch, date(2026, 3, 9))
    refused = client.post(
        f"/api/urban/rectifications/{order_id}/review",
        {"reviewed_on": "2026-03-09", "corrected": False},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "现场情况" in refused.json()["message"]


def test_an_order_with_a_period_ending_before_it_is_refused(monkeypatch, bureau, open_case, officer) -> None:
    travel(monkeypatch, date(2026, 3, 2))
    refused = _order(_client(officer), open_case().pk, period_end="2026-03-01")
    assert refused.status_code == 400 and "不能早于责令改正日期" in refused.json()["message"]
    assert not RectificationOrder.objects.exists()


def test_a_supervisor_sees_but_cannot_order_and_another_squad_does_not_see(
    monkeypatch, bureau, open_case, officer, make_user
) -> None:
    travel(monkeypatch, date(2026, 3, 2))
    lead = open_case()
    order_id = _order(_client(officer), lead.pk).json()["id"]
    supervisor = _client(make_user(bureau.justice, Role.SUPERVISOR))
    assert supervisor.get(f"/api/urban/rectifications/{order_id}").status_code == 200
    assert _order(supervisor, lead.pk).status_code == 403
    other = _client(make_user(bureau.squad2, Role.OFFICER))
    missing = other.get(f"/api/urban/rectifications/{order_id}")
    assert missing.status_code == 404
    assert other.get("/api/urban/rectifications/999999").json() == missing.json()
    assert other.get(f"/urban/rectifications/{order_id}/").status_code == 404


def test_the_page_orders_and_reviews_and_keeps_what_was_typed_on_refusal(
    monkeypatch, bureau, open_case, officer
) -> None:
    travel(monkeypatch, date(2026, 3, 2))
    lead = open_case()
    client = _client(officer)
    assert client.get("/urban/rectifications/").status_code == 200
    form = {
        "case": lead.lead_number,
        "ordered_on": "2026-03-02",
        "requirement": "拆除占道雨棚",
        "period_end": "2026-02-01",
    }
    refused = client.post("/urban/rectifications/", form)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "拆除占道雨棚" in text and "不能早于责令改正日期" in text
    form["period_end"] = "2026-03-05"
    created = client.post("/urban/rectifications/", form)
    assert created.status_code == 302
    order = RectificationOrder.objects.get()
    travel(monkeypatch, date(2026, 3, 4))
    early = client.post(f"/urban/rectifications/{order.pk}/", {"reviewed_on": "2026-03-04", "corrected": "1"})
    assert early.status_code == 409 and 'value="2026-03-04"' in early.content.decode()
    travel(monkeypatch, date(2026, 3, 5))
    ok = client.post(f"/urban/rectifications/{order.pk}/", {"reviewed_on": "2026-03-05", "corrected": "1"})
    assert ok.status_code == 302
    order.refresh_from_db()
    assert order.result == RectificationResult.CORRECTED and order.reviewed_on == date(2026, 3, 5)
    listing = client.get("/urban/rectifications/?result=corrected")
    assert order.number in listing.content.decode()


def test_an_unknown_case_number_on_the_page_is_refused_as_not_found(monkeypatch, bureau, officer) -> None:
    travel(monkeypatch, date(2026, 3, 2))
    client = _client(officer)
    form = {"case": "不存在", "ordered_on": "2026-03-02", "requirement": "x", "period_end": "2026-03-05"}
    response = client.post("/urban/rectifications/", form)
    assert response.status_code == 404 and "不存在" in response.content.decode()
