"""Reads of API tokens and, for administrators, of accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts.models import ApiToken, LoginAttempt, PartnerKey, User
from fazhi.core import clock
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    """A user's own tokens; an administrator sees everyone's."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    return tokens if actor.is_system_admin else tokens.filter(user=actor)


def access_api_token(*, actor: User, token_id: int) -> ApiToken:
    """A token its owner or an administrator may manage; others get the same answer as for a missing one."""
    token = api_token_list(actor=actor).filter(pk=token_id).first()
    if token is None:
        raise NotFoundOrForbidden("接口令牌")
    return token


# --- accounts, for administrators -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AccountStatus:
    """What the administrator's page shows of one account: can it log in, and why not."""

    user: User
    admin_locked: bool
    throttled_ips: list[str]  # client IPs at which its username is paused by failed logins now
    recent_failures: int  # uncleared failures within the lockout window, at any IP
    has_device: bool  # a confirmed TOTP device

    @property
    def can_unlock(self) -> bool:
        return self.admin_locked or self.recent_failures > 0


def _ensure_admin(actor: User) -> None:
    if not actor.is_system_admin:
        raise PermissionDenied("只有系统管理员可以管理用户账户。")


def user_list(*, actor: User, search: str = "") -> QuerySet[User]:
    """Every account, for an administrator; ``search`` in the username, name or agency."""
    _ensure_admin(actor)
    users = User.objects.select_related("agency").prefetch_related("role_grants").order_by("username")
    search = search.strip()[:60]
    if search:
        users = users.filter(
            Q(username__icontains=search) | Q(display_name__icontains=search) | Q(agency__name__icontains=search)
        )
    return users


def access_user(*, actor: User, user_id: int) -> User:
    """An account an administrator manages; a missing one is "not found"."""
    user = user_list(actor=actor).filter(pk=user_id).first()
    if user is None:
        raise NotFoundOrForbidden("用户")
    return user


def account_status(*, user: User, now: datetime | None = None) -> AccountStatus:
    return account_statuses(users=[user], now=now)[0]


def account_statuses(*, users: list[User], now: datetime | None = None) -> list[AccountStatus]:
    """``account_status`` of a page of accounts, in three queries."""
    now = now or clock.now()
    since = now - timedelta(minutes=settings.FAZHI_LOGIN_LOCKOUT_MINUTES)
    names = [u.username[:150] for u in users]
    counts: dict[str, dict[str, int]] = {}
    failures = LoginAttempt.objects.filter(username__in=names, succeeded=False, cleared=False, at__gt=since)
    for row in failures.values("username", "ip").annotate(n=Count("pk")):
        counts.setdefault(row["username"], {})[row["ip"]] = row["n"]
    devices = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True).distinct()
    )
    result = []
    for user in users:
        per_ip = counts.get(user.username[:150], {})
        result.append(
            AccountStatus(
                user=user,
                admin_locked=user.locked_until is not None and user.locked_until > now,
                throttled_ips=sorted(ip for ip, n in per_ip.items() if n >= settings.FAZHI_LOGIN_MAX_FAILURES),
                recent_failures=sum(per_ip.values()),
                has_device=user.pk in devices,
            )
        )
    return result


# --- the keys of partner systems, for administrators ----------------------------------------------------------
def partner_key_list(*, actor: User) -> QuerySet[PartnerKey]:
    """Every partner system's key, newest first; 系统管理员 only (others are refused, 403)."""
    if not actor.is_system_admin:
        raise PermissionDenied("只有系统管理员可以管理对接系统密钥。")
    return PartnerKey.objects.select_related("agency", "created_by", "revoked_by").order_by("-created_at", "-pk")


def access_partner_key(*, actor: User, partner_id: int) -> PartnerKey:
    partner = partner_key_list(actor=actor).filter(pk=partner_id).first()
    if partner is None:
        raise NotFoundOrForbidden("对接系统密钥")
    return partner
