from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.accounts.services import user_change_password
from fazhi.core import clock
from fazhi.core.errors import ApplicationError


def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        user = authenticate(request, username=username, password=password)
        if user is not None:
            login(request, user)
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = ""
            return redirect(target or settings.LOGIN_REDIRECT_URL)
        locked = User.objects.filter(username=username, locked_until__gt=clock.now()).exists()
        if locked:
            error = (
                f"连续登录失败次数过多，账户已锁定{settings.FAZHI_LOGIN_LOCKOUT_MINUTES}分钟。"
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
