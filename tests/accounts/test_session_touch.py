"""Idle expiry without a write per request: the session's clock restarts at most every
``FAZHI_SESSION_TOUCH_SECONDS`` (``SessionTouchMiddleware``), and a session idle for ``SESSION_COOKIE_AGE`` ends."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.accounts import middleware
from fazhi.accounts.models import Role

pytestmark = pytest.mark.django_db


def _writes(client: Client, url: str = "/cases/") -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(1 for q in ctx.captured_queries if q["sql"].startswith('UPDATE "django_session"'))


def _expiry(client: Client) -> Any:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_clock_restarts_once_per_interval_not_at_every_request(monkeypatch, settings, bureau, make_user) -> None:
    settings.FAZHI_SESSION_TOUCH_SECONDS = 300
    user = make_user(bureau.squad, Role.OFFICER)
    client = Client()
    client.force_login(user)
    now = [1_900_000_000]
    monkeypatch.setattr(middleware, "_now", lambda: now[0])
    assert _writes(client) == 1  # never touched since the login: the clock starts
    first = _expiry(client)
    now[0] += 299
    assert _writes(client) == 0  # second 299 of 300: no write
    assert _expiry(client) == first
    now[0] += 1
    assert _writes(client) == 1  # second 300: saved again, the expiry moved on
    assert _expiry(client) >= first
    assert client.session[middleware.SESSION_TOUCHED] == now[0]
    now[0] -= 10_000  # a clock set back: restart rather than trust a stamp from the future
    assert _writes(client) == 1


def test_a_session_idle_past_its_age_is_over(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    client = Client()
    client.force_login(user)
    assert client.get("/cases/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_anonymous_visitor_gets_no_session(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/accounts/login/")
    assert not Session.objects.exists()
