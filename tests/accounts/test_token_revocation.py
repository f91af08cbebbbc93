"""API tokens listed and revoked by their owner and administrators; dead tokens get a Chinese 401."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from fazhi.accounts.models import ApiToken, Role, User
from fazhi.accounts.services import api_token_issue, user_lock, user_unlock
from fazhi.core import clock
from fazhi.core.models import AuditEvent


def _me(key: str):  # type: ignore[no-untyped-def]
    return Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")


def _session(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_revokes_his_token_through_the_api_and_it_dies_at_once(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    token, key = api_token_issue(actor=user, user=user, name="数字城管")
    assert _me(key).status_code == 200
    listed = Client().get("/api/accounts/tokens", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [row["prefix"] for row in listed] == [token.prefix]
    assert "key_hash" not in listed[0]
    revoked = _session(user).post(f"/api/accounts/tokens/{token.pk}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    refused = _me(key)
    assert refused.status_code == 401
    assert refused.json() == {"code": "unauthorized", "message": "接口令牌已被吊销。"}
    event = AuditEvent.objects.filter(entity_id=str(user.pk), action="api_token.revoke").get()
    assert token.prefix in event.summary


def test_another_user_can_neither_see_nor_revoke_a_token(bureau, make_user) -> None:
    owner = make_user(bureau.squad, Role.CLERK)
    stranger = make_user(bureau.squad, Role.HEAD)
    token, key = api_token_issue(actor=owner, user=owner, name="对接")
    client = _session(stranger)
    assert client.get("/api/accounts/tokens").json() == []
    assert client.post(f"/api/accounts/tokens/{token.pk}/revoke").status_code == 404
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert _me(key).status_code == 200


def test_an_administrator_lists_and_revokes_anyones_token_on_the_page(bureau, make_user) -> None:
    owner = make_user(bureau.squad, Role.CLERK)
    token, key = api_token_issue(actor=owner, user=owner, name="对接系统")
    admin = _session(bureau.admin)
    page = admin.get("/accounts/tokens/").content.decode()
    assert token.prefix in page and "对接系统" in page and str(owner) in page
    response = admin.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert _me(key).status_code == 401
    assert "已吊销" in admin.get("/accounts/tokens/").content.decode()


def test_the_owner_sees_his_tokens_on_the_page_and_revoking_needs_post(bureau, make_user) -> None:
    owner = make_user(bureau.squad, Role.CLERK)
    token, _ = api_token_issue(actor=owner, user=owner, name="我的令牌")
    client = _session(owner)
    assert "我的令牌" in client.get("/accounts/tokens/").content.decode()
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_locked_accounts_token_gets_401_until_unlocked(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    _, key = api_token_issue(actor=user, user=user, name="对接")
    user_lock(actor=bureau.admin, user=user)
    refused = _me(key)
    assert refused.status_code == 401
    assert "已被锁定" in refused.json()["message"]
    user_unlock(actor=bureau.admin, user=user)
    assert _me(key).status_code == 200


def test_a_lock_that_has_ended_no_longer_blocks_the_token(bureau, make_user, monkeypatch) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    _, key = api_token_issue(actor=user, user=user, name="对接")
    until = clock.now() + timedelta(hours=1)
    user_lock(actor=bureau.admin, user=user, until=until)
    monkeypatch.setattr(clock, "now", lambda: until - timedelta(seconds=1))
    assert _me(key).status_code == 401
    monkeypatch.setattr(clock, "now", lambda: until)
    assert _me(key).status_code == 200


def test_a_disabled_accounts_token_gets_401(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    _, key = api_token_issue(actor=user, user=user, name="对接")
    User.objects.filter(pk=user.pk).update(is_active=False)
    refused = _me(key)
    assert refused.status_code == 401
    assert "已停用" in refused.json()["message"]


def test_a_failed_password_guess_elsewhere_does_not_kill_the_token(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    _, key = api_token_issue(actor=user, user=user, name="对接")
    for _ in range(6):
        Client(REMOTE_ADDR="203.0.113.9").post("/accounts/login/", {"username": user.username, "password": "x1"})
    assert _me(key).status_code == 200


def test_garbage_bearer_keys_get_a_chinese_401(db) -> None:
    for key in ("fz_not-a-real-key", "other", "fz_\u00e9\u00e9"):
        response = _me(key)
        assert response.status_code == 401
        assert response.json()["message"] == "接口令牌无效。"
