"""The 公示 API: success and refusal with the same setup; stats and export."""

from __future__ import annotations

from datetime import date

from django.test import Client

from fazhi.publicity.models import Publication, PublicationStatus


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_clerk_publishes_through_the_api(publish_decision, clerk) -> None:
    publication = publish_decision()
    response = _client(clerk).post(
        f"/api/publicity/{publication.pk}/publish", {"on": "2025-10-14"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "published" and body["published_late"] is True


def test_the_supervisor_is_refused_with_a_chinese_message(publish_decision, supervisor) -> None:
    publication = publish_decision()
    response = _client(supervisor).post(
        f"/api/publicity/{publication.pk}/publish", {"on": "2025-10-14"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden" and "监督人员只能查看" in response.json()["message"]
    assert Publication.objects.get(pk=publication.pk).status == PublicationStatus.PENDING


def test_the_due_list_is_soonest_first(publish_decision, clerk) -> None:
    later = publish_decision(decided_on=date(2025, 11, 3))
    sooner = publish_decision(decided_on=date(2025, 9, 26))
    response = _client(clerk).get("/api/publicity/due")
    assert [p["id"] for p in response.json()] == [sooner.pk, later.pk]


def test_withdraw_and_credit_repair_through_the_api(publish_decision, clerk, head) -> None:
    publication = publish_decision(decided_on=date(2025, 1, 15), fine="50000", published_on=date(2025, 1, 20))
    client = _client(clerk)
    response = client.post(
        f"/api/publicity/{publication.pk}/credit-repairs",
        {"applicant": "张三", "grounds": "已履行", "applied_on": "2025-04-16"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    repair_id = response.json()["id"]
    assert _client(head).post(f"/api/publicity/credit-repairs/{repair_id}/approve").status_code == 200
    response = client.post(
        f"/api/publicity/{publication.pk}/withdraw",
        {"reason": "撤销", "changed_on": "2025-04-20"},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["code"] == "rule_violation"


def test_stats_and_export_through_the_api(bureau, publish_decision, supervisor) -> None:
    publish_decision(published_on=date(2025, 10, 9))
    client = _client(supervisor)  # the justice bureau reads every agency
    query = {"agency_id": bureau.bureau.pk, "start": "2025-01-01", "end": "2025-12-31"}
    stats = client.get("/api/publicity/stats", query).json()
    assert (stats["due"], stats["on_time"], stats["rate"], stats["credit_repairs"]) == (1, 1, "100.0", 0)
    response = client.get("/api/publicity/export", {**query, "fmt": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")


def test_a_publication_outside_the_scope_is_not_found(bureau, make_user, publish_decision) -> None:
    from fazhi.accounts.models import Role

    publication = publish_decision()
    township_clerk = make_user(bureau.township, Role.CLERK)
    assert _client(township_clerk).get(f"/api/publicity/{publication.pk}").status_code == 404
