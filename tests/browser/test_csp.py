"""The Content-Security-Policy breaks nothing: the pages with scripts (the menu, the table cards, htmx, ECharts,
the field client and its service worker, the API docs) run without a single CSP violation in the console."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import wait_until

pytestmark = pytest.mark.browser

_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def _watch(page: Any) -> list[str]:
    """Every CSP complaint of ``page``: console messages and page errors that name the policy."""
    seen: list[str] = []
    page.add_init_script(_WATCH)
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: seen.append(f"error: {e}"))
    return seen


def _visit(page: Any, seen: list[str], path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path
    page.wait_for_load_state("networkidle")
    seen.extend(page.evaluate("window.__csp || []"))


def test_the_head_pages_run_without_a_violation(logged_in) -> None:  # type: ignore[no-untyped-def]
    page = logged_in("juzhang")
    seen = _watch(page)
    for path in ("/", "/cases/", "/reports/", "/api/docs"):
        _visit(page, seen, path)
    _visit(page, seen, "/reports/")
    assert page.locator(".chart canvas").count() > 0  # ECharts drew, from the static script
    assert seen == []


def test_the_phone_menu_and_the_field_client_run_without_a_violation(logged_in) -> None:  # type: ignore[no-untyped-def]
    page = logged_in("duiyuan1", phone=True)
    seen = _watch(page)
    _visit(page, seen, "/cases/todo/")
    assert page.locator("#site-menu").get_attribute("open") is None  # menu.js closed it on the phone
    page.locator("#site-menu summary").click()
    assert page.locator("#site-menu").get_attribute("open") is not None
    _visit(page, seen, "/field/")
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== undefined")
    seen.extend(page.evaluate("window.__csp || []"))
    assert seen == []
