"""Dates as a Chinese reader writes them, once for every page, message and 文书.

Two outputs: a day, ``2026年3月2日`` (no leading zeros, as in 文书 and the power list), and a moment,
``2026年3月2日14时05分`` (local time, minutes always two digits).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

__all__ = ["cn_date", "cn_datetime"]


def cn_date(day: date) -> str:
    """2026年3月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: datetime) -> str:
    """2026年3月2日14时05分, in local time when ``moment`` is aware."""
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{cn_date(moment)}{moment.hour}时{moment.minute:02d}分"
