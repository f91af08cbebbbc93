"""The menu, the write flag and the holiday banner, on every page (here, not in core: the menu names every app)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.agencies.scope import scope_for
from fazhi.core import clock
from fazhi.core.holidays import missing_years
from fazhi.site.menu import menu_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu (``nav_items``: url, label, active, group), ``can_write`` and the holiday banner.

    ``can_write`` is False for a read-only user (the 司法局's 监督人员): templates hide every form behind it; the
    services refuse the write all the same.
    """
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"can_write": False}
    actor = request_actor(request)
    return {
        "nav_items": menu_items(actor, request.path),
        "can_write": not scope_for(actor).read_only,
        **_holiday_banner(request),
    }


def _holiday_banner(request: HttpRequest) -> dict[str, Any]:
    """System administrators and heads are told, from 1 November, that next year's holidays are not entered."""

    user = request_actor(request)
    is_admin = user.is_superuser or user.has_role(Role.SYSTEM_ADMIN)
    if not (is_admin or user.has_role(Role.HEAD)):
        return {}
    years = missing_years(clock.today())
    if not years:
        return {}
    listed = "、".join(f"{y}年" for y in years)
    return {
        "holiday_banner": f"{listed}的法定节假日安排尚未录入：涉及该年工作日的期限暂按周末及法定节日推算（暂定）。",
        "holiday_banner_link": reverse("core:holidays") if is_admin else "",
    }
