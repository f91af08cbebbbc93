"""/exchange/: administrators see the subscribers' backlog and the dead letters, and replay one; others are refused."""

from __future__ import annotations

from fazhi.accounts.models import Role
from fazhi.complaints.services import complaint_register
from fazhi.core.models import AuditEvent
from fazhi.exchange.models import MessageStatus, OutboxMessage, Subscriber


def test_an_administrator_adds_a_subscriber_sees_its_secret_once_and_replays_a_dead_letter(
    client, bureau, desk
) -> None:
    client.force_login(bureau.admin)
    response = client.post(
        "/exchange/subscribers/new/",
        {"name": "县12345", "agency": "县政务服务中心", "endpoint": "https://h.example/in", "events": "complaint.*"},
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.secret in response.content.decode()
    complaint_register(actor=desk.clerk, agency=bureau.bureau, source="hotline_12345", content="占道经营")
    message = OutboxMessage.objects.get(subscriber=subscriber)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.DEAD, attempts=10, last_error="接收方返回 HTTP 503"
    )
    page = client.get("/exchange/").content.decode()
    assert "县12345" in page and "接收方返回 HTTP 503" in page
    assert subscriber.secret not in page
    assert client.post(f"/exchange/messages/{message.pk}/replay/").status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.replays == 1
    assert AuditEvent.objects.filter(action="exchange.dead_letter_replay").exists()


def test_a_bad_subscriber_is_refused_in_chinese_and_nothing_is_saved(client, bureau) -> None:
    client.force_login(bureau.admin)
    response = client.post("/exchange/subscribers/new/", {"name": "", "endpoint": "ftp://x", "events": ""})
    assert response.status_code == 400
    assert "接收地址" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_someone_not_an_administrator_is_refused(client, bureau, make_user) -> None:
    clerk = make_user(bureau.bureau, Role.CLERK)
    client.force_login(clerk)
    assert client.get("/exchange/").status_code == 403
    assert client.post("/exchange/messages/1/replay/").status_code == 404
    assert client.post("/exchange/subscribers/new/", {"name": "x"}).status_code == 403
