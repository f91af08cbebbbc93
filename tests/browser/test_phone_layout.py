"""Every page an officer uses in the field fits a phone: no horizontal scrolling of the page at 360, 390 and 414 px.

The pages are one table, ``FIELD_PAGES``: add a row for a new field page (``/field/``, the 笔录 pages). A path may
name ``{case}``, ``{open_case}``, ``{complaint}``: found in the demo through the ORM for the row's user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from fazhi.accounts.models import User  # Django is set up by the conftest before the test modules are collected
from fazhi.cases.models import Case, CaseState
from fazhi.complaints.selectors import complaint_list
from tests.browser.conftest import PHONE, PHONE_LARGE, PHONE_SMALL, assert_fits, overflow

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class FieldPage:
    name: str
    username: str
    path: str


FIELD_PAGES = (
    FieldPage("工作台", "duiyuan1", "/"),
    FieldPage("待办", "duiyuan1", "/cases/todo/"),
    FieldPage("案件列表", "duiyuan1", "/cases/"),
    FieldPage("案件（调查中）", "duiyuan1", "/cases/{open_case}/"),
    FieldPage("案件（执行中）", "duiyuan1", "/cases/{case}/"),
    FieldPage("简易程序当场处罚", "duiyuan1", "/cases/simple/new/"),
    FieldPage("案源登记", "duiyuan1", "/cases/new/"),
    FieldPage("证据", "duiyuan1", "/evidence/case/{open_case}/"),
    FieldPage("群众诉求列表", "duiyuan1", "/complaints/"),
    FieldPage("群众诉求", "duiyuan1", "/complaints/{complaint}/"),
    FieldPage("承办单位考核", "neiqin", "/complaints/scores/"),
    FieldPage("双随机检查任务", "duiyuan1", "/inspections/tasks/"),
    FieldPage("外勤（离线）", "duiyuan1", "/field/"),
    FieldPage("现场检查笔录", "duiyuan1", "/evidence/case/{open_case}/records/new/?kind=inspection"),
    FieldPage("询问笔录", "duiyuan1", "/evidence/case/{open_case}/records/new/?kind=inquiry"),
    FieldPage("当场处罚决定书打印", "duiyuan1", "/documents/case/{simple}/print/simple_decision/?paper=80mm"),
    FieldPage("号段领用", "neiqin", "/field/blocks/"),
    FieldPage("双随机", "neiqin", "/inspections/"),
    FieldPage("双随机抽取公示", "neiqin", "/public/inspections/"),
    FieldPage("信息公开首页", "duiyuan1", "/public/"),
    FieldPage("信息公开检索", "duiyuan1", "/public/search/?q=占道"),
    FieldPage("权责清单（公开）", "duiyuan1", "/public/powers/"),
    FieldPage("执法人员（公开）", "duiyuan1", "/public/officers/"),
    FieldPage("处罚决定（公开）", "duiyuan1", "/public/decisions/"),
)

VIEWPORTS = {"390x844": PHONE, "360x740": PHONE_SMALL, "414x896": PHONE_LARGE}


def _demo_ids(username: str) -> dict[str, int]:
    """The demo's records the path placeholders name, as ``username`` sees them."""
    actor = User.objects.get(username=username)
    mine = Case.objects.filter(handlers__officer__user=actor).order_by("pk")
    investigating = mine.filter(state=CaseState.INVESTIGATING).first()
    executing = mine.filter(state=CaseState.EXECUTING, procedure="general").first()
    complaint = complaint_list(actor=actor).first()
    simple = Case.objects.filter(procedure="simple", simple_form_number__gt="").order_by("pk").first()
    assert investigating and executing and complaint, f"示范数据里没有 {username} 的调查中、执行中案件或诉求"
    assert simple, "示范数据里没有当场处罚案件"
    return {"open_case": investigating.pk, "case": executing.pk, "complaint": complaint.pk, "simple": simple.pk}


@pytest.mark.parametrize("size", VIEWPORTS, ids=str)
@pytest.mark.parametrize("field_page", FIELD_PAGES, ids=lambda p: p.name)
def test_field_page_fits_the_phone_without_horizontal_scrolling(
    logged_in: Any, field_page: FieldPage, size: str
) -> None:
    page = logged_in(field_page.username, viewport=VIEWPORTS[size])
    path = field_page.path.format(**_demo_ids(field_page.username)) if "{" in field_page.path else field_page.path
    response = page.goto(path)
    assert response is not None and response.ok, f"{field_page.name} {path}：HTTP {response and response.status}"
    assert "/accounts/login/" not in page.url
    assert_fits(page, f"{field_page.name} {path}")


