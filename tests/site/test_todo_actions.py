"""待办 offers only the actions the user may take: each is one the workflow's guard lets this actor take."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.models import Role, User
from fazhi.cases import workflow
from fazhi.cases.models import Case, CaseState
from fazhi.cases.selectors import todo_list
from fazhi.core import clock

from .conftest import DEMO_LOGINS

HEAD_ONLY = {"register", "discuss", "decide", "apply_court", "close"}


@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_every_offered_action_passes_the_guard_for_this_actor(demo_users: dict[str, User], role: str) -> None:
    user, today = demo_users[role], clock.today()
    for item in todo_list(actor=user, today=today):
        assert item.actions and item.task == item.actions[0][1]
        for code, _label in item.actions:
            if code == "register":  # 立案审批: a head of the case's own legal subject
                assert user.has_role(Role.HEAD) and workflow.in_legal_subject(user, item.case)
            elif code != "remedy_reply":
                assert workflow.reasons(code, item.case, user, today) == [], (role, code, item.case.pk)


def test_a_legal_reviewer_is_not_offered_register_and_an_officer_no_head_approval(
    demo_users: dict[str, User],
) -> None:
    today = clock.today()
    lead = Case.objects.filter(state=CaseState.LEAD, legal_subject=demo_users[Role.HEAD].agency).first()
    assert lead is not None, "the demo has a lead awaiting 立案"
    head_items = {i.case.pk: i for i in todo_list(actor=demo_users[Role.HEAD], today=today)}
    assert ("register", "立案审批") in head_items[lead.pk].actions

    reviewer = todo_list(actor=demo_users[Role.LEGAL_REVIEWER], today=today)
    assert all(code != "register" for i in reviewer for code, _ in i.actions)
    assert lead.pk not in {i.case.pk for i in reviewer}
    officer = todo_list(actor=demo_users[Role.OFFICER], today=today)
    assert officer, "the officer has cases to work on in the demo"
    assert not {code for i in officer for code, _ in i.actions} & HEAD_ONLY
    assert all(label not in {"立案审批", "作出处罚决定", "集体讨论"} for i in officer for _, label in i.actions)


def test_the_read_only_supervisor_has_nothing_to_do(client: Client, demo_users: dict[str, User]) -> None:
    supervisor = demo_users[Role.SUPERVISOR]
    assert todo_list(actor=supervisor, today=clock.today()) == []
    client.force_login(supervisor)
    assert "没有待办事项" in client.get(reverse("cases:todo")).content.decode()


def test_the_todo_page_links_each_action_to_the_case(client: Client, demo_users: dict[str, User]) -> None:
    head = demo_users[Role.HEAD]
    client.force_login(head)
    response = client.get(reverse("cases:todo"))
    page = response.content.decode()
    items = todo_list(actor=head, today=clock.today())
    first = items[0]
    # The summary counts every offered action once.
    assert sum(n for _, n in response.context["by_action"]) == sum(len(i.actions) for i in items)
    code, label = first.actions[0]
    assert f'href="{reverse("cases:case_detail", args=[first.case.pk])}" data-action="{code}">{label}</a>' in page
    assert "立案审批" in page


def test_the_todo_api_lists_the_same_actions_as_the_page(demo_users: dict[str, User]) -> None:
    officer = demo_users[Role.OFFICER]
    client = Client()
    client.force_login(officer)
    rows = client.get("/api/cases/todo").json()
    expected = {i.case.pk: [list(a) for a in i.actions] for i in todo_list(actor=officer, today=clock.today())}
    assert rows and {r["case_id"]: [[a["code"], a["label"]] for a in r["actions"]] for r in rows} == expected
    assert all(r["task"] == r["actions"][0]["label"] for r in rows)
