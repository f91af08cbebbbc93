"""Writes of users, roles, API tokens and the keys of partner systems."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from fazhi.accounts.backends import login_clear
from fazhi.accounts.models import ApiToken, PartnerKey, PartnerPurpose, Role, RoleGrant, User
from fazhi.core import clock
from fazhi.core.audit import audit_record
from fazhi.core.errors import ApplicationError, PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import name_errors

if TYPE_CHECKING:  # accounts sits under agencies: a user's agency is only a string foreign key at run time
    from fazhi.agencies.models import Agency, Officer

TOKEN_MAX_DAYS = 365  # a token is rotated at least yearly; a leaked one cannot live for ever


def _ensure_admin(actor: User | None) -> None:
    if actor is not None and not (actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN)):
        raise PermissionDenied("只有系统管理员可以管理用户和角色。")


def _check_roles(roles: Iterable[str], agency: Agency | None) -> list[str]:
    roles = sorted(set(roles))
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError(f"未知角色：{'、'.join(unknown)}。")
    if Role.SUPERVISOR in roles and (agency is None or not agency.is_justice_bureau):
        raise ValidationError("监督人员角色只能授予司法局（执法监督机构）的用户。")
    if agency is not None and agency.is_justice_bureau:
        handling = set(roles) - {Role.SUPERVISOR, Role.SYSTEM_ADMIN}
        if handling:
            raise ValidationError("司法局用户只能担任监督人员，不能办理案件。")
    return roles


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    display_name: str,
    agency: Agency | None,
    roles: Iterable[str] = (),
    officer: Officer | None = None,
    is_superuser: bool = False,
) -> User:
    """Create a login. ``actor`` None is the command line (createsuperuser, demo loader)."""
    _ensure_admin(actor)
    if officer is not None:
        if agency is not None and officer.agency_id != agency.pk:
            raise ValidationError("用户所属机构必须与其执法人员档案的所属机构一致。")
        agency = officer.agency
        if User.objects.filter(officer=officer).exists():
            raise ValidationError(f"执法人员{officer.name}已有登录账号，不能重复关联。")
    role_list = _check_roles(roles, agency)
    errors = []
    if not username.strip() or len(username) > 150:
        errors.append("用户名不能为空，且不超过150个字符")
    if len(display_name) > 50:
        errors.append("姓名不能超过50个字符")
    errors += [e for e in (name_errors(username, "用户名"), name_errors(display_name, "姓名")) if e]
    if errors:
        raise ValidationError("；".join(errors) + "。")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名「{username}」已存在。")
    user = User(
        username=username,
        display_name=display_name,
        agency=agency,
        officer=officer,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password is None:  # createsuperuser --noinput without a password: the admin sets one later
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationError("密码不符合要求：" + "；".join(exc.messages)) from exc
        user.set_password(password)
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in role_list])
    audit_record(
        actor=actor,
        entity=user,
        action="user.create",
        summary=f"新建用户 {username}",
        after={"username": username, "agency_id": agency.pk if agency else None, "roles": role_list},
    )
    return user


@transaction.atomic
def user_set_roles(*, actor: User, user: User, roles: Iterable[str]) -> User:
    _ensure_admin(actor)
    role_list = _check_roles(roles, user.agency)
    before = sorted(user.role_set)
    RoleGrant.objects.filter(user=user).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in role_list])
    user.__dict__.pop("role_set", None)
    audit_record(actor=actor, entity=user, action="user.roles", before={"roles": before}, after={"roles": role_list})
    return user


@transaction.atomic
def user_lock(*, actor: User, user: User, until: datetime | None = None) -> User:
    """An administrator locks an account: no login and no API token works until ``until`` (default: unlocked by
    hand). Failed logins never lock an account (they throttle their (username, IP) pair, see backends)."""
    _ensure_admin(actor)
    until = until or clock.now() + timedelta(days=365 * 100)
    User.objects.filter(pk=user.pk).update(locked_until=until)
    user.refresh_from_db()  # the event records the account's state as stored (core.audit STATE_FIELDS)
    audit_record(actor=actor, entity=user, action="user.lock", summary=f"锁定账户至{until:%Y-%m-%d %H:%M}")
    return user


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> User:
    """Lift an administrator's lock and forget the account's failed logins at every IP, so that a user who
    throttled himself (his username at his IP) may log in at once."""
    _ensure_admin(actor)
    User.objects.filter(pk=user.pk).update(locked_until=None)
    cleared = login_clear(username=user.username)
    user.refresh_from_db()
    audit_record(
        actor=actor,
        entity=user,
        action="user.unlock",
        summary="解除登录锁定" + (f"，清除{cleared}次失败登录记录" if cleared else ""),
        after={"cleared_failures": cleared},
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, reason: str = "") -> User:
    """An administrator disables an account (a user who left, a lost phone with a session) or enables it again.

    A disabled account cannot log in, its sessions end at their next request (Django's ModelBackend refuses an
    inactive user) and its API tokens get 401. An administrator cannot disable himself (the last one would lock
    the bureau out of its own administration)."""
    _ensure_admin(actor)
    reason = reason.strip()
    if not active and actor is not None and actor.pk == user.pk:
        raise RuleViolation("不能停用自己的账户。")
    if len(reason) > 200:
        raise ValidationError(f"停用理由不能超过200个字符（现有{len(reason)}个）。")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        raise RuleViolation("该账户已处于启用状态。" if active else "该账户已经停用。")
    if not active and not reason:
        raise ValidationError("请写明停用理由（如：调离本局）。")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        entity=user,
        action="user.enable" if active else "user.disable",
        summary=("启用账户" if active else f"停用账户：{reason}"),
        before={"is_active": not active},
        after={"is_active": active, "reason": reason},
    )
    return user


@transaction.atomic
def user_change_password(*, actor: User, old_password: str, new_password: str) -> User:
    """A user changes his own password: the old one must match and the new one must pass the policy."""
    if not actor.check_password(old_password):
        raise ValidationError("原密码不正确。")
    try:
        validate_password(new_password, actor)
    except DjangoValidationError as exc:
        raise ValidationError("新密码不符合要求：" + "；".join(exc.messages)) from exc
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit_record(actor=actor, entity=actor, action="user.password", summary="修改密码")
    return actor


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


@transaction.atomic
def api_token_issue(*, actor: User, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token; returns the row and the key, which is shown once and never stored."""
    if actor.pk != user.pk:
        _ensure_admin(actor)
    if not name.strip() or len(name) > 100:
        raise ValidationError("请填写令牌用途（不超过100个字符）。")
    now = clock.now()
    longest = now + timedelta(days=TOKEN_MAX_DAYS)
    if expires_at is None:
        expires_at = longest
    if expires_at <= now:
        raise ValidationError("令牌到期时间必须晚于现在。")
    if expires_at > longest:
        raise ValidationError(f"令牌有效期最长{TOKEN_MAX_DAYS}天，请缩短到期时间。")
    key = settings.FAZHI_API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:10], key_hash=_hash_key(key), expires_at=expires_at
    )
    audit_record(actor=actor, entity=user, action="api_token.issue", summary=f"签发接口令牌 {token.prefix}…（{name}）")
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """The token's owner or an administrator revokes it; revoking twice changes nothing and is not audited twice."""
    if actor.pk != token.user_id:
        _ensure_admin(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        entity=token.user,
        action="api_token.revoke",
        summary=f"吊销接口令牌 {token.prefix}…（{token.name}）",
        after={"token_id": token.pk, "prefix": token.prefix},
    )
    return token


