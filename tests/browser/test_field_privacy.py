"""A phone shared by officers: each has his own store on the device, and logging out removes the cached shell and
bundle, so nothing of the field client opens offline without a login — and no unsent ticket is lost."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login
from tests.browser.pages import wait_until

pytestmark = pytest.mark.browser

_FIELD_CACHES = "caches.keys().then((keys) => keys.filter((k) => k.startsWith('fazhi-field-')).length)"
_QUEUE_IDS = "window.fazhiFieldStore.queueAll().then((items) => items.map((q) => q.client_id))"


def _logout(page: Any) -> None:
    page.goto("/")
    page.evaluate("document.querySelector('form[action$=\"/logout/\"]').submit()")
    page.wait_for_url("**/accounts/login/**")


def test_each_officer_has_his_own_queue_and_logging_out_forgets_the_cached_client(
    browser: Any, phone_context_args: dict[str, Any]
) -> None:
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    try:
        login(page, "duiyuan1")
        page.goto("/field/")
        wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=20)
        assert page.evaluate(_FIELD_CACHES) >= 1  # the shell and its files are cached for offline use
        page.evaluate(
            "window.fazhiFieldStore.queuePut({client_id: 'mine-1', kind: 'field_record', status: 'refused',"
            " message: '', label: '未发送的笔录', data: {}, created_at: new Date().toISOString()})"
        )
        assert "mine-1" in page.evaluate(_QUEUE_IDS)

        _logout(page)
        deadline_polls = 50
        while page.evaluate(_FIELD_CACHES) and deadline_polls:
            page.wait_for_timeout(100)
            deadline_polls -= 1
        assert page.evaluate(_FIELD_CACHES) == 0  # offline, /field/ no longer opens from the cache

        login(page, "duiyuan2")
        page.goto("/field/")
        wait_until(page, "window.fazhiFieldStore !== undefined")
        assert "mine-1" not in page.evaluate(_QUEUE_IDS)  # another officer neither sees nor sends it

        _logout(page)
        login(page, "duiyuan1")
        page.goto("/field/")
        wait_until(page, "window.fazhiFieldStore !== undefined")
        assert "mine-1" in page.evaluate(_QUEUE_IDS)  # kept for its owner: an unsent record is never lost
    finally:
        context.close()
