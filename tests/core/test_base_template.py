"""The base template renders the menu from ``nav_items``: flat, or in groups when the items carry a ``group``."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.test import RequestFactory


class _User:
    is_authenticated = True
    agency = None
    role_labels = ("执法队员",)

    def __str__(self) -> str:
        return "刘晓东"


def _render(nav_items: list[dict[str, Any]]) -> str:
    request = RequestFactory().get("/cases/")
    return render_to_string("core/base.html", {"user": _User(), "nav_items": nav_items}, request=request)


def test_a_flat_menu_renders_every_item_with_the_active_one_marked() -> None:
    html = _render(
        [
            {"url": "/", "label": "工作台", "active": False},
            {"url": "/cases/", "label": "案件", "active": True},
        ]
    )
    assert '<a href="/">工作台</a>' in html
    assert '<a href="/cases/" class="active" aria-current="page">案件</a>' in html
    assert "nav-group" not in html
    assert '<summary aria-label="打开或关闭菜单">' in html
    assert "刘晓东" in html and "执法队员" in html and "退出" in html


def test_grouped_items_render_under_their_group_and_ungrouped_ones_stay_flat() -> None:
    html = _render(
        [
            {"url": "/", "label": "工作台", "active": False, "group": ""},
            {"url": "/cases/todo/", "label": "待办", "active": False, "group": "办案"},
            {"url": "/cases/", "label": "案件", "active": True, "group": "办案"},
            {"url": "/complaints/", "label": "群众诉求", "active": False, "group": "执法"},
        ]
    )
    assert html.count('class="nav-group"') == 2
    assert '<button type="button" class="nav-group-label active">办案</button>' in html
    assert '<button type="button" class="nav-group-label">执法</button>' in html
    cases_group = html[html.index(">办案</button>") : html.index(">执法</button>")]
    assert "/cases/todo/" in cases_group and "/cases/" in cases_group and "/complaints/" not in cases_group
    assert html.index('<a href="/">工作台</a>') < html.index(">办案</button>")


def test_the_page_has_a_scripts_block_after_the_content_and_no_menu_when_logged_out() -> None:
    html = render_to_string("core/base.html", {"user": type("Anon", (), {"is_authenticated": False})()})
    assert 'details class="menu"' not in html
    assert html.index("</main>") < html.index("fazhi/cards.js") < html.index("</body>")
