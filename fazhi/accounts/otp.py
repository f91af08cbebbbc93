"""The second factor: TOTP (RFC 6238) through django-otp's TOTP plugin.

Required for heads, legal reviewers, supervisors and administrators when ``FAZHI_OTP_REQUIRED`` is on (settings),
optional for everyone else. A user who has a confirmed device must pass it at every login, required or not. Until
then ``SecondFactorMiddleware`` lets him reach only the second-factor pages and logout.
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts.models import Role, User
from fazhi.core.audit import audit_record
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError

OTP_ROLES = (Role.HEAD, Role.LEGAL_REVIEWER, Role.SUPERVISOR, Role.SYSTEM_ADMIN)
DEVICE_NAME = "身份验证器"


def otp_required_for(user: User) -> bool:
    return bool(settings.FAZHI_OTP_REQUIRED) and (user.is_superuser or user.has_role(*OTP_ROLES))


def otp_has_device(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def _clean_token(token: str) -> str:
    token = token.strip().replace(" ", "")
    if not (token.isascii() and token.isdigit() and len(token) == 6):
        raise ValidationError("请输入身份验证器显示的6位数字动态码。")
    return token


@transaction.atomic
def otp_enrolment_start(*, actor: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user; reused until confirmed)."""
    if otp_has_device(actor):
        raise ValidationError("您已绑定身份验证器；如需更换，请联系系统管理员重置。")
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)


def otp_secret(device: TOTPDevice) -> str:
    """The base32 secret, for typing into an authenticator app by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def otp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code (drawn locally; the secret never leaves the server)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


@transaction.atomic
def otp_enrolment_confirm(*, request: HttpRequest, actor: User, token: str) -> TOTPDevice:
    """Confirm the enrolment with a first code; the session counts as verified with it."""
    token = _clean_token(token)
    device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        raise ValidationError("没有待绑定的身份验证器，请重新开始绑定。")
    if not device.verify_token(token):
        raise ValidationError("动态码不正确或已过期，请核对手机时间后重试。")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, entity=actor, action="user.otp_enrol", summary="绑定身份验证器（双因素认证）")
    otp_login(request, device)
    return device


def otp_verify(*, request: HttpRequest, actor: User, token: str) -> TOTPDevice:
    """Check a login's second factor (django-otp throttles repeated wrong codes per device)."""
    token = _clean_token(token)
    device = match_token(actor, token)
    if device is None:
        raise ValidationError("动态码不正确或已过期。多次输错将暂时无法验证，请稍后再试。")
    otp_login(request, device)
    return device


@transaction.atomic
def otp_reset(*, actor: User, user: User) -> int:
    """An administrator removes a user's devices (lost phone); he enrols again at his next login, and his open
    sessions are sent to enrolment at their next request (they are verified by a device that no longer exists).
    Returns how many devices were removed; refuses when there is none (nothing to audit)."""
    if not actor.is_system_admin:
        raise PermissionDenied("只有系统管理员可以重置身份验证器。")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if not removed:
        raise RuleViolation(f"用户{user}尚未绑定身份验证器，无需重置。")
    audit_record(
        actor=actor, entity=user, action="user.otp_reset", summary="重置身份验证器", after={"devices": removed}
    )
    return int(removed)
