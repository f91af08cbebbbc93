"""Reads of supervision: the board's counts and drill-down lists, always through the actor's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from fazhi.agencies.scope import scope_for
from fazhi.supervision.models import Alert
from fazhi.supervision.registry import RULES

if TYPE_CHECKING:
    from fazhi.accounts.models import User


def alert_list(
    *, actor: User, rule_id: str = "", agency_id: int | None = None, resolved: bool = False
) -> QuerySet[Alert]:
    qs = scope_for(actor).filter(Alert.objects.select_related("agency", "case"))
    qs = qs.filter(resolved_at__isnull=not resolved)
    if rule_id:
        qs = qs.filter(rule_id=rule_id)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs.order_by("-first_raised_at", "pk")


def alert_board(*, actor: User) -> dict[str, Any]:
    """Open alerts counted by rule (with its title and article) and by unit, with serious ones apart."""
    qs = scope_for(actor).filter(Alert.objects.filter(resolved_at__isnull=True))
    serious = Count("pk", filter=Q(severity="serious"))
    by_rule = {r["rule_id"]: r for r in qs.values("rule_id").annotate(n=Count("pk"), serious=serious)}
    rules = [
        {
            "id": r.id,
            "title": r.title,
            "article": r.article,
            "n": by_rule.get(r.id, {}).get("n", 0),
            "serious": by_rule.get(r.id, {}).get("serious", 0),
        }
        for r in RULES
    ]
    units = list(
        qs.values("agency_id", "agency__name").annotate(n=Count("pk"), serious=serious).order_by("-n", "agency__name")
    )
    return {"rules": rules, "units": units, "total": sum(r["n"] for r in rules)}
