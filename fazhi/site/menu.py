"""The menu, from one table: each entry, the page it opens, and who may use it.

An entry is shown to a user who holds one of its roles (a superuser counts as a 系统管理员), or for whom its
predicate holds. Every entry must open for everyone it is shown to: tests/site/test_menu_roles.py requests every
entry as every role. A page a role may open but has no work on (a 法制审核人员 on 双随机) is left out of that role's
menu; the page itself still answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from fazhi.accounts.models import Role, User
from fazhi.agencies.models import Agency, AgencyKind

R = Role
#: The roles that handle cases (a 监督人员 only reads them; a 系统管理员 runs the system).
CASE_WORK = (R.OFFICER, R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.HEAD, R.CLERK)
EVERYONE = tuple(Role)

GROUP_WORK = "办案"
GROUP_BUSINESS = "业务"
GROUP_OVERSIGHT = "监督统计"
GROUP_BASE = "基础数据"
GROUP_SYSTEM = "系统"


def _templates_url(actor: User, url: str) -> str | None:
    """文书模板 belongs to a legal subject: a user without an agency (the administrator) opens the first bureau's."""
    if actor.agency_id is not None:
        return url
    bureau = Agency.objects.filter(kind=AgencyKind.BUREAU, is_active=True).order_by("pk").values("pk").first()
    return f"{url}?agency={bureau['pk']}" if bureau else None


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str
    group: str
    roles: tuple[str, ...]
    #: Optional: shown also when it holds (in addition to the roles).
    predicate: Callable[[User], bool] | None = None
    #: Optional: the URL for this actor (a query string), or None to leave the entry out.
    url_for: Callable[[User, str], str | None] | None = None


E = MenuEntry
MENU: tuple[MenuEntry, ...] = (
    E("core:home", "工作台", GROUP_WORK, EVERYONE, predicate=lambda u: True),
    E("cases:todo", "待办", GROUP_WORK, CASE_WORK),
    E("cases:case_list", "案件", GROUP_WORK, (*CASE_WORK, R.SUPERVISOR)),
    # The field client (PWA, works offline): tickets, 笔录 and evidence made in the street.
    E("field:shell", "外勤", GROUP_WORK, (R.OFFICER, R.SQUAD_LEADER)),
    E("field:blocks", "决定书号段", GROUP_WORK, (R.CLERK, R.HEAD)),
    E("complaints:list", "群众诉求", GROUP_BUSINESS, (R.OFFICER, R.SQUAD_LEADER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("complaints:scores", "承办单位考核", GROUP_BUSINESS, (R.SQUAD_LEADER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E(
        "urban:rectification_list",
        "责令改正与拆违",
        GROUP_BUSINESS,
        (R.OFFICER, R.SQUAD_LEADER, R.HEAD, R.CLERK, R.SUPERVISOR),
    ),
    E("inspections:index", "双随机", GROUP_BUSINESS, (R.OFFICER, R.SQUAD_LEADER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("legal_affairs:index", "法制工作", GROUP_BUSINESS, (R.LEGAL_REVIEWER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("counsel:index", "法律顾问与法治建设", GROUP_BUSINESS, (R.LEGAL_REVIEWER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("publicity:staff", "公示", GROUP_BUSINESS, (R.LEGAL_REVIEWER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("portal_staff:index", "信息公开", GROUP_BUSINESS, (R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.HEAD, R.CLERK)),
    E("waste:index", "渣土准运", GROUP_BUSINESS, (R.OFFICER, R.SQUAD_LEADER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("campaigns:list", "专项行动", GROUP_BUSINESS, (R.OFFICER, R.SQUAD_LEADER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("campaigns:soft_measures", "柔性执法", GROUP_BUSINESS, (*CASE_WORK[:2], R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("supervision:board", "监督", GROUP_OVERSIGHT, (R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.HEAD, R.SUPERVISOR)),
    # 预警处置: the unit answers (every role of case work), the supervisors assign and verify
    E("supervision:disposition_list", "预警整改", GROUP_OVERSIGHT, (*CASE_WORK, R.SUPERVISOR)),
    E("supervision:inspection_list", "督查", GROUP_OVERSIGHT, (R.LEGAL_REVIEWER, R.HEAD, R.SUPERVISOR)),
    E("supervision:issued_list", "通报", GROUP_OVERSIGHT, (R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.HEAD, R.SUPERVISOR)),
    E("supervision:library", "示范优案与典型差案", GROUP_OVERSIGHT, (*CASE_WORK, R.SUPERVISOR)),
    E("reports:dashboard", "统计", GROUP_OVERSIGHT, (R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.HEAD, R.CLERK, R.SUPERVISOR)),
    E("agencies:agency_list", "机构", GROUP_BASE, (R.HEAD, R.SUPERVISOR, R.SYSTEM_ADMIN)),
    E("agencies:officer_list", "执法人员", GROUP_BASE, (*CASE_WORK[1:], R.SUPERVISOR, R.SYSTEM_ADMIN)),
    E("powers:item_list", "权责清单", GROUP_BASE, EVERYONE),
    E("portal:home", "信息公开门户", GROUP_BASE, EVERYONE),
    E("documents:templates_admin", "文书模板", GROUP_BASE, (R.HEAD, R.CLERK, R.SYSTEM_ADMIN), url_for=_templates_url),
    E("imports:upload", "数据导入", GROUP_SYSTEM, (R.SQUAD_LEADER, R.LEGAL_REVIEWER, R.HEAD, R.CLERK, R.SYSTEM_ADMIN)),
    E("core:holidays", "节假日安排", GROUP_SYSTEM, (R.SYSTEM_ADMIN,)),
    E("accounts:users", "用户账户", GROUP_SYSTEM, (R.SYSTEM_ADMIN,)),
    E("portal_staff:partners", "对接系统密钥", GROUP_SYSTEM, (R.SYSTEM_ADMIN,)),
    E("exchange:overview", "数据交换", GROUP_SYSTEM, (R.SYSTEM_ADMIN,)),
)
del E


def roles_of(actor: User) -> frozenset[str]:
    """The actor's roles; a superuser is a 系统管理员 whatever his grants."""
    roles = set(actor.role_set)
    if actor.is_superuser:
        roles.add(Role.SYSTEM_ADMIN)
    return frozenset(roles)


def entry_visible(entry: MenuEntry, actor: User) -> bool:
    if roles_of(actor).intersection(entry.roles):
        return True
    return entry.predicate is not None and entry.predicate(actor)


def menu_items(actor: User, path: str) -> list[dict[str, Any]]:
    """The flat menu of ``actor`` on the page ``path``: dicts with url, label, active and group, in table order.

    An entry of an app that is not installed (no URL) is left out. The active entry is the longest URL that
    prefixes the path (/agencies/officers/ is 执法人员, not 机构).
    """

    items: list[dict[str, Any]] = []
    for entry in MENU:
        if not entry_visible(entry, actor):
            continue
        try:
            url: str | None = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        if entry.url_for is not None and url is not None:
            url = entry.url_for(actor, url)
        if url is None:
            continue
        items.append({"url": url, "label": entry.label, "group": entry.group, "active": False})
    bases = [i["url"].split("?", 1)[0] for i in items]
    matches = [b for b in bases if path == b or (b != "/" and path.startswith(b))]
    if matches:
        active = max(matches, key=len)
        for item, base in zip(items, bases, strict=True):
            item["active"] = base == active
    return items
