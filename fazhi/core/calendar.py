"""The editable holiday table, installed into the rules core.

``fazhi.rules`` knows the years shipped with ``chinese_calendar``; a bureau enters later years (or corrects a
year) in ``HolidayOverride``/``HolidayYear``. This module turns those rows into a ``HolidayTable`` and installs it
as the rules core's default, at the first request of each process, at most a minute stale in other worker
processes, and at once in the process that edits it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.signals import request_started
from django.db import DatabaseError, transaction
from django.db.models import DateTimeField
from django.db.models.signals import post_delete, post_save
from django.utils import timezone as django_timezone

from fazhi.core.audit import audit_record
from fazhi.core.models import HolidayOverride, HolidayYear
from fazhi.rules import (
    HolidayTable,
    RulesError,
    provisional_calendar,
    set_default_holiday_table,
    set_holiday_table_loader,
)

if TYPE_CHECKING:
    from django.db import models

logger = logging.getLogger("fazhi.calendar")
_REFRESH_SECONDS = 60.0
_loaded_at: float | None = None


def holiday_table_from_db() -> HolidayTable:
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


def _load_once() -> None:
    # Commands and task workers start no request: the rules core asks for the table at its first question.
    try:
        holiday_table_refresh()
    except Exception:
        logger.warning("holiday table not loaded", exc_info=True)


def install_holiday_table_loader() -> None:
    set_holiday_table_loader(_load_once)

    request_started.connect(_on_request, dispatch_uid="fazhi.holiday_table")
    for model in (HolidayOverride, HolidayYear):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"fazhi.holiday_table.save.{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"fazhi.holiday_table.delete.{model.__name__}")


def install_table_now() -> None:
    """Install the table as the current transaction sees it (entering a year recomputes deadlines with it)."""
    global _loaded_at  # noqa: PLW0603 - one table per process, by design
    table = holiday_table_from_db()
    set_default_holiday_table(table if table.years else None)
    _loaded_at = time.monotonic()


# --- stored deadlines counted on the provisional calendar ----------------------------------------------------


@dataclass(frozen=True)
class ProvisionalField:
    """A stored date, or a stored time (a ``DateTimeField``, e.g. a 诉求's 处置时限 counted in working days or hours),
    that a rule computes from working days (so it may have been counted provisionally).

    ``recompute`` returns the value as the rule computes it now, or ``None`` to leave the stored one (a limit set by
    hand, such as an approved 延期, is no longer counted); ``label`` names it in the audit trail.
    """

    model: str
    field: str
    label: str
    recompute: Callable[[Any], date | datetime | None]


_FIELDS: dict[tuple[str, str], ProvisionalField] = {}


def register_provisional_field(
    model: str, field: str, label: str, recompute: Callable[[Any], date | datetime | None]
) -> None:
    """Called from an app's ``ready()``: entering a year recomputes this field wherever it reaches that year."""
    _FIELDS[(model, field)] = ProvisionalField(model, field, label, recompute)


def provisional_fields() -> list[ProvisionalField]:
    return list(_FIELDS.values())


def recompute_provisional(*, actor: Any, year: int) -> int:
    """Recompute every registered stored date on or after 1 January ``year``; audit each change. Returns the count.

    A date counted on the provisional calendar lies in or after the first year it assumed, so this finds every
    such date (and recomputing a date that was exact changes nothing).
    """

    changed = 0
    for spec in provisional_fields():
        model: type[models.Model] = apps.get_model(spec.model)
        timed = isinstance(model._meta.get_field(spec.field), DateTimeField)
        start: date | datetime = date(year, 1, 1)
        if timed:  # the year begins at midnight in Shanghai
            start = django_timezone.make_aware(datetime(year, 1, 1), ZoneInfo(settings.TIME_ZONE))
        shown = "%Y-%m-%d %H:%M" if timed else "%Y-%m-%d"
        rows = model._default_manager.filter(**{f"{spec.field}__gte": start}).order_by("pk")
        for row in rows.iterator():
            old = getattr(row, spec.field)
            with provisional_calendar():  # a later year may still be unknown: stays provisional, recomputed later
                new = spec.recompute(row)
            if new is None or new == old:
                continue
            setattr(row, spec.field, new)
            fields = [spec.field] + (["updated_at"] if hasattr(row, "updated_at") else [])
            row.save(update_fields=fields)
            audit_record(
                actor=actor,
                entity=row,
                action="holiday.recompute",
                summary=f"录入{year}年节假日安排后重新计算{spec.label}：{_local(old):{shown}}改为{_local(new):{shown}}",
                before={spec.field: old},
                after={spec.field: new},
            )
            changed += 1
    return changed


def _local(value: date | datetime) -> date | datetime:
    return django_timezone.localtime(value) if isinstance(value, datetime) else value
