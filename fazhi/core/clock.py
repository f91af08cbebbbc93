"""The current time, in one place, so that tests and the demo loader can set it.

The rules core never reads the clock; services read it here and pass ``today`` down.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.utils import timezone

_frozen: datetime | None = None


def now() -> datetime:
    if _frozen is not None:
        return _frozen
    return timezone.localtime(timezone.now())


def today() -> date:
    return now().date()


@contextmanager
def frozen_at(day: date, at: time = time(10, 0)) -> Iterator[None]:
    """Act as if it were ``day`` (the demo loader builds a history of cases this way)."""
    global _frozen  # noqa: PLW0603 - one process-wide override, only for loaders and tests
    previous = _frozen
    _frozen = timezone.make_aware(datetime.combine(day, at))
    try:
        yield
    finally:
        _frozen = previous
