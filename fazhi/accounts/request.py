from __future__ import annotations

from django.http import HttpRequest

from fazhi.accounts.models import User
from fazhi.core.errors import PermissionDenied


def request_actor(request: HttpRequest) -> User:
    """The logged-in user of a request (views are behind login_required; the API behind its auth)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("请先登录。")
    return user
