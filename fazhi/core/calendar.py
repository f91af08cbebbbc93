"""The editable holiday table, installed into the rules core.

``fazhi.rules`` knows the years shipped with ``chinese_calendar``; a bureau enters later years (or corrects a
year) in ``HolidayOverride``/``HolidayYear``. This module turns those rows into a ``HolidayTable`` and installs it
as the rules core's default, at the first request of each process, at most a minute stale in other worker
processes, and at once in the process that edits it.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.signals import request_started
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save

from fazhi.rules import HolidayTable, RulesError, set_default_holiday_table

logger = logging.getLogger("fazhi.calendar")
_REFRESH_SECONDS = 60.0
_loaded_at: float | None = None


def holiday_table_from_db() -> HolidayTable:
    from fazhi.core.models import HolidayOverride, HolidayYear

    years = frozenset(HolidayYear.objects.values_list("year", flat=True))
    rows = list(HolidayOverride.objects.filter(year__in=years).values_list("day", "kind"))
    return HolidayTable(
        years=years,
        holidays=frozenset(d for d, k in rows if k == HolidayOverride.Kind.HOLIDAY),
        makeup_workdays=frozenset(d for d, k in rows if k == HolidayOverride.Kind.WORKDAY),
    )


def holiday_table_refresh() -> None:
    """Load the table from the database and install it (call after editing, and in long-running commands)."""
    global _loaded_at  # noqa: PLW0603 - one table per process, by design
    try:
        table = holiday_table_from_db()
    except DatabaseError:  # before the first migration
        return
    except RulesError as exc:  # an inconsistent row: keep the table in force and say why
        logger.error("holiday table not installed", extra={"fields": {"reason": str(exc)}})
        return
    set_default_holiday_table(table if table.years else None)
    _loaded_at = time.monotonic()


def _on_request(**_: Any) -> None:
    if _loaded_at is None or time.monotonic() - _loaded_at > _REFRESH_SECONDS:
        holiday_table_refresh()


def _on_change(**_: Any) -> None:
    # After commit: a rolled-back edit must not leave this process with a table the database does not hold.
    transaction.on_commit(holiday_table_refresh)


def install_holiday_table_loader() -> None:
    from fazhi.core.models import HolidayOverride, HolidayYear

    request_started.connect(_on_request, dispatch_uid="fazhi.holiday_table")
    for model in (HolidayOverride, HolidayYear):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"fazhi.holiday_table.save.{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"fazhi.holiday_table.delete.{model.__name__}")
