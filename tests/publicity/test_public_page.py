"""The public page: no login, published and unexpired decisions only, and never the full ID number or phone."""

from __future__ import annotations

from datetime import date

from django.test import Client

from fazhi.core import clock
from tests.publicity.conftest import PERSON_ID, PERSON_PHONE


def test_the_public_page_needs_no_login_and_shows_the_masked_snapshot(publish_decision) -> None:
    publish_decision(fine="50000", number="示城管罚决字〔2025〕第7号", published_on=date(2025, 10, 9))
    response = Client().get("/public/decisions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "示城管罚决字〔2025〕第7号" in html
    assert "张*" in html
    assert "110105********002X" in html
    assert PERSON_ID not in html
    assert PERSON_PHONE not in html
    assert "张三" not in html


def test_pending_withdrawn_and_expired_publications_are_not_shown(publish_decision, clerk, monkeypatch) -> None:
    from fazhi.publicity.services import publication_withdraw

    publish_decision(number="待公示第1号")
    withdrawn = publish_decision(number="已撤回第2号", fine="50000", published_on=date(2025, 10, 9))
    publication_withdraw(actor=clerk, publication=withdrawn, reason="撤销", changed_on=date(2025, 10, 10))
    publish_decision(number="已期满第3号", fine="500", published_on=date(2025, 10, 9))  # shown until 2025-12-26
    publish_decision(number="公示中第4号", fine="50000", published_on=date(2025, 10, 9))
    page = Client().get("/public/decisions/").content.decode()
    html, _, withdrawals = page.partition("撤回公示说明")
    assert "公示中第4号" in html
    for hidden in ("待公示第1号", "已撤回第2号", "已期满第3号"):
        assert hidden not in html
    # a withdrawn decision is no longer shown, but its withdrawal and the reason are (行政处罚法第四十八条第二款)
    assert "已撤回第2号" in withdrawals and "撤销" in withdrawals
    monkeypatch.setattr(clock, "today", lambda: date(2025, 12, 26))
    assert "已期满第3号" in Client().get("/public/decisions/").content.decode()  # its last day


def test_the_public_page_searches_by_number_and_by_name(publish_decision) -> None:
    publish_decision(number="示城管罚决字〔2025〕第11号", fine="50000", published_on=date(2025, 10, 9))
    publish_decision(number="示城管罚决字〔2025〕第12号", fine="50000", published_on=date(2025, 10, 9))
    html = Client().get("/public/decisions/", {"q": "第12号"}).content.decode()
    assert "第12号" in html and "第11号" not in html
    assert "第11号" in Client().get("/public/decisions/", {"q": "张*"}).content.decode()


def test_the_public_api_needs_no_login_and_returns_the_snapshot_only(publish_decision) -> None:
    publish_decision(fine="50000", published_on=date(2025, 10, 9))
    response = Client().get("/api/publicity/public")
    assert response.status_code == 200
    (item,) = response.json()
    assert set(item) == {"id", "published_on", "publish_until", "snapshot"}
    assert item["snapshot"]["id_number"] == "110105********002X"
    assert PERSON_ID not in response.content.decode()


def test_the_staff_page_needs_a_login_and_lists_what_is_due(publish_decision, clerk) -> None:
    publish_decision(number="示城管罚决字〔2025〕第5号")
    assert Client().get("/publicity/").status_code == 302
    client = Client()
    client.force_login(clerk)
    response = client.get("/publicity/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "示城管罚决字〔2025〕第5号" in html and "已逾期" in html
    assert "登记公示" in html


def test_the_staff_page_publishes_through_the_service(publish_decision, clerk) -> None:
    from fazhi.publicity.models import Publication, PublicationStatus

    publication = publish_decision()
    client = Client()
    client.force_login(clerk)
    response = client.post(
        f"/publicity/{publication.pk}/action/", {"action": "publish", "on": "2025-10-10"}, follow=True
    )
    assert response.status_code == 200
    assert Publication.objects.get(pk=publication.pk).status == PublicationStatus.PUBLISHED


def test_the_staff_export_is_built_by_the_worker_then_downloads_as_xlsx(bureau, publish_decision, clerk) -> None:
    from tests.jobs.worker import run_queued_tasks

    publish_decision()
    client = Client()
    client.force_login(clerk)
    form = {"agency": bureau.bureau.pk, "start": "2025-01-01", "end": "2025-12-31", "fmt": "xlsx"}
    asked = client.post("/publicity/export/", form)
    assert asked.status_code == 302
    page = asked.url
    assert "等待执行" in client.get(page).content.decode()
    assert client.get(f"{page}file/").status_code == 404  # not built yet
    assert client.get(f"{page}progress/").json() == {"status": "queued", "finished": False}
    run_queued_tasks()
    assert client.get(f"{page}progress/").json() == {"status": "succeeded", "finished": True}
    assert "下载文件" in client.get(page).content.decode()
    response = client.get(f"{page}file/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert "attachment" in response["Content-Disposition"]


def test_an_export_is_seen_only_by_who_asked_for_it(bureau, publish_decision, clerk, make_user) -> None:
    client = Client()
    client.force_login(clerk)
    asked = client.post("/publicity/export/", {"agency": bureau.bureau.pk, "start": "2025-01-01", "end": "2025-12-31"})
    other = Client()
    other.force_login(make_user(bureau.bureau))
    assert other.get(asked.url).status_code == 404
    assert other.get(f"{asked.url}progress/").status_code == 404


def test_an_export_with_end_before_start_is_refused_at_once(bureau, clerk) -> None:
    client = Client()
    client.force_login(clerk)
    response = client.post(
        "/publicity/export/", {"agency": bureau.bureau.pk, "start": "2025-12-31", "end": "2025-01-01", "fmt": "csv"}
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
