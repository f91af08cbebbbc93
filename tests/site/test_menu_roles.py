"""The menu shows every app a role may use and only those; every entry it shows opens for that role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.models import Role, User
from fazhi.site.menu import MENU, entry_visible, menu_items

from .conftest import DEMO_LOGINS


def _menu(client: Client, user: User) -> list[dict[str, object]]:
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return list(response.context["nav_items"])


@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_every_entry_shown_to_a_role_opens_for_it(client: Client, demo_users: dict[str, User], role: str) -> None:
    user = demo_users[role]
    items = _menu(client, user)
    assert items, "every role has a menu"
    for item in items:
        response = client.get(item["url"])
        where = f"{Role(role).label}：{item['label']} {item['url']}"
        assert response.status_code == 200, f"{where} → {response.status_code}"
        assert set(item) == {"url", "label", "active", "group"}


@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_the_menu_is_the_table_filtered_by_role(client: Client, demo_users: dict[str, User], role: str) -> None:
    user = demo_users[role]
    labels = [i["label"] for i in _menu(client, user)]
    expected = [e.label for e in MENU if entry_visible(e, user)]
    assert labels == expected
    hidden = {e.label for e in MENU} - set(labels)
    for entry in MENU:
        if entry.label in hidden:
            assert role not in entry.roles


def test_each_role_sees_its_own_apps(client: Client, demo_users: dict[str, User]) -> None:
    def labels(role: str) -> set[str]:
        return {str(i["label"]) for i in _menu(client, demo_users[role])}

    officer = labels(Role.OFFICER)
    assert {"待办", "案件", "群众诉求", "双随机", "权责清单"} <= officer
    assert not {"数据导入", "节假日安排", "机构", "法制工作", "监督"} & officer
    assert {"法制工作", "公示", "监督", "待办"} <= labels(Role.LEGAL_REVIEWER)
    head = labels(Role.HEAD)
    assert {"待办", "群众诉求", "双随机", "法制工作", "公示", "监督", "统计", "文书模板"} <= head
    assert "节假日安排" not in head and "数据导入" in head  # a head imports his agency's officers … (docs/import.md)
    supervisor = labels(Role.SUPERVISOR)
    assert {"案件", "监督", "统计", "群众诉求", "双随机", "法制工作"} <= supervisor
    assert "待办" not in supervisor  # read-only: nothing to do
    admin = labels(Role.SYSTEM_ADMIN)
    assert {"数据导入", "节假日安排", "机构", "执法人员", "文书模板"} <= admin
    assert "待办" not in admin


def test_the_active_entry_is_the_longest_prefix_of_the_path(demo_users: dict[str, User]) -> None:
    items = menu_items(demo_users[Role.HEAD], reverse("agencies:officer_list"))
    assert [i["label"] for i in items if i["active"]] == ["执法人员"]
    items = menu_items(demo_users[Role.HEAD], "/")
    assert [i["label"] for i in items if i["active"]] == ["工作台"]


def test_the_menu_is_grouped(demo_users: dict[str, User]) -> None:
    groups = [i["group"] for i in menu_items(demo_users[Role.HEAD], "/")]
    assert groups[0] == "办案"
    assert len(set(groups)) >= 3
    # A group's entries are together: the groups do not interleave.
    seen: list[str] = []
    for g in groups:
        if not seen or seen[-1] != g:
            assert g not in seen
            seen.append(g)


@pytest.mark.parametrize("username", ["xiangzhen", "zhenzhang", "duiyuan2"])
def test_the_township_and_other_logins_open_every_entry_they_see(
    client: Client, demo_users: dict[str, User], username: str
) -> None:
    user = User.objects.get(username=username)
    for item in _menu(client, user):
        assert client.get(item["url"]).status_code == 200, (username, item["url"])
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
