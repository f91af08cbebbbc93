"""The server answers and an officer logs in and sees his 待办, on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_officer_logs_in_and_sees_todo(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "duiyuan1")
    page.goto("/cases/todo/")
    assert "待办" in page.title()
