"""The pages of the loop: an alert assigned, answered with a file, sent back, answered and closed through the
pages; 督查 with its 交办单; a 通报 issued and downloaded; the library masked; bad ids answer 404, never 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.accounts.models import Role
from fazhi.supervision.models import AlertDisposition, IssuedBulletin, UnitInspection
from tests.cases.flow import travel
from tests.supervision.test_dispositions import make_alert


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_disposition_loop_through_the_pages(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    alert = make_alert(bureau.squad, "示城管罚立字〔2025〕第3号")
    head, leader = _client(cast.head), _client(cast.leader)
    page = head.get(f"/supervision/alerts/{alert.pk}/").content.decode()
    assert "交办" in page and "整改责任人" in page
    assert "示城管罚立字〔2025〕第3号" in head.get("/supervision/alerts/").content.decode()
    form = {"agency": bureau.squad.pk, "assignee": cast.leader.pk, "deadline": "2025-06-30"}
    page = head.post(f"/supervision/alerts/{alert.pk}/assign/", form, follow=True).content.decode()
    assert "整改期限不能早于今天" in page and not AlertDisposition.objects.exists()
    head.post(f"/supervision/alerts/{alert.pk}/assign/", form | {"deadline": "2025-07-10"})
    d = AlertDisposition.objects.get()
    assert "示城管罚立字〔2025〕第3号" in leader.get("/supervision/dispositions/").content.decode()
    upload = SimpleUploadedFile("回证.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    leader.post(f"/supervision/dispositions/{d.pk}/answer/", {"explanation": "已整改", "files": [upload]})
    page = head.get(f"/supervision/alerts/{alert.pk}/").content.decode()
    assert "回证.pdf" in page and "核查通过" in page
    file_id = d.steps.get(action="answer").attachments.get().pk
    download = leader.get(f"/supervision/dispositions/{d.pk}/files/{file_id}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"
    head.post(f"/supervision/dispositions/{d.pk}/return/", {"reason": "不全"})
    leader.post(f"/supervision/dispositions/{d.pk}/answer/", {"explanation": "已补充"})
    page = head.post(f"/supervision/dispositions/{d.pk}/close/", {"note": "属实"}, follow=True).content.decode()
    d.refresh_from_db()
    assert d.status == "closed" and "已办结" in page
    page = leader.post(f"/supervision/dispositions/{d.pk}/answer/", {"explanation": "x"}, follow=True)
    assert "不能答复" in page.content.decode()
    assert head.post(f"/supervision/dispositions/{d.pk}/nonsense/", {}).status_code == 404


def test_inspections_and_bulletins_through_the_pages(monkeypatch, bureau, cast) -> None:
    travel(monkeypatch, date(2025, 7, 1))
    head = _client(cast.head)
    form = {
        "agency": bureau.squad.pk,
        "inspected_on": "2025-07-01",
        "inspectors": "王督查",
        "findings": "台账不全",
        "items": "补齐台账|2025-07-10\n规范文书｜2025-07-20",
    }
    bad = head.post("/supervision/inspections/", form | {"items": "没有期限"}).content.decode()
    assert "交办单第1行应为" in bad and not UnitInspection.objects.exists()
    page = head.post("/supervision/inspections/", form, follow=True).content.decode()
    visit = UnitInspection.objects.get()
    assert "补齐台账" in page and "规范文书" in page and visit.items.count() == 2
    travel(monkeypatch, date(2025, 7, 11))
    assert "逾期未销号的交办事项（1）" in head.get("/supervision/inspections/").content.decode()
    first = visit.items.get(number=1)
    head.post(
        f"/supervision/inspections/{visit.pk}/items/", {"item": first.pk, "closed_on": "2025-07-11", "note": "已补"}
    )
    first.refresh_from_db()
    assert first.closed_on == date(2025, 7, 11)
    travel(monkeypatch, date(2025, 8, 1))
    page = head.post(
        "/supervision/issued/",
        {"agency": bureau.bureau.pk, "kind": "monthly", "year": "2025", "month": "7"},
        follow=True,
    ).content.decode()
    b = IssuedBulletin.objects.get()
    assert "〔2025〕第1期" in page and "各单位情况" in page
    again = head.post(
        "/supervision/issued/", {"agency": bureau.bureau.pk, "kind": "monthly", "year": "2025", "month": "7"}
    )
    assert "不能重复发布" in again.content.decode()
    assert head.get(f"/supervision/issued/{b.pk}/?format=docx").content[:2] == b"PK"
    assert "〔2025〕第1期" in head.get("/supervision/issued/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/supervision/alerts/999999/",
        "/supervision/issued/999999/",
        "/supervision/inspections/999999/",
        "/supervision/dispositions/999999/files/1/",
    ],
)
def test_bad_ids_are_404_in_chinese(bureau, cast, url) -> None:
    r = _client(cast.head).get(url)
    assert r.status_code == 404 and "不存在或您无权访问" in r.content.decode()


def test_the_pages_render_for_every_role(bureau, cast, make_user) -> None:
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    for user in (cast.head, cast.handler1, cast.reviewer, supervisor):
        client = _client(user)
        for url in (
            "/supervision/dispositions/",
            "/supervision/inspections/",
            "/supervision/issued/",
            "/supervision/library/",
        ):
            assert client.get(url).status_code == 200, (user, url)
        assert client.get("/supervision/dispositions/?view=overdue").status_code == 200