def test_the_menu_folds_into_a_button_on_a_phone_and_opens_on_a_tap(logged_in: Any) -> None:
    page = logged_in("duiyuan1", phone=True)
    page.goto("/cases/todo/")
    menu_link = page.locator("header nav a", has_text="案件").first
    assert page.locator("details.menu > summary").is_visible()
    assert not menu_link.is_visible(), "手机上菜单应收起在「菜单」按钮后"

    page.tap("details.menu > summary")
    assert menu_link.is_visible()
    assert page.locator("header .user", has_text="退出").is_visible()
    assert_fits(page, "打开菜单后")
    page.locator("main").dispatch_event("click")  # a tap outside the menu (the open panel may cover the screen)
    assert not menu_link.is_visible(), "点菜单外应收起菜单"
    page.tap("details.menu > summary")
    page.keyboard.press("Escape")
    assert not menu_link.is_visible(), "按 Esc 应收起菜单"
    page.tap("details.menu > summary")
    menu_link.tap()
    page.wait_for_url("**/cases/")
    assert page.locator("h1", has_text="案件").is_visible()


def test_the_menu_is_a_row_of_links_on_a_wide_screen(logged_in: Any) -> None:
    page = logged_in("duiyuan1")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    assert not page.locator("details.menu > summary").is_visible()
    # The top level of the menu: a group's button, or a link outside any group.
    top = page.locator("header nav > .nav-group > .nav-group-label, header nav > a")
    assert top.count() >= 3
    tops = {round(box["y"]) for box in (top.nth(i).bounding_box() for i in range(top.count())) if box}
    assert len(tops) == 1, f"宽屏时菜单应在一行：{tops}"
    group = page.locator("header nav > .nav-group").first
    group.locator(".nav-group-label").hover()
    assert group.locator(".nav-group-items a").first.is_visible(), "宽屏时指向菜单组应展开其条目"


def test_a_list_table_becomes_labelled_cards_on_a_phone_and_stays_a_table_on_a_wide_screen(logged_in: Any) -> None:
    page = logged_in("duiyuan1", phone=True)
    page.goto("/cases/")
    table = page.locator("table.list").first
    assert "cards" in (table.get_attribute("class") or "")
    assert not table.locator("thead").is_visible()
    first_row = table.locator("tbody tr").first
    labels = first_row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert '"编号"' in labels and '"状态"' in labels, labels
    box = first_row.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert overflow(page)["scrollWidth"] <= PHONE["width"]

    page.set_viewport_size({"width": 1280, "height": 800})
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator("thead").is_visible()


def test_a_table_without_a_header_row_scrolls_inside_itself_on_a_phone(logged_in: Any) -> None:
    page = logged_in("duiyuan1", phone=True)
    page.goto("/cases/")
    page.evaluate(
        """() => { const t = document.createElement('table'); t.className = 'list'; t.id = 'wide';
                   t.innerHTML = '<tr>' + '<td>清城管罚决字〔2026〕第1号</td>'.repeat(8) + '</tr>';
                   document.querySelector('main').append(t); }"""
    )
    widths = page.locator("#wide").evaluate(
        "t => ({scroll: t.scrollWidth, client: t.clientWidth, overflow: getComputedStyle(t).overflowX})"
    )
    assert widths["overflow"] == "auto" and widths["scroll"] > widths["client"], widths
    assert_fits(page, "加入一张无表头的宽表后")


def test_long_numbers_and_unbroken_text_wrap_instead_of_widening_the_page(logged_in: Any) -> None:
    page = logged_in("duiyuan1", viewport=PHONE_SMALL)
    page.goto("/cases/todo/")
    page.evaluate(
        """() => { const m = document.querySelector('main');
                   m.insertAdjacentHTML('afterbegin', '<h1>清城管罚决字〔2026〕第' + '1'.repeat(60) + '号</h1>'
                     + '<div class="card"><p>统一社会信用代码 ' + '91430281MA4L000000'.repeat(4) + '</p></div>'
                     + '<div class="msg error">' + 'x'.repeat(120) + '</div>'); }"""
    )
    assert_fits(page, "插入长文号和长代码后")


def test_form_controls_take_the_width_and_a_finger_sized_height_on_a_phone(logged_in: Any) -> None:
    page = logged_in("duiyuan1", phone=True)
    page.goto("/cases/new/")
    boxes = page.locator("main form input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main form select")
    assert boxes.count() > 2
    main_width = page.locator("main").evaluate("m => m.clientWidth")
    for i in range(boxes.count()):
        box = boxes.nth(i).bounding_box()
        if box is None:  # folded away
            continue
        assert box["height"] >= 44, f"第 {i + 1} 个输入框高 {box['height']} px，手指难以点中"
        assert box["width"] >= main_width - 60, f"第 {i + 1} 个输入框宽 {box['width']} px，未占满一行"


def test_print_shows_the_record_without_menu_or_buttons(logged_in: Any) -> None:
    page = logged_in("duiyuan1")
    page.goto(f"/cases/{_demo_ids('duiyuan1')['case']}/")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    shown = page.evaluate(
        "[...document.querySelectorAll('main button, main .button')].filter(b => b.getClientRects().length).length"
    )
    assert page.locator("main button").count() > 0 and shown == 0, f"打印时仍显示 {shown} 个按钮"
    assert page.locator("main h1").is_visible()
