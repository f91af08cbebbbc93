"""Login with lockout: after N failures in a row the account is locked for M minutes (settings)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from fazhi.accounts.models import User
from fazhi.core import clock
from fazhi.core.audit import audit_record

logger = logging.getLogger("fazhi.auth")


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:

        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle for usernames
            logger.info("login failed", extra={"fields": {"reason": "unknown_user"}})
            return None
        if user.locked_until and user.locked_until > clock.now():
            logger.warning("login refused", extra={"fields": {"user": user.pk, "reason": "locked"}})
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_logins or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            return user
        self._record_failure(user.pk)
        return None

    @staticmethod
    @transaction.atomic
    def _record_failure(user_id: int) -> None:
        """Count the failure under the row lock, so parallel guesses cannot each see the same count."""

        User.objects.filter(pk=user_id).update(failed_logins=F("failed_logins") + 1)
        user = User.objects.select_for_update(of=("self",)).get(pk=user_id)
        if user.failed_logins < settings.FAZHI_LOGIN_MAX_FAILURES:
            logger.warning("login failed", extra={"fields": {"user": user_id, "failures": user.failed_logins}})
            return
        user.locked_until = clock.now() + timedelta(minutes=settings.FAZHI_LOGIN_LOCKOUT_MINUTES)
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])
        audit_record(
            actor=None,
            entity=user,
            action="user.locked",
            summary=f"连续登录失败{settings.FAZHI_LOGIN_MAX_FAILURES}次，账户锁定至{user.locked_until:%Y-%m-%d %H:%M}",
        )
        logger.warning("account locked", extra={"fields": {"user": user_id}})
