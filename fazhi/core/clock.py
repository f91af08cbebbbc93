"""The current time, in one place, so that tests can travel in time.

The rules core never reads the clock; services read it here and pass ``today`` down.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.localtime(timezone.now())


def today() -> date:
    return now().date()