class NotAuthenticated(ApplicationError):
    """The request's credentials are refused (HTTP 401)."""

    status_code = 401
    code = "unauthorized"


def api_token_check(key: str) -> User:
    """The user a bearer key belongs to; refuses (401, in Chinese) an unknown, revoked or expired token and the token
    of a disabled or locked account. Touches last_used_at."""
    token = None
    if key.startswith(settings.FAZHI_API_TOKEN_PREFIX) and key.isascii():
        token = ApiToken.objects.select_related("user").filter(key_hash=_hash_key(key)).first()
    now = clock.now()
    if token is None:
        raise NotAuthenticated("接口令牌无效。")
    if token.revoked_at is not None:
        raise NotAuthenticated("接口令牌已被吊销。")
    if token.expires_at and token.expires_at <= now:
        raise NotAuthenticated("接口令牌已过期，请重新签发。")
    user = token.user
    if not user.is_active:
        raise NotAuthenticated("该账户已停用，其接口令牌不再有效。")
    if user.locked_until is not None and user.locked_until > now:
        raise NotAuthenticated("该账户已被锁定，其接口令牌暂不可用。请联系系统管理员。")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user


def api_token_authenticate(key: str) -> User | None:
    """Like ``api_token_check``, None instead of the refusal."""
    try:
        return api_token_check(key)
    except NotAuthenticated:
        return None


