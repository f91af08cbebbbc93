"""The version in force, written once: a period covers its first and last day, not the days outside."""

from datetime import date

from fazhi.core.periods import period_covers


def test_a_period_covers_its_first_and_last_day() -> None:
    assert period_covers(date(2025, 1, 1), date(2025, 12, 31), date(2025, 1, 1))
    assert period_covers(date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31))


def test_a_period_does_not_cover_the_day_before_it_starts_or_after_it_ends() -> None:
    assert not period_covers(date(2025, 1, 1), date(2025, 12, 31), date(2024, 12, 31))
    assert not period_covers(date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1))


def test_an_open_period_covers_every_day_from_its_start() -> None:
    assert period_covers(date(2025, 1, 1), None, date(2099, 1, 1))
    assert not period_covers(date(2025, 1, 1), None, date(2024, 12, 31))
