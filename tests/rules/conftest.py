"""Shared fixtures for the rules tests: no database, no Django, no clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fazhi.rules import set_default_holiday_table


@pytest.fixture(autouse=True)
def _no_default_holiday_table() -> Iterator[None]:
    """Every test starts and ends without an installed default table (it is process-wide state)."""
    set_default_holiday_table(None)
    yield
    set_default_holiday_table(None)
