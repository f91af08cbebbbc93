"""The read-only 司法局 supervisor sees no form that writes on any page outside the case page.

What stays: the logout button, the exports (a file of what he may read) and the discretion calculator, which
change nothing, and 案卷评查 (file review), which is the supervisor's own work. The server still refuses a write.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.accounts.models import Role, User
from fazhi.complaints.models import Complaint

from .pages import demo_pages

FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
ACTION = re.compile(r'(?:action|hx-post)="([^"]*)"')
#: POST forms a read-only user may use: they change no business data.
READ_ONLY_POSTS = (
    "/accounts/logout/",
    "/reports/export/",
    "export/",
    "/publicity/export/",
    "/explain/",
    "/supervision/reviews/",
)


def _writing_forms(html: str, path: str) -> list[str]:
    out = []
    for tag in FORM.findall(html):
        if 'method="post"' not in tag.lower() and "hx-post" not in tag.lower():
            continue
        target = (ACTION.findall(tag) or [path])[0]
        if not any(allowed in target for allowed in READ_ONLY_POSTS):
            out.append(tag)
    return out


def test_the_supervisor_sees_no_writing_form_on_any_listed_page(client: Client, demo_users: dict[str, User]) -> None:
    client.force_login(demo_users[Role.SUPERVISOR])
    pages = demo_pages()
    assert len(pages) > 30
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.context["can_write"] is False
        assert _writing_forms(response.content.decode(), url) == [], url


def test_a_head_sees_the_forms_the_supervisor_does_not(client: Client, demo_users: dict[str, User]) -> None:
    client.force_login(demo_users[Role.HEAD])
    for name in ("complaints:list", "inspections:index", "inspections:tasks", "powers:delegation_list"):
        response = client.get(reverse(name))
        assert response.context["can_write"] is True
        assert _writing_forms(response.content.decode(), reverse(name)), name


def test_the_server_still_refuses_the_supervisors_write(client: Client, demo_users: dict[str, User]) -> None:
    supervisor = demo_users[Role.SUPERVISOR]
    client.force_login(supervisor)
    before = Complaint.objects.count()
    data = {"agency": demo_users[Role.HEAD].agency_id, "content": "路灯不亮", "source": "12345"}
    response = client.post(reverse("complaints:list"), data)
    assert response.status_code in {200, 302, 403}
    assert Complaint.objects.count() == before


@pytest.mark.parametrize("role", [Role.OFFICER, Role.CLERK])
def test_writers_have_can_write(client: Client, demo_users: dict[str, User], role: str) -> None:
    client.force_login(demo_users[role])
    assert client.get(reverse("core:home")).context["can_write"] is True
