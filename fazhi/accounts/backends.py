"""Login with lockout: after N failures in a row the account is locked for M minutes (settings)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from fazhi.core import clock

logger = logging.getLogger("fazhi.auth")


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        from fazhi.accounts.models import User

        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle for usernames
            logger.info("login failed", extra={"fields": {"reason": "unknown_user"}})
            return None
        now = clock.now()
        if user.locked_until and user.locked_until > now:
            logger.warning("login refused", extra={"fields": {"user": user.pk, "reason": "locked"}})
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_logins or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            return user
        failures = user.failed_logins + 1
        locked_until = None
        if failures >= settings.FAZHI_LOGIN_MAX_FAILURES:
            locked_until = now + timedelta(minutes=settings.FAZHI_LOGIN_LOCKOUT_MINUTES)
            failures = 0
        User.objects.filter(pk=user.pk).update(failed_logins=failures, locked_until=locked_until)
        logger.warning("login failed", extra={"fields": {"user": user.pk, "locked": locked_until is not None}})
        return None
