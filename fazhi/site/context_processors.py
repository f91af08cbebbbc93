"""The menu and the holiday banner, on every page (moved here from core: the menu names every app)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from fazhi.accounts.models import Role
from fazhi.accounts.request import request_actor
from fazhi.core import clock
from fazhi.core.holidays import missing_years

_NAV = [
    ("core:home", "工作台"),
    ("cases:todo", "待办"),
    ("cases:case_list", "案件"),
    ("agencies:agency_list", "机构"),
    ("agencies:officer_list", "执法人员"),
    ("powers:item_list", "权责清单"),
    ("publicity:staff", "公示"),
    ("supervision:board", "监督"),
    ("reports:dashboard", "统计"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    entries = []
    for name, label in _NAV:
        try:
            entries.append((reverse(name), label))
        except NoReverseMatch:  # an app that is not installed has no menu entry
            continue

    actor = request_actor(request)
    if actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN):
        entries.append((reverse("core:holidays"), "节假日安排"))
    urls = [u for u, _ in entries]
    # The longest entry that prefixes the path is the active one (/agencies/officers/ is 执法人员, not 机构).
    matches = [u for u in urls if request.path == u or (u != "/" and request.path.startswith(u))]
    active = max(matches, key=len) if matches else None
    return {
        "nav_items": [{"url": u, "label": label, "active": u == active} for u, label in entries],
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
