from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from fazhi.accounts.models import ApiToken, Role
from fazhi.accounts.services import api_token_issue, api_token_revoke
from fazhi.core import clock
from fazhi.core.errors import ValidationError


def _me(key: str):  # type: ignore[no-untyped-def]
    return Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_bearer_token_authenticates_an_integration(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    token, key = api_token_issue(actor=user, user=user, name="数字城管对接")
    response = _me(key)
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert response.json()["roles"] == ["clerk"]
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert key not in ApiToken.objects.values_list("key_hash", flat=True)  # only the hash is kept


def test_a_revoked_or_expired_token_is_refused(bureau, make_user, monkeypatch) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    revoked, revoked_key = api_token_issue(actor=user, user=user, name="旧")
    api_token_revoke(actor=user, token=revoked)
    _, expiring_key = api_token_issue(actor=user, user=user, name="短期", expires_at=clock.now() + timedelta(hours=1))
    assert _me(expiring_key).status_code == 200
    later = clock.now() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert _me(expiring_key).status_code == 401
    assert _me(revoked_key).status_code == 401
    assert _me("fz_not-a-real-key").status_code == 401


def test_a_token_without_an_end_lives_one_year_at_most(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    token, _ = api_token_issue(actor=user, user=user, name="数字城管")
    assert token.expires_at is not None
    assert timedelta(days=364) < token.expires_at - clock.now() <= timedelta(days=365)
    with pytest.raises(ValidationError, match="最长365天"):
        api_token_issue(actor=user, user=user, name="太长", expires_at=clock.now() + timedelta(days=366))
    with pytest.raises(ValidationError, match="必须晚于现在"):
        api_token_issue(actor=user, user=user, name="已过期", expires_at=clock.now())


def test_a_token_cannot_mint_another_token(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    _, key = api_token_issue(actor=user, user=user, name="集成")
    before = ApiToken.objects.count()
    response = Client().post(
        "/api/accounts/tokens", {"name": "再造"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 401
    assert ApiToken.objects.count() == before


def test_the_session_api_enforces_csrf(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.CLERK)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/accounts/tokens", {"name": "无CSRF"}, content_type="application/json")
    assert response.status_code == 403
    assert not ApiToken.objects.filter(name="无CSRF").exists()


def test_the_api_without_credentials_is_refused(db) -> None:
    assert Client().get("/api/accounts/me").status_code == 401


def test_the_openapi_document_is_served_without_a_network(db, bureau, make_user) -> None:
    client = Client()
    client.force_login(make_user(bureau.squad, Role.OFFICER))
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/agencies/" in schema.json()["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "cdn" not in docs.lower()
