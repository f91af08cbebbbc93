"""Strategies and small helpers shared by the rules tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from fazhi.rules import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR

#: Dates whose year chinese_calendar knows, ending nine months before the end of its data so that the periods
#: tested (at most 6 months, 90 days or 30 working days) never leave the known range.
FIRST_KNOWN = date(PACKAGE_FIRST_YEAR, 1, 1)
SAFE_LAST = date(PACKAGE_LAST_YEAR, 3, 31)
known_dates = st.dates(min_value=FIRST_KNOWN, max_value=SAFE_LAST)


def days_between(after: date, until: date) -> list[date]:
    """Every date in (after, until]."""
    return [after + timedelta(days=i) for i in range(1, (until - after).days + 1)]
