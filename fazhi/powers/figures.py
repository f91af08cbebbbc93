"""The power list's figures for the annual report (``fazhi.reports``): delegation to townships and the exemption list.

Both are the lists in force on one day (the period's last day), not activity of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from fazhi.agencies.models import Agency
from fazhi.agencies.selectors import bureau_of
from fazhi.powers.models import Delegation, ExemptionRule
from fazhi.powers.selectors import rule_set_in_force

__all__ = ["DelegationCounts", "delegation_counts", "exemption_list_size"]


@dataclass(frozen=True)
class DelegationCounts:
    """赋权: distinct items delegated and the townships holding at least one, in force on the day."""

    items: int
    townships: int


def delegation_counts(*, agency: Agency, on: date) -> DelegationCounts:
    """Delegations in force on ``on`` that the agency granted (its list's owner) or that a township at or below it
    holds: a bureau counts what it delegated, a township what it received."""
    qs = (
        Delegation.objects.filter(Q(owner=agency) | Q(township__path__startswith=agency.path))
        .filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    )
    return DelegationCounts(
        items=qs.values("item_code").distinct().count(),
        townships=qs.values("township").distinct().count(),
    )


def exemption_list_size(*, agency: Agency, on: date) -> int:
    """Entries of the 免罚清单 (``ExemptionRule``: an item × a kind) of the bureau's list in force on ``on``
    (a squad or township works under its bureau's list); 0 with no list in force."""
    bureau = bureau_of(agency)
    rule_set = rule_set_in_force(owner=bureau, on=on) if bureau is not None else None
    if rule_set is None:
        return 0
    return ExemptionRule.objects.filter(item__rule_set=rule_set).count()
