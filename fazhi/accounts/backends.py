"""Login with lockout per (username, client IP) and per client IP.

Why not django-axes: it would fit (AXES_LOCKOUT_PARAMETERS=[["username", "ip_address"]]), but it answers a lockout
with its own response and template, keeps its own client-IP logic (django-ipware) beside ours, and the login log we
need anyway (for the audit, with the IP from ``FAZHI_TRUSTED_PROXY_HEADER``) is the table the lockout counts on. So
the existing backend is kept and fixed, on ``LoginAttempt``:

- a pair is refused after ``FAZHI_LOGIN_MAX_FAILURES`` uncleared failures within ``FAZHI_LOGIN_LOCKOUT_MINUTES``;
  a stranger at another IP cannot lock the owner out, who still logs in from his own machine;
- one IP is refused after ``FAZHI_LOGIN_MAX_FAILURES_PER_IP`` failures for any usernames (password spraying);
- unknown usernames go the same way as known ones: the same rows, the same message, the same password-hash cost,
  so neither the answer nor its timing tells whether a username exists;
- a refused attempt still hashes the password (same timing) and is not counted again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest

from fazhi.accounts.models import LoginAttempt, User
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.middleware import client_ip

logger = logging.getLogger("fazhi.auth")


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=settings.FAZHI_LOGIN_LOCKOUT_MINUTES)


def login_throttled(username: str, ip: str, now: datetime | None = None) -> bool:
    """True when this (username, IP) pair, or this IP, has failed too often within the window."""
    now = now or clock.now()
    recent = LoginAttempt.objects.filter(succeeded=False, cleared=False, at__gt=_window_start(now))
    if recent.filter(ip=ip).count() >= settings.FAZHI_LOGIN_MAX_FAILURES_PER_IP:
        return True
    return recent.filter(username=username[:150], ip=ip).count() >= settings.FAZHI_LOGIN_MAX_FAILURES


def login_clear(*, username: str, ip: str | None = None) -> int:
    """Forget a username's failures (at one IP, or everywhere: the administrator's unlock); how many."""
    failures = LoginAttempt.objects.filter(username=username[:150], succeeded=False, cleared=False)
    if ip is not None:
        failures = failures.filter(ip=ip)
    return failures.update(cleared=True)


class LockoutModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """The session's user, with his agency in the same read: every staff page asks the scope
        (``agencies.scope.scope_for``), which reads ``user.agency``; one query fewer on each request. The checks
        are ModelBackend's (an inactive user gets no user)."""
        try:
            user = User.objects.select_related("agency").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None or password is None:
            return None
        ip = client_ip(request) if request is not None else "-"
        now = clock.now()
        if login_throttled(username, ip, now):
            make_password(password)  # same cost as a real check
            logger.warning("login refused", extra={"fields": {"reason": "throttled", "ip": ip}})
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            make_password(password)  # same cost as a real check: no timing oracle for usernames
            self._record(username=username, ip=ip, now=now, user=None, succeeded=False)
            return None
        good = user.check_password(password)
        admin_locked = user.locked_until is not None and user.locked_until > now
        if good and not admin_locked and self.user_can_authenticate(user):
            self._record(username=username, ip=ip, now=now, user=user, succeeded=True)
            return user
        self._record(username=username, ip=ip, now=now, user=user, succeeded=False)
        return None

    @staticmethod
    @transaction.atomic
    def _record(*, username: str, ip: str, now: datetime, user: User | None, succeeded: bool) -> None:
        """One login-log row; a success clears the pair's failures and is audited with the IP."""
        LoginAttempt.objects.create(username=username[:150], ip=ip, at=now, user=user, succeeded=succeeded)
        if succeeded:
            assert user is not None
            login_clear(username=username, ip=ip)
            audit_record(actor=user, entity=user, action="user.login", summary=f"登录成功（{ip}）", after={"ip": ip})
            logger.info("login", extra={"fields": {"user": user.pk, "ip": ip}})
            return
        # Failures are in the login log only (no audit event): an audit write for known users alone would make
        # their failures slower than unknown ones', a timing oracle for usernames.
        logger.warning("login failed", extra={"fields": {"user": user.pk if user else "-", "ip": ip}})
