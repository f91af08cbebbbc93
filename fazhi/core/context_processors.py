from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

_NAV = [
    ("core:home", "工作台"),
    ("cases:case_list", "案件"),
    ("agencies:agency_list", "机构"),
    ("agencies:officer_list", "执法人员"),
    ("powers:item_list", "权责清单"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for name, label in _NAV:
        url = reverse(name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
