from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.accounts import otp, selectors
from fazhi.accounts.backends import login_throttled
from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.accounts.services import (
    api_token_revoke,
    user_change_password,
    user_lock,
    user_set_active,
    user_unlock,
)
from fazhi.core.errors import ApplicationError, NotFoundOrForbidden
from fazhi.core.middleware import client_ip


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return ""
    return target


def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        user = authenticate(request, username=username, password=password)
        if user is not None:
            login(request, user)
            return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
        # The same two answers whether the username exists or not (see backends).
        if login_throttled(username, client_ip(request)):
            error = (
                f"登录失败次数过多，本机已暂停登录{settings.FAZHI_LOGIN_LOCKOUT_MINUTES}分钟。"
                "请稍后再试，或联系系统管理员解锁。"
            )
        else:
            error = "用户名或密码不正确。"
    return render(
        request, "accounts/login.html", {"error": error, "username": username, "next": request.GET.get("next", "")}
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actor = request_actor(request)
        try:
            if request.POST.get("new_password") != request.POST.get("new_password2"):
                raise ApplicationError("两次输入的新密码不一致。")
            user_change_password(
                actor=actor,
                old_password=request.POST.get("old_password", ""),
                new_password=request.POST.get("new_password", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            update_session_auth_hash(request, actor)
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    return render(request, "accounts/password_change.html")


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: scan the QR code (or type the secret), then confirm with a first code."""
    actor = request_actor(request)
    if otp.otp_has_device(actor):
        messages.info(request, "您已绑定身份验证器。")
        return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
    if request.method == "POST":
        try:
            otp.otp_enrolment_confirm(request=request, actor=actor, token=request.POST.get("token", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "身份验证器已绑定，今后登录需输入动态码。")
            return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
    device = otp.otp_enrolment_start(actor=actor)
    context = {
        "qr_svg": otp.otp_qr_svg(device),
        "secret": otp.otp_secret(device),
        "uri": device.config_url,
        "required": otp.otp_required_for(actor),
        "next": _safe_next(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The login's second step for a user with a device."""
    actor = request_actor(request)
    if not otp.otp_has_device(actor):
        return redirect("accounts:otp_enrol")
    if request.method == "POST":
        try:
            otp.otp_verify(request=request, actor=actor, token=request.POST.get("token", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/otp_verify.html", {"next": _safe_next(request)})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """A user's API tokens (an administrator's page lists everyone's), each revocable."""
    actor = request_actor(request)
    tokens = selectors.api_token_list(actor=actor)[:500]
    return render(request, "accounts/tokens.html", {"tokens": tokens, "all_users": actor.is_system_admin})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        token = selectors.access_api_token(actor=actor, token_id=token_id)
        api_token_revoke(actor=actor, token=token)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"接口令牌 {token.prefix}… 已吊销。")
    return redirect("accounts:tokens")


# --- accounts, for administrators -----------------------------------------------------------------------------
USERS_PAGE = 200


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """Every account with whether it can log in (locked, paused by failed logins, disabled) and its second factor;
    系统管理员 only (others get 403)."""
    actor = request_actor(request)
    search = request.GET.get("q", "").strip()[:60]
    users = list(selectors.user_list(actor=actor, search=search)[:USERS_PAGE])
    context = {
        "rows": selectors.account_statuses(users=users),
        "q": search,
        "truncated": len(users) == USERS_PAGE,
        "page_size": USERS_PAGE,
    }
    return render(request, "accounts/users.html", context)


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_actor(request)
    try:
        user = selectors.access_user(actor=actor, user_id=user_id)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    return _user_page(request, user, reason="")


def _user_page(request: HttpRequest, user: User, *, reason: str, status: int = 200) -> HttpResponse:
    context = {
        "status": selectors.account_status(user=user),
        "reason": reason,
        "attempts": user.login_attempts.order_by("-at", "-pk")[:20],
        "max_failures": settings.FAZHI_LOGIN_MAX_FAILURES,
        "window": settings.FAZHI_LOGIN_LOCKOUT_MINUTES,
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "accounts/user_detail.html", context, status=status)


ACCOUNT_ACTIONS = ("unlock", "lock", "otp_reset", "disable", "enable")


@login_required
@require_POST
def user_action(request: HttpRequest, user_id: int, action: str) -> HttpResponse:
    """解除锁定, 锁定, 重置身份验证器, 停用, 启用: each one service, audited; a refusal shows the page again with
    its message (and the reason as typed)."""
    actor = request_actor(request)
    try:
        user = selectors.access_user(actor=actor, user_id=user_id)
    except NotFoundOrForbidden as exc:
        raise Http404(exc.message) from exc
    if action not in ACCOUNT_ACTIONS:
        raise Http404("没有这项操作。")
    reason = request.POST.get("reason", "")
    try:
        if action == "unlock":
            user_unlock(actor=actor, user=user)
            done = "已解除登录锁定，失败登录记录已清除。"
        elif action == "lock":
            user_lock(actor=actor, user=user)
            done = "账户已锁定：不能登录，接口令牌暂停使用。"
        elif action == "otp_reset":
            otp.otp_reset(actor=actor, user=user)
            done = "身份验证器已重置：该用户下次登录时须重新绑定。"
        else:
            user_set_active(actor=actor, user=user, active=action == "enable", reason=reason)
            done = "账户已启用。" if action == "enable" else "账户已停用：不能登录，接口令牌失效。"
    except ApplicationError as exc:
        messages.error(request, exc.message)
        user.refresh_from_db()
        return _user_page(request, user, reason=reason, status=exc.status_code)
    messages.success(request, f"{user}：{done}")
    return redirect("accounts:user_detail", user_id=user.pk)
