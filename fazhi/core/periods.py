"""The version in force: a versioned thing (a rule set, a delegation, a provision) whose effective period covers a
date. A period starts on a day and ends on a day or is open (``None``); both ends are included.

Written once here so that a query in the database and a check in Python mean the same period: ``in_force_q`` for
a queryset, ``period_covers`` for a loaded row. The field names are arguments because the models name their ends
differently (``effective_from``/``effective_until``, ``valid_from``/``valid_until``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

__all__ = ["in_force_q", "not_ended_q", "period_covers"]


def period_covers(start: date, end: date | None, day: date) -> bool:
    """True when ``day`` falls in the period from ``start`` to ``end`` (both included; ``None``: still open)."""
    return start <= day and (end is None or day <= end)


def not_ended_q(on: date, *, end: str = "effective_until") -> Q:
    """Rows whose period has not ended before ``on`` (open, or ending on or after it); they may start later."""
    return Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on})


def in_force_q(on: date, *, start: str = "effective_from", end: str = "effective_until") -> Q:
    """Rows whose period covers ``on``: the same test as :func:`period_covers`, in the database."""
    return Q(**{f"{start}__lte": on}) & not_ended_q(on, end=end)
