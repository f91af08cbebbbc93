"""Each role's 工作台 shows its own 待办 counts, overdue items and quick actions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.accounts.models import Role, User
from fazhi.cases.models import Case, CaseState
from fazhi.cases.selectors import todo_list
from fazhi.core import clock
from fazhi.site.workbench import workbench

from .conftest import DEMO_LOGINS


def _home(client: Client, user: User) -> tuple[str, list]:  # type: ignore[type-arg]
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode(), list(response.context["panels"])


def _figure(panels: list, label: str) -> object:  # type: ignore[type-arg]
    return next(f.value for p in panels for f in p.figures if f.label == label)


@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_each_role_sees_its_own_panel(client: Client, demo_users: dict[str, User], role: str) -> None:
    user = demo_users[role]
    page, panels = _home(client, user)
    assert role in [p.role for p in panels]
    assert {p.role for p in panels} == set(user.role_set)  # a squad leader who is also an officer sees both
    assert f'data-role="{role}"' in page
    links = {f.url for p in panels for f in p.figures if f.url} | {url for p in panels for _, url in p.actions}
    for url in links:  # every figure and button opens for this role
        assert client.get(url).status_code == 200, url


def test_the_officer_sees_his_next_steps_and_the_field_buttons(client: Client, demo_users: dict[str, User]) -> None:
    officer = demo_users[Role.OFFICER]
    page, panels = _home(client, officer)
    todo = todo_list(actor=officer, today=clock.today())
    assert _figure(panels, "待办事项") == len(todo) > 0
    assert f'href="{reverse("cases:simple_new")}">当场处罚</a>' in page
    assert f'href="{reverse("cases:case_new")}">新建案件</a>' in page
    assert todo[0].task in page
    handled = (
        Case.objects.filter(
            handlers__officer=officer.officer,
            handlers__removed_on__isnull=True,
            state__in=["investigating", "reviewing", "notified", "decided", "executing"],
        )
        .distinct()
        .count()
    )
    assert _figure(panels, "我承办的在办案件") == handled


def test_the_head_sees_what_awaits_his_approval(client: Client, demo_users: dict[str, User]) -> None:
    head = demo_users[Role.HEAD]
    page, panels = _home(client, head)
    leads = Case.objects.filter(state=CaseState.LEAD, legal_subject=head.agency.legal_subject()).count()
    assert leads > 0 and _figure(panels, "待立案审批") == leads
    assert "待集体讨论" in page and "未消除的监督预警" in page
    assert "当场处罚" not in page  # the field buttons are the officer's


def test_the_legal_reviewer_sees_cases_awaiting_legal_review(client: Client, demo_users: dict[str, User]) -> None:
    reviewer = demo_users[Role.LEGAL_REVIEWER]
    _page, panels = _home(client, reviewer)
    codes = [code for i in todo_list(actor=reviewer, today=clock.today()) for code, _ in i.actions]
    assert _figure(panels, "待法制审核") == codes.count("legal_review") > 0


def test_the_supervisor_board_is_read_only(client: Client, demo_users: dict[str, User]) -> None:
    page, panels = _home(client, demo_users[Role.SUPERVISOR])
    assert "只读" in panels[0].title and "不能办理" in page
    assert isinstance(_figure(panels, "未消除的监督预警"), int)
    assert "新建案件" not in page and "当场处罚" not in page


def test_the_clerk_and_the_admin_see_their_own_figures(client: Client, demo_users: dict[str, User]) -> None:
    page, panels = _home(client, demo_users[Role.CLERK])
    assert "当场处罚决定书余量（份）" in page and "待送达的处罚决定书" in page
    assert _figure(panels, "待送达的处罚决定书") == Case.objects.filter(state=CaseState.DECIDED).count()
    page, panels = _home(client, demo_users[Role.SYSTEM_ADMIN])
    assert "节假日安排未录入" in page and "进行中的导入" in page and "锁定中的账号" in page


def test_the_figures_are_counted_by_query(demo_users: dict[str, User]) -> None:
    """Beyond 待办, the panels' figures take a few queries each, however many cases there are."""
    head = demo_users[Role.HEAD]
    todo = todo_list(actor=head, today=clock.today())
    assert todo
    with CaptureQueriesContext(connection) as queries:
        workbench(actor=head, today=clock.today())
    with CaptureQueriesContext(connection) as todo_queries:
        todo_list(actor=head, today=clock.today())
    assert len(queries) - len(todo_queries) <= 15


def test_a_user_without_roles_is_told_so(client: Client, demo_users: dict[str, User]) -> None:
    user = User.objects.create_user(username="norole", password="x-Passw0rd-1", agency=demo_users[Role.HEAD].agency)
    page, panels = _home(client, user)
    assert panels == [] and "尚未分配角色" in page
