"""The 执法事项 chosen by searching its code or Chinese name on 案源登记, in a real browser (htmx), and the warning a
township gets on choosing an item not delegated to it, before submitting."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.browser.pages import wait_until

pytestmark = pytest.mark.browser


def test_typing_part_of_a_name_offers_the_items_whose_value_is_the_code(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "duiyuan1")
    page.goto("/cases/new/")
    field = page.locator("#power_item_code")
    field.click()
    field.press_sequentially("垃圾", delay=50)
    wait_until(page, "document.querySelectorAll('#power-item-options option').length > 0", timeout=15)
    values = page.eval_on_selector_all("#power-item-options option", "os => os.map(o => o.value)")
    assert "SL-SR-001" in values and all("-" in v for v in values)  # codes, not names, are posted


def test_a_township_is_warned_on_choosing_an_item_not_delegated_to_it(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "xiangzhen")
    page.goto("/cases/new/")
    page.fill("#power_item_code", "SL-GH-001")
    page.locator("#power_item_code").dispatch_event("change")
    warning = page.locator("#power-item-note .item-warning")
    warning.wait_for(timeout=15000)
    assert "未获赋权" in warning.inner_text()
    page.fill("#power_item_code", "SL-SR-001")
    page.locator("#power_item_code").dispatch_event("change")
    page.locator("#power-item-note .item-chosen").wait_for(timeout=15000)
    assert page.locator("#power-item-note .item-warning").count() == 0
