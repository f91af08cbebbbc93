"""The 法制工作 API and pages: success and refusal with the same setup (R-5 through the API and the form)."""

from __future__ import annotations

from django.test import Client

from fazhi.accounts.models import Role
from fazhi.legal_affairs.models import Litigation, MajorPolicyDecision


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_lawsuit_is_registered_and_a_lawyer_only_appearance_refused_through_the_api(bureau, make_user) -> None:
    client = _client(make_user(bureau.bureau, Role.LEGAL_REVIEWER))
    response = client.post(
        "/api/legal-affairs/litigations",
        {
            "agency_id": bureau.bureau.pk,
            "plaintiff": "李四",
            "cause": "不服罚款",
            "filed_on": "2025-03-01",
            "court": "示范市人民法院",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    suit_id = response.json()["id"]
    hearing = {
        "hearing_date": "2025-04-01",
        "head_appeared": False,
        "appeared_by": "王律师",
        "lawyer_only": True,
        "absence_explanation": "出差",
    }
    refused = client.post(f"/api/legal-affairs/litigations/{suit_id}/hearing", hearing, content_type="application/json")
    assert refused.status_code == 409 and "不得仅委托律师出庭" in refused.json()["message"]
    hearing.update(head_appeared=True, appeared_by="局长", lawyer_only=False)
    ok = client.post(f"/api/legal-affairs/litigations/{suit_id}/hearing", hearing, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["head_appeared"] is True
    figures = client.get(f"/api/legal-affairs/figures?agency_id={bureau.bureau.pk}&start=2025-01-01&end=2025-12-31")
    assert figures.json()["head_appearance"]["rate"] == "100.0"


def test_a_supervisor_sees_but_cannot_register(bureau, make_user) -> None:
    client = _client(make_user(bureau.justice, Role.SUPERVISOR))
    response = client.post(
        "/api/legal-affairs/major-decisions",
        {"agency_id": bureau.bureau.pk, "title": "方案"},
        content_type="application/json",
    )
    assert response.status_code == 403 and not MajorPolicyDecision.objects.exists()
    assert client.get("/api/legal-affairs/major-decisions").status_code == 200


def test_every_legal_affairs_page_renders_and_the_form_registers(bureau, make_user) -> None:
    client = _client(make_user(bureau.bureau, Role.LEGAL_REVIEWER))
    assert client.get("/legal-affairs/").status_code == 200
    for slug in (
        "reconsiderations",
        "litigations",
        "major-decisions",
        "normative-documents",
        "contract-reviews",
        "mediations",
        "trainings",
        "exams",
        "legal-education",
    ):
        assert client.get(f"/legal-affairs/{slug}/").status_code == 200, slug
    response = client.post(
        "/legal-affairs/litigations/",
        {
            "agency": bureau.bureau.pk,
            "plaintiff": "李四",
            "cause": "不服",
            "filed_on": "2025-03-01",
            "court": "法院",
            "stage": "first_instance",
        },
    )
    assert response.status_code == 302 and Litigation.objects.count() == 1
    suit = Litigation.objects.get()
    response = client.post(
        f"/legal-affairs/litigations/{suit.pk}/hearing/",
        {"hearing_date": "2025-04-01", "appearance": "lawyer", "appeared_by": "王律师"},
        follow=True,
    )
    assert "不得仅委托律师出庭" in response.content.decode()
    suit.refresh_from_db()
    assert suit.head_appeared is None


def test_pages_require_login(db) -> None:
    assert Client().get("/legal-affairs/").status_code == 302
