"""Lockout per (username, client IP) and per IP: no username oracle, no locking out from elsewhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from fazhi.accounts.models import LoginAttempt, Role, User
from fazhi.accounts.services import user_lock, user_unlock
from fazhi.core import clock
from fazhi.core.middleware import client_ip

PASSWORD = "Passw0rd-test"
LOCKED = "本机已暂停登录15分钟"


def _login(username: str, password: str, ip: str = "10.0.0.1", **extra: str):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip, **extra).post("/accounts/login/", {"username": username, "password": password})


def _message(response) -> str:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    return body[body.index('<div class="msg error">') :].split("</div>")[0]


def test_a_stranger_at_another_ip_cannot_lock_the_owner_out(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    for _ in range(5):
        _login(user.username, "wrong-1234", ip="203.0.113.9")
    assert LOCKED in _login(user.username, PASSWORD, ip="203.0.113.9").content.decode()
    assert _login(user.username, PASSWORD, ip="10.0.0.1").status_code == 302  # the owner at his desk


def test_four_failures_pass_and_the_fifth_locks_the_pair(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    for _ in range(4):
        _login(user.username, "wrong-1234")
    assert _login(user.username, PASSWORD).status_code == 302  # 4 failures: still allowed, and cleared by success
    for _ in range(5):
        _login(user.username, "wrong-1234")
    assert LOCKED in _login(user.username, PASSWORD).content.decode()


def test_an_unknown_username_gets_the_same_answers_as_a_known_one(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    known = [_message(_login(user.username, "wrong-1234")) for _ in range(6)]
    unknown = [_message(_login("no-such-user", "wrong-1234")) for _ in range(6)]
    assert known == unknown
    assert "用户名或密码不正确" in known[0] and LOCKED in known[5]
    assert LoginAttempt.objects.filter(username="no-such-user", succeeded=False).count() == 5  # the 6th is refused


def test_one_ip_spraying_many_usernames_is_refused_but_not_the_others(bureau, make_user, settings) -> None:
    settings.FAZHI_LOGIN_MAX_FAILURES_PER_IP = 6
    user = make_user(bureau.squad, Role.OFFICER)
    for n in range(6):
        _login(f"guess{n}", "wrong-1234", ip="198.51.100.7")
    assert LOCKED in _login(user.username, PASSWORD, ip="198.51.100.7").content.decode()
    assert _login(user.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_pair_lock_lifts_exactly_at_the_end_of_its_window(bureau, make_user, monkeypatch) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start)
    for _ in range(5):
        _login(user.username, "wrong-1234")
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=15) - timedelta(seconds=1))
    assert LOCKED in _login(user.username, PASSWORD).content.decode()
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=15))
    assert _login(user.username, PASSWORD).status_code == 302


def test_an_administrator_locks_and_unlocks_an_account(bureau, make_user) -> None:
    user = make_user(bureau.squad, Role.OFFICER)
    for _ in range(5):
        _login(user.username, "wrong-1234")
    user_lock(actor=bureau.admin, user=user)
    assert "用户名或密码不正确" in _login(user.username, PASSWORD, ip="10.9.9.9").content.decode()
    user_unlock(actor=bureau.admin, user=user)
    assert User.objects.get(pk=user.pk).locked_until is None
    assert _login(user.username, PASSWORD).status_code == 302  # the pair's failures are forgotten too


@pytest.mark.parametrize(
    "remote, header, expected",
    [
        ("10.0.0.254", "203.0.113.5", "203.0.113.5"),  # from the trusted proxy: the header's client
        ("10.0.0.254", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the client's own left part is not believed
        ("10.0.0.254", "203.0.113.5, 10.0.0.254", "203.0.113.5"),  # proxies in the chain are skipped
        ("192.0.2.1", "203.0.113.5", "192.0.2.1"),  # not from the proxy: the header is ignored
        ("10.0.0.254", "not-an-ip", "10.0.0.254"),
        ("10.0.0.254", "", "10.0.0.254"),
    ],
)
def test_the_client_ip_comes_from_the_trusted_proxy_header_only(rf, settings, remote, header, expected) -> None:
    settings.FAZHI_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.FAZHI_TRUSTED_PROXIES = ["10.0.0.254"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_without_a_configured_proxy_the_header_is_ignored(rf) -> None:
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "192.0.2.1"


def test_a_login_through_the_proxy_is_logged_with_the_client_ip(bureau, make_user, settings) -> None:
    settings.FAZHI_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.FAZHI_TRUSTED_PROXIES = ["10.0.0.254"]
    user = make_user(bureau.squad, Role.OFFICER)
    _login(user.username, "wrong-1234", ip="10.0.0.254", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert LoginAttempt.objects.get(username=user.username).ip == "203.0.113.5"


def test_the_request_log_names_the_client_ip(db, caplog) -> None:
    with caplog.at_level("INFO", logger="fazhi.request"):
        Client(REMOTE_ADDR="192.0.2.44").get("/accounts/login/")
    record = next(r for r in caplog.records if r.name == "fazhi.request")
    assert record.fields["ip"] == "192.0.2.44"  # type: ignore[attr-defined]