PARTNER_KEY_PREFIX = "fzp_"  # told apart from a user's bearer token (FAZHI_API_TOKEN_PREFIX) at a glance


@transaction.atomic
def partner_key_issue(*, actor: User, agency: Agency, name: str, purpose: str) -> tuple[PartnerKey, str]:
    """An administrator issues a key to one client system of ``agency`` for one purpose; returns the row and the key,
    which is shown once and never stored."""
    _ensure_admin(actor)
    name = (name or "").strip()
    errors = []
    if not name or len(name) > 100:
        errors.append("请填写对接系统名称（不超过100个字符）")
    if purpose not in PartnerPurpose.values:
        errors.append(f"用途只能是：{'、'.join(PartnerPurpose.labels)}")
    if errors:
        raise ValidationError("；".join(errors) + "。")
    key = PARTNER_KEY_PREFIX + secrets.token_urlsafe(32)
    partner = PartnerKey.objects.create(
        name=name, agency=agency, purpose=purpose, prefix=key[:12], key_hash=_hash_key(key), created_by=actor
    )
    audit_record(
        actor=actor,
        entity=partner,
        action="partner_key.issue",
        summary=f"签发对接系统密钥 {partner.prefix}…（{name}，{partner.get_purpose_display()}）",
        after={"agency_id": agency.pk, "purpose": purpose, "prefix": partner.prefix},
    )
    return partner, key


@transaction.atomic
def partner_key_revoke(*, actor: User, partner: PartnerKey, reason: str) -> PartnerKey:
    """An administrator revokes a key at once; revoking twice changes nothing and is not audited twice."""
    _ensure_admin(actor)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ValidationError("请填写吊销理由（不超过200个字符）。")
    partner = PartnerKey.objects.select_for_update().get(pk=partner.pk)
    if partner.revoked_at is not None:
        return partner
    partner.revoked_at, partner.revoked_by, partner.revoked_reason = clock.now(), actor, reason
    partner.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    audit_record(
        actor=actor,
        entity=partner,
        action="partner_key.revoke",
        summary=f"吊销对接系统密钥 {partner.prefix}…（{partner.name}）：{reason}",
    )
    return partner


class PartnerKeyRefused(ApplicationError):
    """A partner system's key is missing, unknown, revoked or for another purpose (HTTP 403)."""

    status_code = 403
    code = "forbidden"


def partner_key_check(key: str, purpose: str) -> PartnerKey:
    """The key row of a partner system for ``purpose``; refuses (in Chinese) a missing, unknown or revoked key and a
    key issued for another purpose. Touches last_used_at."""
    key = (key or "").strip()
    if not key:
        raise PartnerKeyRefused("缺少对接系统密钥（api_key）。")
    partner = None
    if key.startswith(PARTNER_KEY_PREFIX) and key.isascii() and len(key) <= 100:
        partner = PartnerKey.objects.select_related("agency").filter(key_hash=_hash_key(key)).first()
    if partner is None:
        raise PartnerKeyRefused("对接系统密钥无效。")
    if partner.revoked_at is not None:
        raise PartnerKeyRefused("对接系统密钥已被吊销。")
    if partner.purpose != purpose:
        raise PartnerKeyRefused(f"该密钥只能用于“{partner.get_purpose_display()}”。")
    now = clock.now()
    PartnerKey.objects.filter(pk=partner.pk).update(last_used_at=now)
    partner.last_used_at = now
    return partner
