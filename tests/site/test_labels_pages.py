"""Labels everywhere, never internal codes: no page shows a choice's stored value where its label belongs."""

from __future__ import annotations

import enum
import html
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from fazhi.accounts.models import Role, User
from fazhi.legal_affairs.views import KINDS
from fazhi.powers.domain import Domain

from .pages import demo_pages

#: Codes that are also words a page may show as they are (file formats).
ALLOWED = {"xlsx", "csv", "json", "md", "docx", "pdf", "sms", "email"}


def _codes() -> set[str]:
    """Every stored value of a choice field (and of the power list's domains) that reads as an English code."""
    values: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                values.add(str(value))
    values |= {d.value if isinstance(d, enum.Enum) else str(d) for d in Domain}
    return {v for v in values if re.fullmatch(r"[a-z][a-z_]{2,}", v) and v not in ALLOWED}


def visible_text(page: str) -> str:
    # Scripts and styles are not shown; <code> holds identifiers shown on purpose (a draw's random seed).
    page = re.sub(r"<(script|style|code)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def raw_codes(page: str, codes: set[str]) -> set[str]:
    """The choice values in the visible text, and any setting name (FAZHI_…) a page would leak."""
    text = visible_text(page)
    return (set(re.findall(r"[a-z][a-z_]{2,}", text)) & codes) | set(re.findall(r"FAZHI_[A-Z_]+", text))


@pytest.mark.parametrize("role", [Role.HEAD, Role.SUPERVISOR, Role.SYSTEM_ADMIN])
def test_no_listed_page_shows_a_raw_code(client: Client, demo_users: dict[str, User], role: str) -> None:
    codes = _codes()
    assert {"general", "patrol", "investigating"} <= codes  # the test knows the codes it looks for
    client.force_login(demo_users[role])
    found = {}
    for url in demo_pages():
        response = client.get(url, follow=True)  # the administrator, who has no agency, is sent to choose one
        assert response.status_code == 200, url
        if raw := raw_codes(response.content.decode(), codes):
            found[url] = sorted(raw)
    assert found == {}, found


def test_the_records_page_shows_labels(client: Client, demo_users: dict[str, User]) -> None:
    client.force_login(demo_users[Role.HEAD])
    page = client.get(reverse("reports:records")).content.decode()
    text = visible_text(page)
    assert "general" not in text and "patrol" not in text and "municipal" not in text
    assert "一般程序" in text


def test_legal_affairs_registers_show_choices_by_their_labels() -> None:
    """A register's column on a choice field goes through get_FOO_display, even where the demo has no rows."""
    for kind in KINDS.values():
        fields = {f.name: f for f in kind.model._meta.get_fields() if hasattr(f, "choices")}
        for attr, label in kind.columns:
            field = fields.get(attr)
            assert not (field is not None and field.choices), f"{kind.title}：{label}（{attr}）应显示中文"
