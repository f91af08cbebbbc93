"""Nobody past the password alone where a second factor is due (see fazhi.accounts.otp)."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.accounts.otp import otp_has_device, otp_required_for

# Reachable before the second factor: its own pages, logging out, static files.
OPEN_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/accounts/login/", "/static/")


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: a logged-in user who is not verified is sent to the code page when he has
    a device, or to enrolment when he must have one. The API answers 403 in Chinese instead (bearer tokens are
    authenticated later, by the API, and are not concerned)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not user.is_verified()
        ):
            if otp_has_device(user):
                target, message = "accounts:otp_verify", "请先输入身份验证器的动态码完成双因素认证。"
            elif otp_required_for(user):
                target, message = "accounts:otp_enrol", "您的角色须启用双因素认证：请先绑定身份验证器。"
            else:
                return self.get_response(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "second_factor_required", "message": message}, status=403)
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


#: Where the session holds when its idle clock last restarted (seconds since the epoch).
SESSION_TOUCHED = "_fazhi_touched"


def _now() -> int:
    return int(time.time())


class SessionTouchMiddleware:
    """Idle expiry at a bounded cost: a session is saved again (its expiry moved ``SESSION_COOKIE_AGE`` on) when
    ``FAZHI_SESSION_TOUCH_SECONDS`` have passed since it last was, not at every request (settings). Inside
    Django's SessionMiddleware, so the save is its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = _now()
        touched = session.get(SESSION_TOUCHED)
        stale = not isinstance(touched, int) or not 0 <= now - touched < settings.FAZHI_SESSION_TOUCH_SECONDS
        if stale or session.modified:  # saved anyway when modified: the clock restarts with it
            session[SESSION_TOUCHED] = now
        return response
