from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

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
    urls = [u for u, _ in entries]
    # The longest entry that prefixes the path is the active one (/agencies/officers/ is 执法人员, not 机构).
    matches = [u for u in urls if request.path == u or (u != "/" and request.path.startswith(u))]
    active = max(matches, key=len) if matches else None
    return {"nav_items": [{"url": u, "label": label, "active": u == active} for u, label in entries]}
